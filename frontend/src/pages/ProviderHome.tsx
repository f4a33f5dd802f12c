import { Link, useParams } from "react-router";
import { useI18n } from "../i18n";
import { useWorkspace } from "../components/Shell";
import { brandPath } from "../components/brandScope";

/** /p/:providerId — a provider chosen without a brand: pick one of its brands. */
export function ProviderHome() {
  const { t } = useI18n();
  const { providerId = "" } = useParams();
  const { providers, loading } = useWorkspace();
  const provider = providers.find((p) => p.id === providerId);
  if (loading) return <p>{t("common.loading")}</p>;
  if (!provider) return <p className="empty">{t("error.notFound")}</p>;
  return (
    <section aria-labelledby="provider-home-title">
      <div className="page-head">
        <h1 id="provider-home-title">{provider.title}</h1>
        <p className="muted">{t("switcher.chooseBrand")}</p>
      </div>
      {provider.brands.edges.length === 0 ? (
        <div className="empty">
          <p>{t("providers.noBrands")}</p>
          <Link className="btn btn-primary" to="/providers">
            {t("providers.newBrand")}
          </Link>
        </div>
      ) : (
        <ul className="brand-list card">
          {provider.brands.edges.map(({ node: b }) => (
            <li key={b.id}>
              <span>
                {b.name} <span className="muted">#{b.brandCode}</span>
              </span>
              <Link className="btn btn-small" to={brandPath(provider.id, b.id)}>
                {t("providers.open")}
                <span className="visually-hidden">: {b.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
