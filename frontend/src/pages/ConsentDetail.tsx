import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { ConsentDetailQuery } from "../graphql/operations";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { StatusBadge } from "../components/StatusBadge";
import { brandPath } from "../components/brandScope";

export function ConsentDetail() {
  const { t, tc, dateTime } = useI18n();
  const { providerId = "", brandId = "", consentId = "" } = useParams();
  const [result, refetch] = useQuery({
    query: ConsentDetailQuery,
    variables: { id: consentId },
    requestPolicy: "network-only",
  });
  const node = result.data?.node;
  const consent = node?.__typename === "Consent" ? node : null;
  const back = (
    <Link to={brandPath(providerId, brandId, "consents")} className="back-link">
      ← {t("consents.backToList")}
    </Link>
  );
  if (result.error) return (<>{back}<ErrorNotice error={result.error} onRetry={() => refetch()} /></>);
  if (result.fetching && !result.data) return <p>{t("common.loading")}</p>;
  if (!consent) return (<>{back}<p className="empty">{t("error.notFound")}</p></>);

  return (
    <section aria-labelledby="consent-title">
      {back}
      <div className="page-head">
        <h1 id="consent-title">
          <span className="muted small block">{t("consents.detailTitle")}</span>
          <span className="mono">{consent.recipient}</span>
        </h1>
      </div>
      <dl className="detail-grid card">
        <div>
          <dt>{t("consents.brand")}</dt>
          <dd>{consent.brand.name}</dd>
        </div>
        <div>
          <dt>{t("consents.type")}</dt>
          <dd>{tc("type", consent.type)}</dd>
        </div>
        <div>
          <dt>{t("consents.recipientType")}</dt>
          <dd>{tc("recipientType", consent.recipientType)}</dd>
        </div>
        <div>
          <dt>{t("consents.status")}</dt>
          <dd>
            <StatusBadge status={consent.status} />
          </dd>
        </div>
        <div>
          <dt>{t("consents.source")}</dt>
          <dd>{consent.source ? tc("source", consent.source) : t("common.none")}</dd>
        </div>
        <div>
          <dt>{t("consents.consentDate")}</dt>
          <dd>{dateTime(consent.consentDate)}</dd>
        </div>
        <div>
          <dt>{t("consents.creationDate")}</dt>
          <dd>{dateTime(consent.creationDate)}</dd>
        </div>
        <div className="span-all">
          <dt>{t("consents.transactionId")}</dt>
          <dd className="mono small break">{consent.transactionId}</dd>
        </div>
      </dl>
      <h2 id="history-title">{t("consents.history")}</h2>
      <p className="muted small">{t("consents.historyIntro")}</p>
      <ol className="timeline" aria-labelledby="history-title">
        {consent.history.map((m) => (
          <li key={m.transactionId} className="timeline-item">
            <div className="timeline-head">
              <StatusBadge status={m.status} />
              <span>{m.source ? tc("source", m.source) : t("common.none")}</span>
            </div>
            <dl className="inline-dl small">
              <div>
                <dt>{t("consents.consentDate")}</dt>
                <dd>{dateTime(m.consentDate)}</dd>
              </div>
              <div>
                <dt>{t("consents.creationDate")}</dt>
                <dd>{dateTime(m.creationDate)}</dd>
              </div>
              <div>
                <dt>{t("consents.transactionId")}</dt>
                <dd className="mono break">{m.transactionId}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}
