import { useId } from "react";
import type { ReactElement, ReactNode } from "react";
import { cloneElement } from "react";

export interface FieldError {
  code?: string | null | undefined;
  message: string;
}

/**
 * A labelled form control with an optional hint and error. The error (an İYS or validation code
 * and its message) sits right next to the control and is tied to it with aria-describedby.
 */
export function Field({
  label,
  hint,
  error,
  children,
  optionalText,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError | null | undefined;
  optionalText?: string | undefined;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const controlId = (children.props["id"] as string | undefined) ?? `${id}-control`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const control = cloneElement(children, {
    id: controlId,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
  });
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={controlId} className="field-label">
        {label}
        {optionalText && <span className="field-optional"> ({optionalText})</span>}
      </label>
      {control}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error.code && <span className="code-badge">{error.code}</span>} {error.message}
        </p>
      )}
    </div>
  );
}
