import { useEffect, useMemo, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Client, Provider as UrqlProvider, fetchExchange, useMutation, useQuery } from "urql";
import type { CombinedError } from "urql";
import {
  FileRecipientComplaintMutation,
  RecipientConsentsQuery,
  RejectRecipientChannelMutation,
  RejectRecipientConsentMutation,
  RequestRecipientCodeMutation,
  VerifyRecipientCodeMutation,
} from "../graphql/operations";
import type { ConsentType, RecipientConsentFieldsFragment } from "../gql/graphql";
import { getCurrentLang, hasKey, useI18n } from "../i18n";
import type { I18n } from "../i18n";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { LanguageToggle } from "../components/LanguageToggle";
import { StatusBadge } from "../components/StatusBadge";
import { describeError } from "../lib/errors";
import { CONSENT_TYPES } from "../lib/enums";
import { nowIstanbulInputValue } from "../lib/dates";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";
import { SCREENSHOT_TYPES, istanbulInputToIso, screenshotProblem } from "./RecordComplaint";

/** The proven address and its token, kept for this tab only. */
export interface RecipientSession {
  token: string;
  address: string;
  expiresAt: string;
}

const KEY = "izinhub.recipient";

function loadSession(): RecipientSession | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as RecipientSession | null;
    return s && typeof s.token === "string" && Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

function saveSession(s: RecipientSession | null): void {
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* private mode: the session lives in memory only */
  }
}

/**
 * Its own GraphQL client: the portal never sends a tenant user's token, only the recipient's
 * (Authorization: Bearer from verifyRecipientCode).
 */
export function recipientClient(token: () => string | null, url = "/graphql"): Client {
  return new Client({
    url,
    preferGetMethod: false,
    requestPolicy: "network-only",
    exchanges: [fetchExchange],
    fetchOptions: () => {
      const t = token();
      return {
        headers: {
          "Accept-Language": getCurrentLang(),
          ...(t ? { Authorization: `Bearer ${t}` } : {}),
        },
      };
    },
  });
}

/** An İYS-style refusal (code expired, too many tries, wait 3 minutes...) in words. */
export function portalError(
  payload: { code: string; message: string },
  i18n: Pick<I18n, "t">,
): string {
  const key = `portal.error.${payload.code}`;
  return hasKey(key) ? i18n.t(key) : payload.message || payload.code;
}

export function RecipientPortal({ client }: { client?: Client }) {
  const tokenRef = useRef<string | null>(loadSession()?.token ?? null);
  const urql = useMemo(() => client ?? recipientClient(() => tokenRef.current), [client]);
  return (
    <UrqlProvider value={urql}>
      <Portal tokenRef={tokenRef} />
    </UrqlProvider>
  );
}

function Portal({ tokenRef }: { tokenRef: React.MutableRefObject<string | null> }) {
  const { t } = useI18n();
  const [session, setSession] = useState<RecipientSession | null>(loadSession);
  const [pending, setPending] = useState<{ address: string; expiresAt: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function signIn(s: RecipientSession) {
    tokenRef.current = s.token;
    saveSession(s);
    setSession(s);
    setPending(null);
  }
  function signOut(message: string | null = null) {
    tokenRef.current = null;
    saveSession(null);
    setSession(null);
    setPending(null);
    setNotice(message);
  }

  return (
    <PortalFrame>
      {notice && !session && (
        <div className="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      {session ? (
        <ConsentList
          session={session}
          onExpired={() => signOut(t("portal.expired"))}
          onSignOut={() => signOut()}
        />
      ) : pending ? (
        <CodeStep
          address={pending.address}
          expiresAt={pending.expiresAt}
          onVerified={signIn}
          onBack={() => setPending(null)}
        />
      ) : (
        <AddressStep
          onSent={(p) => {
            setNotice(null);
            setPending(p);
          }}
        />
      )}
    </PortalFrame>
  );
}

function PortalFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="auth-page">
      <header className="auth-header portal-header">
        <span className="logo" aria-hidden="true">
          <img src="/favicon.svg" alt="" width="28" height="28" />
        </span>
        <span className="logo-text">{t("app.name")}</span>
        <LanguageToggle />
      </header>
      <main id="main" className="auth-card portal-card" tabIndex={-1}>
        <h1>{t("portal.title")}</h1>
        <p className="muted">{t("portal.intro")}</p>
        {children}
      </main>
    </div>
  );
}

