import { useState } from "react";
import type { FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { TenantSettingsQuery, UpdateTenantMutation } from "../graphql/operations";
import { useI18n } from "../i18n";
import { useAuth } from "../auth/AuthProvider";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { isAdmin } from "../components/ScopeEditor";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";
import { AdminOnly } from "./Team";

export function Settings() {
  const { t } = useI18n();
  const { session } = useAuth();
  const admin = isAdmin(session?.user.role);
  const [result, refetch] = useQuery({ query: TenantSettingsQuery, pause: !admin, requestPolicy: "network-only" });
  if (!admin) return <AdminOnly titleId="settings-title" title={t("settings.title")} />;
  const tenant = result.data?.me?.tenant;
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head">
        <h1 id="settings-title">{t("settings.title")}</h1>
        <p className="muted">{t("settings.intro")}</p>
      </div>
      <ErrorNotice error={result.error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      {result.fetching && !result.data && <p aria-busy="true">{t("common.loading")}</p>}
      {tenant && <SettingsForm key={tenant.id} tenant={tenant} />}
    </section>
  );
}

export function SettingsForm({
  tenant,
}: {
  tenant: { name: string; slug: string; language: string; strictBusinessDays: boolean };
}) {
  const { t } = useI18n();
  const [name, setName] = useState(tenant.name);
  const [language, setLanguage] = useState(tenant.language === "en" ? "en" : "tr");
  const [strict, setStrict] = useState(tenant.strictBusinessDays);
  const [failure, setFailure] = useState<Failure>(null);
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateTenantMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setSaved(false);
    const r = await update({ input: { name: name.trim(), language, strictBusinessDays: strict } });
    const payload = r.data?.updateTenant;
    if (payload?.__typename === "Tenant") setSaved(true);
    else if (payload?.__typename === "ValidationError") setFailure(failureOf(payload));
  }

  const general = generalMessage(failure, ["name", "language"]);
  return (
    <form className="card form form-narrow" onSubmit={submit} aria-labelledby="settings-form-title">
      <h2 className="card-title" id="settings-form-title">
        {t("settings.tenant", { slug: tenant.slug })}
      </h2>
      {saved && <SuccessNotice>{t("settings.saved")}</SuccessNotice>}
      {general && <ErrorNotice message={general} />}
      <ErrorNotice error={result.error} />
      <Field label={t("auth.tenantName")} error={errorFor(failure, "name")}>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <Field label={t("settings.language")} hint={t("settings.languageHint")} error={errorFor(failure, "language")}>
        <select name="language" value={language} onChange={(e) => setLanguage(e.target.value)}>
          <option value="tr">Türkçe</option>
          <option value="en">English</option>
        </select>
      </Field>
      <div className="checkbox-field">
        <input type="checkbox" id="strict-days" checked={strict} onChange={(e) => setStrict(e.target.checked)} aria-describedby="strict-days-hint" />
        <label htmlFor="strict-days">{t("settings.strict")}</label>
        <span className="field-hint" id="strict-days-hint">
          {t("settings.strictHint")}
        </span>
      </div>
      <button type="submit" className="btn btn-primary" disabled={result.fetching}>
        {t("common.save")}
      </button>
    </form>
  );
}
