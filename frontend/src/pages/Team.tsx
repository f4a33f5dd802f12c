import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { InviteUserMutation, UpdateUserMutation, UsersQuery } from "../graphql/operations";
import type { Role, UsersQuery as UsersData } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useAuth } from "../auth/AuthProvider";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { CopyField } from "../components/CopyField";
import { useWorkspace } from "../components/Shell";
import type { ProviderOption } from "../components/Shell";
import {
  ScopeEditor,
  describeScope,
  emptyScope,
  grantableRoles,
  isAdmin,
  mayManage,
  scopeFromAccess,
  scopeToInput,
} from "../components/ScopeEditor";
import type { BrandChoice, ScopeValue } from "../components/ScopeEditor";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";

type TeamUser = NonNullable<UsersData["users"]>["edges"][number]["node"];

export function brandChoices(providers: readonly ProviderOption[]): BrandChoice[] {
  return providers.flatMap((p) =>
    p.brands.edges.map(({ node: b }) => ({ id: b.id, label: `${b.name} (${p.title})` })),
  );
}

/** A link the API gives as a path ("/accept-invitation#token=…") made absolute for copying. */
export function absoluteLink(link: string, origin: string = window.location.origin): string {
  return /^https?:\/\//.test(link) ? link : `${origin}${link.startsWith("/") ? "" : "/"}${link}`;
}

/** Shown instead of an admin screen to roles that may not use it. */
export function AdminOnly({ titleId, title }: { titleId: string; title: string }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={titleId}>
      <div className="page-head">
        <h1 id={titleId}>{title}</h1>
      </div>
      <div className="notice notice-error" role="alert">
        <p>{t("team.adminOnly")}</p>
      </div>
    </section>
  );
}

export function Team() {
  const { t } = useI18n();
  const { session } = useAuth();
  const { providers } = useWorkspace();
  const brands = useMemo(() => brandChoices(providers), [providers]);
  const role = session?.user.role;
  if (!isAdmin(role)) return <AdminOnly titleId="team-title" title={t("team.title")} />;
  return (
    <section aria-labelledby="team-title">
      <div className="page-head">
        <h1 id="team-title">{t("team.title")}</h1>
        <p className="muted">{t("team.intro")}</p>
      </div>
      <div className="two-col">
        <div className="col-main">
          <UsersTable brands={brands} actorRole={role!} actorId={session!.user.id} />
        </div>
        <aside className="col-side">
          <InviteForm brands={brands} actorRole={role!} />
        </aside>
      </div>
    </section>
  );
}

