import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { ImportConsentsMutation, ImportJobsQuery } from "../graphql/operations";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { DropZone, formatBytes } from "../components/DropZone";
import { StatusBadge } from "../components/StatusBadge";
import { Pager, useCursorPages } from "../components/Pager";
import { brandPath } from "../components/brandScope";

const PAGE_SIZE = 20;
const ACCEPT = ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function Imports() {
  const { t, locale } = useI18n();
  const { providerId = "", brandId = "" } = useParams();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [upload, importConsents] = useMutation(ImportConsentsMutation);

  async function send(chosen: File) {
    setFile(chosen);
    setFailure(null);
    const r = await importConsents({ brandId, file: chosen });
    const payload = r.data?.importConsents;
    if (payload?.__typename === "ImportJob") {
      navigate(brandPath(providerId, brandId, "imports", `/${encodeURIComponent(payload.id)}`));
    } else if (payload) {
      setFailure(`${payload.message} (${payload.code})`);
    }
  }

  return (
    <section aria-labelledby="imports-title">
      <div className="page-head">
        <h1 id="imports-title">{t("imports.title")}</h1>
        <p className="muted">{t("imports.intro")}</p>
      </div>
      <div className="card">
        <DropZone
          onFile={(f) => void send(f)}
          accept={ACCEPT}
          disabled={upload.fetching}
          label={t("imports.drop")}
          hint={t("imports.accepted")}
        />
        {file && (
          <p className="small" aria-live="polite">
            {upload.fetching
              ? t("imports.uploading", { name: file.name })
              : t("imports.selected", { name: file.name, size: formatBytes(file.size, locale) })}
          </p>
        )}
        {failure && <ErrorNotice message={failure} />}
        <ErrorNotice error={upload.error} />
      </div>
      <ImportList providerId={providerId} brandId={brandId} />
    </section>
  );
}

export function ImportList({ providerId, brandId }: { providerId: string; brandId: string }) {
  const { t, number, dateTime } = useI18n();
  const pages = useCursorPages(brandId);
  const [result, refetch] = useQuery({
    query: ImportJobsQuery,
    variables: { brandId, first: PAGE_SIZE, after: pages.after },
    requestPolicy: "network-only",
  });
  const data = result.data?.importJobs;
  // While a job of this page runs, its counters move: poll.
  const running = data?.edges.some(({ node }) => node.status === "QUEUED" || node.status === "RUNNING");
  useEffect(() => {
    if (!running || result.fetching) return;
    const timer = setTimeout(() => refetch({ requestPolicy: "network-only" }), 1500);
    return () => clearTimeout(timer);
  }, [running, result.fetching, result.data, refetch]);
  return (
    <section aria-labelledby="import-list-title" className="section">
      <h2 id="import-list-title">{t("imports.list")}</h2>
      {result.error && (
        <ErrorNotice message={t("imports.listUnavailable")} onRetry={() => refetch()} />
      )}
      {data && data.edges.length === 0 && <p className="empty">{t("imports.listEmpty")}</p>}
      {data && data.edges.length > 0 && (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="import-list-title">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("imports.file")}</th>
                  <th scope="col">{t("imports.status")}</th>
                  <th scope="col" className="num">{t("imports.rows")}</th>
                  <th scope="col" className="num">{t("imports.acceptedRows")}</th>
                  <th scope="col" className="num">{t("imports.rejectedRows")}</th>
                  <th scope="col">{t("imports.created")}</th>
                  <th scope="col">{t("imports.finished")}</th>
                </tr>
              </thead>
              <tbody>
                {data.edges.map(({ node: j }) => (
                  <tr key={j.id}>
                    <td>
                      <Link to={brandPath(providerId, brandId, "imports", `/${encodeURIComponent(j.id)}`)}>
                        {j.fileName}
                      </Link>
                    </td>
                    <td>
                      <StatusBadge status={j.status} />
                    </td>
                    <td className="num">{number(j.totalRows ?? j.processedRows)}</td>
                    <td className="num">{number(j.acceptedRows)}</td>
                    <td className="num">{number(j.rejectedRows)}</td>
                    <td className="nowrap">{dateTime(j.createdAt)}</td>
                    <td className="nowrap">{dateTime(j.finishedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={t("imports.list")}
            pageIndex={pages.pageIndex}
            pageSize={PAGE_SIZE}
            shown={data.edges.length}
            total={data.totalCount}
            hasNext={data.pageInfo.hasNextPage}
            onPrevious={pages.previous}
            onNext={() => pages.next(data.pageInfo.endCursor)}
          />
        </>
      )}
    </section>
  );
}
