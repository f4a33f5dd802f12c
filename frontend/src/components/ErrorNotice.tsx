import type { CombinedError } from "urql";
import { useI18n } from "../i18n";
import { describeError } from "../lib/errors";

/** An API error in words, announced to screen readers. */
export function ErrorNotice({
  error,
  message,
  onRetry,
}: {
  error?: CombinedError | undefined;
  message?: string | undefined;
  onRetry?: (() => void) | undefined;
}) {
  const i18n = useI18n();
  const text = message ?? (error ? describeError(error, i18n) : null);
  if (!text) return null;
  return (
    <div className="notice notice-error" role="alert">
      <strong className="notice-title">{i18n.t("error.title")}</strong>
      <p>{text}</p>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {i18n.t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function SuccessNotice({ children }: { children: React.ReactNode }) {
  return (
    <div className="notice notice-success" role="status">
      {children}
    </div>
  );
}
