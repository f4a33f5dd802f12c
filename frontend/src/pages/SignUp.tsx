import { useState } from "react";
import type { FormEvent } from "react";
import { Link, Navigate } from "react-router";
import { useMutation } from "urql";
import { SignUpMutation } from "../graphql/operations";
import { sessionFrom, sessionStore } from "../auth/session";
import { useAuth } from "../auth/AuthProvider";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import type { FieldError } from "../components/Field";
import { AuthFrame } from "./AuthFrame";

/** Which form field an AuthError code is about; anything else is shown above the form. */
const CODE_FIELD: Record<string, string> = {
  WEAK_PASSWORD: "password",
  SLUG_TAKEN: "tenantSlug",
  INVALID_SLUG: "tenantSlug",
  RESERVED_SLUG: "tenantSlug",
  TENANT_NAME_NO_SLUG: "tenantName",
  INVALID_EMAIL: "email",
  EMAIL_TAKEN: "email",
};

export function SignUp() {
  const { t } = useI18n();
  const { session } = useAuth();
  // Where to go once signed in: set together with the session (one render).
  const [target, setTarget] = useState("/");
  const [form, setForm] = useState({
    tenantName: "",
    tenantSlug: "",
    fullName: "",
    email: "",
    password: "",
  });
  const [failure, setFailure] = useState<{ field: string | null; error: FieldError } | null>(null);
  const [result, signUp] = useMutation(SignUpMutation);

  if (session) return <Navigate to={target} replace />;

  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const errorFor = (field: string) => (failure?.field === field ? failure.error : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const r = await signUp({
      input: {
        tenantName: form.tenantName.trim(),
        tenantSlug: form.tenantSlug.trim() || null,
        fullName: form.fullName.trim(),
        email: form.email.trim(),
        password: form.password,
      },
    });
    const payload = r.data?.signUp;
    if (payload?.__typename === "AuthPayload") {
      localStorage.setItem("izinhub.lastTenant", payload.user.tenant.slug);
      setTarget("/providers");
      sessionStore.set(sessionFrom(payload));
    } else if (payload?.__typename === "AuthError") {
      setFailure({
        field: CODE_FIELD[payload.code] ?? null,
        error: { code: payload.code, message: payload.message },
      });
    }
  }

  const general = failure && !failure.field ? failure.error : null;
  return (
    <AuthFrame title={t("auth.signUpTitle")}>
      <form className="form" onSubmit={submit}>
        {general && <ErrorNotice message={`${general.message} (${general.code})`} />}
        <ErrorNotice error={result.error} />
        <Field label={t("auth.tenantName")} error={errorFor("tenantName")}>
          <input
            name="tenantName"
            value={form.tenantName}
            onChange={set("tenantName")}
            autoComplete="organization"
            required
          />
        </Field>
        <Field
          label={t("auth.tenantSlug")}
          hint={t("auth.tenantSlugHint")}
          error={errorFor("tenantSlug")}
        >
          <input
            name="tenantSlug"
            value={form.tenantSlug}
            onChange={set("tenantSlug")}
            autoCapitalize="none"
            spellCheck={false}
            pattern="[a-z0-9][a-z0-9\-]*"
          />
        </Field>
        <Field label={t("auth.fullName")}>
          <input
            name="fullName"
            value={form.fullName}
            onChange={set("fullName")}
            autoComplete="name"
            required
          />
        </Field>
        <Field label={t("auth.email")} error={errorFor("email")}>
          <input
            name="email"
            type="email"
            value={form.email}
            onChange={set("email")}
            autoComplete="email"
            required
          />
        </Field>
        <Field label={t("auth.password")} hint={t("auth.passwordHint")} error={errorFor("password")}>
          <input
            name="password"
            type="password"
            value={form.password}
            onChange={set("password")}
            autoComplete="new-password"
            minLength={12}
            required
          />
        </Field>
        <button className="btn btn-primary btn-block" type="submit" disabled={result.fetching}>
          {result.fetching ? t("auth.working") : t("auth.signUp")}
        </button>
        <p className="form-footer">
          {t("auth.haveAccount")} <Link to="/signin">{t("auth.signIn")}</Link>
        </p>
      </form>
    </AuthFrame>
  );
}
