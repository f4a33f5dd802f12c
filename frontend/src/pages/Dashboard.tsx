import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { DashboardQuery, MovementsPerDayQuery } from "../graphql/operations";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { brandPath } from "../components/brandScope";
import { useWorkspace } from "../components/Shell";
import { MovementsChart, fillDays } from "../components/MovementsChart";
import { istanbulDateInputValue } from "../lib/dates";

const CHART_DAYS = 30;

export function Dashboard() {
  const { t, number, percent } = useI18n();
  const [result, refetch] = useQuery({ query: DashboardQuery, requestPolicy: "network-only" });
  const brands = result.data?.brands.edges.map((e) => e.node) ?? [];
  const totals = brands.reduce(
    (acc, b) => ({
      approval: acc.approval + b.stats.approval,
      rejection: acc.rejection + b.stats.rejection,
      total: acc.total + b.stats.total,
    }),
    { approval: 0, rejection: 0, total: 0 },
  );

  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">{t("dashboard.title")}</h1>
        <p className="muted">{t("dashboard.intro")}</p>
      </div>
      <ErrorNotice error={result.error} onRetry={() => refetch()} />
      {result.fetching && !result.data && <p aria-busy="true">{t("common.loading")}</p>}
      {result.data && brands.length === 0 && (
        <div className="empty">
          <p>{t("dashboard.empty")}</p>
          <Link className="btn btn-primary" to="/providers">
            {t("dashboard.addFirst")}
          </Link>
        </div>
      )}
      {brands.length > 0 && (
        <>
          <div className="stat-row" aria-label={t("dashboard.totals")}>
            <Stat label={t("dashboard.total")} value={number(totals.total)} />
            <Stat label={t("dashboard.approval")} value={number(totals.approval)} tone="ok" />
            <Stat label={t("dashboard.rejection")} value={number(totals.rejection)} tone="bad" />
          </div>
          <BrandChart brands={brands} />
          <h2 className="subhead">{t("dashboard.brands")}</h2>
          <ul className="card-grid">
            {brands.map((b) => {
              const rate = b.stats.total ? b.stats.approval / b.stats.total : 0;
              return (
                <li key={b.id} className="card brand-card">
                  <h2 className="card-title">
                    {b.name} <span className="muted small">#{b.brandCode}</span>
                  </h2>
                  <p className="muted small">{b.provider.title}</p>
                  <dl className="stats">
                    <div>
                      <dt>{t("dashboard.approval")}</dt>
                      <dd className="ok">{number(b.stats.approval)}</dd>
                    </div>
                    <div>
                      <dt>{t("dashboard.rejection")}</dt>
                      <dd className="bad">{number(b.stats.rejection)}</dd>
                    </div>
                    <div>
                      <dt>{t("dashboard.total")}</dt>
                      <dd>{number(b.stats.total)}</dd>
                    </div>
                  </dl>
                  <div className="meter-row">
                    <label className="small" htmlFor={`rate-${b.id}`}>
                      {t("dashboard.approvalRate")}: {percent(rate)}
                    </label>
                    <meter id={`rate-${b.id}`} min={0} max={1} value={rate} className="meter" />
                  </div>
                  <Link className="btn btn-small" to={brandPath(b.provider.id, b.id, "consents")}>
                    {t("dashboard.open")}
                  </Link>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: "ok" | "bad" }) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ""}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}

type DashboardBrand = { id: string; name: string; brandCode: number };

/** Movements per day of one brand: the brand selected in the header, or the first one. */
export function BrandChart({ brands }: { brands: DashboardBrand[] }) {
  const { t } = useI18n();
  const workspace = useWorkspace();
  const [chosen, setChosen] = useState<string | null>(null);
  const brandId =
    [chosen, workspace.brand?.id].find((id) => id && brands.some((b) => b.id === id)) ??
    brands[0]?.id ??
    "";
  const brand = brands.find((b) => b.id === brandId);
  const [result, refetch] = useQuery({
    query: MovementsPerDayQuery,
    variables: { brandId, days: CHART_DAYS },
    pause: !brandId,
    requestPolicy: "cache-and-network",
  });
  const rows = result.data?.movementsPerDay ?? [];
  const last = rows.length ? rows[rows.length - 1]!.day : istanbulDateInputValue(new Date());
  const today = istanbulDateInputValue(new Date());
  const data = fillDays(rows, last > today ? last : today, CHART_DAYS);

  return (
    <section className="card chart-card" aria-labelledby="chart-heading">
      <div className="page-head-row">
        <h2 id="chart-heading" className="card-title">
          {t("chart.heading", { days: CHART_DAYS })}
        </h2>
        {brands.length > 1 && (
          <div className="field chart-brand">
            <label className="field-label" htmlFor="chart-brand">
              {t("chart.brand")}
            </label>
            <select id="chart-brand" value={brandId} onChange={(e) => setChosen(e.target.value)}>
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} · {b.brandCode}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <ErrorNotice error={result.error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      {result.fetching && !result.data && <p aria-busy="true">{t("common.loading")}</p>}
      {result.data && brand && (
        <MovementsChart data={data} title={t("chart.title", { brand: brand.name, days: CHART_DAYS })} />
      )}
    </section>
  );
}
