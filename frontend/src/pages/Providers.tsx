import { useState } from "react";
import type { FormEvent } from "react";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { CreateBrandMutation, CreateProviderMutation, ProvidersQuery } from "../graphql/operations";
import { useI18n } from "../i18n";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import type { FieldError } from "../components/Field";
import { fieldKey } from "../lib/errors";
import { brandPath } from "../components/brandScope";
import { useWorkspace } from "../components/Shell";

type Failure = { field: string | null; error: FieldError } | null;

function errorFor(failure: Failure, field: string): FieldError | null {
  return failure && failure.field === field.toLowerCase() ? failure.error : null;
}

/** Errors whose field is not on the form are shown above it. */
function generalError(failure: Failure, fields: string[]): FieldError | null {
  if (!failure) return null;
  return failure.field && fields.map((f) => f.toLowerCase()).includes(failure.field)
    ? null
    : failure.error;
}

const PROVIDER_FIELDS = ["title", "iysCode", "tin", "mersis"];
const BRAND_FIELDS = ["name", "brandCode", "master"];

export function Providers() {
  const { t } = useI18n();
  const workspace = useWorkspace();
  const [result, refetch] = useQuery({
    query: ProvidersQuery,
    variables: { first: 500 },
    requestPolicy: "network-only",
  });
  const providers = result.data?.providers.edges.map((e) => e.node) ?? [];
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    workspace.refresh({ requestPolicy: "network-only" });
  };

  return (
    <section aria-labelledby="providers-title">
      <div className="page-head">
        <h1 id="providers-title">{t("providers.title")}</h1>
        <p className="muted">{t("providers.intro")}</p>
      </div>
      <div className="two-col">
        <div className="col-main">
          <ErrorNotice error={result.error} onRetry={() => refetch()} />
          {result.fetching && !result.data && <p>{t("common.loading")}</p>}
          {result.data && providers.length === 0 && <p className="empty">{t("providers.empty")}</p>}
          <ul className="stack">
            {providers.map((p) => (
              <li key={p.id} className="card" aria-labelledby={`provider-${p.id}`}>
                <h2 className="card-title" id={`provider-${p.id}`}>
                  {p.title}
                </h2>
                <dl className="inline-dl small">
                  <div>
                    <dt>{t("providers.iysCode")}</dt>
                    <dd>{p.iysCode}</dd>
                  </div>
                  <div>
                    <dt>{t("providers.tin")}</dt>
                    <dd>{p.tin}</dd>
                  </div>
                  {p.mersis && (
                    <div>
                      <dt>{t("providers.mersis")}</dt>
                      <dd>{p.mersis}</dd>
                    </div>
                  )}
                </dl>
                <h3 className="subhead">{t("providers.brands")}</h3>
                {p.brands.edges.length === 0 ? (
                  <p className="muted small">{t("providers.noBrands")}</p>
                ) : (
                  <ul className="brand-list">
                    {p.brands.edges.map(({ node: b }) => (
                      <li key={b.id}>
                        <span>
                          {b.name} <span className="muted">#{b.brandCode}</span>
                          {b.master && <span className="tag">{t("providers.master")}</span>}
                        </span>
                        <Link className="btn btn-small" to={brandPath(p.id, b.id, "consents")}>
                          {t("providers.open")}
                          <span className="visually-hidden">: {b.name}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
                <BrandForm
                  providerId={p.id}
                  providerTitle={p.title}
                  firstBrand={p.brands.edges.length === 0}
                  onCreated={reload}
                />
              </li>
            ))}
          </ul>
        </div>
        <aside className="col-side">
          <ProviderForm onCreated={reload} />
        </aside>
      </div>
    </section>
  );
}

export function ProviderForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ title: "", iysCode: "", tin: "", mersis: "" });
  const [failure, setFailure] = useState<Failure>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [result, create] = useMutation(CreateProviderMutation);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setCreated(null);
    const iysCode = Number.parseInt(form.iysCode, 10);
    if (!Number.isFinite(iysCode)) {
      setFailure({ field: "iyscode", error: { message: t("error.required") } });
      return;
    }
    const r = await create({
      input: {
        title: form.title.trim(),
        iysCode,
        tin: form.tin.trim(),
        mersis: form.mersis.trim() || null,
      },
    });
    const payload = r.data?.createProvider;
    if (payload?.__typename === "Provider") {
      setCreated(payload.title);
      setForm({ title: "", iysCode: "", tin: "", mersis: "" });
      onCreated();
    } else if (payload?.__typename === "ValidationError") {
      setFailure({
        field: fieldKey(payload.field),
        error: { code: payload.code, message: payload.message },
      });
    }
  }

  const general = generalError(failure, PROVIDER_FIELDS);
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-provider-title">
      <h2 className="card-title" id="new-provider-title">
        {t("providers.new")}
      </h2>
      {created && <SuccessNotice>{t("providers.created", { name: created })}</SuccessNotice>}
      {general && <ErrorNotice message={`${general.message}${general.code ? ` (${general.code})` : ""}`} />}
      <ErrorNotice error={result.error} />
      <Field label={t("providers.titleField")} error={errorFor(failure, "title")}>
        <input name="title" value={form.title} onChange={set("title")} required />
      </Field>
      <Field label={t("providers.iysCode")} error={errorFor(failure, "iysCode")}>
        <input
          name="iysCode"
          value={form.iysCode}
          onChange={set("iysCode")}
          inputMode="numeric"
          required
        />
      </Field>
      <Field label={t("providers.tin")} hint={t("providers.tinHint")} error={errorFor(failure, "tin")}>
        <input
          name="tin"
          value={form.tin}
          onChange={set("tin")}
          inputMode="numeric"
          required
        />
      </Field>
      <Field
        label={t("providers.mersis")}
        optionalText={t("common.optional")}
        hint={t("providers.mersisHint")}
        error={errorFor(failure, "mersis")}
      >
        <input
          name="mersis"
          value={form.mersis}
          onChange={set("mersis")}
          inputMode="numeric"
        />
      </Field>
      <button type="submit" className="btn btn-primary" disabled={result.fetching}>
        {t("common.create")}
      </button>
    </form>
  );
}

