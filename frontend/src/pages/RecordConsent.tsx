import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useMutation } from "urql";
import { RecordConsentMutation } from "../graphql/operations";
import type { ConsentSource, ConsentStatus, ConsentType, RecipientType } from "../gql/graphql";
import { useI18n } from "../i18n";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import type { FieldError } from "../components/Field";
import { CONSENT_STATUSES, CONSENT_TYPES, HS_SOURCES, RECIPIENT_TYPES } from "../lib/enums";
import { inputToIysDate, nowIstanbulInputValue } from "../lib/dates";
import { fieldKey } from "../lib/errors";
import { brandPath } from "../components/brandScope";

const FIELDS = ["recipient", "type", "status", "source", "consentdate", "recipienttype"] as const;

interface FormState {
  recipient: string;
  type: ConsentType;
  status: ConsentStatus;
  source: ConsentSource | "";
  consentDate: string;
  recipientType: RecipientType;
}

export function RecordConsent() {
  const { providerId = "", brandId = "" } = useParams();
  return <RecordConsentForm key={brandId} providerId={providerId} brandId={brandId} />;
}

export function RecordConsentForm({ providerId, brandId }: { providerId: string; brandId: string }) {
  const { t, tc } = useI18n();
  const [form, setForm] = useState<FormState>(() => ({
    recipient: "",
    type: "MESAJ",
    status: "ONAY",
    source: "HS_WEB",
    consentDate: nowIstanbulInputValue(),
    recipientType: "BIREYSEL",
  }));
  const [rejection, setRejection] = useState<{ field: string | null; error: FieldError } | null>(
    null,
  );
  const [saved, setSaved] = useState<{ id: string; recipient: string; status: string } | null>(null);
  const [result, record] = useMutation(RecordConsentMutation);
  const set = <K extends keyof FormState>(k: K) =>
    (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setForm((f) => ({ ...f, [k]: e.target.value as FormState[K] }));
  const errorFor = (field: string) =>
    rejection && rejection.field === field.toLowerCase() ? rejection.error : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRejection(null);
    setSaved(null);
    const r = await record({
      input: {
        brandId,
        recipient: form.recipient.trim(),
        type: form.type,
        status: form.status,
        source: form.source || null,
        consentDate: inputToIysDate(form.consentDate),
        recipientType: form.recipientType,
      },
    });
    const payload = r.data?.recordConsent;
    if (payload?.__typename === "Consent") {
      setSaved({ id: payload.id, recipient: payload.recipient, status: payload.status });
    } else if (payload?.__typename === "ConsentRejected") {
      const key = fieldKey(payload.field);
      setRejection({
        field: key && (FIELDS as readonly string[]).includes(key) ? key : null,
        error: { code: payload.code, message: payload.message },
      });
    } else if (payload?.__typename === "NotFoundError") {
      setRejection({ field: null, error: { code: payload.code, message: payload.message } });
    }
  }

  const general = rejection && !rejection.field ? rejection.error : null;
  return (
    <section aria-labelledby="record-title">
      <div className="page-head">
        <h1 id="record-title">{t("record.title")}</h1>
        <p className="muted">{t("record.intro")}</p>
      </div>
      <form className="card form form-narrow" onSubmit={submit}>
        {saved && (
          <SuccessNotice>
            {t("record.saved", { recipient: saved.recipient, status: tc("status", saved.status) })}{" "}
            <Link to={brandPath(providerId, brandId, "consents", `/${encodeURIComponent(saved.id)}`)}>
              {t("common.details")}
            </Link>
          </SuccessNotice>
        )}
        {general && (
          <div className="notice notice-error" role="alert">
            <strong className="notice-title">{t("record.rejected")}</strong>
            <p>
              <span className="code-badge">{general.code}</span> {general.message}
            </p>
          </div>
        )}
        <ErrorNotice error={result.error} />
        <Field label={t("consents.recipient")} hint={t("consents.recipientHint")} error={errorFor("recipient")}>
          <input
            name="recipient"
            value={form.recipient}
            onChange={set("recipient")}
            autoComplete="off"
            spellCheck={false}
            required
          />
        </Field>
        <div className="form-row">
          <Field label={t("consents.type")} error={errorFor("type")}>
            <select name="type" value={form.type} onChange={set("type")}>
              {CONSENT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {tc("type", v)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("consents.status")} error={errorFor("status")}>
            <select name="status" value={form.status} onChange={set("status")}>
              {CONSENT_STATUSES.map((v) => (
                <option key={v} value={v}>
                  {tc("status", v)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t("consents.source")} hint={t("record.sourceHint")} error={errorFor("source")}>
          <select name="source" value={form.source} onChange={set("source")}>
            <option value="">{t("record.chooseSource")}</option>
            {HS_SOURCES.map((v) => (
              <option key={v} value={v}>
                {tc("source", v)}
              </option>
            ))}
          </select>
        </Field>
        <div className="form-row">
          <Field
            label={t("consents.consentDate")}
            hint={t("record.consentDateHint")}
            error={errorFor("consentDate")}
          >
            <input
              name="consentDate"
              type="datetime-local"
              step={1}
              value={form.consentDate}
              onChange={set("consentDate")}
            />
          </Field>
          <Field label={t("consents.recipientType")} error={errorFor("recipientType")}>
            <select name="recipientType" value={form.recipientType} onChange={set("recipientType")}>
              {RECIPIENT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {tc("recipientType", v)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit" className="btn btn-primary" disabled={result.fetching}>
          {result.fetching ? t("auth.working") : t("record.submit")}
        </button>
      </form>
    </section>
  );
}
