import { useState } from "react";
import type { FormEvent } from "react";
import { useLocation, useNavigate } from "react-router";
import { useMutation } from "urql";
import { AcceptInvitationMutation } from "../graphql/operations";
import { sessionFrom, sessionStore } from "../auth/session";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";
import { AuthFrame } from "./AuthFrame";

/** The token travels in the fragment (never sent to servers or logged): #token=… */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token")?.trim() ?? "";
}

export function AcceptInvitation() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const token = tokenFromHash(location.hash);
  const [fullName, setFullName] = useState("");
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<Failure>(null);
  const [result, accept] = useMutation(AcceptInvitationMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const r = await accept({ input: { token, password, fullName: fullName.trim() } });
    const payload = r.data?.acceptInvitation;
    if (payload?.__typename === "AuthPayload") {
      localStorage.setItem("izinhub.lastTenant", payload.user.tenant.slug);
      sessionStore.set(sessionFrom(payload));
      navigate("/", { replace: true });
    } else if (payload?.__typename === "AuthError") {
      setFailure(failureOf(payload));
    }
  }

  const general = generalMessage(failure, ["password", "fullName"]);
  return (
    <AuthFrame title={t("accept.title")}>
      {!token ? (
        <ErrorNotice message={t("accept.noToken")} />
      ) : (
        <form className="form" onSubmit={submit}>
          <p>{t("accept.intro")}</p>
          {general && <ErrorNotice message={general} />}
          <ErrorNotice error={result.error} />
          <Field label={t("auth.fullName")} error={errorFor(failure, "fullName")}>
            <input name="fullName" value={fullName} onChange={(e) => setFullName(e.target.value)} autoComplete="name" required />
          </Field>
          <Field label={t("auth.password")} hint={t("auth.passwordHint")} error={errorFor(failure, "password")}>
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
            {result.fetching ? t("auth.working") : t("accept.submit")}
          </button>
        </form>
      )}
    </AuthFrame>
  );
}