export function BrandForm({
  providerId,
  providerTitle,
  firstBrand,
  onCreated,
}: {
  providerId: string;
  providerTitle: string;
  firstBrand: boolean;
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState({ name: "", brandCode: "", master: firstBrand });
  const [failure, setFailure] = useState<Failure>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [result, create] = useMutation(CreateBrandMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setCreated(null);
    const brandCode = Number.parseInt(form.brandCode, 10);
    if (!Number.isFinite(brandCode)) {
      setFailure({ field: "brandcode", error: { message: t("error.required") } });
      return;
    }
    const r = await create({
      input: { providerId, name: form.name.trim(), brandCode, master: form.master },
    });
    const payload = r.data?.createBrand;
    if (payload?.__typename === "Brand") {
      setCreated(payload.name);
      setForm({ name: "", brandCode: "", master: false });
      onCreated();
    } else if (payload?.__typename === "ValidationError") {
      setFailure({
        field: fieldKey(payload.field),
        error: { code: payload.code, message: payload.message },
      });
    } else if (payload?.__typename === "NotFoundError") {
      setFailure({ field: null, error: { code: payload.code, message: payload.message } });
    }
  }

  const general = generalError(failure, BRAND_FIELDS);
  return (
    <form className="form brand-form" onSubmit={submit} aria-label={`${t("providers.newBrand")}: ${providerTitle}`}>
      <h3 className="subhead">{t("providers.newBrand")}</h3>
      {created && <SuccessNotice>{t("providers.brandCreated", { name: created })}</SuccessNotice>}
      {general && <ErrorNotice message={`${general.message}${general.code ? ` (${general.code})` : ""}`} />}
      <ErrorNotice error={result.error} />
      <div className="form-row">
        <Field label={t("providers.brandName")} error={errorFor(failure, "name")}>
          <input
            name="name"
            value={form.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            required
          />
        </Field>
        <Field label={t("providers.brandCode")} error={errorFor(failure, "brandCode")}>
          <input
            name="brandCode"
            value={form.brandCode}
            onChange={(e) => setForm((f) => ({ ...f, brandCode: e.target.value }))}
            inputMode="numeric"
              required
          />
        </Field>
      </div>
      <div className="checkbox-field">
        <input
          type="checkbox"
          id={`master-${providerId}`}
          name="master"
          checked={form.master}
          onChange={(e) => setForm((f) => ({ ...f, master: e.target.checked }))}
        />
        <label htmlFor={`master-${providerId}`}>{t("providers.master")}</label>
        <span className="field-hint">{t("providers.masterHint")}</span>
      </div>
      <button type="submit" className="btn" disabled={result.fetching}>
        {t("providers.newBrand")}
      </button>
    </form>
  );
}
