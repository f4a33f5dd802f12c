import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useClient, useQuery } from "urql";
import { ConsentReconciliationQuery } from "../graphql/operations";
import type { ConsentReconciliationQuery as ReconciliationData } from "../gql/graphql";
import { useI18n } from "../i18n";
import type { I18n } from "../i18n";
import { freshAccessToken } from "../auth/client";
import { CopyField } from "../components/CopyField";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import type { FieldError } from "../components/Field";
import { UnknownBrandNotice } from "../components/UnknownBrandNotice";
import { useWorkspace } from "../components/Shell";
import type { ProviderOption } from "../components/Shell";
import { istanbulDateInputValue } from "../lib/dates";
import { isSha384, normaliseHash, saveBytes, sha384Hex } from "../lib/files";
import { apiFailure, errorFor, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";

type Summary = ReconciliationData["consentReconciliation"];

export interface ReconBrand {
  id: string;
  name: string;
  brandCode: number;
  label: string;
}

export function reconBrands(providers: readonly ProviderOption[]): ReconBrand[] {
  return providers.flatMap((p) =>
    p.brands.edges.map(({ node: b }) => ({
      id: b.id,
      name: b.name,
      brandCode: b.brandCode,
      label: `${b.name} · ${b.brandCode} (${p.title})`,
    })),
  );
}

/** Yesterday in Istanbul, the last whole day: the default, as İYS reconciles closed days. */
export function yesterdayInIstanbul(now: Date = new Date()): string {
  const today = istanbulDateInputValue(now);
  const noon = new Date(`${today}T12:00:00+03:00`);
  return istanbulDateInputValue(new Date(noon.getTime() - 24 * 3600 * 1000));
}

/** The saved file's name: the brand code and the day, so a folder of them sorts well. */
export const reconciliationFileName = (brandCode: number, day: string) => `mutabakat-${brandCode}-${day}.csv`;

export function Reconciliation() {
  const { t } = useI18n();
  const { providers, brand: workspaceBrand, loading } = useWorkspace();
  const brands = useMemo(() => reconBrands(providers), [providers]);
  const [params, setParams] = useSearchParams();
  const brandId = params.get("brand") || workspaceBrand?.id || brands[0]?.id || "";
  const day = params.get("day") ?? yesterdayInIstanbul();
  const [draftBrand, setDraftBrand] = useState(brandId);
  const [draftDay, setDraftDay] = useState(day);
  const [shown, setShown] = useState(`${brandId}|${day}`);
  if (shown !== `${brandId}|${day}`) {
    // The URL changed (back button, a link): the form follows it.
    setShown(`${brandId}|${day}`);
    setDraftBrand(brandId);
    setDraftDay(day);
  }
  const brand = brands.find((b) => b.id === brandId) ?? null;
  // A brand in the URL that is not one of the user's (deleted, another tenant's, garbage) is
  // said so in words, and not asked for.
  const unknownBrand = !!brandId && !loading && !brand;
  const [result, refetch] = useQuery({
    query: ConsentReconciliationQuery,
    variables: { brandId, day },
    requestPolicy: "network-only",
    pause: !brand,
  });
  const i18n = useI18n();
  const failure = brand ? apiFailure(result.error, i18n) : null;
  // NOT_FOUND for one of the user's brands: deleted meanwhile; the same notice.
  const brandGone = failure?.error.code === "NOT_FOUND" && failure.field !== "day";
  const general = brandGone ? null : generalMessage(failure, ["day"]);
  const summary = result.error || !brand ? null : result.data?.consentReconciliation ?? null;

  function show(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams(params);
    next.set("brand", draftBrand);
    next.set("day", draftDay.trim());
    if (next.toString() === params.toString()) refetch({ requestPolicy: "network-only" });
    else setParams(next);
  }

  return (
    <section aria-labelledby="recon-title">
      <div className="page-head">
        <h1 id="recon-title">{t("recon.title")}</h1>
        <p className="muted">{t("recon.intro")}</p>
      </div>
      {!loading && brands.length === 0 ? (
        <p className="empty">{t("recon.noBrands")}</p>
      ) : (
        <form className="filters card recon-filters" onSubmit={show} noValidate aria-label={t("recon.title")}>
          <div className="filter-grid">
            <Field label={t("recon.brand")}>
              <select name="brand" value={draftBrand} onChange={(e) => setDraftBrand(e.target.value)}>
                {!brands.some((b) => b.id === draftBrand) && (
                  <option value={draftBrand} disabled>
                    {draftBrand ? t("recon.unknownBrand") : t("recon.chooseBrand")}
                  </option>
                )}
                {brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("recon.day")} hint={t("recon.dayHint")} error={dayError(failure, day, i18n)}>
              <input
                name="day"
                type="date"
                value={draftDay}
                max={istanbulDateInputValue(new Date())}
                onChange={(e) => setDraftDay(e.target.value)}
              />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={!draftBrand}>
              {t("recon.show")}
            </button>
          </div>
        </form>
      )}
      {(unknownBrand || brandGone) && <UnknownBrandNotice />}
      {general && <ErrorNotice message={general} />}
      {(brand ? result.fetching && !result.data && !result.error : loading && !!brandId) && (
        <p aria-busy="true">{t("common.loading")}</p>
      )}
      {summary && (
        <ReconciliationSummary
          key={`${brandId}|${summary.day}|${summary.sha384}`}
          summary={summary}
          brandName={brand?.name ?? t("recon.unknownBrand")}
          fileName={reconciliationFileName(brand?.brandCode ?? 0, summary.day)}
        />
      )}
    </section>
  );
}

type Verification = { state: "verified" | "mismatch"; fileHash: string } | { state: "unverifiable" } | null;

export function ReconciliationSummary({
  summary,
  brandName,
  fileName,
}: {
  summary: Summary;
  brandName: string;
  fileName: string;
}) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const client = useClient();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [verification, setVerification] = useState<Verification>(null);
  const [iysHash, setIysHash] = useState("");

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    setVerification(null);
    try {
      const token = await freshAccessToken(client);
      const response = await fetch(summary.downloadPath, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        cache: "no-store",
      });
      if (!response.ok) {
        setDownloadError(t("recon.downloadFailed", { reason: await downloadRefusal(response, i18n) }));
        return;
      }
      const bytes = await response.arrayBuffer();
      const fileHash = await sha384Hex(bytes);
      setVerification(
        fileHash === null
          ? { state: "unverifiable" }
          : { state: fileHash === summary.sha384 ? "verified" : "mismatch", fileHash },
      );
      saveBytes(fileName, bytes);
    } catch {
      setDownloadError(t("recon.downloadFailed", { reason: t("error.network") }));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <div className="two-col">
      <div className="col-main">
        <section className="card" aria-labelledby="recon-summary-title" data-testid="recon-summary">
          <h2 className="card-title" id="recon-summary-title">
            {t("recon.summaryTitle", { brand: brandName, day: summary.day })}
          </h2>
          <dl className="detail-grid">
            <div>
              <dt>{t("recon.rows")}</dt>
              <dd data-testid="recon-rows">{number(summary.rows)}</dd>
            </div>
          </dl>
          <p className="field-hint">{t("recon.rowsHint")}</p>
          <CopyField label={t("recon.hash")} value={summary.sha384} hint={t("recon.hashHint")} multiline />
          <div className="actions-row">
            <button type="button" className="btn btn-primary" onClick={() => void download()} disabled={downloading}>
              {downloading ? t("recon.downloading") : t("recon.download")}
            </button>
            <span className="muted small mono">{fileName}</span>
          </div>
          {downloadError && <ErrorNotice message={downloadError} />}
          <div aria-live="polite" data-testid="recon-verification">
            {verification?.state === "verified" && (
              <SuccessNotice>
                <p>{t("recon.fileVerified")}</p>
              </SuccessNotice>
            )}
            {verification?.state === "mismatch" && (
              <div className="notice notice-error">
                <p>{t("recon.fileMismatch")}</p>
                <p className="small">
                  {t("recon.fileHash")}: <span className="mono break">{verification.fileHash}</span>
                </p>
              </div>
            )}
            {verification?.state === "unverifiable" && <p className="notice">{t("recon.noSubtle")}</p>}
          </div>
        </section>
      </div>
      <aside className="col-side">
        <CompareWithIys ours={summary.sha384} value={iysHash} onChange={setIysHash} />
      </aside>
    </div>
  );
}

