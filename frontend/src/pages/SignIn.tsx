import { useState } from "react";
import type { FormEvent } from "react";
import { Link, Navigate, useLocation } from "react-router";
import { useMutation } from "urql";
import { LoginMutation } from "../graphql/operations";
import { sessionFrom, sessionStore } from "../auth/session";
import { useAuth } from "../auth/AuthProvider";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { AuthFrame } from "./AuthFrame";

export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next");
  // Only same-origin paths: "/x" but never "//host" or "/\host".
  return next && /^\/(?![/\\])/.test(next) ? next : "/";
}

export function SignIn() {
  const { t } = useI18n();
  const { session } = useAuth();
  const location = useLocation();
  const [tenant, setTenant] = useState(() => localStorage.getItem("izinhub.lastTenant") ?? "");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [result, login] = useMutation(LoginMutation);

  if (session) return <Navigate to={safeNext(location.search)} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const r = await login({ input: { tenant: tenant.trim(), email: email.trim(), password } });
    const payload = r.data?.login;
    if (payload?.__typename === "AuthPayload") {
      localStorage.setItem("izinhub.lastTenant", payload.user.tenant.slug);
      // Rendering with a session redirects to `next` (see above).
      sessionStore.set(sessionFrom(payload));
    } else if (payload?.__typename === "AuthError") {
      setFailure(`${payload.message} (${payload.code})`);
    }
  }

  return (
    <AuthFrame title={t("auth.signInTitle")}>
      <form className="form" onSubmit={submit} noValidate={false}>
        {failure && <ErrorNotice message={failure} />}
        <ErrorNotice error={result.error} />
        <Field label={t("auth.tenant")} hint={t("auth.tenantHint")}>
          <input
            name="tenant"
            value={tenant}
            onChange={(e) => setTenant(e.target.value)}
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            required
          />
        </Field>
        <Field label={t("auth.email")}>
          <input
            name="email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="username"
            required
          />
        </Field>
        <Field label={t("auth.password")}>
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </Field>
        <button className="btn btn-primary btn-block" type="submit" disabled={result.fetching}>
          {result.fetching ? t("auth.working") : t("auth.signIn")}
        </button>
        <p className="form-footer">
          <Link to="/forgot-password">{t("reset.forgot")}</Link>
        </p>
        <p className="form-footer">
          {t("auth.noAccount")} <Link to="/signup">{t("auth.signUp")}</Link>
        </p>
      </form>
    </AuthFrame>
  );
}
