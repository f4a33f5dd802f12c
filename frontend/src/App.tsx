import { Suspense, lazy, useMemo } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { Provider as UrqlProvider } from "urql";
import type { Client } from "urql";
import { I18nProvider, useI18n } from "./i18n";
import { AuthProvider, useAuth } from "./auth/AuthProvider";
import { createClient } from "./auth/client";
import { Shell } from "./components/Shell";
import { SignIn } from "./pages/SignIn";
import { SignUp } from "./pages/SignUp";
import { Dashboard } from "./pages/Dashboard";
import { Providers } from "./pages/Providers";
import { ProviderHome } from "./pages/ProviderHome";
import { Consents } from "./pages/Consents";
import { ConsentDetail } from "./pages/ConsentDetail";
import { RecordConsent } from "./pages/RecordConsent";
import { Imports } from "./pages/Imports";
import { ImportDetail } from "./pages/ImportDetail";
import { SendCheck } from "./pages/SendCheck";
import { NotFound } from "./pages/NotFound";

// Screens most users open rarely are loaded on first use (smaller first download).
const Team = lazy(() => import("./pages/Team").then((m) => ({ default: m.Team })));
const ApiKeys = lazy(() => import("./pages/ApiKeys").then((m) => ({ default: m.ApiKeys })));
const Settings = lazy(() => import("./pages/Settings").then((m) => ({ default: m.Settings })));
const Audit = lazy(() => import("./pages/Audit").then((m) => ({ default: m.Audit })));
const Complaints = lazy(() => import("./pages/Complaints").then((m) => ({ default: m.Complaints })));
const ComplaintDetail = lazy(() =>
  import("./pages/Complaints").then((m) => ({ default: m.ComplaintDetail })),
);
const Reconciliation = lazy(() =>
  import("./pages/Reconciliation").then((m) => ({ default: m.Reconciliation })),
);
const Webhooks = lazy(() => import("./pages/Webhooks").then((m) => ({ default: m.Webhooks })));
const ChangePassword = lazy(() =>
  import("./pages/ChangePassword").then((m) => ({ default: m.ChangePassword })),
);
const AcceptInvitation = lazy(() =>
  import("./pages/AcceptInvitation").then((m) => ({ default: m.AcceptInvitation })),
);
const ForgotPassword = lazy(() =>
  import("./pages/PasswordReset").then((m) => ({ default: m.ForgotPassword })),
);
const ResetPassword = lazy(() =>
  import("./pages/PasswordReset").then((m) => ({ default: m.ResetPassword })),
);
const RecipientPortal = lazy(() =>
  import("./pages/RecipientPortal").then((m) => ({ default: m.RecipientPortal })),
);

function Loading() {
  const { t } = useI18n();
  return <p aria-busy="true">{t("common.loading")}</p>;
}

const later = (element: React.ReactNode) => <Suspense fallback={<Loading />}>{element}</Suspense>;

function RequireAuth({ children }: { children: React.ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      <Route path="/signup" element={<SignUp />} />
      <Route path="/accept-invitation" element={later(<AcceptInvitation />)} />
      <Route path="/alici" element={later(<RecipientPortal />)} />
      <Route path="/forgot-password" element={later(<ForgotPassword />)} />
      <Route path="/reset-password" element={later(<ResetPassword />)} />
      <Route
        element={
          <RequireAuth>
            <Shell />
          </RequireAuth>
        }
      >
        <Route index element={<Dashboard />} />
        <Route path="providers" element={<Providers />} />
        <Route path="team" element={later(<Team />)} />
        <Route path="api-keys" element={later(<ApiKeys />)} />
        <Route path="settings" element={later(<Settings />)} />
        <Route path="audit" element={later(<Audit />)} />
        <Route path="complaints" element={later(<Complaints />)} />
        <Route path="complaints/:complaintId" element={later(<ComplaintDetail />)} />
        <Route path="reconciliation" element={later(<Reconciliation />)} />
        <Route path="webhooks" element={later(<Webhooks />)} />
        <Route path="account/password" element={later(<ChangePassword />)} />
        <Route path="p/:providerId" element={<ProviderHome />} />
        <Route path="p/:providerId/b/:brandId">
          <Route index element={<Navigate to="consents" replace />} />
          <Route path="consents" element={<Consents />} />
          <Route path="consents/:consentId" element={<ConsentDetail />} />
          <Route path="record" element={<RecordConsent />} />
          <Route path="imports" element={<Imports />} />
          <Route path="imports/:jobId" element={<ImportDetail />} />
          <Route path="check" element={<SendCheck />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App({ client }: { client?: Client }) {
  const urql = useMemo(() => client ?? createClient(), [client]);
  return (
    <I18nProvider>
      <UrqlProvider value={urql}>
        <AuthProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </AuthProvider>
      </UrqlProvider>
    </I18nProvider>
  );
}
