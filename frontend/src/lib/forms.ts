import type { CombinedError } from "urql";
import type { FieldError } from "../components/Field";
import type { I18n } from "../i18n";
import { describeError, fieldKey } from "./errors";

/** A refusal from a result union: the field it names (lower-cased) and its words. */
export type Failure = { field: string | null; error: FieldError } | null;

export function failureOf(payload: { code: string; message: string; field?: string | null }): Failure {
  return {
    field: fieldKey(payload.field ?? null),
    error: { code: payload.code, message: payload.message },
  };
}

export function errorFor(failure: Failure, field: string): FieldError | null {
  return failure && failure.field === field.toLowerCase() ? failure.error : null;
}

/** The refusal as one line when no field on the form shows it. */
export function generalMessage(failure: Failure, fields: string[]): string | null {
  if (!failure) return null;
  if (failure.field && fields.map((f) => f.toLowerCase()).includes(failure.field)) return null;
  const { code, message } = failure.error;
  return code ? `${message} (${code})` : message;
}

/**
 * A refusal that came as a GraphQL error (a query that answers no union): its code and field from
 * the extensions, words from the catalogue for the codes the app knows, else the API's message.
 */
export function apiFailure(error: CombinedError | undefined, i18n: Pick<I18n, "t">): Failure {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.["code"];
  const field = first?.extensions?.["field"];
  const words = describeError(error, i18n);
  const message = typeof code === "string" ? words.replace(` (${code})`, "") : words;
  return {
    field: fieldKey(typeof field === "string" ? field : null),
    error: { code: typeof code === "string" ? code : null, message },
  };
}