export function AddressStep({ onSent }: { onSent: (p: { address: string; expiresAt: string }) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [address, setAddress] = useState("");
  const [failure, setFailure] = useState<{ code: string; message: string; field: string | null } | null>(null);
  const [result, request] = useMutation(RequestRecipientCodeMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const r = await request({ address: address.trim() });
    const payload = r.data?.requestRecipientCode;
    if (payload?.__typename === "RecipientCodeSent") {
      onSent({ address: payload.address, expiresAt: payload.expiresAt });
    } else if (payload?.__typename === "ValidationError") {
      setFailure({ code: payload.code, message: portalError(payload, i18n), field: payload.field });
    }
  }

  const onField = failure && failure.field === "address";
  return (
    <form className="form" onSubmit={submit} aria-labelledby="portal-step-1">
      <h2 id="portal-step-1" className="subhead">
        {t("portal.step1")}
      </h2>
      {failure && !onField && <ErrorNotice message={`${failure.message} (${failure.code})`} />}
      <PortalError error={result.error} />
      <Field
        label={t("portal.address")}
        hint={t("portal.addressHint")}
        error={onField ? { code: failure.code, message: failure.message } : null}
      >
        <input
          name="address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          autoComplete="email tel"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching}>
        {result.fetching ? t("auth.working") : t("portal.sendCode")}
      </button>
    </form>
  );
}

export function CodeStep({
  address,
  expiresAt,
  onVerified,
  onBack,
}: {
  address: string;
  expiresAt: string;
  onVerified: (s: RecipientSession) => void;
  onBack: () => void;
}) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const [code, setCode] = useState("");
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [result, verify] = useMutation(VerifyRecipientCodeMutation);
  const [resend, request] = useMutation(RequestRecipientCodeMutation);
  const [resent, setResent] = useState(false);
  const [resendFailure, setResendFailure] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setResent(false);
    setResendFailure(null);
    const r = await verify({ address, code: code.trim() });
    const payload = r.data?.verifyRecipientCode;
    if (payload?.__typename === "RecipientSession") {
      onVerified({ token: payload.token, address: payload.address, expiresAt: payload.expiresAt });
    } else if (payload?.__typename === "ValidationError") {
      setFailure({ code: payload.code, message: portalError(payload, i18n) });
    }
  }

  async function again() {
    setResendFailure(null);
    setResent(false);
    const r = await request({ address });
    const payload = r.data?.requestRecipientCode;
    if (payload?.__typename === "RecipientCodeSent") {
      setResent(true);
      setCode("");
    } else if (payload?.__typename === "ValidationError") {
      setResendFailure(`${portalError(payload, i18n)} (${payload.code})`);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby="portal-step-2">
      <h2 id="portal-step-2" className="subhead">
        {t("portal.step2")}
      </h2>
      <p role="status">{t("portal.codeSent", { address, time: dateTime(expiresAt) })}</p>
      {resent && <SuccessNotice>{t("portal.resent")}</SuccessNotice>}
      {resendFailure && <ErrorNotice message={resendFailure} />}
      <PortalError error={result.error ?? resend.error} />
      <Field label={t("portal.code")} hint={t("portal.codeHint")} error={failure}>
        <input
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={8}
          required
        />
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching}>
        {t("portal.verify")}
      </button>
      <div className="form-actions portal-actions">
        <button type="button" className="btn" onClick={() => void again()} disabled={resend.fetching}>
          {t("portal.resend")}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onBack}>
          {t("portal.otherAddress")}
        </button>
      </div>
    </form>
  );
}

function PortalError({ error }: { error: CombinedError | undefined }) {
  const i18n = useI18n();
  if (!error) return null;
  const code = error.graphQLErrors[0]?.extensions?.["code"];
  if (typeof code === "string" && hasKey(`portal.error.${code}`)) {
    return <ErrorNotice message={portalError({ code, message: "" }, i18n)} />;
  }
  return <ErrorNotice message={describeError(error, i18n)} />;
}

