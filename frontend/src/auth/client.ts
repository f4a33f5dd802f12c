import { Client, fetchExchange } from "urql";
import type { Operation } from "urql";
import { authExchange } from "@urql/exchange-auth";
import type { CombinedError } from "urql";
import { getCurrentLang } from "../i18n";
import { RefreshSessionMutation } from "../graphql/operations";
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

export function createClient(url = "/graphql"): Client {
  return new Client({
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
          const before = sessionStore.get();
          if (!before) return;
          await withRefreshLock(async () => {
            // Another tab may have rotated the token while we waited for the lock.
            const latest = sessionStore.reload();
            if (!latest) return;
            if (
              latest.refreshToken !== before.refreshToken &&
              Date.now() < latest.expiresAt - EARLY_MS
            ) {
              return;
            }
            const result = await utils.mutate(RefreshSessionMutation, {
              refreshToken: latest.refreshToken,
            });
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
        },
      })),
      fetchExchange,
    ],
  });
}
