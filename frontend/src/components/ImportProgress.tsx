import type { ImportStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { StatusBadge } from "./StatusBadge";

/** The job's progress: a real <progress> (indeterminate until the row count is known). */
export function ImportProgress({
  status,
  processedRows,
  totalRows,
}: {
  status: ImportStatus;
  processedRows: number;
  totalRows: number | null;
}) {
  const { t } = useI18n();
  const done = status === "SUCCEEDED" || status === "FAILED";
  const max = totalRows && totalRows > 0 ? totalRows : undefined;
  const text =
    totalRows !== null
      ? t("imports.progressText", { processed: processedRows, total: totalRows })
      : t("imports.progressUnknown", { processed: processedRows });
  return (
    <div className="progress-block">
      <div className="progress-head">
        <StatusBadge status={status} />
        <span id="import-progress-text" aria-live="polite">
          {text}
        </span>
      </div>
      {max !== undefined || done ? (
        <progress
          className="progress"
          max={max ?? 1}
          value={max !== undefined ? Math.min(processedRows, max) : 1}
          aria-label={t("imports.progress")}
          aria-describedby="import-progress-text"
        />
      ) : (
        <progress
          className="progress"
          aria-label={t("imports.progress")}
          aria-describedby="import-progress-text"
        />
      )}
    </div>
  );
}
