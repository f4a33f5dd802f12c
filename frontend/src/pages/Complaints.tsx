import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { ComplaintQuery, ComplaintsQuery, UpdateComplaintMutation, UsersQuery } from "../graphql/operations";
import type {
  ComplaintFieldsFragment,
  ComplaintStatus,
  Informational,
  Role,
  UpdateComplaintInput,
  Verdict,
} from "../gql/graphql";
import { useI18n } from "../i18n";
import { useAuth } from "../auth/AuthProvider";
import { sessionStore } from "../auth/session";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { Pager, useCursorPages } from "../components/Pager";
import { StatusBadge } from "../components/StatusBadge";
import { useWorkspace } from "../components/Shell";
import { isAdmin } from "../components/ScopeEditor";
import { INFORMATIONAL, oneOf } from "../lib/enums";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import { RecordComplaintForm } from "./RecordComplaint";
import type { Failure } from "../lib/forms";

export const COMPLAINT_STATUSES: ComplaintStatus[] = ["OPEN", "IN_REVIEW", "RESOLVED", "REJECTED"];
const PAGE_SIZE = 25;

export const mayHandleComplaints = (role: Role | undefined) => role !== undefined && role !== "VIEWER";

const VERDICT_TONE: Record<Verdict, string> = {
  CONSENT_VALID: "badge-ok",
  EXEMPT: "badge-info",
  NO_CONSENT: "badge-bad",
  REJECTED_BEFORE: "badge-bad",
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const { tc } = useI18n();
  return <span className={`badge ${VERDICT_TONE[verdict]}`}>{tc("verdict", verdict)}</span>;
}

export function ComplaintStatusBadge({ status }: { status: ComplaintStatus }) {
  const { tc } = useI18n();
  const tone = status === "RESOLVED" ? "badge-ok" : status === "REJECTED" ? "badge-bad" : "badge-info";
  return <span className={`badge ${tone}`}>{tc("complaintStatus", status)}</span>;
}

