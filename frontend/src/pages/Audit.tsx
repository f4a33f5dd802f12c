import { Fragment, useState } from "react";
import type { FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { AuditEventsQuery, UsersQuery } from "../graphql/operations";
import type { AuditEventFilter, AuditEventsQuery as AuditData } from "../gql/graphql";
import { useI18n } from "../i18n";
import type { I18n } from "../i18n";
import { useAuth } from "../auth/AuthProvider";
import { ErrorNotice } from "../components/ErrorNotice";
import { Pager, useCursorPages } from "../components/Pager";
import { isAdmin } from "../components/ScopeEditor";
import { dayToIso } from "../lib/dates";
import { AdminOnly } from "./Team";

const PAGE_SIZE = 25;
const FILTER_KEYS = ["action", "entityType", "user", "from", "to"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** Actions the API records today; the filter also accepts any other from the URL. */
export const AUDIT_ACTIONS = [
  "user.create",
  "user.join",
  "user.update",
  "user.change_password",
  "user.reset_password",
  "invitation.create",
  "api_key.create",
  "api_key.revoke",
  "tenant.create",
  "tenant.update",
  "provider.create",
  "brand.create",
  "consent.record",
  "import.create",
] as const;
export const ENTITY_TYPES = ["User", "Invitation", "ApiKey", "Tenant", "Provider", "Brand", "Consent", "ImportJob"];

type AuditEvent = NonNullable<AuditData["auditEvents"]>["edges"][number]["node"];

export function auditFilterFromParams(params: URLSearchParams): AuditEventFilter {
  const filter: AuditEventFilter = {};
  const action = params.get("action")?.trim();
  if (action) filter.action = action;
  const entityType = params.get("entityType")?.trim();
  if (entityType) filter.entityType = entityType;
  const user = params.get("user")?.trim();
  if (user) filter.actorUserId = user;
  const from = dayToIso(params.get("from") ?? "", "start");
  if (from) filter.occurredFrom = from;
  const to = dayToIso(params.get("to") ?? "", "end");
  if (to) filter.occurredTo = to;
  return filter;
}

/** A before/after value in words: text as is, yes/no, a dash for nothing, lists joined. */
export function formatValue(value: unknown, i18n: Pick<I18n, "t">): string {
  if (value === null || value === undefined || value === "") return i18n.t("common.none");
  if (typeof value === "boolean") return value ? i18n.t("common.yes") : i18n.t("common.no");
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(v, i18n)).join(", ") || i18n.t("common.none");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${formatValue(v, i18n)}`)
      .join("; ");
  }
  return String(value);
}

/** The fields of a change, each with its value before and after, changed ones first. */
export function diffRows(before: unknown, after: unknown): { field: string; before: unknown; after: unknown; changed: boolean }[] {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Record<string, unknown>) : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const rows = fields.map((field) => ({
    field,
    before: b[field],
    after: a[field],
    changed: JSON.stringify(b[field]) !== JSON.stringify(a[field]),
  }));
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

export function Audit() {
  const { t } = useI18n();
  const { session } = useAuth();
  if (!isAdmin(session?.user.role)) return <AdminOnly titleId="audit-title" title={t("audit.title")} />;
  return <AuditTrail />;
}

export function AuditTrail() {
  const { t, tc } = useI18n();
  const [params, setParams] = useSearchParams();
  const filter = auditFilterFromParams(params);
  const pages = useCursorPages(JSON.stringify(filter));
  const [result, refetch] = useQuery({
    query: AuditEventsQuery,
    variables: { filter, first: PAGE_SIZE, after: pages.after },
    requestPolicy: "network-only",
  });
  const [usersResult] = useQuery({ query: UsersQuery, variables: { first: 500 } });
  const users = usersResult.data?.users?.edges.map((e) => e.node) ?? [];
  const data = result.data?.auditEvents;

  const [draft, setDraft] = useState<Record<FilterKey, string>>(() => draftFrom(params));
  const [draftKey, setDraftKey] = useState(params.toString());
  if (draftKey !== params.toString()) {
    setDraftKey(params.toString());
    setDraft(draftFrom(params));
  }
  const set = (k: FilterKey) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  function apply(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  }
  const actions: string[] = [...AUDIT_ACTIONS];
  if (draft.action && !actions.includes(draft.action)) actions.push(draft.action);

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t("audit.title")}</h1>
        <p className="muted">{t("audit.intro")}</p>
      </div>
      <form className="filters card" onSubmit={apply} aria-labelledby="audit-filters-title">
        <h2 className="visually-hidden" id="audit-filters-title">
          {t("consents.filters")}
        </h2>
        <div className="filter-grid">
          <div className="field">
            <label className="field-label" htmlFor="audit-action">{t("audit.action")}</label>
            <select id="audit-action" name="action" value={draft.action} onChange={set("action")}>
              <option value="">{t("common.all")}</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {tc("auditAction", a)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="audit-entityType">{t("audit.entityType")}</label>
            <select id="audit-entityType" name="entityType" value={draft.entityType} onChange={set("entityType")}>
              <option value="">{t("common.all")}</option>
              {ENTITY_TYPES.map((e) => (
                <option key={e} value={e}>
                  {tc("entity", e)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="audit-user">{t("audit.user")}</label>
            <select id="audit-user" name="user" value={draft.user} onChange={set("user")}>
              <option value="">{t("common.all")}</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.fullName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="audit-from">{t("audit.from")}</label>
            <input id="audit-from" name="from" type="date" value={draft.from} onChange={set("from")} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="audit-to">{t("audit.to")}</label>
            <input id="audit-to" name="to" type="date" value={draft.to} onChange={set("to")} />
          </div>
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

      <ErrorNotice error={result.error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      {result.fetching && !data && <p aria-busy="true">{t("common.loading")}</p>}
      {data && <p className="muted">{t("audit.count", { count: data.totalCount })}</p>}
      {data && data.edges.length === 0 && <p className="empty">{t("audit.empty")}</p>}
      {data && data.edges.length > 0 && (
        <>
          <AuditTable events={data.edges.map((e) => e.node)} />
          <Pager
            label={t("audit.title")}
            pageIndex={pages.pageIndex}
            pageSize={PAGE_SIZE}
            shown={data.edges.length}
            total={data.totalCount}
            hasNext={data.pageInfo.hasNextPage}
            onPrevious={pages.previous}
            onNext={() => pages.next(data.pageInfo.endCursor)}
          />
        </>
      )}
    </section>
  );
}

export function AuditTable({ events }: { events: AuditEvent[] }) {
  const i18n = useI18n();
  const { t, tc, dateTime } = i18n;
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-title">
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("audit.who")}</th>
            <th scope="col">{t("audit.what")}</th>
            <th scope="col">{t("audit.from_where")}</th>
            <th scope="col">{t("audit.change")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const rows = diffRows(e.before, e.after);
            const detailId = `audit-detail-${e.id}`;
            const isOpen = open === e.id;
            return (
              <Fragment key={e.id}>
                <tr>
                  <td className="nowrap">{dateTime(e.at)}</td>
                  <td>
                    {e.actorUser ? (
                      <>
                        <span className="block">{e.actorUser.fullName}</span>
                        <span className="muted small break">{e.actorUser.email}</span>
                      </>
                    ) : e.actorApiKey ? (
                      <>
                        <span className="block">{e.actorApiKey.name}</span>
                        <span className="muted small">
                          {t("audit.apiKey")} · <span className="mono">{e.actorApiKey.prefix}…</span>
                        </span>
                      </>
                    ) : (
                      <span className="muted">{t("audit.system")}</span>
                    )}
                  </td>
                  <td>
                    <span className="block">{tc("auditAction", e.action)}</span>
                    <span className="muted small">
                      {tc("entity", e.entityType)}
                      {e.entityId && <span className="mono"> · {e.entityId}</span>}
                    </span>
                  </td>
                  <td className="small">
                    <span className="block mono">{e.clientAddress || t("common.none")}</span>
                    <span className="muted break audit-agent" title={e.userAgent}>
                      {e.userAgent || t("common.none")}
                    </span>
                  </td>
                  <td>
                    {rows.length > 0 ? (
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-expanded={isOpen}
                        aria-controls={isOpen ? detailId : undefined}
                        onClick={() => setOpen(isOpen ? null : e.id)}
                      >
                        {isOpen ? t("audit.hideChange") : t("audit.showChange", { count: rows.filter((r) => r.changed).length })}
                      </button>
                    ) : (
                      <span className="muted">{t("common.none")}</span>
                    )}
                  </td>
                </tr>
                {isOpen && (
                  <tr className="edit-row">
                    <td colSpan={5} id={detailId}>
                      <table className="table diff-table">
                        <caption className="visually-hidden">{t("audit.change")}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("audit.field")}</th>
                            <th scope="col">{t("audit.before")}</th>
                            <th scope="col">{t("audit.after")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {rows.map((r) => (
                            <tr key={r.field} className={r.changed ? "diff-changed" : undefined}>
                              <td className="mono">{r.field}</td>
                              <td className="break">{e.before == null ? t("common.none") : formatValue(r.before, i18n)}</td>
                              <td className="break">{e.after == null ? t("common.none") : formatValue(r.after, i18n)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function draftFrom(params: URLSearchParams): Record<FilterKey, string> {
  const d = {} as Record<FilterKey, string>;
  for (const k of FILTER_KEYS) d[k] = params.get(k) ?? "";
  return d;
}
