import type { FormattedExecutionResult, Sink, SubscribePayload } from "graphql-ws";

type Result = FormattedExecutionResult<Record<string, unknown>, Record<string, unknown>>;

/** What is used of graphql-ws's client. */
interface Socket {
  subscribe(payload: SubscribePayload, sink: Sink<Result>): () => void;
  terminate(): void;
}

/** A renewal at most this often per subscription, so a credential that keeps failing ends it. */
const MIN_RENEWAL_MS = 30_000;

function isUnauthenticated(result: Result): boolean {
  return !!result.errors?.some((e) => e.extensions?.["code"] === "UNAUTHENTICATED");
}

/**
 * A subscription that survives the end of its access token. The server checks a subscriber's
 * credential again before it pushes, and ends the subscription with UNAUTHENTICATED once the
 * token has expired (or was revoked). The socket was authorised in connection_init, so the
 * subscription is renewed on a new socket: `ws.terminate()` makes graphql-ws reconnect, which
 * sends a freshly refreshed token (`connectionParams`), and the subscription starts again.
 * Without a session (signed out, or the refresh was refused) the error reaches `sink` as usual.
 */
export function renewingSubscription(
  ws: Socket,
  payload: SubscribePayload,
  sink: Sink<Result>,
  hasSession: () => boolean,
  now: () => number = Date.now,
): () => void {
  let stop = () => {};
  let stopped = false;
  let lastRenewal = -Infinity;

  const start = () => {
    let renewing = false;
    stop = ws.subscribe(payload, {
      next(result) {
        const renewable = now() - lastRenewal >= MIN_RENEWAL_MS && hasSession();
        if (isUnauthenticated(result) && renewable) {
          renewing = true;
          return;
        }
        sink.next(result);
      },
      error: (error) => sink.error(error),
      complete() {
        if (!renewing) {
          sink.complete();
          return;
        }
        if (stopped) return;
        lastRenewal = now();
        ws.terminate();
        start();
      },
    });
  };
  start();
  return () => {
    stopped = true;
    stop();
  };
}
