import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { LanguageToggle } from "../components/LanguageToggle";

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="logo" aria-hidden="true">
          <img src="/favicon.svg" alt="" width="28" height="28" />
        </span>
        <span className="logo-text">{t("app.name")}</span>
        <LanguageToggle />
      </header>
      <main id="main" className="auth-card" tabIndex={-1}>
        <h1>{title}</h1>
        <p className="muted">{t("app.tagline")}</p>
        {children}
      </main>
    </div>
  );
}
