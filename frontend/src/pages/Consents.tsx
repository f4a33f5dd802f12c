import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { ConsentsQuery } from "../graphql/operations";
import type { ConsentFilter } from "../gql/graphql";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { Pager, useCursorPages } from "../components/Pager";
import { StatusBadge } from "../components/StatusBadge";
import { ALL_SOURCES, CONSENT_STATUSES, CONSENT_TYPES, RECIPIENT_TYPES, oneOf } from "../lib/enums";
import { dayToIso } from "../lib/dates";
import { brandPath } from "../components/brandScope";
import { useLiveConsentChanges } from "./liveConsents";

const PAGE_SIZE = 25;
const FILTER_KEYS = ["recipient", "type", "status", "source", "recipientType", "from", "to"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The API filter from the URL's search parameters (the filters live in the URL). */
export function filterFromParams(params: URLSearchParams): ConsentFilter {
  const filter: ConsentFilter = {};
  const recipient = params.get("recipient")?.trim();
  if (recipient) filter.recipient = recipient;
  const type = oneOf(CONSENT_TYPES, params.get("type"));
  if (type) filter.type = type;
  const status = oneOf(CONSENT_STATUSES, params.get("status"));
  if (status) filter.status = status;
  const source = oneOf(ALL_SOURCES, params.get("source"));
  if (source) filter.source = source;
  const recipientType = oneOf(RECIPIENT_TYPES, params.get("recipientType"));
  if (recipientType) filter.recipientType = recipientType;
  const from = dayToIso(params.get("from") ?? "", "start");
  if (from) filter.consentDateFrom = from;
  const to = dayToIso(params.get("to") ?? "", "end");
  if (to) filter.consentDateTo = to;
  return filter;
}

export function Consents() {
  const { t, tc, dateTime, number } = useI18n();
  const { providerId = "", brandId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const filterKey = `${brandId}|${JSON.stringify(filter)}`;
  const pages = useCursorPages(filterKey);
  const [result, refetch] = useQuery({
    query: ConsentsQuery,
    variables: { brandId, filter, first: PAGE_SIZE, after: pages.after },
    requestPolicy: "network-only",
  });
  const data = result.data?.consents;
  // Movements of this brand (sent here, through the API, or by a recipient): re-read the visible
  // page and say so, politely; coalesced, so an import of thousands of rows costs one re-read
  // and one announcement every two seconds, not one per row.
  const live = useLiveConsentChanges(brandId, () => refetch({ requestPolicy: "network-only" }));
  const liveText = live
    ? t(live.count === 1 ? "consents.liveChange" : "consents.liveChanges", {
        count: live.count,
        recipient: live.latest.recipient,
        type: tc("type", live.latest.type),
        status: tc("status", live.latest.status),
      })
    : "";
  // The total is announced when the filter or the page changes; live re-reads are announced by
  // the notice above, so the count does not speak up on every one of them.
  const [announced, setAnnounced] = useState<{ key: string; total: number } | null>(null);
  const announceKey = `${filterKey}|${pages.after ?? ""}`;
  if (data && !result.fetching && announced?.key !== announceKey) setAnnounced({ key: announceKey, total: data.totalCount });

  const [draft, setDraft] = useState<Record<FilterKey, string>>(() => draftFrom(params));
  const [draftKey, setDraftKey] = useState(params.toString());
  if (draftKey !== params.toString()) {
    setDraftKey(params.toString());
    setDraft(draftFrom(params));
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  }
  const set = (k: FilterKey) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <section aria-labelledby="consents-title">
      <div className="page-head page-head-row">
        <div className="page-head-text">
          <h1 id="consents-title">{t("consents.title")}</h1>
          {data && <p className="muted">{t("consents.count", { count: data.totalCount })}</p>}
          <p className="live-notice small" role="status" aria-live="polite" title={liveText || undefined}>
            {liveText}
          </p>
        </div>
        <Link className="btn btn-primary" to={brandPath(providerId, brandId, "record")}>
          {t("record.title")}
        </Link>
      </div>
      <form className="filters card" onSubmit={apply} aria-labelledby="filters-title">
        <h2 className="visually-hidden" id="filters-title">
          {t("consents.filters")}
        </h2>
        <div className="filter-grid">
          <label className="field">
            <span className="field-label">{t("consents.recipient")}</span>
            <input name="recipient" type="search" value={draft.recipient} onChange={set("recipient")} />
          </label>
          <label className="field">
            <span className="field-label">{t("consents.type")}</span>
            <select name="type" value={draft.type} onChange={set("type")}>
              <option value="">{t("common.all")}</option>
              {CONSENT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {tc("type", v)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t("consents.status")}</span>
            <select name="status" value={draft.status} onChange={set("status")}>
              <option value="">{t("common.all")}</option>
              {CONSENT_STATUSES.map((v) => (
                <option key={v} value={v}>
                  {tc("status", v)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t("consents.source")}</span>
            <select name="source" value={draft.source} onChange={set("source")}>
              <option value="">{t("common.all")}</option>
              {ALL_SOURCES.map((v) => (
                <option key={v} value={v}>
                  {tc("source", v)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t("consents.recipientType")}</span>
            <select name="recipientType" value={draft.recipientType} onChange={set("recipientType")}>
              <option value="">{t("common.all")}</option>
              {RECIPIENT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {tc("recipientType", v)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t("consents.dateFrom")}</span>
            <input name="from" type="date" value={draft.from} onChange={set("from")} />
          </label>
          <label className="field">
            <span className="field-label">{t("consents.dateTo")}</span>
            <input name="to" type="date" value={draft.to} onChange={set("to")} />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t("common.apply")}
          </button>
          <button type="button" className="btn" onClick={() => setParams(new URLSearchParams())}>
            {t("common.clear")}
          </button>
        </div>
      </form>

      <ErrorNotice error={result.error} onRetry={() => refetch()} />
      {result.fetching && !data && <p>{t("common.loading")}</p>}
      {data && data.edges.length === 0 && <p className="empty">{t("consents.empty")}</p>}
      {data && data.edges.length > 0 && (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="consents-title">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("consents.recipient")}</th>
                  <th scope="col">{t("consents.type")}</th>
                  <th scope="col">{t("consents.status")}</th>
                  <th scope="col">{t("consents.source")}</th>
                  <th scope="col">{t("consents.recipientType")}</th>
                  <th scope="col">{t("consents.consentDate")}</th>
                  <th scope="col">{t("consents.creationDate")}</th>
                </tr>
              </thead>
              <tbody>
                {data.edges.map(({ node: c }) => (
                  <tr key={c.id}>
                    <td>
                      <Link
                        to={brandPath(providerId, brandId, "consents", `/${encodeURIComponent(c.id)}`)}
                        className="mono"
                      >
                        {c.recipient}
                      </Link>
                    </td>
                    <td>{tc("type", c.type)}</td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="mono small">{c.source ?? t("common.none")}</td>
                    <td>{tc("recipientType", c.recipientType)}</td>
                    <td className="nowrap">{dateTime(c.consentDate)}</td>
                    <td className="nowrap">{dateTime(c.creationDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={t("consents.title")}
            pageIndex={pages.pageIndex}
            pageSize={PAGE_SIZE}
            shown={data.edges.length}
            total={data.totalCount}
            hasNext={data.pageInfo.hasNextPage}
            onPrevious={pages.previous}
            onNext={() => pages.next(data.pageInfo.endCursor)}
          />
          <p className="visually-hidden" aria-live="polite">
            {announced ? number(announced.total) : ""}
          </p>
        </>
      )}
    </section>
  );
}

function draftFrom(params: URLSearchParams): Record<FilterKey, string> {
  const d = {} as Record<FilterKey, string>;
  for (const k of FILTER_KEYS) d[k] = params.get(k) ?? "";
  return d;
}
