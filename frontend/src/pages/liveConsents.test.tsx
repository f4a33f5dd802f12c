import { act, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Client, makeResult } from "urql";
import type { Exchange, Operation, OperationResult } from "urql";
import { filter, map, merge, pipe, makeSubject } from "wonka";
import type { Subject } from "wonka";
import { Consents } from "./Consents";
import { createCoalescer } from "./liveConsents";
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
  function push(source: "HS" | "IYS", brandId: string, recipient: string, status = "ONAY") {
    const op = subscriptions.find((o) => o.variables?.["source"] === source);
    if (!op) throw new Error(`no ${source} subscription`);
    events.next(
      makeResult(op, {
        data: {
          consentChanged: { consentId: "C9", brandId, recipient, type: "MESAJ", status },
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

describe("createCoalescer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("flushes the first event at once, then at most one batch per interval, always the last one", () => {
    vi.useFakeTimers();
    const batches: { count: number; latest: number }[] = [];
    const c = createCoalescer<number>((b) => batches.push(b), 2000);

    c.push(1);
    expect(batches).toEqual([{ count: 1, latest: 1 }]);

    // A burst: nothing more until two seconds after the last flush, then one batch.
    for (let i = 2; i <= 13; i += 1) {
      c.push(i);
      vi.advanceTimersByTime(100);
    }
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(800);
    expect(batches).toEqual([
      { count: 1, latest: 1 },
      { count: 12, latest: 13 },
    ]);

    // A steady stream of 3,000 events over 15 s: one flush per 2 s (8 here), none lost.
    batches.length = 0;
    for (let i = 0; i < 3000; i += 1) {
      c.push(i);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(2000);
    expect(batches.length).toBeLessThanOrEqual(8);
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(3000);
    expect(batches.at(-1)?.latest).toBe(2999);

    // Quiet for longer than the interval: the next event goes out at once again.
    vi.advanceTimersByTime(5000);
    batches.length = 0;
    c.push(42);
    expect(batches).toEqual([{ count: 1, latest: 42 }]);
  });

  it("drops what is pending when cancelled (the brand changed, the page closed)", () => {
    vi.useFakeTimers();
    const batches: unknown[] = [];
    const c = createCoalescer<number>((b) => batches.push(b), 2000);
    c.push(1);
    c.push(2);
    c.cancel();
    vi.advanceTimersByTime(5000);
    expect(batches).toHaveLength(1);
  });
});

describe("live consents under an import", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("re-reads the page at most once per two seconds and announces one summary per re-read", async () => {
    const { client, rows, queries, push } = liveClient();
    rows.push({ id: "C1", recipient: "+905300000001" });
    renderWith(<Consents />, {
      client,
      path: "/p/P1/b/B1/consents",
      route: "/p/:providerId/b/:brandId/consents",
    });
    await screen.findByText("+905300000001");
    vi.useFakeTimers();
    const notice = screen.getByRole("status");
    const before = queries.length;

    // The first movement is shown at once.
    rows.push({ id: "C2", recipient: "+905300000002" });
    act(() => push("HS", "B1", "+905300000002"));
    expect(queries.length).toBe(before + 1);
    expect(notice).toHaveTextContent("Yeni hareket: +905300000002 · Mesaj (SMS) · Onay");

    // Then 12 more within a second: no query, no new announcement, until the interval is over.
    for (let i = 3; i <= 14; i += 1) {
      const recipient = `+9053000000${String(i).padStart(2, "0")}`;
      rows.push({ id: `C${i}`, recipient });
      act(() => {
        push(i % 2 ? "IYS" : "HS", "B1", recipient, i === 14 ? "RET" : "ONAY");
        vi.advanceTimersByTime(80);
      });
    }
    expect(queries.length).toBe(before + 1);
    expect(notice).toHaveTextContent("Yeni hareket: +905300000002");

    act(() => {
      vi.advanceTimersByTime(1100);
    });
    expect(queries.length).toBe(before + 2);
    expect(queries.at(-1)?.context.requestPolicy).toBe("network-only");
    expect(notice).toHaveTextContent("12 yeni hareket; sonuncusu: +905300000014 · Mesaj (SMS) · Ret");
    expect(screen.getByText("+905300000014", { selector: "a" })).toBeInTheDocument();

    // Nothing more came: no more queries.
    act(() => {
      vi.advanceTimersByTime(10000);
    });
    expect(queries.length).toBe(before + 2);
  });
});
