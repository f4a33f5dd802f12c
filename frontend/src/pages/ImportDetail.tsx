import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { useClient, useQuery } from "urql";
import type { OperationResult } from "urql";
import type { ImportJobQuery as ImportJobData } from "../gql/graphql";
import { ImportJobQuery } from "../graphql/operations";
import { useI18n } from "../i18n";
import { ErrorNotice } from "../components/ErrorNotice";
import { ImportProgress } from "../components/ImportProgress";
import { Pager, useCursorPages } from "../components/Pager";
import { brandPath } from "../components/brandScope";
import { downloadText, toCsv } from "../lib/csv";
import { describeError } from "../lib/errors";

const PAGE_SIZE = 50;
const POLL_MS = 800;

export function ImportDetail() {
  const i18n = useI18n();
  const { t, number } = i18n;
  const { providerId = "", brandId = "", jobId = "" } = useParams();
  const client = useClient();
  const pages = useCursorPages(jobId);
  const [result, refetch] = useQuery({
    query: ImportJobQuery,
    variables: { id: jobId, first: PAGE_SIZE, after: pages.after },
    requestPolicy: "network-only",
  });
  const job = result.data?.importJob;
  const running = job ? job.status === "QUEUED" || job.status === "RUNNING" : false;

  // Poll while the job runs; the counters move in the background.
  useEffect(() => {
    if (!running || result.fetching) return;
    const timer = setTimeout(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, result.fetching, result.data, result.error, refetch]);

  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  async function downloadErrors() {
    if (!job) return;
    setDownloading(true);
    setDownloadError(null);
    const rows: (string | number | null)[][] = [];
    let after: string | null = null;
    try {
      for (;;) {
        const r: OperationResult<ImportJobData> = await client
          .query(ImportJobQuery, { id: jobId, first: 500, after }, { requestPolicy: "network-only" })
          .toPromise();
        if (r.error) throw new Error(describeError(r.error, i18n));
        const errors = r.data?.importJob?.errors;
        if (!errors) break;
        for (const { node: e } of errors.edges) {
          rows.push([e.line, e.code, e.message, e.field, e.recipient]);
        }
        if (!errors.pageInfo.hasNextPage || !errors.pageInfo.endCursor) break;
        after = errors.pageInfo.endCursor;
      }
      const header = [
        t("imports.line"), t("imports.code"), t("imports.message"), t("imports.field"), t("imports.recipient"),
      ];
      const base = job.fileName.replace(/\.[^.]+$/, "");
      downloadText(`${base}-hatalar.csv`, toCsv(header, rows));
    } catch (e) {
      setDownloadError(e instanceof Error ? e.message : t("error.unknown"));
    } finally {
      setDownloading(false);
    }
  }

  const back = (
    <Link to={brandPath(providerId, brandId, "imports")} className="back-link">
      ← {t("imports.backToList")}
    </Link>
  );
  if (result.error && !job) return (<>{back}<ErrorNotice error={result.error} onRetry={() => refetch()} /></>);
  if (!result.data) return <p>{t("common.loading")}</p>;
  if (!job) return (<>{back}<p className="empty">{t("imports.notFound")}</p></>);

  const errors = job.errors;
  return (
    <section aria-labelledby="import-title">
      {back}
      <div className="page-head">
        <h1 id="import-title">{t("imports.jobTitle", { name: job.fileName })}</h1>
      </div>
      <div className="card">
        <ImportProgress status={job.status} processedRows={job.processedRows} totalRows={job.totalRows} />
        <p className="import-summary" aria-live="polite">
          {t("imports.summary", { accepted: job.acceptedRows, rejected: job.rejectedRows })}
        </p>
      </div>
      <section aria-labelledby="import-errors-title" className="section">
        <div className="page-head-row">
          <h2 id="import-errors-title">
            {t("imports.errors")} <span className="muted">({number(errors.totalCount)})</span>
          </h2>
          {errors.totalCount > 0 && (
            <button type="button" className="btn" onClick={() => void downloadErrors()} disabled={downloading}>
              {downloading ? t("common.loading") : t("common.downloadCsv")}
            </button>
          )}
        </div>
        {downloadError && <ErrorNotice message={downloadError} />}
        {errors.edges.length === 0 ? (
          <p className="empty">{t("imports.errorsEmpty")}</p>
        ) : (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="import-errors-title">
              <table className="table" data-testid="import-errors">
                <thead>
                  <tr>
                    <th scope="col" className="num">{t("imports.line")}</th>
                    <th scope="col">{t("imports.code")}</th>
                    <th scope="col">{t("imports.message")}</th>
                    <th scope="col">{t("imports.field")}</th>
                    <th scope="col">{t("imports.recipient")}</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.edges.map(({ node: e }, i) => (
                    <tr key={`${e.line}-${e.code}-${i}`}>
                      <td className="num">{e.line}</td>
                      <td>
                        <span className="code-badge">{e.code}</span>
                      </td>
                      <td>{e.message}</td>
                      <td className="mono small">{e.field ?? t("common.none")}</td>
                      <td className="mono small break">{e.recipient ?? t("common.none")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              label={t("imports.errors")}
              pageIndex={pages.pageIndex}
              pageSize={PAGE_SIZE}
              shown={errors.edges.length}
              total={errors.totalCount}
              hasNext={errors.pageInfo.hasNextPage}
              onPrevious={pages.previous}
              onNext={() => pages.next(errors.pageInfo.endCursor)}
            />
          </>
        )}
      </section>
    </section>
  );
}
