import { useId, useRef, useState } from "react";
import { useI18n } from "../i18n";

/**
 * A read-only value (a link, a secret) with a button that copies it; `multiline` shows a long
 * value (a hash) whole, wrapped, instead of scrolled in one line.
 */
export function CopyField({
  label,
  value,
  hint,
  multiline = false,
}: {
  label: string;
  value: string;
  hint?: string;
  multiline?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard permission: select the text so the user can copy it themselves.
      input.current?.select();
      setCopied("no");
    }
  }

  return (
    <div className="field copy-field">
      <label className="field-label" htmlFor={`${id}-value`}>
        {label}
      </label>
      <div className={multiline ? "copy-row copy-row-multiline" : "copy-row"}>
        {multiline ? (
          <textarea
            id={`${id}-value`}
            ref={input}
            className="mono copy-multiline"
            rows={3}
            value={value}
            readOnly
            spellCheck={false}
            onFocus={(e) => e.target.select()}
            aria-describedby={hint ? `${id}-hint` : undefined}
          />
        ) : (
          <input
            id={`${id}-value`}
            ref={input}
            className="mono"
            value={value}
            readOnly
            onFocus={(e) => e.target.select()}
            aria-describedby={hint ? `${id}-hint` : undefined}
          />
        )}
        <button type="button" className="btn" onClick={() => void copy()}>
          {t("copy.button")}
        </button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <p className="field-hint" aria-live="polite">
        {copied === "yes" ? t("copy.done") : copied === "no" ? t("copy.manual") : ""}
      </p>
    </div>
  );
}
