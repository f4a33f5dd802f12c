import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "urql";
import { mockClient } from "../test/mockClient";
import { renderWith } from "../test/render";
import { CompareWithIys, ReconciliationSummary, reconciliationFileName, yesterdayInIstanbul } from "./Reconciliation";
import { isSha384, normaliseHash, sha384Hex } from "../lib/files";
import { apiFailure } from "../lib/forms";
import { makeI18n } from "../i18n";
import { sessionStore } from "../auth/session";

const CSV = "creationDate,transactionId,recipient,recipientType,type,status,consentDate,source\n";

async function sha(text: string): Promise<string> {
  return (await sha384Hex(new TextEncoder().encode(text).buffer as ArrayBuffer)) ?? "";
}

const summary = (sha384: string) => ({
  day: "2026-12-02",
  rows: 0,
  sha384,
  downloadPath: "/reconciliation/QnJhbmQ6MQ==/2026-12-02.csv",
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStore.clear();
});

describe("reconciliation helpers", () => {
  it("defaults to yesterday in Istanbul, whatever the browser's zone", () => {
    // 22:30 UTC on 3 December is already 4 December in Istanbul.
    expect(yesterdayInIstanbul(new Date("2026-12-03T22:30:00Z"))).toBe("2026-12-03");
    expect(yesterdayInIstanbul(new Date("2026-12-03T20:30:00Z"))).toBe("2026-12-02");
    expect(yesterdayInIstanbul(new Date("2027-01-01T09:00:00Z"))).toBe("2026-12-31");
  });

  it("hashes bytes with SHA-384 in lowercase hex and reads pasted hashes leniently", async () => {
    const hash = await sha("abc");
    expect(hash).toBe(
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    );
    expect(isSha384(hash)).toBe(true);
    expect(normaliseHash(` ${hash.toUpperCase().slice(0, 40)}\n${hash.toUpperCase().slice(40)} `)).toBe(hash);
    expect(isSha384("abc")).toBe(false);
    expect(reconciliationFileName(700001, "2026-12-02")).toBe("mutabakat-700001-2026-12-02.csv");
  });

  it("reads a typed GraphQL error: its code and field, and the API's words", () => {
    const error = new CombinedError({
      graphQLErrors: [
        { message: "Mutabakat günü bugünden sonra olamaz.", extensions: { code: "FUTURE_DAY", field: "day" } },
      ],
    });
    expect(apiFailure(error, makeI18n("tr"))).toEqual({
      field: "day",
      error: { code: "FUTURE_DAY", message: "Mutabakat günü bugünden sonra olamaz." },
    });
    const notFound = new CombinedError({ graphQLErrors: [{ message: "x", extensions: { code: "NOT_FOUND" } }] });
    expect(apiFailure(notFound, makeI18n("tr"))?.error).toEqual({
      code: "NOT_FOUND",
      message: "Aradığınız kayıt bulunamadı.",
    });
  });
});

describe("ReconciliationSummary", () => {
  function signIn() {
    sessionStore.set({
      accessToken: "token-1",
      refreshToken: "refresh-1",
      expiresAt: Date.now() + 600_000,
      user: { id: "U1", email: "a@b.co", fullName: "Ayşe", role: "VIEWER", tenant: { id: "T1", name: "T", slug: "t" } },
    });
  }

  it("downloads with the bearer token, checks the file's SHA-384 and saves it under its name", async () => {
    signIn();
    const hash = await sha(CSV);
    const fetchMock = vi.fn().mockResolvedValue(new Response(CSV, { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    const created = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:file");
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const { client } = mockClient({});
    renderWith(
      <ReconciliationSummary summary={summary(hash)} brandName="Örnek" fileName="mutabakat-700001-2026-12-02.csv" />,
      { client },
    );
    expect(screen.getByLabelText("SHA-384 özeti")).toHaveValue(hash);
    await userEvent.click(screen.getByRole("button", { name: "CSV dosyasını indir" }));

    expect(await screen.findByText(/İndirilen dosya doğrulandı/)).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith("/reconciliation/QnJhbmQ6MQ==/2026-12-02.csv", {
      headers: { Authorization: "Bearer token-1" },
      cache: "no-store",
    });
    expect(clicked).toEqual(["mutabakat-700001-2026-12-02.csv"]);
    const blob = created.mock.calls[0]?.[0] as Blob;
    expect(await blob.text()).toBe(CSV);
  });

  it("says so when the file does not match the server's hash", async () => {
    signIn();
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response(`${CSV}extra\n`, { status: 200 })));
    vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:file");
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const { client } = mockClient({});
    renderWith(<ReconciliationSummary summary={summary(await sha(CSV))} brandName="Örnek" fileName="f.csv" />, {
      client,
    });
    await userEvent.click(screen.getByRole("button", { name: "CSV dosyasını indir" }));
    expect(await screen.findByText(/sunucunun bildirdiğinden farklı/)).toBeInTheDocument();
    expect(screen.getByTestId("recon-verification")).toHaveTextContent(await sha(`${CSV}extra\n`));
  });

  it("shows the download's refusal with its code", async () => {
    signIn();
    vi.stubGlobal(
      "fetch",
      vi.fn().mockResolvedValue(new Response(JSON.stringify({ error: { code: "NOT_FOUND" } }), { status: 404 })),
    );
    const { client } = mockClient({});
    renderWith(<ReconciliationSummary summary={summary(await sha(CSV))} brandName="Örnek" fileName="f.csv" />, {
      client,
    });
    await userEvent.click(screen.getByRole("button", { name: "CSV dosyasını indir" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Dosya indirilemedi: Aradığınız kayıt bulunamadı. (NOT_FOUND)",
    );
  });
});

describe("CompareWithIys", () => {
  it("says whether İYS's pasted hash matches, and what is wrong with a malformed one", async () => {
    const ours = await sha(CSV);
    const { client } = mockClient({});
    renderWith(<CompareHarness ours={ours} />, { client });
    const box = screen.getByLabelText("İYS'nin bildirdiği özet (hashValue)");

    await userEvent.type(box, "abc");
    expect(box).toHaveAccessibleDescription(/96 onaltılık karakterdir; yapıştırılan değer 3 karakter/);

    // The right length, but not hexadecimal: said so, not the length.
    await userEvent.clear(box);
    await userEvent.click(box);
    await userEvent.paste(`${"0".repeat(95)}g`);
    await waitFor(() => expect(box).toHaveAccessibleDescription(/yalnızca onaltılık karakterlerden .* başka karakterler var/));
    expect(box).not.toHaveAccessibleDescription(/96 karakter\./);

    await userEvent.clear(box);
    await userEvent.click(box);
    await userEvent.paste(ours.toUpperCase());
    await waitFor(() => expect(screen.getByTestId("recon-compare")).toHaveTextContent("Eşleşiyor"));

    await userEvent.clear(box);
    await userEvent.click(box);
    await userEvent.paste("0".repeat(96));
    await waitFor(() => expect(screen.getByTestId("recon-compare")).toHaveTextContent("Eşleşmiyor"));
  });
});

function CompareHarness({ ours }: { ours: string }) {
  const [value, setValue] = useState("");
  return <CompareWithIys ours={ours} value={value} onChange={setValue} />;
}
