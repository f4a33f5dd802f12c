import { useMemo } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { Provider as UrqlProvider } from "urql";
import type { Client } from "urql";
import { I18nProvider } from "./i18n";
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
      <Route
        element={
          <RequireAuth>
            <Shell />
          </RequireAuth>
        }
      >
        <Route index element={<Dashboard />} />
        <Route path="providers" element={<Providers />} />
        {/* Later: <Route path="team" .../> and <Route path="audit" .../> */}
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
