import { useId, useState } from "react";
import type { DragEvent } from "react";
import { useI18n } from "../i18n";

/**
 * A file picker that also takes a dropped file. The real <input type="file"> stays focusable
 * (visually hidden), so the zone works with the keyboard and screen readers.
 */
export function DropZone({
  onFile,
  accept,
  disabled,
  label,
  hint,
}: {
  onFile: (file: File) => void;
  accept?: string;
  disabled?: boolean;
  label: string;
  hint?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [over, setOver] = useState(false);

  function onDrop(e: DragEvent<HTMLLabelElement>) {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  }

  return (
    <label
      htmlFor={id}
      className={`dropzone${over ? " dropzone-over" : ""}${disabled ? " dropzone-disabled" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="dropzone"
    >
      <input
        id={id}
        type="file"
        className="visually-hidden"
        accept={accept}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = "";
        }}
      />
      <span className="dropzone-icon" aria-hidden="true">⇪</span>
      <span className="dropzone-title">{label}</span>
      <span className="muted">{t("imports.or")}</span>
      <span className="btn btn-small" aria-hidden="true">
        {t("imports.choose")}
      </span>
      {hint && (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      )}
    </label>
  );
}

export function formatBytes(n: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i ? 1 : 0 }).format(v)} ${units[i]}`;
}