export function Complaints() {
  const { t, tc, dateTime, number } = useI18n();
  const { providers, brand: selectedBrand } = useWorkspace();
  const { session } = useAuth();
  const [recording, setRecording] = useState(false);
  const [params, setParams] = useSearchParams();
  const status = oneOf(COMPLAINT_STATUSES, params.get("status"));
  const brandId = params.get("brand") || null;
  const pages = useCursorPages(`${status}|${brandId}`);
  const [result, refetch] = useQuery({
    query: ComplaintsQuery,
    variables: { status, brandId, first: PAGE_SIZE, after: pages.after },
    requestPolicy: "network-only",
  });
  const data = result.data?.complaints;
  const brands = useMemo(
    () => providers.flatMap((p) => p.brands.edges.map((e) => ({ id: e.node.id, label: `${e.node.name} (${p.title})` }))),
    [providers],
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <section aria-labelledby="complaints-title">
      <div className="page-head page-head-row">
        <div>
          <h1 id="complaints-title">{t("complaints.title")}</h1>
          <p className="muted">{t("complaints.intro")}</p>
        </div>
        {mayHandleComplaints(session?.user.role) && brands.length > 0 && (
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={recording}
            aria-controls="record-complaint"
            onClick={() => setRecording((r) => !r)}
          >
            {t("complaints.recordToggle")}
          </button>
        )}
      </div>
      {recording && (
        <div id="record-complaint" className="section-gap">
          <RecordComplaintForm brands={brands} defaultBrandId={selectedBrand?.id} />
        </div>
      )}
      <div className="filters card">
        <div className="filter-grid">
          <div className="field">
            <label className="field-label" htmlFor="complaint-status">
              {t("complaints.status")}
            </label>
            <select id="complaint-status" value={status ?? ""} onChange={(e) => setFilter("status", e.target.value)}>
              <option value="">{t("common.all")}</option>
              {COMPLAINT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tc("complaintStatus", s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="complaint-brand">
              {t("consents.brand")}
            </label>
            <select id="complaint-brand" value={brandId ?? ""} onChange={(e) => setFilter("brand", e.target.value)}>
              <option value="">{t("common.all")}</option>
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <ErrorNotice error={result.error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      {result.fetching && !data && <p aria-busy="true">{t("common.loading")}</p>}
      {data && <p className="muted" aria-live="polite">{t("complaints.count", { count: data.totalCount })}</p>}
      {data && data.edges.length === 0 && <p className="empty">{t("complaints.empty")}</p>}
      {data && data.edges.length > 0 && (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="complaints-title">
            <table className="table" data-testid="complaints-table">
              <thead>
                <tr>
                  <th scope="col">{t("complaints.recipient")}</th>
                  <th scope="col">{t("consents.brand")}</th>
                  <th scope="col">{t("complaints.messageAt")}</th>
                  <th scope="col">{t("complaints.verdict")}</th>
                  <th scope="col">{t("complaints.status")}</th>
                  <th scope="col">{t("complaints.assignee")}</th>
                  <th scope="col">{t("complaints.dueDate")}</th>
                </tr>
              </thead>
              <tbody>
                {data.edges.map(({ node: c }) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/complaints/${encodeURIComponent(c.id)}`} className="mono">
                        {c.recipient}
                      </Link>
                      <span className="block muted small">{tc("type", c.type)}</span>
                    </td>
                    <td>{c.brand.name}</td>
                    <td className="nowrap">{dateTime(c.messageAt)}</td>
                    <td>
                      <VerdictBadge verdict={c.verdict} />
                    </td>
                    <td>
                      <ComplaintStatusBadge status={c.status} />
                    </td>
                    <td>{c.assignee?.fullName ?? t("common.none")}</td>
                    <td className="nowrap">{c.dueDate ?? t("common.none")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={t("complaints.title")}
            pageIndex={pages.pageIndex}
            pageSize={PAGE_SIZE}
            shown={data.edges.length}
            total={data.totalCount}
            hasNext={data.pageInfo.hasNextPage}
            onPrevious={pages.previous}
            onNext={() => pages.next(data.pageInfo.endCursor)}
          />
          <p className="visually-hidden">{number(data.totalCount)}</p>
        </>
      )}
    </section>
  );
}

export function ComplaintDetail() {
  const { t } = useI18n();
  const { complaintId = "" } = useParams();
  const { session } = useAuth();
  const [result, refetch] = useQuery({ query: ComplaintQuery, variables: { id: complaintId }, requestPolicy: "network-only" });
  const complaint = result.data?.complaint;
  return (
    <section aria-labelledby="complaint-title">
      <Link to="/complaints" className="back-link">
        ← {t("complaints.back")}
      </Link>
      <div className="page-head">
        <h1 id="complaint-title">{t("complaints.detailTitle")}</h1>
      </div>
      <ErrorNotice error={result.error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      {result.fetching && !result.data && <p aria-busy="true">{t("common.loading")}</p>}
      {result.data && !complaint && <p className="empty">{t("complaints.notFound")}</p>}
      {complaint && (
        <ComplaintView
          complaint={complaint}
          role={session?.user.role}
          userId={session?.user.id ?? ""}
          userName={session?.user.fullName ?? ""}
        />
      )}
    </section>
  );
}

export function ComplaintView({
  complaint: initial,
  role,
  userId,
  userName,
}: {
  complaint: ComplaintFieldsFragment;
  role: Role | undefined;
  userId: string;
  userName: string;
}) {
  const { t, tc, dateTime } = useI18n();
  const [complaint, setComplaint] = useState(initial);
  const c = complaint;
  return (
    <div className="two-col">
      <div className="col-main">
        <div className="card">
          <div className="progress-head">
            <VerdictBadge verdict={c.verdict} />
            <ComplaintStatusBadge status={c.status} />
          </div>
          <p className="verdict-text">{tc("verdictText", c.verdict)}</p>
          <dl className="detail-grid">
            <div>
              <dt>{t("complaints.recipient")}</dt>
              <dd className="mono break">{c.recipient}</dd>
            </div>
            <div>
              <dt>{t("consents.type")}</dt>
              <dd>{tc("type", c.type)}</dd>
            </div>
            <div>
              <dt>{t("consents.brand")}</dt>
              <dd>
                {c.brand.name} <span className="muted small">({c.brand.provider.title})</span>
              </dd>
            </div>
            <div>
              <dt>{t("complaints.messageAt")}</dt>
              <dd>{dateTime(c.messageAt)}</dd>
            </div>
            <div>
              <dt>{t("complaints.filedBy")}</dt>
              <dd>{tc("filedBy", c.filedBy)}</dd>
            </div>
            <div>
              <dt>{t("complaints.createdAt")}</dt>
              <dd>{dateTime(c.createdAt)}</dd>
            </div>
            {c.informational && (
              <div>
                <dt>{t("complaints.informational")}</dt>
                <dd>{tc("informational", c.informational)}</dd>
              </div>
            )}
            <div className="span-all">
              <dt>{t("complaints.content")}</dt>
              <dd className="complaint-content">{c.content}</dd>
            </div>
          </dl>
          <h2 className="subhead">{t("complaints.evidence")}</h2>
          {c.evidence ? (
            <dl className="detail-grid" data-testid="complaint-evidence">
              <div>
                <dt>{t("complaints.evidenceStatus")}</dt>
                <dd>
                  <StatusBadge status={c.evidence.status} />
                </dd>
              </div>
              <div>
                <dt>{t("consents.source")}</dt>
                <dd className="mono small">{c.evidence.source ?? t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("consents.consentDate")}</dt>
                <dd>{dateTime(c.evidence.consentDate)}</dd>
              </div>
              <div>
                <dt>{t("consents.creationDate")}</dt>
                <dd>{dateTime(c.evidence.creationDate)}</dd>
              </div>
              <div className="span-all">
                <dt>{t("consents.transactionId")}</dt>
                <dd className="mono small break">{c.evidence.transactionId}</dd>
              </div>
            </dl>
          ) : (
            <p className="muted" data-testid="complaint-evidence">{t("complaints.noEvidence")}</p>
          )}
          {c.screenshotPath && <Screenshot path={c.screenshotPath} />}
        </div>
        <section className="section" aria-labelledby="notes-title">
          <h2 id="notes-title" className="subhead">
            {t("complaints.notes")}
          </h2>
          {c.notes.length === 0 ? (
            <p className="muted">{t("complaints.noNotes")}</p>
          ) : (
            <ol className="timeline" data-testid="complaint-notes">
              {c.notes.map((n, i) => (
                <li key={i} className="timeline-item">
                  <div className="timeline-head small muted">{dateTime(n.createdAt)}</div>
                  <p className="complaint-content">{n.text}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <aside className="col-side">
        {mayHandleComplaints(role) ? (
          <ComplaintForm complaint={c} admin={isAdmin(role)} userId={userId} userName={userName} onSaved={setComplaint} />
        ) : (
          <p className="notice notice-error">{t("complaints.readOnly")}</p>
        )}
      </aside>
    </div>
  );
}

/** The screenshot needs the bearer token, so it is fetched and shown as a data: URL (CSP allows it). */
function Screenshot({ path }: { path: string }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  async function load() {
    setFailed(false);
    try {
      const token = sessionStore.get()?.accessToken;
      const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (!response.ok) throw new Error(String(response.status));
      const blob = await response.blob();
      const reader = new FileReader();
      reader.onload = () => setSrc(typeof reader.result === "string" ? reader.result : null);
      reader.onerror = () => setFailed(true);
      reader.readAsDataURL(blob);
    } catch {
      setFailed(true);
    }
  }
  return (
    <div className="screenshot-box">
      <h2 className="subhead">{t("complaints.screenshot")}</h2>
      {failed && <ErrorNotice message={t("complaints.screenshotFailed")} />}
      {src ? (
        <img src={src} alt={t("complaints.screenshotAlt")} className="complaint-screenshot" />
      ) : (
        <button type="button" className="btn btn-small" onClick={() => void load()}>
          {t("complaints.showScreenshot")}
        </button>
      )}
    </div>
  );
}

export function ComplaintForm({
  complaint,
  admin,
  userId,
  userName,
  onSaved,
}: {
  complaint: ComplaintFieldsFragment;
  admin: boolean;
  userId: string;
  userName: string;
  onSaved: (c: ComplaintFieldsFragment) => void;
}) {
  const { t, tc } = useI18n();
  const [status, setStatus] = useState<ComplaintStatus>(complaint.status);
  const [assignee, setAssignee] = useState(complaint.assignee?.id ?? "");
  const [dueDate, setDueDate] = useState(complaint.dueDate ?? "");
  const [informational, setInformational] = useState<string>(complaint.informational ?? "");
  const [note, setNote] = useState("");
  const [failure, setFailure] = useState<Failure>(null);
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateComplaintMutation);
  // Only admins may list the team; others can take a complaint or leave it.
  const [users] = useQuery({ query: UsersQuery, variables: { first: 500 }, pause: !admin });
  const people = new Map<string, string>();
  if (complaint.assignee) people.set(complaint.assignee.id, complaint.assignee.fullName);
  if (userId) people.set(userId, t("complaints.me", { name: userName }));
  for (const e of users.data?.users?.edges ?? []) if (e.node.active && e.node.id !== userId) people.set(e.node.id, e.node.fullName);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setSaved(false);
    const input: UpdateComplaintInput = { id: complaint.id };
    if (status !== complaint.status) input.status = status;
    if (assignee !== (complaint.assignee?.id ?? "")) input.assigneeId = assignee || null;
    if (dueDate !== (complaint.dueDate ?? "")) input.dueDate = dueDate || null;
    if (informational !== (complaint.informational ?? "")) {
      input.informational = (oneOf(INFORMATIONAL, informational) ?? null) as Informational | null;
    }
    if (note.trim()) input.note = note.trim();
    const r = await update({ input });
    const payload = r.data?.updateComplaint;
    if (payload?.__typename === "Complaint") {
      setSaved(true);
      setNote("");
      onSaved(payload);
    } else if (payload?.__typename === "ValidationError" || payload?.__typename === "NotFoundError") {
      setFailure(failureOf(payload));
    }
  }

  const general = generalMessage(failure, ["status", "assigneeId", "dueDate", "informational", "note"]);
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="complaint-form-title">
      <h2 className="card-title" id="complaint-form-title">
        {t("complaints.work")}
      </h2>
      {saved && <SuccessNotice>{t("complaints.saved")}</SuccessNotice>}
      {general && <ErrorNotice message={general} />}
      <ErrorNotice error={result.error} />
      <Field label={t("complaints.status")} error={errorFor(failure, "status")}>
        <select name="status" value={status} onChange={(e) => setStatus(e.target.value as ComplaintStatus)}>
          {COMPLAINT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {tc("complaintStatus", s)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("complaints.assignee")} error={errorFor(failure, "assigneeId")}>
        <select name="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t("complaints.unassigned")}</option>
          {[...people].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("complaints.dueDate")} optionalText={t("common.optional")} error={errorFor(failure, "dueDate")}>
        <input name="dueDate" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </Field>
      <Field
        label={t("complaints.informational")}
        hint={t("complaints.informationalHint")}
        error={errorFor(failure, "informational")}
      >
        <select name="informational" value={informational} onChange={(e) => setInformational(e.target.value)}>
          <option value="">{t("complaints.notInformational")}</option>
          {INFORMATIONAL.map((i) => (
            <option key={i} value={i}>
              {tc("informational", i)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("complaints.addNote")} optionalText={t("common.optional")} error={errorFor(failure, "note")}>
        <textarea className="prose" name="note" rows={4} value={note} onChange={(e) => setNote(e.target.value)} maxLength={5000} />
      </Field>
      <button type="submit" className="btn btn-primary" disabled={result.fetching}>
        {t("common.save")}
      </button>
    </form>
  );
}