export function UsersTable({
  brands,
  actorRole,
  actorId,
}: {
  brands: BrandChoice[];
  actorRole: Role;
  actorId: string;
}) {
  const i18n = useI18n();
  const { t, tc } = i18n;
  const [result, refetch] = useQuery({
    query: UsersQuery,
    variables: { first: 500 },
    requestPolicy: "cache-and-network",
  });
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const users = result.data?.users?.edges.map((e) => e.node) ?? [];

  return (
    <div>
      <h2 className="subhead">{t("team.users", { count: result.data?.users?.totalCount ?? users.length })}</h2>
      <ErrorNotice error={result.error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      {saved && <SuccessNotice>{t("team.saved", { name: saved })}</SuccessNotice>}
      {result.fetching && !result.data && <p aria-busy="true">{t("common.loading")}</p>}
      {users.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <caption className="visually-hidden">{t("team.usersCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("team.name")}</th>
                <th scope="col">{t("team.role")}</th>
                <th scope="col">{t("team.scope")}</th>
                <th scope="col">{t("team.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("team.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => {
                const scope = describeScope(u.access, brands, i18n);
                const self = u.id === actorId;
                const allowed = !self && mayManage(actorRole, u.role);
                return (
                  <UserRows
                    key={u.id}
                    user={u}
                    brands={brands}
                    actorRole={actorRole}
                    editing={editing === u.id}
                    onEdit={() => {
                      setSaved(null);
                      setEditing(editing === u.id ? null : u.id);
                    }}
                    onSaved={() => {
                      setEditing(null);
                      setSaved(u.fullName);
                      refetch({ requestPolicy: "network-only" });
                    }}
                    cells={
                      <>
                        <td>
                          <span className="block">
                            {u.fullName}
                            {self && <> <span className="tag">{t("team.you")}</span></>}
                          </span>
                          <span className="muted small break">{u.email}</span>
                        </td>
                        <td>{tc("role", u.role)}</td>
                        <td className="small">
                          <span className="block">{scope.brands}</span>
                          <span className="muted">{scope.types}</span>
                        </td>
                        <td>
                          <span className={`badge ${u.active ? "badge-ok" : "badge-bad"}`}>
                            {u.active ? t("team.active") : t("team.inactive")}
                          </span>
                        </td>
                      </>
                    }
                    allowed={allowed}
                    reason={self ? t("team.cannotEditSelf") : t("team.cannotEditHigher")}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function UserRows({
  user,
  cells,
  brands,
  actorRole,
  editing,
  allowed,
  reason,
  onEdit,
  onSaved,
}: {
  user: TeamUser;
  cells: React.ReactNode;
  brands: BrandChoice[];
  actorRole: Role;
  editing: boolean;
  allowed: boolean;
  reason: string;
  onEdit: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const formId = `edit-user-${user.id}`;
  return (
    <>
      <tr>
        {cells}
        <td className="nowrap">
          <button
            type="button"
            className="btn btn-small"
            onClick={onEdit}
            disabled={!allowed}
            title={allowed ? undefined : reason}
            aria-expanded={editing}
            aria-controls={editing ? formId : undefined}
            aria-label={`${t("team.edit")}: ${user.fullName}`}
          >
            {t("team.edit")}
          </button>
        </td>
      </tr>
      {editing && (
        <tr className="edit-row">
          <td colSpan={5}>
            <EditUserForm id={formId} user={user} brands={brands} actorRole={actorRole} onSaved={onSaved} onCancel={onEdit} />
          </td>
        </tr>
      )}
    </>
  );
}

export function EditUserForm({
  id,
  user,
  brands,
  actorRole,
  onSaved,
  onCancel,
}: {
  id: string;
  user: TeamUser;
  brands: BrandChoice[];
  actorRole: Role;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, tc } = useI18n();
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.active);
  const [scope, setScope] = useState<ScopeValue>(() => scopeFromAccess(user.access));
  const [failure, setFailure] = useState<Failure>(null);
  const [result, update] = useMutation(UpdateUserMutation);
  const roles = grantableRoles(actorRole);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const r = await update({
      input: {
        id: user.id,
        ...(role !== user.role ? { role } : {}),
        ...(active !== user.active ? { active } : {}),
        scope: scopeToInput(scope),
      },
    });
    const payload = r.data?.updateUser;
    if (payload?.__typename === "User") onSaved();
    else if (payload?.__typename === "ValidationError") setFailure(failureOf(payload));
    else if (payload?.__typename === "NotFoundError") setFailure(failureOf(payload));
  }

  const general = generalMessage(failure, ["role"]);
  return (
    <form id={id} className="form edit-form" onSubmit={submit} aria-label={t("team.editTitle", { name: user.fullName })}>
      <h3 className="subhead">{t("team.editTitle", { name: user.fullName })}</h3>
      {general && <ErrorNotice message={general} />}
      <ErrorNotice error={result.error} />
      <div className="form-row">
        <Field label={t("team.role")} error={errorFor(failure, "role")}>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {tc("role", r)}
              </option>
            ))}
          </select>
        </Field>
        <div className="checkbox-field align-end">
          <input type="checkbox" id={`${id}-active`} checked={active} onChange={(e) => setActive(e.target.checked)} />
          <label htmlFor={`${id}-active`}>{t("team.activeLabel")}</label>
          <span className="field-hint">{t("team.activeHint")}</span>
        </div>
      </div>
      <ScopeEditor value={scope} onChange={setScope} brands={brands} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={result.fetching}>
          {t("common.save")}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

export function InviteForm({ brands, actorRole }: { brands: BrandChoice[]; actorRole: Role }) {
  const { t, tc, dateTime } = useI18n();
  const roles = grantableRoles(actorRole);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("EDITOR") ? "EDITOR" : roles[0] ?? "VIEWER");
  const [scope, setScope] = useState<ScopeValue>(emptyScope);
  const [failure, setFailure] = useState<Failure>(null);
  const [created, setCreated] = useState<{ email: string; link: string; expiresAt: string } | null>(null);
  const [result, invite] = useMutation(InviteUserMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setCreated(null);
    const r = await invite({ input: { email: email.trim(), role, ...scopeToInput(scope) } });
    const payload = r.data?.inviteUser;
    if (payload?.__typename === "CreatedInvitation") {
      setCreated({
        email: payload.invitation.email,
        link: absoluteLink(payload.link),
        expiresAt: payload.invitation.expiresAt,
      });
      setEmail("");
      setScope(emptyScope());
    } else if (payload?.__typename === "ValidationError" || payload?.__typename === "NotFoundError") {
      setFailure(failureOf(payload));
    }
  }

  const general = generalMessage(failure, ["email", "role"]);
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="invite-title">
      <h2 className="card-title" id="invite-title">
        {t("team.invite")}
      </h2>
      <p className="muted small">{t("team.inviteIntro")}</p>
      {created && (
        <div className="notice notice-success" role="status">
          <p>{t("team.invited", { email: created.email, date: dateTime(created.expiresAt) })}</p>
          <CopyField label={t("team.inviteLink")} value={created.link} hint={t("team.inviteLinkHint")} />
        </div>
      )}
      {general && <ErrorNotice message={general} />}
      <ErrorNotice error={result.error} />
      <Field label={t("auth.email")} error={errorFor(failure, "email")}>
        <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
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
      <ScopeEditor value={scope} onChange={setScope} brands={brands} />
      <button type="submit" className="btn btn-primary" disabled={result.fetching}>
        {t("team.sendInvite")}
      </button>
    </form>
  );
}
