import { useI18n } from "../i18n";

export function LanguageToggle() {
  const { t, lang, setLang } = useI18n();
  const next = lang === "tr" ? "en" : "tr";
  return (
    <button
      type="button"
      className="btn btn-ghost lang-toggle"
      onClick={() => setLang(next)}
      lang={next}
      aria-label={t("lang.switchToHint")}
    >
      {t("lang.switchTo")}
    </button>
  );
}
