import type { CombinedError } from "urql";
import type { I18n } from "../i18n";

/**
 * Words for a failed request: transport and masked server errors come from our catalogue; API
 * messages (already in the user's language through Accept-Language) are shown as they are.
 * Never JSON.
 */
export function describeError(error: CombinedError, i18n: Pick<I18n, "t">): string {
  const { t } = i18n;
  const first = error.graphQLErrors[0];
  if (!first) {
    const status = (error.response as Response | undefined)?.status;
    if (status === 413) return t("error.tooLarge");
    if (status === 429) return t("error.tooMany");
    if (status && status >= 500) return t("error.internal");
    return t("error.network");
  }
  const code = first.extensions?.["code"];
  switch (code) {
    case "UNAUTHENTICATED":
      return t("error.unauthenticated");
    case "FORBIDDEN":
      return t("error.forbidden");
    case "INTERNAL":
      return t("error.internal");
    case "PAYLOAD_TOO_LARGE":
      return t("error.tooLarge");
    case "NOT_FOUND":
      return t("error.notFound");
    default:
      break;
  }
  const message = typeof first.message === "string" ? first.message.trim() : "";
  if (!message || message.startsWith("{") || message.startsWith("[")) return t("error.unknown");
  if (typeof code === "string" && code.length > 0) return `${message} (${code})`;
  return message;
}

/** The form field a server-side `field` names: `input.tin` → `tin`, `consentDate` stays. */
export function fieldKey(field: string | null | undefined): string | null {
  if (!field) return null;
  const last = field.split(/[.[\]/]/).filter(Boolean).pop();
  return last ? last.toLowerCase() : null;
}
