import { useCallback, useEffect, useRef, useState } from "react";
import { useSubscription } from "urql";
import { ConsentChangedSubscription } from "../graphql/operations";
import type { ConsentChangedSubscription as ConsentChangedData } from "../gql/graphql";

export type LiveChange = ConsentChangedData["consentChanged"];

/** Events gathered since the last flush: how many, and the latest. */
export interface Batch<T> {
  count: number;
  latest: T;
}

/** The changes since the last refresh (the latest is named in the notice). */
export type LiveBatch = Batch<LiveChange>;

/** At most one refresh per this many milliseconds, however fast the movements come. */
export const LIVE_REFRESH_INTERVAL_MS = 2000;

export interface Coalescer<T> {
  push: (item: T) => void;
  cancel: () => void;
}

/**
 * Throttles a stream of events into batches: the first event after a quiet interval is flushed
 * at once; later ones are gathered and flushed together `intervalMs` after the previous flush
 * (trailing, so the last event is always flushed). An import of thousands of rows thus costs one
 * refresh (and one announcement) every `intervalMs`, not one per row.
 */
export function createCoalescer<T>(
  flush: (batch: Batch<T>) => void,
  intervalMs: number,
  now: () => number = () => Date.now(),
): Coalescer<T> {
  let count = 0;
  let latest: T | undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = Number.NEGATIVE_INFINITY;

  function run() {
    timer = null;
    if (count === 0) return;
    const batch: Batch<T> = { count, latest: latest as T };
    count = 0;
    latest = undefined;
    lastFlush = now();
    flush(batch);
  }

  return {
    push(item) {
      count += 1;
      latest = item;
      if (timer !== null) return;
      const wait = lastFlush + intervalMs - now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      count = 0;
      latest = undefined;
    },
  };
}

/**
 * Every movement of the brand, live: one subscription per change source (HS: sent by the
 * tenant, IYS: made by recipients), so the operator sees all of them. Changes of `brandId` are
 * coalesced (`createCoalescer`): `onRefresh` runs at most once per `intervalMs` (refresh the
 * visible page), and the batch it covers is returned for the notice. Changes of another brand (a
 * late event after switching) are ignored.
 */
export function useLiveConsentChanges(
  brandId: string,
  onRefresh: (batch: LiveBatch) => void,
  intervalMs: number = LIVE_REFRESH_INTERVAL_MS,
): LiveBatch | null {
  const [last, setLast] = useState<LiveBatch | null>(null);
  const onRefreshRef = useRef(onRefresh);
  useEffect(() => {
    onRefreshRef.current = onRefresh;
  });

  const coalescer = useRef<Coalescer<LiveChange> | null>(null);
  useEffect(() => {
    setLast(null);
    const c = createCoalescer<LiveChange>((batch) => {
      setLast(batch);
      onRefreshRef.current(batch);
    }, intervalMs);
    coalescer.current = c;
    return () => {
      c.cancel();
      if (coalescer.current === c) coalescer.current = null;
    };
  }, [brandId, intervalMs]);

  const handle = useCallback(
    (_prev: unknown, data: ConsentChangedData) => {
      const change = data.consentChanged;
      if (change.brandId === brandId) coalescer.current?.push(change);
      return data;
    },
    [brandId],
  );
  useSubscription(
    { query: ConsentChangedSubscription, variables: { brandId, source: "HS" }, pause: !brandId },
    handle,
  );
  useSubscription(
    { query: ConsentChangedSubscription, variables: { brandId, source: "IYS" }, pause: !brandId },
    handle,
  );
  return last;
}
