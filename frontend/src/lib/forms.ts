import type { FieldError } from "../components/Field";
import { fieldKey } from "./errors";

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
