import { Fragment, useEffect, useId, useMemo, useRef, useState } from "react";
import type { FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";
import {
  CreateWebhookMutation,
  DeleteWebhookMutation,
  SetWebhookActiveMutation,
  ViewerAccessQuery,
  WebhooksQuery,
} from "../graphql/operations";
import type { DeliveryStatus, WebhookEvents, WebhookFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import type { I18n } from "../i18n";
import { useAuth } from "../auth/AuthProvider";
import { CopyField } from "../components/CopyField";
import { ErrorNotice, SuccessNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import type { FieldError } from "../components/Field";
import { useWorkspace } from "../components/Shell";
import { isAdmin } from "../components/ScopeEditor";
import { UnknownBrandNotice } from "../components/UnknownBrandNotice";
import type { BrandChoice } from "../components/ScopeEditor";
import { errorFor, failureOf, generalMessage } from "../lib/forms";
import type { Failure } from "../lib/forms";
import { AdminOnly, brandChoices } from "./Team";

export const WEBHOOK_EVENTS: WebhookEvents[] = ["ALL", "RECIPIENT"];
const DELIVERY_TONE: Record<DeliveryStatus, string> = {
  PENDING: "badge-info",
  SUCCEEDED: "badge-ok",
  FAILED: "badge-bad",
};

/** The longest webhook URL the API accepts (longer: TOO_LONG). */
export const MAX_WEBHOOK_URL = 2000;

/** The stable codes a delivery's `error` holds; older rows keep free text (an exception name). */
const DELIVERY_ERRORS = [
  "TIMEOUT",
  "TLS_ERROR",
  "CONNECTION_REFUSED",
  "CONNECTION_FAILED",
  "PROTOCOL_ERROR",
  "HTTP_STATUS",
  "WEBHOOK_PRIVATE_ADDRESS",
  "WEBHOOK_UNREACHABLE",
  "INVALID_WEBHOOK_URL",
] as const;
type DeliveryError = (typeof DELIVERY_ERRORS)[number];
const isDeliveryError = (code: string): code is DeliveryError => (DELIVERY_ERRORS as readonly string[]).includes(code);

/**
 * Why a delivery failed, in words: a known code translated (HTTP_STATUS with the status it got),
 * anything else (free text written before the codes) as it is.
 */
export function deliveryErrorText(
  error: string,
  responseStatus: number | null | undefined,
  i18n: Pick<I18n, "t">,
): string {
  if (!isDeliveryError(error)) return error;
  return i18n.t(`webhooks.error.${error}`, { status: responseStatus ?? "?" });
}

/** A delivery's failure: its reason (with the code as a tooltip) or the HTTP status it got. */
function DeliveryOutcome({ error, responseStatus }: { error: string | null; responseStatus: number | null }) {
  const i18n = useI18n();
  const coded = error !== null && isDeliveryError(error);
  return (
    <>
      {responseStatus !== null && error !== "HTTP_STATUS" && <span className="block mono">HTTP {responseStatus}</span>}
      {error && (
        <span className="block break delivery-error" title={coded ? error : undefined} data-code={coded ? error : undefined}>
          {deliveryErrorText(error, responseStatus, i18n)}
        </span>
      )}
    </>
  );
}

/**
 * Webhooks need ADMIN or OWNER with every brand and type (the API's CanAdminister); the role is
 * in the session, the scope is asked for, so a limited admin is told instead of refused.
 */
export function Webhooks() {
  const { t } = useI18n();
  const { session } = useAuth();
  const admin = isAdmin(session?.user.role);
  const [access] = useQuery({ query: ViewerAccessQuery, pause: !admin, requestPolicy: "cache-and-network" });
  if (!admin) return <AdminOnly titleId="webhooks-title" title={t("webhooks.title")} />;
  if (access.data?.me?.access.limited) {
    return (
      <section aria-labelledby="webhooks-title">
        <div className="page-head">
          <h1 id="webhooks-title">{t("webhooks.title")}</h1>
        </div>
        <div className="notice notice-error" role="alert">
          <p>{t("webhooks.limitedAdmin")}</p>
        </div>
      </section>
    );
  }
  if (!access.data) {
    return access.error ? <ErrorNotice error={access.error} /> : <p aria-busy="true">{t("common.loading")}</p>;
  }
  return <WebhookManager />;
}

export function WebhookManager() {
  const { t } = useI18n();
  const { providers, brand: workspaceBrand, loading } = useWorkspace();
  const brands = useMemo(() => brandChoices(providers), [providers]);
  const [params, setParams] = useSearchParams();
  const brandId = params.get("brand") || null;
  const isMine = (id: string | null | undefined): id is string => !!id && brands.some((b) => b.id === id);
  // A brand in the URL that is not one of the user's (deleted, another tenant's, garbage): said
  // so, and not asked for (the API would answer an empty list, shown as if it were "All").
  const unknownBrand = brandId !== null && !loading && !isMine(brandId);
  const [result, refetch] = useQuery({
    query: WebhooksQuery,
    variables: { brandId, first: 500 },
    requestPolicy: "cache-and-network",
    pause: brandId !== null && !isMine(brandId),
  });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const data = unknownBrand ? undefined : result.data?.webhooks;
  const [notice, setNotice] = useState<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  function chooseBrand(value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set("brand", value);
    else next.delete("brand");
    setParams(next);
  }

  return (
    <section aria-labelledby="webhooks-title">
      <div className="page-head">
        <h1 id="webhooks-title">{t("webhooks.title")}</h1>
        <p className="muted">{t("webhooks.intro")}</p>
      </div>
      <div className="two-col">
        <div className="col-main">
          <div className="filters card">
            <div className="filter-grid">
              <div className="field">
                <label className="field-label" htmlFor="webhooks-brand">
                  {t("webhooks.filterBrand")}
                </label>
                <select id="webhooks-brand" value={brandId ?? ""} onChange={(e) => chooseBrand(e.target.value)}>
                  {unknownBrand && (
                    <option value={brandId} disabled>
                      {t("common.unknownBrand")}
                    </option>
                  )}
                  <option value="">{t("common.all")}</option>
                  {brands.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </div>
          {notice && <SuccessNotice>{notice}</SuccessNotice>}
          {unknownBrand && <UnknownBrandNotice />}
          {!unknownBrand && <ErrorNotice error={result.error} onRetry={reload} />}
          {!unknownBrand && (result.fetching || (brandId !== null && loading)) && !data && (
            <p aria-busy="true">{t("common.loading")}</p>
          )}
          {data && (
            <h2 className="list-heading muted" id="webhooks-list-title" tabIndex={-1} ref={listHeading} aria-live="polite">
              {t("webhooks.count", { count: data.totalCount })}
            </h2>
          )}
          {data && data.edges.length === 0 && <p className="empty">{t("webhooks.empty")}</p>}
          {data && data.edges.length > 0 && (
            <WebhooksTable
              webhooks={data.edges.map((e) => e.node)}
              onChanged={reload}
              onDeleted={() => {
                setNotice(t("webhooks.deleted"));
                reload();
                // The row (and its focused button) goes away: focus the list's heading, right
                // above it, never the page's body.
                requestAnimationFrame(() => listHeading.current?.focus());
              }}
            />
          )}
        </div>
        <aside className="col-side">
          <CreateWebhookForm
            brands={brands}
            defaultBrandId={[brandId, workspaceBrand?.id].find(isMine) ?? brands[0]?.id ?? ""}
            onCreated={() => {
              setNotice(null);
              reload();
            }}
          />
        </aside>
      </div>
    </section>
  );
}

export function WebhooksTable({
  webhooks,
  onChanged,
  onDeleted,
}: {
  webhooks: WebhookFieldsFragment[];
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const { t, tc, dateTime } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="table-wrap webhooks-wrap" tabIndex={0} role="region" aria-labelledby="webhooks-title">
      <table className="table webhooks-table" data-testid="webhooks-table">
        <thead>
          <tr>
            <th scope="col">{t("webhooks.url")}</th>
            <th scope="col">{t("webhooks.status")}</th>
            <th scope="col">{t("webhooks.lastDelivery")}</th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((w) => {
            const last = w.deliveries[0];
            const isOpen = open === w.id;
            const detailId = `webhook-deliveries-${w.id}`;
            return (
              <Fragment key={w.id}>
                <tr>
                  <td className="webhook-url-cell">
                    <span className="block mono break">{w.url}</span>
                    <span className="small block">
                      {w.brand.name} ({w.brand.provider.title})
                    </span>
                    <span className="small block">
                      {t("webhooks.events")}: {tc("webhooks.event", w.events)}
                    </span>
                    <span className="muted small">{t("webhooks.createdAt", { date: dateTime(w.createdAt) })}</span>
                  </td>
                  <td data-label={t("webhooks.status")}>
                    <div className="status-cell">
                      <WebhookStatus webhook={w} />
                      <span className="small muted">
                        {t("webhooks.failures")}: {w.failuresInARow}
                      </span>
                      <div className="row-actions">
                        <ActiveToggle webhook={w} onChanged={onChanged} />
                        <DeleteWebhookButton webhook={w} onDeleted={onDeleted} />
                      </div>
                    </div>
                  </td>
                  <td className="small" data-label={t("webhooks.lastDelivery")}>
                    {last ? (
                      <>
                        <span className={`badge ${DELIVERY_TONE[last.status]}`}>{tc("deliveryStatus", last.status)}</span>
                        <span className="block">{dateTime(last.deliveredAt ?? last.createdAt)}</span>
                        <DeliveryOutcome error={last.error} responseStatus={last.responseStatus} />
                      </>
                    ) : (
                      <span className="block muted">{t("webhooks.noDelivery")}</span>
                    )}
                    <button
                      type="button"
                      className="btn btn-small deliveries-toggle"
                      aria-expanded={isOpen}
                      aria-controls={isOpen ? detailId : undefined}
                      onClick={() => setOpen(isOpen ? null : w.id)}
                      aria-label={`${t("webhooks.showDeliveries")}: ${w.url}`}
                    >
                      {t("webhooks.showDeliveries")} ({w.deliveries.length})
                    </button>
                  </td>
                </tr>
                {isOpen && (
                  <tr className="edit-row">
                    <td colSpan={3} id={detailId} className="delivery-log-cell">
                      <DeliveryLog webhook={w} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function WebhookStatus({ webhook: w }: { webhook: WebhookFieldsFragment }) {
  const { t } = useI18n();
  if (w.active) return <span className="badge badge-ok">{t("webhooks.active")}</span>;
  if (!w.disabledReason) return <span className="badge badge-info">{t("webhooks.paused")}</span>;
  return (
    <>
      <span className="badge badge-bad">{t("webhooks.disabled")}</span>
      <span className="small" title={w.disabledReason}>
        {t("webhooks.disabledBecause", { count: w.failuresInARow })}
      </span>
    </>
  );
}

function ActiveToggle({ webhook: w, onChanged }: { webhook: WebhookFieldsFragment; onChanged: () => void }) {
  const { t } = useI18n();
  const [result, setActive] = useMutation(SetWebhookActiveMutation);
  const [failure, setFailure] = useState<string | null>(null);
  async function toggle() {
    setFailure(null);
    const r = await setActive({ id: w.id, active: !w.active });
    const payload = r.data?.setWebhookActive;
    if (payload?.__typename === "Webhook") onChanged();
    else if (payload?.__typename === "NotFoundError") setFailure(`${payload.message} (${payload.code})`);
  }
  const label = w.active ? t("webhooks.pause") : t("webhooks.resume");
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void toggle()}
        disabled={result.fetching}
        aria-label={`${label}: ${w.url}`}
        title={w.active ? undefined : t("webhooks.resumeHint")}
      >
        {label}
      </button>
      {failure && <ErrorNotice message={failure} />}
      <ErrorNotice error={result.error} />
    </>
  );
}

/** Deleting cannot be undone, so it asks once more, in the page (no browser dialog). */
function DeleteWebhookButton({ webhook: w, onDeleted }: { webhook: WebhookFieldsFragment; onDeleted: () => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, remove] = useMutation(DeleteWebhookMutation);
  const opener = useRef<HTMLButtonElement>(null);

  async function confirm() {
    setFailure(null);
    const r = await remove({ id: w.id });
    const payload = r.data?.deleteWebhook;
    if (payload?.__typename === "DeletedWebhook") onDeleted();
    else if (payload?.__typename === "NotFoundError") setFailure(`${payload.message} (${payload.code})`);
  }
  function cancel() {
    setConfirming(false);
    // Back to the button that opened the question, for keyboard users.
    requestAnimationFrame(() => opener.current?.focus());
  }

  if (!confirming) {
    return (
      <button
        ref={opener}
        type="button"
        className="btn btn-small"
        onClick={() => setConfirming(true)}
        aria-label={`${t("webhooks.delete")}: ${w.url}`}
      >
        {t("webhooks.delete")}
      </button>
    );
  }
  const question = t("webhooks.confirmDelete", { url: w.url });
  return (
    <div className="confirm-box" role="group" aria-label={question}>
      <p className="small break">{question}</p>
      {failure && <ErrorNotice message={failure} />}
      <ErrorNotice error={result.error} />
      <button
        type="button"
        className="btn btn-small btn-danger"
        onClick={() => void confirm()}
        disabled={result.fetching}
        autoFocus
      >
        {t("webhooks.deleteYes")}
      </button>{" "}
      <button type="button" className="btn btn-small" onClick={cancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

export function DeliveryLog({ webhook: w }: { webhook: WebhookFieldsFragment }) {
  const { t, tc, dateTime } = useI18n();
  if (w.deliveries.length === 0) return <p className="muted">{t("webhooks.noDeliveries")}</p>;
  // Six columns scroll inside their own box, never widening the list (or the page) around them.
  return (
    <div className="delivery-log" tabIndex={0} role="region" aria-label={`${t("webhooks.deliveriesTitle")}: ${w.url}`}>
      <table className="table diff-table" data-testid="webhook-deliveries">
        <caption className="visually-hidden">
          {t("webhooks.deliveriesTitle")}: {w.url}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("webhooks.deliveryAt")}</th>
            <th scope="col">{t("webhooks.deliveryStatus")}</th>
            <th scope="col" className="num">
              {t("webhooks.movements")}
            </th>
            <th scope="col" className="num">
              {t("webhooks.attempts")}
            </th>
            <th scope="col">{t("webhooks.response")}</th>
            <th scope="col">{t("webhooks.next")}</th>
          </tr>
        </thead>
        <tbody>
          {w.deliveries.map((d, i) => (
            <tr key={`${d.createdAt}-${i}`}>
              <td className="nowrap">{dateTime(d.createdAt)}</td>
              <td>
                <span className={`badge ${DELIVERY_TONE[d.status]}`}>{tc("deliveryStatus", d.status)}</span>
              </td>
              <td className="num">{d.movements}</td>
              <td className="num">{d.attempts}</td>
              <td className="small delivery-response">
                <DeliveryOutcome error={d.error} responseStatus={d.responseStatus} />
                {d.responseStatus === null && !d.error && t("common.none")}
              </td>
              <td className="nowrap">{dateTime(d.deliveredAt ?? d.nextAttemptAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CreateWebhookForm({
  brands,
  defaultBrandId,
  onCreated,
}: {
  brands: BrandChoice[];
  defaultBrandId: string;
  onCreated: () => void;
}) {
  const i18n = useI18n();
  const { t, tc } = i18n;
  const id = useId();
  const [brandId, setBrandId] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvents>("ALL");
  const [failure, setFailure] = useState<Failure>(null);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [result, create] = useMutation(CreateWebhookMutation);
  // Only ever one of the brands the select shows: what is displayed is what is sent.
  const chosenBrand = [brandId, defaultBrandId].find((b) => b && brands.some((c) => c.id === b)) ?? brands[0]?.id ?? "";
  const secretBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Created: focus the secret (selected, ready to copy), shown this once.
    if (created) secretBox.current?.querySelector<HTMLElement>("textarea, input")?.focus();
  }, [created]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setCreated(null);
    const r = await create({ input: { brandId: chosenBrand, url: url.trim(), events } });
    const payload = r.data?.createWebhook;
    if (payload?.__typename === "CreatedWebhook") {
      setCreated({ url: payload.webhook.url, secret: payload.secret });
      setUrl("");
      onCreated();
    } else if (payload?.__typename === "ValidationError" || payload?.__typename === "NotFoundError") {
      setFailure(failureOf(payload));
    }
  }

  const general = generalMessage(urlFailure(failure), ["url", "brandId"]);
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 className="card-title" id={`${id}-title`}>
        {t("webhooks.new")}
      </h2>
      {created && (
        <div className="notice notice-success" role="status" data-testid="webhook-secret" ref={secretBox}>
          <p>{t("webhooks.created", { url: created.url })}</p>
          <CopyField label={t("webhooks.secret")} value={created.secret} hint={t("webhooks.secretOnce")} multiline />
          <button type="button" className="btn btn-small" onClick={() => setCreated(null)}>
            {t("webhooks.secretDone")}
          </button>
        </div>
      )}
      {general && <ErrorNotice message={general} />}
      <ErrorNotice error={result.error} />
      <Field label={t("webhooks.brand")} error={errorFor(failure, "brandId")}>
        <select name="brandId" value={chosenBrand} onChange={(e) => setBrandId(e.target.value)} required>
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.label}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t("webhooks.url")}
        hint={
          url.length >= MAX_WEBHOOK_URL
            ? `${t("webhooks.urlHint")} ${t("webhooks.urlAtLimit", { max: MAX_WEBHOOK_URL })}`
            : t("webhooks.urlHint")
        }
        error={urlError(failure, i18n)}
      >
        <input
          name="url"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://crm.example.com/izinhub"
          value={url}
          maxLength={MAX_WEBHOOK_URL}
          onChange={(e) => setUrl(e.target.value)}
          required
        />
      </Field>
      <fieldset className="fieldset">
        <legend>{t("webhooks.events")}</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <div key={ev} className="checkbox-field">
            <input
              type="radio"
              id={`${id}-events-${ev}`}
              name="events"
              value={ev}
              checked={events === ev}
              onChange={() => setEvents(ev)}
              aria-describedby={`${id}-events-${ev}-hint`}
            />
            <label htmlFor={`${id}-events-${ev}`}>{tc("webhooks.event", ev)}</label>
            <p className="field-hint" id={`${id}-events-${ev}-hint`}>
              {tc("webhooks.eventHint", ev)}
            </p>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={result.fetching || !chosenBrand}>
        {t("webhooks.create")}
      </button>
    </form>
  );
}

/** The URL refusals that may come without a field still belong next to the URL field. */
const URL_CODES = ["TOO_LONG", "INVALID_CHARACTERS"];
function urlFailure(failure: Failure): Failure {
  return failure && !failure.field && URL_CODES.includes(failure.error.code ?? "") ? { ...failure, field: "url" } : failure;
}

/**
 * The URL field's refusal: the API's code and words (as on every form), in our words for the
 * text-shape codes shared with other fields (TOO_LONG, INVALID_CHARACTERS), said of a URL.
 */
function urlError(failure: Failure, i18n: Pick<I18n, "t">): FieldError | null {
  const error = errorFor(urlFailure(failure), "url");
  if (error?.code === "TOO_LONG") {
    return { code: error.code, message: i18n.t("webhooks.urlTooLong", { max: MAX_WEBHOOK_URL }) };
  }
  if (error?.code === "INVALID_CHARACTERS") return { code: error.code, message: i18n.t("webhooks.urlInvalidCharacters") };
  return error;
}
