import { useI18n } from "../i18n";

export function StatusBadge({ status }: { status: string }) {
  const { tc } = useI18n();
  const tone = status === "ONAY" || status === "SUCCEEDED" ? "ok" : status === "RET" || status === "FAILED" ? "bad" : "info";
  const prefix = status === "ONAY" || status === "RET" ? "status" : "importStatus";
  return <span className={`badge badge-${tone}`}>{tc(prefix, status)}</span>;
}