export function ConsentList({
  session,
  onExpired,
  onSignOut,
}: {
  session: RecipientSession;
  onExpired: () => void;
  onSignOut: () => void;
}) {
  const { t, tc, dateTime, number } = useI18n();
  const [result, refetch] = useQuery({ query: RecipientConsentsQuery });
  const [override, setOverride] = useState<RecipientConsentFieldsFragment[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [one, rejectOne] = useMutation(RejectRecipientConsentMutation);
  const [channel, rejectChannel] = useMutation(RejectRecipientChannelMutation);
  const [confirming, setConfirming] = useState<ConsentType | null>(null);
  const [complaining, setComplaining] = useState<string | null>(null);

  const unauthenticated = [result.error, one.error, channel.error].some((e) =>
    e?.graphQLErrors.some((g) => g.extensions?.["code"] === "UNAUTHENTICATED"),
  );
  useEffect(() => {
    if (unauthenticated) onExpired();
  }, [unauthenticated, onExpired]);

  const consents = override ?? result.data?.recipientConsents ?? [];
  const channels = CONSENT_TYPES.filter((type) => consents.some((c) => c.type === type && c.status === "ONAY"));

  async function reject(c: RecipientConsentFieldsFragment) {
    setDone(null);
    setFailure(null);
    const r = await rejectOne({ consentId: c.id });
    const payload = r.data?.rejectRecipientConsent;
    if (payload?.__typename === "RecipientRejection") {
      setOverride(payload.consents);
      setDone(t("portal.rejectedOne", { brand: c.brandName, type: tc("type", c.type) }));
    } else if (payload?.__typename === "NotFoundError") {
      setFailure(`${payload.message} (${payload.code})`);
    }
  }

  async function rejectAll(type: ConsentType) {
    setDone(null);
    setFailure(null);
    const r = await rejectChannel({ type });
    const payload = r.data?.rejectRecipientChannel;
    setConfirming(null);
    if (payload) {
      setOverride(payload.consents);
      setDone(t("portal.rejectedAll", { count: payload.rejected, type: tc("type", type) }));
    }
  }

  return (
    <div className="portal-list">
      <div className="page-head-row">
        <p className="portal-address">
          {t("portal.signedIn", { address: session.address })}
        </p>
        <button type="button" className="btn btn-small" onClick={onSignOut}>
          {t("portal.signOut")}
        </button>
      </div>
      {done && <SuccessNotice>{done}</SuccessNotice>}
      {failure && <ErrorNotice message={failure} />}
      {!unauthenticated && (
        <>
          <ErrorNotice error={result.error} onRetry={() => refetch()} />
          <ErrorNotice error={one.error ?? channel.error} />
        </>
      )}
      {result.fetching && !result.data && <p aria-busy="true">{t("common.loading")}</p>}
      {result.data && consents.length === 0 && <p className="empty">{t("portal.none")}</p>}
      {consents.length > 0 && (
        <>
          <h2 className="subhead">{t("portal.brands", { count: number(consents.length) })}</h2>
          <ul className="stack" data-testid="recipient-consents">
            {consents.map((c) => (
              <li key={c.id} className="portal-item">
                <div className="portal-item-text">
                  <strong className="block">{c.brandName}</strong>
                  <span className="muted small block">{c.providerTitle}</span>
                  <span className="small">
                    {tc("type", c.type)} · <StatusBadge status={c.status} /> ·{" "}
                    {t("portal.since", { date: dateTime(c.consentDate) })}
                  </span>
                </div>
                <div className="portal-item-actions">
                  {c.status === "ONAY" && (
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => void reject(c)}
                      disabled={one.fetching}
                      aria-label={t("portal.rejectOneLabel", { brand: c.brandName, type: tc("type", c.type) })}
                    >
                      {t("portal.reject")}
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    aria-expanded={complaining === c.id}
                    aria-controls={complaining === c.id ? `complain-${c.id}` : undefined}
                    onClick={() => setComplaining(complaining === c.id ? null : c.id)}
                    aria-label={t("portal.complainLabel", { brand: c.brandName, type: tc("type", c.type) })}
                  >
                    {t("portal.complain")}
                  </button>
                </div>
                {complaining === c.id && (
                  <ComplaintStep
                    id={`complain-${c.id}`}
                    consent={c}
                    onDone={(message) => {
                      setComplaining(null);
                      setDone(message);
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
          {channels.length > 0 && (
            <section className="portal-channels" aria-labelledby="portal-channels-title">
              <h2 id="portal-channels-title" className="subhead">
                {t("portal.allTitle")}
              </h2>
              <p className="muted small">{t("portal.allIntro")}</p>
              <div className="form-actions">
                {channels.map((type) =>
                  confirming === type ? (
                    <div key={type} className="confirm-box" role="group" aria-label={t("portal.confirmAll", { type: tc("type", type) })}>
                      <p className="small">{t("portal.confirmAll", { type: tc("type", type) })}</p>
                      <div>
                        <button type="button" className="btn btn-small btn-danger" onClick={() => void rejectAll(type)} disabled={channel.fetching}>
                          {t("portal.confirmYes")}
                        </button>{" "}
                        <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                          {t("common.cancel")}
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button key={type} type="button" className="btn" onClick={() => setConfirming(type)}>
                      {t("portal.rejectAll", { type: tc("type", type) })}
                    </button>
                  ),
                )}
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** A complaint about a message from this brand: when it came, what it said, a screenshot. */
export function ComplaintStep({
  id,
  consent,
  onDone,
}: {
  id: string;
  consent: RecipientConsentFieldsFragment;
  onDone: (message: string) => void;
}) {
  const i18n = useI18n();
  const { t, tc } = i18n;
  const [type, setType] = useState<ConsentType>(consent.type);
  const [messageAt, setMessageAt] = useState(nowIstanbulInputValue);
  const [content, setContent] = useState("");
  const [screenshot, setScreenshot] = useState<File | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const [result, file] = useMutation(FileRecipientComplaintMutation);

  function pick(f: File | undefined) {
    setFailure(null);
    setScreenshot(null);
    if (!f) return;
    const problem = screenshotProblem(f);
    if (problem) setFailure({ field: "screenshot", error: { message: t(problem) } });
    else setScreenshot(f);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const at = istanbulInputToIso(messageAt);
    if (!at) {
      setFailure({ field: "messageat", error: { message: t("error.required") } });
      return;
    }
    const r = await file({ input: { consentId: consent.id, type, messageAt: at, content: content.trim() }, screenshot });
    const payload = r.data?.fileRecipientComplaint;
    if (payload?.__typename === "RecipientComplaintFiled") {
      onDone(t("portal.complaintFiled", { brand: consent.brandName }));
    } else if (payload?.__typename === "ValidationError" || payload?.__typename === "NotFoundError") {
      setFailure(failureOf(payload));
    }
  }

  const general = generalMessage(failure, ["type", "messageAt", "content", "screenshot"]);
  return (
    <form id={id} className="form portal-complaint" onSubmit={submit} aria-label={t("portal.complaintTitle", { brand: consent.brandName })}>
      <h3 className="subhead">{t("portal.complaintTitle", { brand: consent.brandName })}</h3>
      {general && <ErrorNotice message={general} />}
      <PortalError error={result.error} />
      <div className="form-row">
        <Field label={t("portal.channel")} error={errorFor(failure, "type")}>
          <select name="type" value={type} onChange={(e) => setType(e.target.value as ConsentType)}>
            {CONSENT_TYPES.map((v) => (
              <option key={v} value={v}>
                {tc("type", v)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("complaints.messageAt")} hint={t("complaints.messageAtHint")} error={errorFor(failure, "messageAt")}>
          <input name="messageAt" type="datetime-local" value={messageAt} onChange={(e) => setMessageAt(e.target.value)} required />
        </Field>
      </div>
      <Field label={t("complaints.content")} error={errorFor(failure, "content")}>
        <textarea className="prose" name="content" rows={3} value={content} onChange={(e) => setContent(e.target.value)} maxLength={5000} required />
      </Field>
      <Field
        label={t("complaints.screenshot")}
        optionalText={t("common.optional")}
        hint={t("complaints.screenshotHint")}
        error={errorFor(failure, "screenshot")}
      >
        <input name="screenshot" type="file" accept={SCREENSHOT_TYPES.join(",")} onChange={(e) => pick(e.target.files?.[0])} />
      </Field>
      <button type="submit" className="btn btn-primary" disabled={result.fetching}>
        {t("portal.sendComplaint")}
      </button>
    </form>
  );
}
