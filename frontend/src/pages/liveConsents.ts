import { useCallback, useEffect, useRef, useState } from "react";
import { useSubscription } from "urql";
import { ConsentChangedSubscription } from "../graphql/operations";
import type { ConsentChangedSubscription as ConsentChangedData } from "../gql/graphql";

export type LiveChange = ConsentChangedData["consentChanged"];

/**
 * Every movement of the brand, live: one subscription per change source (HS: sent by the
 * tenant, IYS: made by recipients), so the operator sees all of them. For each change of
 * `brandId`, `onChange` runs (refresh the visible page) and the last change is returned for the
 * notice. Changes of another brand (a late event after switching) are ignored.
 */
export function useLiveConsentChanges(
  brandId: string,
  onChange: (change: LiveChange) => void,
): LiveChange | null {
  const [last, setLast] = useState<LiveChange | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => setLast(null), [brandId]);

  const handle = useCallback(
    (_prev: unknown, data: ConsentChangedData) => {
      const change = data.consentChanged;
      if (change.brandId === brandId) {
        setLast(change);
        onChangeRef.current(change);
      }
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
