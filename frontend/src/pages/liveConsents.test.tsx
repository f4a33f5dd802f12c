import { act, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Client, makeResult } from "urql";
import type { Exchange, Operation, OperationResult } from "urql";
import { filter, map, merge, pipe, makeSubject } from "wonka";
import type { Subject } from "wonka";
import { Consents } from "./Consents";
import { renderWith } from "../test/render";

/** Consents answered from `rows`; ConsentChanged subscriptions fed by `push`. */
function liveClient() {
  const rows: { id: string; recipient: string }[] = [];
  const queries: Operation[] = [];
  const subscriptions: Operation[] = [];
  const events: Subject<OperationResult> = makeSubject();
  const exchange: Exchange = () => (ops$) => {
    const live = pipe(
      ops$,
      filter((op) => op.kind === "subscription"),
      map((op) => {
        subscriptions.push(op);
        return op;
      }),
      filter(() => false),
    ) as unknown as ReturnType<ReturnType<Exchange>>;
    const answers = pipe(
      ops$,
      filter((op) => op.kind === "query"),
      map((op) => {
        queries.push(op);
        return makeResult(op, {
          data: {
            consents: {
              totalCount: rows.length,
              pageInfo: { hasNextPage: false, endCursor: null },
              edges: rows.map((r) => ({
                cursor: r.id,
                node: {
                  id: r.id,
                  recipient: r.recipient,
                  type: "MESAJ",
                  recipientType: "BIREYSEL",
                  status: "ONAY",
                  source: "HS_WEB",
                  consentDate: "2026-12-01T10:00:00Z",
                  creationDate: "2026-12-01T10:00:00Z",
                },
              })),
            },
          },
        });
      }),
    );
    return merge([answers, live, events.source]);
  };
  const client = new Client({ url: "http://test/graphql", exchanges: [exchange] });
  function push(source: "HS" | "IYS", brandId: string, recipient: string) {
    const op = subscriptions.find((o) => o.variables?.["source"] === source);
    if (!op) throw new Error(`no ${source} subscription`);
    events.next(
      makeResult(op, {
        data: {
          consentChanged: { consentId: "C9", brandId, recipient, type: "MESAJ", status: "ONAY" },
        },
      }),
    );
  }
  return { client, rows, queries, subscriptions, push };
}

describe("live consents", () => {
  it("subscribes for both sources, refreshes the page and says so on a change of this brand", async () => {
    const { client, rows, queries, subscriptions, push } = liveClient();
    rows.push({ id: "C1", recipient: "+905300000001" });
    renderWith(<Consents />, {
      client,
      path: "/p/P1/b/B1/consents",
      route: "/p/:providerId/b/:brandId/consents",
    });
    await screen.findByText("+905300000001");
    const sources = subscriptions.map((o) => [o.variables?.["brandId"], o.variables?.["source"]]);
    expect(sources).toEqual(expect.arrayContaining([["B1", "HS"], ["B1", "IYS"]]));
    const notice = screen.getByRole("status");
    expect(notice).toHaveAttribute("aria-live", "polite");
    expect(notice).toHaveTextContent("");

    // Another brand's change (say a late event after switching): nothing happens.
    const before = queries.length;
    act(() => push("IYS", "B2", "+905300000003"));
    await new Promise((r) => setTimeout(r, 20));
    expect(queries.length).toBe(before);
    expect(notice).toHaveTextContent("");

    rows.push({ id: "C2", recipient: "+905300000002" });
    act(() => push("HS", "B1", "+905300000002"));
    await screen.findByText("+905300000002", { selector: "a" });
    expect(queries.length).toBeGreaterThan(before);
    expect(queries.at(-1)?.context.requestPolicy).toBe("network-only");
    expect(notice).toHaveTextContent("Yeni hareket: +905300000002 · Mesaj (SMS) · Onay");
  });
});
