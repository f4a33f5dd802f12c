import { useCallback, useState } from "react";
import { useI18n } from "../i18n";

/** Previous / next for cursor pagination, with "21–40 of 135". */
export function Pager({
  pageIndex,
  pageSize,
  shown,
  total,
  hasNext,
  onPrevious,
  onNext,
  label,
}: {
  pageIndex: number;
  pageSize: number;
  shown: number;
  total: number | null | undefined;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  label: string;
}) {
  const { t, number } = useI18n();
  const from = shown === 0 ? 0 : pageIndex * pageSize + 1;
  const to = pageIndex * pageSize + shown;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="btn" onClick={onPrevious} disabled={pageIndex === 0}>
        ← {t("common.previous")}
      </button>
      <span className="pager-status" aria-live="polite">
        {t("common.pageOf", { from: number(from), to: number(to), total: number(total ?? to) })}
      </span>
      <button type="button" className="btn" onClick={onNext} disabled={!hasNext}>
        {t("common.next")} →
      </button>
    </nav>
  );
}

/** State for cursor pagination: a stack of the `after` cursors of the pages seen so far. */

export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({
    key: resetKey,
    cursors: [null],
  });
  const cursors = state.key === resetKey ? state.cursors : [null];
  const pageIndex = cursors.length - 1;
  const after = cursors[pageIndex] ?? null;
  const next = useCallback(
    (endCursor: string | null | undefined) => {
      if (!endCursor) return;
      setState({ key: resetKey, cursors: [...cursors, endCursor] });
    },
    [cursors, resetKey],
  );
  const previous = useCallback(() => {
    if (cursors.length > 1) setState({ key: resetKey, cursors: cursors.slice(0, -1) });
  }, [cursors, resetKey]);
  return { pageIndex, after, next, previous };
}
