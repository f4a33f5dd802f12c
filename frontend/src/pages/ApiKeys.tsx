import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { ApiKeysQuery, CreateApiKeyMutation, RevokeApiKeyMutation } from "../graphql/operations";
import type { ApiKeysQuery as ApiKeysData, Role } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useAuth } from "../auth/AuthProvider";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { CopyField } from "../components/CopyField";
import { useWorkspace } from "../components/Shell";
import { ScopeEditor, describeScope, emptyScope, grantableRoles, isAdmin, scopeToInput } from "../components/ScopeEditor";
import type { BrandChoice, ScopeValue } from "../components/ScopeEditor";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";
import { dayToIso } from "../lib/dates";
import { AdminOnly, brandChoices } from "./Team";

type ApiKeyRow = NonNullable<ApiKeysData["apiKeys"]>["edges"][number]["node"];

export function ApiKeys() {
  const { t } = useI18n();
  const { session } = useAuth();
  const { providers } = useWorkspace();
  const brands = useMemo(() => brandChoices(providers), [providers]);
  const role = session?.user.role;
  const [result, refetch] = useQuery({
    query: ApiKeysQuery,
    variables: { first: 500 },
    requestPolicy: "cache-and-network",
    pause: !isAdmin(role),
  });
  if (!isAdmin(role)) return <AdminOnly titleId="keys-title" title={t("keys.title")} />;
  const keys = result.data?.apiKeys?.edges.map((e) => e.node) ?? [];
  const reload = () => refetch({ requestPolicy: "network-only" });
  return (
    <section aria-labelledby="keys-title">
      <div className="page-head">
        <h1 id="keys-title">{t("keys.title")}</h1>
        <p className="muted">{t("keys.intro")}</p>
      </div>
      <div className="two-col">
        <div className="col-main">
          <ErrorNotice error={result.error} onRetry={reload} />
          {result.fetching && !result.data && <p aria-busy="true">{t("common.loading")}</p>}
          {result.data && keys.length === 0 && <p className="empty">{t("keys.empty")}</p>}
          {keys.length > 0 && <KeysTable keys={keys} brands={brands} onRevoked={reload} />}
        </div>
        <aside className="col-side">
          <CreateKeyForm brands={brands} actorRole={role!} onCreated={reload} />
        </aside>
      </div>
    </section>
  );
}

export function KeysTable({
  keys,
  brands,
  onRevoked,
}: {
  keys: ApiKeyRow[];
  brands: BrandChoice[];
  onRevoked: () => void;
}) {
  const i18n = useI18n();
  const { t, tc, dateTime } = i18n;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="keys-table">
        <caption className="visually-hidden">{t("keys.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("keys.name")}</th>
            <th scope="col">{t("team.role")}</th>
            <th scope="col">{t("team.scope")}</th>
            <th scope="col">{t("keys.dates")}</th>
            <th scope="col">{t("team.status")}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const scope = describeScope(k.access, brands, i18n);
            return (
              <tr key={k.id}>
                <td>
                  <span className="block">{k.name}</span>
                  <span className="mono muted small">{k.prefix}…</span>
                </td>
                <td>{tc("role", k.role)}</td>
                <td className="small">
                  <span className="block">{scope.brands}</span>
                  <span className="muted">{scope.types}</span>
                </td>
                <td className="small">
                  <span className="block">{t("keys.createdAt", { date: dateTime(k.createdAt) })}</span>
                  <span className="muted">
                    {k.revokedAt
                      ? t("keys.revokedAt", { date: dateTime(k.revokedAt) })
                      : k.expiresAt
                        ? t("keys.expiresAt", { date: dateTime(k.expiresAt) })
                        : t("keys.noExpiry")}
                  </span>
                </td>
                <td>
                  <div className="status-cell">
                    <span className={`badge ${k.active ? "badge-ok" : "badge-bad"}`}>
                      {k.active ? t("team.active") : k.revokedAt ? t("keys.revoked") : t("keys.expired")}
                    </span>
                    {k.active && <RevokeButton id={k.id} name={k.name} onRevoked={onRevoked} />}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Revoking cannot be undone, so it asks once more, in the page (no browser dialog). */
export function RevokeButton({ id, name, onRevoked }: { id: string; name: string; onRevoked: () => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, revoke] = useMutation(RevokeApiKeyMutation);

  async function confirm() {
    setFailure(null);
    const r = await revoke({ id });
    const payload = r.data?.revokeApiKey;
    if (payload?.__typename === "ApiKey") {
      setConfirming(false);
      onRevoked();
    } else if (payload?.__typename === "NotFoundError") {
      setFailure(`${payload.message} (${payload.code})`);
    }
  }

  if (!confirming) {
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setConfirming(true)}
        aria-label={`${t("keys.revoke")}: ${name}`}
      >
        {t("keys.revoke")}
      </button>
    );
  }
  return (
    <div className="confirm-box" role="group" aria-label={t("keys.confirmRevoke", { name })}>
      <p className="small">{t("keys.confirmRevoke", { name })}</p>
      {failure && <ErrorNotice message={failure} />}
      <ErrorNotice error={result.error} />
      <button type="button" className="btn btn-small btn-danger" onClick={() => void confirm()} disabled={result.fetching}>
        {t("keys.revokeYes")}
      </button>{" "}
      <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

export function CreateKeyForm({
  brands,
  actorRole,
  onCreated,
}: {
  brands: BrandChoice[];
  actorRole: Role;
  onCreated: () => void;
}) {
  const { t, tc } = useI18n();
  const roles = grantableRoles(actorRole, "ADMIN");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("EDITOR") ? "EDITOR" : roles[0] ?? "VIEWER");
  const [expires, setExpires] = useState("");
  const [scope, setScope] = useState<ScopeValue>(emptyScope);
  const [failure, setFailure] = useState<Failure>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [result, create] = useMutation(CreateApiKeyMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setCreated(null);
    const r = await create({
      input: {
        name: name.trim(),
        role,
        ...scopeToInput(scope),
        expiresAt: expires ? dayToIso(expires, "end") : null,
      },
    });
    const payload = r.data?.createApiKey;
    if (payload?.__typename === "CreatedApiKey") {
      setCreated({ name: payload.apiKey.name, secret: payload.secret });
      setName("");
      setExpires("");
      setScope(emptyScope());
      onCreated();
    } else if (payload?.__typename === "ValidationError" || payload?.__typename === "NotFoundError") {
      setFailure(failureOf(payload));
    }
  }

  const general = generalMessage(failure, ["name", "role", "expiresAt"]);
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-key-title">
      <h2 className="card-title" id="new-key-title">
        {t("keys.new")}
      </h2>
      {created && (
        <div className="notice notice-success" role="status">
          <p>{t("keys.created", { name: created.name })}</p>
          <CopyField label={t("keys.secret")} value={created.secret} hint={t("keys.secretOnce")} />
        </div>
      )}
      {general && <ErrorNotice message={general} />}
      <ErrorNotice error={result.error} />
      <Field label={t("keys.name")} hint={t("keys.nameHint")} error={errorFor(failure, "name")}>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <Field label={t("team.role")} error={errorFor(failure, "role")} hint={t(`roleHint.${role}`)}>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {tc("role", r)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t("keys.expires")}
        optionalText={t("common.optional")}
        hint={t("keys.expiresHint")}
        error={errorFor(failure, "expiresAt")}
      >
        <input name="expiresAt" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </Field>
      <ScopeEditor value={scope} onChange={setScope} brands={brands} />
      <button type="submit" className="btn btn-primary" disabled={result.fetching}>
        {t("keys.create")}
      </button>
    </form>
  );
}
