import { Client, fetchExchange, subscriptionExchange } from "urql";
import { createClient as createWsClient } from "graphql-ws";
import type { Operation, OperationResult } from "urql";
import type {
  RefreshSessionMutation as RefreshSessionData,
  RefreshSessionMutationVariables,
} from "../gql/graphql";
import { authExchange } from "@urql/exchange-auth";
import type { CombinedError } from "urql";
import { getCurrentLang } from "../i18n";
import { RefreshSessionMutation } from "../graphql/operations";
import { renewingSubscription } from "./renewingSubscription";
import { sessionFrom, sessionStore, withRefreshLock } from "./session";

/** Refresh this long before the access token really expires (clock skew, slow networks). */
const EARLY_MS = 30_000;
const PUBLIC_OPERATIONS = new Set([
  "SignUp",
  "Login",
  "RefreshSession",
  "Logout",
  "AcceptInvitation",
  "RequestPasswordReset",
  "ResetPassword",
]);

function operationName(op: Operation): string | undefined {
  for (const d of op.query.definitions) {
    if (d.kind === "OperationDefinition") return d.name?.value;
  }
  return undefined;
}

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.["code"] === "UNAUTHENTICATED");
}

type RefreshMutate = (
  variables: RefreshSessionMutationVariables,
) => Promise<OperationResult<RefreshSessionData>>;

/** Calls `refreshSession` once (under the cross-tab lock) and stores or clears the session. */
async function refreshSession(mutate: RefreshMutate): Promise<void> {
  const before = sessionStore.get();
  if (!before) return;
  await withRefreshLock(async () => {
    // Another tab may have rotated the token while we waited for the lock.
    const latest = sessionStore.reload();
    if (!latest) return;
    if (latest.refreshToken !== before.refreshToken && Date.now() < latest.expiresAt - EARLY_MS) {
      return;
    }
    const result = await mutate({ refreshToken: latest.refreshToken });
    const payload = result.data?.refreshSession;
    if (payload?.__typename === "AuthPayload") {
      sessionStore.set(sessionFrom(payload));
    } else if (payload || isUnauthenticated(result.error)) {
      sessionStore.clear();
    } else if (result.error?.networkError) {
      // Keep the session: the next request will try again once the network is back.
    } else {
      sessionStore.clear();
    }
  });
}

/**
 * The current access token for a plain fetch (file downloads), refreshed first through `client`
 * when it is about to expire, as the GraphQL requests do; null when signed out.
 */
export async function freshAccessToken(client: Client): Promise<string | null> {
  let session = sessionStore.reload();
  if (session && Date.now() > session.expiresAt - EARLY_MS) {
    await refreshSession((vars) => client.mutation(RefreshSessionMutation, vars).toPromise());
    session = sessionStore.get();
  }
  return session?.accessToken ?? null;
}

/** ws(s)://host/graphql for an http(s) or same-origin relative GraphQL URL. */
export function webSocketUrl(url: string, base = globalThis.location?.href ?? "http://localhost/"): string {
  const u = new URL(url, base);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  return u.toString();
}

/** When to move a socket to a fresh token: shortly before `expiresAt`, at the latest halfway. */
export function renewalDelay(expiresAt: number, now = Date.now()): number {
  const left = expiresAt - now;
  return Math.max(left - EARLY_MS, left / 2, 0);
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createClient(url = "/graphql"): Client {
  // Subscriptions (graphql-transport-ws on the same path). The socket opens on the first
  // subscription; every (re)connection sends the current access token, refreshed first when it
  // is about to expire, in connection_init. A subscription ended by an expired token is renewed
  // on a new connection (renewingSubscription).
  let client: Client;
  let renewal: ReturnType<typeof setTimeout> | undefined;
  const ws = createWsClient({
    url: () => webSocketUrl(url),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // A renewal before the token expires reconnects at once; real failures back off.
    retryWait: (retries) => wait(retries === 0 ? 0 : Math.min(30_000, 1000 * 2 ** retries)),
    connectionParams: async () => {
      const token = await freshAccessToken(client);
      clearTimeout(renewal);
      const session = sessionStore.get();
      if (token && session) {
        // The server stops pushing to an expired token, so the socket moves to a fresh one
        // first; graphql-ws subscribes the live subscriptions again on the new connection.
        renewal = setTimeout(() => ws.terminate(), renewalDelay(session.expiresAt));
      }
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
  client = new Client({
    url,
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ headers: { "Accept-Language": getCurrentLang() } }),
    exchanges: [
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = sessionStore.get();
          if (!session || PUBLIC_OPERATIONS.has(operationName(operation) ?? "")) return operation;
          return utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` });
        },
        willAuthError(operation) {
          const session = sessionStore.get();
          if (!session || PUBLIC_OPERATIONS.has(operationName(operation) ?? "")) return false;
          return Date.now() > session.expiresAt - EARLY_MS;
        },
        didAuthError(error) {
          return isUnauthenticated(error);
        },
        async refreshAuth() {
          await refreshSession((vars) => utils.mutate(RefreshSessionMutation, vars));
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              const unsubscribe = renewingSubscription(ws, input, sink, () => !!sessionStore.get());
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return client;
}
