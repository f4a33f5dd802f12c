import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { useMutation } from "urql";
import { RequestPasswordResetMutation, ResetPasswordMutation } from "../graphql/operations";
import { sessionFrom, sessionStore } from "../auth/session";
import { useI18n } from "../i18n";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";
import { AuthFrame } from "./AuthFrame";
import { tokenFromHash } from "./AcceptInvitation";

/** "Forgot your password?": the API mails a one-time link if the account exists, and says the same either way. */
export function ForgotPassword() {
  const { t } = useI18n();
  const [tenant, setTenant] = useState(() => localStorage.getItem("izinhub.lastTenant") ?? "");
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [result, request] = useMutation(RequestPasswordResetMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSent(false);
    const r = await request({ input: { tenant: tenant.trim(), email: email.trim() } });
    if (r.data?.requestPasswordReset !== undefined) setSent(true);
  }

  return (
    <AuthFrame title={t("reset.forgotTitle")}>
      <form className="form" onSubmit={submit}>
        <p>{t("reset.forgotIntro")}</p>
        {sent && <SuccessNotice>{t("reset.sent")}</SuccessNotice>}
        <ErrorNotice error={result.error} />
        <Field label={t("auth.tenant")} hint={t("auth.tenantHint")}>
          <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} autoCapitalize="none" spellCheck={false} required />
        </Field>
        <Field label={t("auth.email")}>
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required />
        </Field>
        <button className="btn btn-primary btn-block" type="submit" disabled={result.fetching}>
          {t("reset.send")}
        </button>
        <p className="form-footer">
          <Link to="/signin">{t("reset.backToSignIn")}</Link>
        </p>
      </form>
    </AuthFrame>
  );
}

/** The page the reset e-mail links to: /reset-password#token=… */
export function ResetPassword() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const token = tokenFromHash(location.hash);
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<Failure>(null);
  const [result, reset] = useMutation(ResetPasswordMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const r = await reset({ input: { token, password } });
    const payload = r.data?.resetPassword;
    if (payload?.__typename === "AuthPayload") {
      localStorage.setItem("izinhub.lastTenant", payload.user.tenant.slug);
      sessionStore.set(sessionFrom(payload));
      navigate("/", { replace: true });
    } else if (payload?.__typename === "AuthError") {
      setFailure(failureOf(payload));
    }
  }

  const general = generalMessage(failure, ["password"]);
  return (
    <AuthFrame title={t("reset.title")}>
      {!token ? (
        <>
          <ErrorNotice message={t("reset.noToken")} />
          <p className="form-footer">
            <Link to="/forgot-password">{t("reset.again")}</Link>
          </p>
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          {general && <ErrorNotice message={general} />}
          <ErrorNotice error={result.error} />
          <Field label={t("password.new")} hint={t("auth.passwordHint")} error={errorFor(failure, "password")}>
            <input
              name="password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              required
            />
          </Field>
          <button className="btn btn-primary btn-block" type="submit" disabled={result.fetching}>
            {t("reset.submit")}
          </button>
          {failure?.error.code === "INVALID_RESET_TOKEN" && (
            <p className="form-footer">
              <Link to="/forgot-password">{t("reset.again")}</Link>
            </p>
          )}
        </form>
      )}
    </AuthFrame>
  );
}
