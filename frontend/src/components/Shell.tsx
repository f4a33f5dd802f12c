import { createContext, useContext, useEffect, useMemo, useRef } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useClient, useQuery } from "urql";
import type { UseQueryExecute } from "urql";
import { SwitcherQuery } from "../graphql/operations";
import type { SwitcherQuery as SwitcherData } from "../gql/graphql";
import { useAuth } from "../auth/AuthProvider";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n";
import { LanguageToggle } from "./LanguageToggle";
import { ErrorNotice } from "./ErrorNotice";
import { brandPath, lastBrand, rememberBrand, scopeFromPath } from "./brandScope";
import type { BrandSection } from "./brandScope";
import { isAdmin } from "./ScopeEditor";

export type ProviderOption = SwitcherData["providers"]["edges"][number]["node"];
export type BrandOption = ProviderOption["brands"]["edges"][number]["node"];

interface Workspace {
  providers: ProviderOption[];
  provider: ProviderOption | null;
  brand: BrandOption | null;
  loading: boolean;
  /** Re-reads providers and brands after one was created. */
  refresh: UseQueryExecute;
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const ctx = useContext(WorkspaceContext);
  if (!ctx) throw new Error("useWorkspace outside Shell");
  return ctx;
}

/**
 * Navigation: tenant-wide items, then the items of the selected brand. Administration items are
 * shown to OWNER and ADMIN only (the API refuses the others anyway).
 */
const TENANT_NAV: { to: string; label: MessageKey; end?: boolean; admin?: boolean }[] = [
  { to: "/", label: "nav.dashboard", end: true },
  { to: "/providers", label: "nav.providers" },
  { to: "/complaints", label: "nav.complaints" },
  { to: "/reconciliation", label: "nav.reconciliation" },
  { to: "/team", label: "nav.team", admin: true },
  { to: "/api-keys", label: "nav.apiKeys", admin: true },
  { to: "/webhooks", label: "nav.webhooks", admin: true },
  { to: "/audit", label: "nav.audit", admin: true },
  { to: "/settings", label: "nav.settings", admin: true },
];
const BRAND_NAV: { section: BrandSection; label: MessageKey }[] = [
  { section: "consents", label: "nav.consents" },
  { section: "record", label: "nav.record" },
  { section: "imports", label: "nav.imports" },
  { section: "check", label: "nav.check" },
];

