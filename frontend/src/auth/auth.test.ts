import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "./client";
import { sessionFrom, sessionStore } from "./session";
import { DashboardQuery } from "../graphql/operations";

const user = {
  id: "VXNlcjox",
  email: "ayse@ornek.com.tr",
  fullName: "Ayşe Yılmaz",
  role: "OWNER" as const,
  tenant: { id: "VGVuYW50OjE", name: "Çiçek Ajans", slug: "cicek-ajans" },
};
const brands = { brands: { totalCount: 0, edges: [] } };

interface Sent {
  operationName: string;
  authorization: string | null;
  language: string | null;
  variables: Record<string, unknown>;
}

function fakeServer(answer: (sent: Sent) => unknown) {
  const sent: Sent[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      const body = JSON.parse(String(init.body)) as {
        operationName: string;
        variables: Record<string, unknown>;
      };
      const s: Sent = {
        operationName: body.operationName,
        authorization: headers.get("authorization"),
        language: headers.get("accept-language"),
        variables: body.variables,
      };
      sent.push(s);
      return new Response(JSON.stringify(answer(s)), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }),
  );
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStore.clear();
});

describe("the API client", () => {
  it("sends the access token and the language", async () => {
    sessionStore.set(sessionFrom({ accessToken: "A1", refreshToken: "R1", expiresIn: 900, user }));
    const sent = fakeServer(() => ({ data: brands }));
    const r = await createClient("http://test/graphql").query(DashboardQuery, {}).toPromise();
    expect(r.error).toBeUndefined();
    expect(sent[0]).toMatchObject({ operationName: "Dashboard", authorization: "Bearer A1", language: "tr" });
  });

  it("rotates the refresh token before using an expired access token", async () => {
    sessionStore.set({ ...sessionFrom({ accessToken: "A1", refreshToken: "R1", expiresIn: 900, user }), expiresAt: 0 });
    const sent = fakeServer((s) =>
      s.operationName === "RefreshSession"
        ? { data: { refreshSession: { __typename: "AuthPayload", accessToken: "A2", refreshToken: "R2", expiresIn: 900, user } } }
        : { data: brands },
    );
    const r = await createClient("http://test/graphql").query(DashboardQuery, {}).toPromise();
    expect(r.data).toEqual(brands);
    expect(sent.map((s) => s.operationName)).toEqual(["RefreshSession", "Dashboard"]);
    expect(sent[0]?.authorization).toBeNull();
    expect(sent[0]?.variables).toEqual({ refreshToken: "R1" });
    expect(sent[1]?.authorization).toBe("Bearer A2");
    expect(sessionStore.get()?.refreshToken).toBe("R2");
  });

  it("refreshes and retries once when the server says UNAUTHENTICATED", async () => {
    sessionStore.set(sessionFrom({ accessToken: "OLD", refreshToken: "R1", expiresIn: 900, user }));
    const sent = fakeServer((s) => {
      if (s.operationName === "RefreshSession") {
        return { data: { refreshSession: { __typename: "AuthPayload", accessToken: "NEW", refreshToken: "R2", expiresIn: 900, user } } };
      }
      return s.authorization === "Bearer NEW"
        ? { data: brands }
        : { data: null, errors: [{ message: "Not signed in", extensions: { code: "UNAUTHENTICATED" } }] };
    });
    const r = await createClient("http://test/graphql").query(DashboardQuery, {}).toPromise();
    expect(r.data).toEqual(brands);
    expect(sent.map((s) => s.operationName)).toEqual(["Dashboard", "RefreshSession", "Dashboard"]);
  });

  it("signs out when the refresh token is refused", async () => {
    sessionStore.set({ ...sessionFrom({ accessToken: "A1", refreshToken: "R1", expiresIn: 900, user }), expiresAt: 0 });
    fakeServer((s) =>
      s.operationName === "RefreshSession"
        ? { data: { refreshSession: { __typename: "AuthError", code: "INVALID_TOKEN", message: "x" } } }
        : { data: null, errors: [{ message: "Not signed in", extensions: { code: "UNAUTHENTICATED" } }] },
    );
    await createClient("http://test/graphql").query(DashboardQuery, {}).toPromise();
    expect(sessionStore.get()).toBeNull();
  });
});
