import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useParams } from "react-router";
import { useClient } from "urql";
import { CheckConsentsQuery } from "../graphql/operations";
import type { CheckConsentsQuery as CheckData, ConsentType, RecipientType } from "../gql/graphql";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { CONSENT_TYPES, RECIPIENT_TYPES } from "../lib/enums";
import { chunk, decodeText, parseRecipients } from "../lib/recipients";
import { downloadText, toCsv } from "../lib/csv";
import { describeError } from "../lib/errors";

/** The API answers at most 10,000 recipients per call. */
const BATCH = 10_000;
const SHOWN_ROWS = 500;

type Decision = CheckData["checkConsents"][number];
type Show = "all" | "allowed" | "refused";

export function SendCheck() {
  const { brandId = "" } = useParams();
  return <SendCheckForm key={brandId} brandId={brandId} />;
}

export function SendCheckForm({ brandId }: { brandId: string }) {
  const i18n = useI18n();
  const { t, tc, number } = i18n;
  const client = useClient();
  const [text, setText] = useState("");
  const [type, setType] = useState<ConsentType>("MESAJ");
  const [recipientType, setRecipientType] = useState<RecipientType>("BIREYSEL");
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [decisions, setDecisions] = useState<Decision[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [show, setShow] = useState<Show>("all");
  const recipients = useMemo(() => parseRecipients(text), [text]);

  async function readFile(file: File) {
    setText(decodeText(await file.arrayBuffer()));
    setDecisions(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setDecisions(null);
    if (recipients.length === 0) {
      setFailure(t("check.empty"));
      return;
    }
    const out: Decision[] = [];
    setProgress({ done: 0, total: recipients.length });
    try {
      for (const part of chunk(recipients, BATCH)) {
        const r = await client
          .query(
            CheckConsentsQuery,
            { brandId, type, recipientType, recipients: part },
            { requestPolicy: "network-only" },
          )
          .toPromise();
        if (r.error) throw new Error(describeError(r.error, i18n));
        out.push(...(r.data?.checkConsents ?? []));
        setProgress({ done: out.length, total: recipients.length });
      }
      setDecisions(out);
      setShow("all");
    } catch (err) {
      setFailure(err instanceof Error ? err.message : t("error.unknown"));
    } finally {
      setProgress(null);
    }
  }

  const allowed = decisions?.filter((d) => d.allowed) ?? [];
  const refusedCount = (decisions?.length ?? 0) - allowed.length;
  const visible = (decisions ?? []).filter(
    (d) => show === "all" || (show === "allowed" ? d.allowed : !d.allowed),
  );

  function downloadAllowed() {
    const rows = allowed.map((d) => [d.normalizedRecipient ?? d.recipient]);
    downloadText(`gonderilebilir-${type.toLowerCase()}.csv`, toCsv([t("consents.recipient")], rows));
  }

  return (
    <section aria-labelledby="check-title">
      <div className="page-head">
        <h1 id="check-title">{t("check.title")}</h1>
        <p className="muted">{t("check.intro")}</p>
      </div>
      <form className="card form" onSubmit={submit}>
        <div className="form-row">
          <Field label={t("consents.type")}>
            <select name="type" value={type} onChange={(e) => setType(e.target.value as ConsentType)}>
              {CONSENT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {tc("type", v)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("consents.recipientType")}>
            <select
              name="recipientType"
              value={recipientType}
              onChange={(e) => setRecipientType(e.target.value as RecipientType)}
            >
              {RECIPIENT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {tc("recipientType", v)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field
          label={t("check.list")}
          hint={`${t("check.listHint")} ${t("check.recipientCount", { count: recipients.length })}`}
        >
          <textarea
            name="recipients"
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
        </Field>
        <Field label={t("check.file")}>
          <input
            type="file"
            name="listFile"
            accept=".csv,.txt,text/csv,text/plain"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void readFile(f);
            }}
          />
        </Field>
        {failure && <ErrorNotice message={failure} />}
        <button type="submit" className="btn btn-primary" disabled={progress !== null}>
          {progress
            ? t("check.checking", { done: progress.done, total: progress.total })
            : t("check.submit")}
        </button>
      </form>

      {decisions && (
        <section aria-labelledby="check-results-title" className="section">
          <h2 id="check-results-title" className="visually-hidden">
            {t("check.decision")}
          </h2>
          <div className="stat-row" role="status">
            <div className="stat stat-ok">
              <span className="stat-label">{t("check.allowed")}</span>
              <span className="stat-value" data-testid="allowed-count">{number(allowed.length)}</span>
            </div>
            <div className="stat stat-bad">
              <span className="stat-label">{t("check.refused")}</span>
              <span className="stat-value" data-testid="refused-count">{number(refusedCount)}</span>
            </div>
            <p className="stat-summary">
              {t("check.summary", { allowed: allowed.length, refused: refusedCount })}
            </p>
          </div>
          <div className="toolbar">
            <fieldset className="segmented">
              <legend className="visually-hidden">{t("check.show")}</legend>
              {(["all", "allowed", "refused"] as const).map((v) => (
                <label key={v} className={show === v ? "active" : ""}>
                  <input
                    type="radio"
                    name="show"
                    value={v}
                    checked={show === v}
                    onChange={() => setShow(v)}
                  />
                  {v === "all" ? t("common.all") : v === "allowed" ? t("check.allowed") : t("check.refused")}
                </label>
              ))}
            </fieldset>
            <button type="button" className="btn" onClick={downloadAllowed} disabled={allowed.length === 0}>
              {t("check.downloadAllowed")}
            </button>
          </div>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="check-results-title">
            <table className="table" data-testid="check-results">
              <thead>
                <tr>
                  <th scope="col">{t("consents.recipient")}</th>
                  <th scope="col">{t("check.normalized")}</th>
                  <th scope="col">{t("check.decision")}</th>
                  <th scope="col">{t("check.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {visible.slice(0, SHOWN_ROWS).map((d, i) => (
                  <tr key={`${i}-${d.recipient}`}>
                    <td className="mono break">{d.recipient}</td>
                    <td className="mono break">{d.normalizedRecipient ?? t("common.none")}</td>
                    <td>
                      <span className={`badge badge-${d.allowed ? "ok" : "bad"}`}>
                        {d.allowed ? t("check.allowed") : t("check.refused")}
                      </span>
                    </td>
                    <td>
                      {tc("reason", d.reason)} <span className="muted small mono">{d.reason}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {visible.length > SHOWN_ROWS && (
            <p className="muted small">
              {number(SHOWN_ROWS)} / {number(visible.length)}
            </p>
          )}
        </section>
      )}
    </section>
  );
}