export function Shell() {
  const { t, tc } = useI18n();
  const { session, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const scope = scopeFromPath(location.pathname);
  const [result, refresh] = useQuery({ query: SwitcherQuery });
  const client = useClient();
  const providers = useMemo(
    () => result.data?.providers.edges.map((e) => e.node) ?? [],
    [result.data],
  );

  // The brand in the URL wins; otherwise the brand used last, when it still exists.
  const remembered = lastBrand();
  const providerId = scope.providerId ?? (scope.brandId ? null : remembered?.providerId ?? null);
  const provider = providers.find((p) => p.id === providerId) ?? null;
  const brandId = scope.brandId ?? (scope.providerId ? null : remembered?.brandId ?? null);
  const brand = provider?.brands.edges.map((e) => e.node).find((b) => b.id === brandId) ?? null;

  useEffect(() => {
    if (scope.providerId && scope.brandId) rememberBrand(scope.providerId, scope.brandId);
  }, [scope.providerId, scope.brandId]);

  // Move focus to the page on navigation so keyboard and screen-reader users land on it.
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    // On phones the menu scrolls sideways: keep the current item in view.
    const active = document.querySelector<HTMLElement>(".sidebar .active");
    const sidebar = active?.closest<HTMLElement>(".sidebar");
    if (active && sidebar && sidebar.scrollWidth > sidebar.clientWidth) {
      sidebar.scrollLeft = active.offsetLeft - sidebar.clientWidth / 2 + active.offsetWidth / 2;
    }
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo?.(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const section: BrandSection = scope.section ?? "consents";

  const latestChoice = useRef<string | null>(null);
  async function chooseProvider(id: string) {
    let p = providers.find((x) => x.id === id);
    if (!p) return;
    latestChoice.current = id;
    if (!p.brands.edges.length) {
      // A brand created a moment ago may not have reached the switcher's copy yet: ask again
      // before sending the user to the provider's empty brand list.
      const fresh = await client.query(SwitcherQuery, {}, { requestPolicy: "network-only" }).toPromise();
      if (latestChoice.current !== id) return; // another provider was chosen meanwhile
      p = fresh.data?.providers.edges.map((e) => e.node).find((x) => x.id === id) ?? p;
    }
    const first = p.brands.edges[0]?.node;
    navigate(first ? brandPath(p.id, first.id, section) : `/p/${encodeURIComponent(p.id)}`);
  }
  function chooseBrand(id: string) {
    if (provider) navigate(brandPath(provider.id, id, section));
  }

  const workspace: Workspace = {
    providers,
    provider,
    brand,
    loading: result.fetching && !result.data,
    refresh,
  };

  return (
    <WorkspaceContext.Provider value={workspace}>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brandmark" aria-label={t("app.name")}>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span className="logo-text">{t("app.name")}</span>
        </NavLink>
        <form
          className="switcher"
          aria-label={t("switcher.label")}
          onSubmit={(e) => e.preventDefault()}
        >
          <div className="switcher-field">
            <label className="switcher-label" htmlFor="switch-provider">
              {t("switcher.provider")}
            </label>
            <select
              id="switch-provider"
              name="provider"
              value={provider?.id ?? ""}
              onChange={(e) => void chooseProvider(e.target.value)}
              disabled={providers.length === 0}
            >
              <option value="" disabled>
                {providers.length ? t("switcher.chooseProvider") : t("switcher.noProviders")}
              </option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} · {p.iysCode}
                </option>
              ))}
            </select>
          </div>
          <div className="switcher-field">
            <label className="switcher-label" htmlFor="switch-brand">
              {t("switcher.brand")}
            </label>
            <select
              id="switch-brand"
              name="brand"
              value={brand?.id ?? ""}
              onChange={(e) => chooseBrand(e.target.value)}
              disabled={!provider || provider.brands.edges.length === 0}
            >
              <option value="" disabled>
                {t("switcher.chooseBrand")}
              </option>
              {provider?.brands.edges.map(({ node: b }) => (
                <option key={b.id} value={b.id}>
                  {b.name} · {b.brandCode}
                </option>
              ))}
            </select>
          </div>
        </form>
        <div className="topbar-end">
          <LanguageToggle />
          {session && (
            <div className="user-box">
              <span className="user-name">
                {t("auth.signedInAs", {
                  name: session.user.fullName,
                  tenant: session.user.tenant.slug,
                })}
              </span>
              <span className="user-role">{tc("role", session.user.role)}</span>
            </div>
          )}
          <NavLink to="/account/password" className="btn btn-ghost">
            {t("nav.password")}
          </NavLink>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              void signOut().then(() => navigate("/signin"));
            }}
          >
            {t("auth.signOut")}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav className="sidebar" aria-label={t("nav.main")}>
          <ul className="nav-list">
            {TENANT_NAV.filter((item) => !item.admin || isAdmin(session?.user.role)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false} className="nav-link">
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
          <p className="nav-heading" id="brand-nav-heading">
            {t("nav.brandSection")}
            {brand && <span className="nav-brand">{brand.name}</span>}
          </p>
          <ul className="nav-list" aria-labelledby="brand-nav-heading">
            {BRAND_NAV.map((item) => (
              <li key={item.section}>
                {provider && brand ? (
                  <NavLink to={brandPath(provider.id, brand.id, item.section)} className="nav-link">
                    {t(item.label)}
                  </NavLink>
                ) : (
                  <span className="nav-link nav-link-disabled" aria-disabled="true" title={t("nav.pickBrandFirst")}>
                    {t(item.label)}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {!brand && <p className="nav-hint">{t("nav.pickBrandFirst")}</p>}
        </nav>
        <main id="main" className="main" ref={mainRef} tabIndex={-1}>
          {result.error && <ErrorNotice error={result.error} onRetry={() => refresh({ requestPolicy: "network-only" })} />}
          <Outlet />
        </main>
      </div>
    </WorkspaceContext.Provider>
  );
}
