import { useState } from "react";
import type { FormEvent } from "react";
import { useNavigate } from "react-router";
import { useMutation } from "urql";
import { RecordComplaintMutation } from "../graphql/operations";
import type { ConsentType, Informational, RecipientType } from "../gql/graphql";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import type { BrandChoice } from "../components/ScopeEditor";
import { CONSENT_TYPES, INFORMATIONAL, RECIPIENT_TYPES, oneOf } from "../lib/enums";
import { nowIstanbulInputValue } from "../lib/dates";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";

export const MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024;
export const SCREENSHOT_TYPES = ["image/png", "image/jpeg", "image/webp"];

/** Why a file cannot be a complaint screenshot (a catalogue key), or null when it can. */
export function screenshotProblem(file: File): "complaints.screenshotFormat" | "complaints.screenshotTooLarge" | null {
  if (!SCREENSHOT_TYPES.includes(file.type)) return "complaints.screenshotFormat";
  if (file.size > MAX_SCREENSHOT_BYTES) return "complaints.screenshotTooLarge";
  return null;
}

/** A datetime-local value (Istanbul wall clock) as an ISO instant; null when malformed. */
export function istanbulInputToIso(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(value.trim());
  return m ? `${m[1]}T${m[2]}:${m[3] ?? "00"}+03:00` : null;
}

/** A complaint that reached the team another way (phone, letter, the authority). */
export function RecordComplaintForm({ brands, defaultBrandId }: { brands: BrandChoice[]; defaultBrandId?: string | undefined }) {
  const { t, tc } = useI18n();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    brandId: defaultBrandId ?? brands[0]?.id ?? "",
    recipient: "",
    type: "MESAJ" as ConsentType,
    recipientType: "BIREYSEL" as RecipientType,
    messageAt: nowIstanbulInputValue(),
    content: "",
    informational: "",
  });
  const [screenshot, setScreenshot] = useState<File | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const [result, record] = useMutation(RecordComplaintMutation);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  function pick(file: File | undefined) {
    setFailure(null);
    if (!file) return setScreenshot(null);
    const problem = screenshotProblem(file);
    if (problem) {
      setScreenshot(null);
      return setFailure({ field: "screenshot", error: { message: t(problem) } });
    }
    setScreenshot(file);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const messageAt = istanbulInputToIso(form.messageAt);
    if (!messageAt) {
      setFailure({ field: "messageat", error: { message: t("error.required") } });
      return;
    }
    const r = await record({
      input: {
        brandId: form.brandId,
        recipient: form.recipient.trim(),
        type: form.type,
        recipientType: form.recipientType,
        messageAt,
        content: form.content.trim(),
        informational: (oneOf(INFORMATIONAL, form.informational) ?? null) as Informational | null,
      },
      screenshot,
    });
    const payload = r.data?.recordComplaint;
    if (payload?.__typename === "Complaint") navigate(`/complaints/${encodeURIComponent(payload.id)}`);
    else if (payload?.__typename === "ValidationError" || payload?.__typename === "NotFoundError") {
      setFailure(failureOf(payload));
    }
  }

  const fields = ["brandId", "recipient", "type", "recipientType", "messageAt", "content", "informational", "screenshot"];
  const general = generalMessage(failure, fields);
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="record-complaint-title">
      <h2 className="card-title" id="record-complaint-title">
        {t("complaints.record")}
      </h2>
      <p className="muted small">{t("complaints.recordIntro")}</p>
      {general && <ErrorNotice message={general} />}
      <ErrorNotice error={result.error} />
      <div className="form-row">
        <Field label={t("consents.brand")} error={errorFor(failure, "brandId")}>
          <select name="brandId" value={form.brandId} onChange={set("brandId")} required>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("complaints.recipient")} hint={t("consents.recipientHint")} error={errorFor(failure, "recipient")}>
          <input name="recipient" value={form.recipient} onChange={set("recipient")} required />
        </Field>
        <Field label={t("consents.type")} error={errorFor(failure, "type")}>
          <select name="type" value={form.type} onChange={set("type")}>
            {CONSENT_TYPES.map((v) => (
              <option key={v} value={v}>
                {tc("type", v)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("consents.recipientType")} error={errorFor(failure, "recipientType")}>
          <select name="recipientType" value={form.recipientType} onChange={set("recipientType")}>
            {RECIPIENT_TYPES.map((v) => (
              <option key={v} value={v}>
                {tc("recipientType", v)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("complaints.messageAt")} hint={t("complaints.messageAtHint")} error={errorFor(failure, "messageAt")}>
          <input name="messageAt" type="datetime-local" value={form.messageAt} onChange={set("messageAt")} required />
        </Field>
        <Field label={t("complaints.informational")} error={errorFor(failure, "informational")}>
          <select name="informational" value={form.informational} onChange={set("informational")}>
            <option value="">{t("complaints.notInformational")}</option>
            {INFORMATIONAL.map((i) => (
              <option key={i} value={i}>
                {tc("informational", i)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t("complaints.content")} error={errorFor(failure, "content")}>
        <textarea className="prose" name="content" rows={3} value={form.content} onChange={set("content")} maxLength={5000} required />
      </Field>
      <Field
        label={t("complaints.screenshot")}
        optionalText={t("common.optional")}
        hint={t("complaints.screenshotHint")}
        error={errorFor(failure, "screenshot")}
      >
        <input name="screenshot" type="file" accept={SCREENSHOT_TYPES.join(",")} onChange={(e) => pick(e.target.files?.[0])} />
      </Field>
      <button type="submit" className="btn btn-primary" disabled={result.fetching || !form.brandId}>
        {t("complaints.recordSubmit")}
      </button>
    </form>
  );
}
