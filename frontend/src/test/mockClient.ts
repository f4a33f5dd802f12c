import { Client, makeErrorResult, makeResult } from "urql";
import type { Exchange, Operation } from "urql";
import { delay, filter, map, pipe } from "wonka";

export type Handler = (variables: Record<string, unknown>) => unknown;

/** Return this from a handler for a GraphQL error answer (FORBIDDEN, UNAUTHENTICATED...). */
export interface GraphQLErrors {
  graphQLErrors: { message: string; extensions?: Record<string, unknown> }[];
}

export function graphQLError(code: string, message = code): GraphQLErrors {
  return { graphQLErrors: [{ message, extensions: { code } }] };
}

function nameOf(op: Operation): string {
  for (const d of op.query.definitions) {
    if (d.kind === "OperationDefinition" && d.name) return d.name.value;
  }
  return "";
}

/**
 * A real urql Client whose network is a table of operation name → handler. A handler returns
 * the `data` (or `graphQLError(...)`), or throws an Error to make a network error. Calls are
 * recorded.
 */
export function mockClient(handlers: Record<string, Handler>) {
  const calls: { name: string; variables: Record<string, unknown> }[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== "teardown"),
      map((op) => {
        const name = nameOf(op);
        const variables = (op.variables ?? {}) as Record<string, unknown>;
        calls.push({ name, variables });
        const handler = handlers[name];
        if (!handler) return makeErrorResult(op, new Error(`no mock for ${name}`));
        try {
          const out = handler(variables) as Record<string, unknown> | GraphQLErrors;
          if (out && typeof out === "object" && "graphQLErrors" in out) {
            return makeResult(op, { data: null, errors: (out as GraphQLErrors).graphQLErrors });
          }
          return makeResult(op, { data: out as Record<string, unknown> });
        } catch (e) {
          return makeErrorResult(op, e as Error);
        }
      }),
      delay(1),
    );
  const client = new Client({ url: "http://test/graphql", exchanges: [exchange] });
  return { client, calls };
}
