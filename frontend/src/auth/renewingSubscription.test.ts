import { describe, expect, it } from "vitest";
import type { FormattedExecutionResult, Sink, SubscribePayload } from "graphql-ws";

type Result = FormattedExecutionResult<Record<string, unknown>, Record<string, unknown>>;
import { renewingSubscription } from "./renewingSubscription";
import { renewalDelay } from "./client";

const payload: SubscribePayload = { query: "subscription { consentChanged(brandId: 1) { id } }" };
const unauthenticated: Result = {
  errors: [{ message: "sign in", extensions: { code: "UNAUTHENTICATED" } }],
} as unknown as Result;
const change: Result = { data: { consentChanged: { id: "1" } } };

/** A graphql-ws client stand-in: records each subscription's sink and every terminate(). */
function fakeSocket() {
  const sinks: Sink<Result>[] = [];
  const fake = {
    sinks,
    terminated: 0,
    subscribe(_payload: SubscribePayload, sink: Sink<Result>) {
      sinks.push(sink);
      return () => {};
    },
    terminate() {
      fake.terminated += 1;
    },
  };
  return fake;
}

function recorder() {
  const seen: string[] = [];
  const sink: Sink<Result> = {
    next: (r) => seen.push(r.errors ? `error:${String(r.errors[0]?.extensions?.["code"])}` : "data"),
    error: () => seen.push("failed"),
    complete: () => seen.push("complete"),
  };
  return { seen, sink };
}

describe("renewingSubscription", () => {
  it("renews on a new connection when the token ran out while signed in", () => {
    const ws = fakeSocket();
    const { seen, sink } = recorder();
    renewingSubscription(ws, payload, sink, () => true, () => 100_000);
    ws.sinks[0]!.next(change);
    ws.sinks[0]!.next(unauthenticated);
    ws.sinks[0]!.complete();
    ws.sinks[1]!.next(change);
    expect(ws.terminated).toBe(1);
    expect(ws.sinks).toHaveLength(2);
    expect(seen).toEqual(["data", "data"]);
  });

  it("passes the error on when there is no session to renew with", () => {
    const ws = fakeSocket();
    const { seen, sink } = recorder();
    renewingSubscription(ws, payload, sink, () => false);
    ws.sinks[0]!.next(unauthenticated);
    ws.sinks[0]!.complete();
    expect(ws.terminated).toBe(0);
    expect(seen).toEqual(["error:UNAUTHENTICATED", "complete"]);
  });

  it("gives up when the renewed subscription is refused again at once", () => {
    const ws = fakeSocket();
    const { seen, sink } = recorder();
    let now = 100_000;
    renewingSubscription(ws, payload, sink, () => true, () => now);
    ws.sinks[0]!.next(unauthenticated);
    ws.sinks[0]!.complete();
    now += 1_000;
    ws.sinks[1]!.next(unauthenticated);
    ws.sinks[1]!.complete();
    expect(ws.terminated).toBe(1);
    expect(seen).toEqual(["error:UNAUTHENTICATED", "complete"]);
  });

  it("does not renew a subscription its caller has stopped", () => {
    const ws = fakeSocket();
    const { seen, sink } = recorder();
    const stop = renewingSubscription(ws, payload, sink, () => true, () => 100_000);
    ws.sinks[0]!.next(unauthenticated);
    stop();
    ws.sinks[0]!.complete();
    expect(ws.terminated).toBe(0);
    expect(ws.sinks).toHaveLength(1);
    expect(seen).toEqual([]);
  });
});

describe("renewalDelay", () => {
  it("renews half a minute before a long token expires", () => {
    expect(renewalDelay(15 * 60_000, 0)).toBe(15 * 60_000 - 30_000);
  });
  it("renews halfway through a short token, never in the past", () => {
    expect(renewalDelay(12_000, 0)).toBe(6_000);
    expect(renewalDelay(1_000, 5_000)).toBe(0);
  });
});
