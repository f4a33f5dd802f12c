import { Link } from "react-router";
import { useI18n } from "../i18n";

export function NotFound() {
  const { t } = useI18n();
  return (
    <section className="empty" aria-labelledby="nf-title">
      <h1 id="nf-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <Link className="btn" to="/">
        {t("notFound.home")}
      </Link>
    </section>
  );
}
