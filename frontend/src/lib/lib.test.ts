import { describe, expect, it } from "vitest";
import { CombinedError } from "urql";
import { GraphQLError } from "graphql";
import { toCsv } from "./csv";
import { dayToIso, inputToIysDate, toIstanbulInputValue } from "./dates";
import { describeError, fieldKey } from "./errors";
import { chunk, decodeText, parseRecipients } from "./recipients";
import { makeI18n } from "../i18n";

describe("parseRecipients", () => {
  it("reads one recipient per line, the first CSV column, and skips a header", () => {
    const text = "\uFEFFALICI;İZİN TÜRÜ\n0555 000 00 01;MESAJ\n\n  ali@example.com , x\r\n+90 (555) 000-0002\n";
    expect(parseRecipients(text)).toEqual(["0555 000 00 01", "ali@example.com", "+90 (555) 000-0002"]);
  });

  it("keeps a first line that is a recipient", () => {
    expect(parseRecipients("05550000001\n05550000002")).toEqual(["05550000001", "05550000002"]);
  });

  it("chunks long lists", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe("decodeText", () => {
  it("reads UTF-8, and Windows-1254 when the bytes are not UTF-8", () => {
    expect(decodeText(new TextEncoder().encode("ALICI;İZİN").buffer as ArrayBuffer)).toBe("ALICI;İZİN");
    // "İZİN" in Windows-1254: İ = 0xDD.
    const cp1254 = new Uint8Array([0xdd, 0x5a, 0xdd, 0x4e]);
    expect(decodeText(cp1254.buffer)).toBe("İZİN");
  });
});

describe("toCsv", () => {
  it("quotes separators and quotes, starts with a BOM, ends lines with CRLF", () => {
    const csv = toCsv(["a", "b"], [["x,y", 'say "hi"'], [null, 3]]);
    expect(csv).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n,3\r\n');
  });

  it("defuses formulas but keeps phone numbers as they are", () => {
    const csv = toCsv(["v"], [["=HYPERLINK(1)"], ["+905550000001"], ["@SUM(A1)"]]);
    expect(csv.split("\r\n").slice(1, 4)).toEqual(["'=HYPERLINK(1)", "+905550000001", "'@SUM(A1)"]);
  });
});

describe("dates", () => {
  it("turns a datetime-local value into İYS's Istanbul format", () => {
    expect(inputToIysDate("2026-12-03T14:05")).toBe("2026-12-03 14:05:00");
    expect(inputToIysDate("2026-12-03T14:05:09")).toBe("2026-12-03 14:05:09");
    expect(inputToIysDate("")).toBeNull();
  });

  it("bounds a filter day in Istanbul time", () => {
    expect(dayToIso("2026-12-03", "start")).toBe("2026-12-03T00:00:00+03:00");
    expect(dayToIso("2026-12-03", "end")).toBe("2026-12-03T23:59:59.999+03:00");
    expect(dayToIso("03.12.2026", "start")).toBeNull();
  });

  it("fills the form with Istanbul's wall clock", () => {
    expect(toIstanbulInputValue(new Date("2026-12-03T21:30:00Z"))).toBe("2026-12-04T00:30");
  });
});

describe("describeError", () => {
  const i18n = makeI18n("tr");
  const gql = (message: string, code?: string) =>
    new CombinedError({
      graphQLErrors: [new GraphQLError(message, { extensions: code ? { code } : {} })],
    });

  it("speaks for masked and auth errors in the user's language", () => {
    expect(describeError(gql("Internal server error", "INTERNAL"), i18n)).toMatch(/beklenmeyen/);
    expect(describeError(gql("x", "UNAUTHENTICATED"), i18n)).toMatch(/yeniden giriş/);
    expect(describeError(gql("x", "FORBIDDEN"), i18n)).toMatch(/yetkiniz yok/);
  });

  it("shows the API's own message with its code, never JSON", () => {
    expect(describeError(gql("Sayfa boyutu en fazla 500.", "INVALID_PAGE_SIZE"), i18n)).toBe(
      "Sayfa boyutu en fazla 500. (INVALID_PAGE_SIZE)",
    );
    expect(describeError(gql('{"raw": true}'), i18n)).toBe("Beklenmeyen bir hata oluştu.");
  });

  it("explains network failures", () => {
    expect(describeError(new CombinedError({ networkError: new Error("Failed to fetch") }), i18n)).toMatch(
      /Sunucuya ulaşılamadı/,
    );
  });

  it("maps server field paths to form fields", () => {
    expect(fieldKey("input.tin")).toBe("tin");
    expect(fieldKey("consentDate")).toBe("consentdate");
    expect(fieldKey(null)).toBeNull();
  });
});
