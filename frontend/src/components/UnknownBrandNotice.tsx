import { useI18n } from "../i18n";

/**
 * Said instead of a list or a summary when the brand in the URL (`?brand=`) is not one of the
 * user's brands: deleted, another tenant's, or garbage. Nothing is asked of the API for it.
 */
export function UnknownBrandNotice() {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert" data-testid="unknown-brand">
      <strong className="notice-title">{t("common.unknownBrand")}</strong>
      <p>{t("common.unknownBrandNotice")}</p>
    </div>
  );
}
