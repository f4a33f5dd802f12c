import { describe, expect, it } from "vitest";
import { en } from "./en";
import { tr } from "./tr";
import { makeI18n, translate } from ".";

/** The variables a message uses: `{name}` and ICU plurals `{name, plural, …}`. */
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();

describe("message catalogues", () => {
  it("have exactly the same keys in Turkish and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(tr).sort());
  });

  it("have no empty messages and the same placeholders in both languages", () => {
    for (const key of Object.keys(tr) as (keyof typeof tr)[]) {
      expect(tr[key].trim(), key).not.toBe("");
      expect(en[key].trim(), key).not.toBe("");
      expect(placeholders(en[key]), key).toEqual(placeholders(tr[key]));
    }
  });

  it("interpolate variables and format numbers for the language", () => {
    expect(translate("tr", "consents.count", { count: 12345 })).toBe("12.345 izin");
    expect(translate("en", "consents.count", { count: 12345 })).toBe("12,345 consents");
  });

  it("choose the English plural by the count (Turkish nouns do not change)", () => {
    expect(translate("en", "webhooks.count", { count: 1 })).toBe("1 webhook");
    expect(translate("en", "webhooks.count", { count: 0 })).toBe("0 webhooks");
    expect(translate("en", "consents.count", { count: 1 })).toBe("1 consent");
    expect(translate("en", "imports.summary", { accepted: 1, rejected: 2 })).toBe("1 row accepted, 2 rows rejected.");
    expect(translate("en", "chart.heading", { days: 30 })).toBe("Movements per day (last 30 days)");
    expect(translate("tr", "webhooks.count", { count: 1 })).toBe("1 web kancası");
  });

  it("write English counts through the plural form, never as a bare '{count} nouns'", () => {
    for (const [key, text] of Object.entries(en)) {
      expect(text, key).not.toMatch(/\{(count|total|processed|accepted|rejected|allowed|days|approvals|rejections)\} [a-z]+s\b/);
    }
  });
});

describe("formatting", () => {
  it("shows instants in Istanbul time whatever the browser's zone", () => {
    const tr = makeI18n("tr");
    // 11:00 UTC is 14:00 in Istanbul.
    expect(tr.dateTime("2026-12-03T11:00:00+00:00")).toMatch(/3 Ara 2026.*14:00:00/);
    expect(makeI18n("en").dateTime("2026-12-03T11:00:00+00:00")).toMatch(/3 Dec 2026.*14:00:00/);
  });

  it("shows a dash for missing values and falls back to the code for unknown ones", () => {
    const i = makeI18n("tr");
    expect(i.dateTime(null)).toBe("—");
    expect(i.number(undefined)).toBe("—");
    expect(i.tc("reason", "NO_CONSENT")).toBe("İzin kaydı yok");
    expect(i.tc("reason", "SOMETHING_NEW")).toBe("SOMETHING_NEW");
    expect(i.percent(0.875)).toMatch(/87,5/);
  });
});
