import { useState } from "react";
import type { FormEvent } from "react";
import { useMutation } from "urql";
import { ChangePasswordMutation } from "../graphql/operations";
import { sessionFrom, sessionStore } from "../auth/session";
import { useI18n } from "../i18n";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";

export function ChangePassword() {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [failure, setFailure] = useState<Failure>(null);
  const [done, setDone] = useState(false);
  const [result, change] = useMutation(ChangePasswordMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setDone(false);
    if (next !== again) {
      setFailure({ field: "again", error: { message: t("password.mismatch") } });
      return;
    }
    const r = await change({ input: { currentPassword: current, newPassword: next } });
    const payload = r.data?.changePassword;
    if (payload?.__typename === "AuthPayload") {
      // Every other session ended; this one goes on with the new tokens.
      sessionStore.set(sessionFrom(payload));
      setDone(true);
      setCurrent("");
      setNext("");
      setAgain("");
    } else if (payload?.__typename === "AuthError") {
      const f = failureOf(payload);
      setFailure(
        f && payload.code === "INVALID_CREDENTIALS" ? { ...f, field: "currentpassword" } : f,
      );
    }
  }

  const general = generalMessage(failure, ["currentPassword", "newPassword", "password", "again"]);
  return (
    <section aria-labelledby="password-title">
      <div className="page-head">
        <h1 id="password-title">{t("password.title")}</h1>
        <p className="muted">{t("password.intro")}</p>
      </div>
      <form className="card form form-narrow" onSubmit={submit}>
        {done && <SuccessNotice>{t("password.changed")}</SuccessNotice>}
        {general && <ErrorNotice message={general} />}
        <ErrorNotice error={result.error} />
        <Field label={t("password.current")} error={errorFor(failure, "currentPassword")}>
          <input type="password" name="currentPassword" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />
        </Field>
        <Field
          label={t("password.new")}
          hint={t("auth.passwordHint")}
          error={errorFor(failure, "newPassword") ?? errorFor(failure, "password")}
        >
          <input type="password" name="newPassword" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" required />
        </Field>
        <Field label={t("password.again")} error={errorFor(failure, "again")}>
          <input type="password" name="again" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" required />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={result.fetching}>
          {t("password.submit")}
        </button>
      </form>
    </section>
  );
}