/** The İYS hash pasted by the user, compared as it is typed; the verdict is announced. */
export function CompareWithIys({
  ours,
  value,
  onChange,
}: {
  ours: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useI18n();
  const pasted = normaliseHash(value);
  const shapeError =
    !pasted || isSha384(pasted)
      ? null
      : pasted.length === 96
        ? { message: t("recon.notHex") } // the right length, but not all of it hexadecimal
        : { message: t("recon.notAHash", { count: pasted.length }) };
  const verdict = pasted && !shapeError ? (pasted === ours ? "match" : "mismatch") : null;
  return (
    <section className="card form" aria-labelledby="recon-compare-title">
      <h2 className="card-title" id="recon-compare-title">
        {t("recon.compareTitle")}
      </h2>
      <Field label={t("recon.iysHash")} hint={t("recon.iysHashHint")} error={shapeError}>
        <textarea
          name="iysHash"
          className="mono hash-input"
          rows={3}
          spellCheck={false}
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </Field>
      <div role="status" data-testid="recon-compare">
        {verdict === "match" && <p className="notice notice-success">{t("recon.match")}</p>}
        {verdict === "mismatch" && <p className="notice notice-error">{t("recon.mismatch")}</p>}
      </div>
    </section>
  );
}

/**
 * The day field's refusal: for INVALID_DATE, the rejected value in the words, since a date input
 * cannot show an impossible day (2026-02-30) and stays empty. A very long value is cut.
 */
function dayError(failure: Failure, day: string, i18n: Pick<I18n, "t">): FieldError | null {
  const error = errorFor(failure, "day");
  if (error?.code !== "INVALID_DATE") return error;
  const shown = day.length > 40 ? `${day.slice(0, 40)}…` : day;
  return { code: error.code, message: i18n.t("recon.invalidDay", { day: shown }) };
}

/** The download route answers `{"error": {"code": ...}}`: words for the code, and the code. */
async function downloadRefusal(response: Response, i18n: Pick<I18n, "t">): Promise<string> {
  let code = "";
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    code = typeof body.error?.code === "string" ? body.error.code : "";
  } catch {
    code = "";
  }
  const words =
    response.status === 401
      ? i18n.t("error.unauthenticated")
      : response.status === 403
        ? i18n.t("error.forbidden")
        : response.status === 404
          ? i18n.t("error.notFound")
          : response.status >= 500
            ? i18n.t("error.internal")
            : i18n.t("error.unknown");
  return code ? `${words} (${code})` : words;
}
