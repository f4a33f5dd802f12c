import { useId, useRef, useState } from "react";
import { useI18n } from "../i18n";

/** A read-only value (a link, a secret) with a button that copies it. */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
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
      <div className="copy-row">
        <input
          id={`${id}-value`}
          ref={input}
          className="mono"
          value={value}
          readOnly
          onFocus={(e) => e.target.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
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
