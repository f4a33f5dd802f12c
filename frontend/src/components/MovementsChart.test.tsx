import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nProvider } from "../i18n";
import { MovementsChart, fillDays, niceMax } from "./MovementsChart";

describe("fillDays", () => {
  it("returns every day of the window, zero where the API has none", () => {
    const days = fillDays([{ day: "2026-12-02", approvals: 3, rejections: 1 }], "2026-12-03", 3);
    expect(days).toEqual([
      { day: "2026-12-01", approvals: 0, rejections: 0 },
      { day: "2026-12-02", approvals: 3, rejections: 1 },
      { day: "2026-12-03", approvals: 0, rejections: 0 },
    ]);
  });

  it("crosses month ends", () => {
    expect(fillDays([], "2026-03-01", 2).map((d) => d.day)).toEqual(["2026-02-28", "2026-03-01"]);
  });
});

describe("niceMax", () => {
  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(3)).toBe(5);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(12)).toBe(20);
    expect(niceMax(4812)).toBe(5000);
  });
});

describe("MovementsChart", () => {
  const data = fillDays(
    [
      { day: "2026-12-01", approvals: 12, rejections: 2 },
      { day: "2026-12-03", approvals: 5, rejections: 0 },
    ],
    "2026-12-03",
    30,
  );

  it("draws a bar pair per day and describes the totals to screen readers", () => {
    render(
      <I18nProvider lang="tr">
        <MovementsChart data={data} title="Örnek: son 30 gün" />
      </I18nProvider>,
    );
    const chart = screen.getByRole("img", { name: /Örnek: son 30 gün/ });
    expect(chart).toHaveAccessibleName(/17 onay ve 2 ret/);
    expect(chart.querySelectorAll("rect.bar-ok")).toHaveLength(30);
    expect(chart.querySelectorAll("rect.bar-bad")).toHaveLength(30);
    // No inline styles anywhere (strict CSP).
    expect(chart.querySelector("[style]")).toBeNull();
  });

  it("offers the same numbers as a table", async () => {
    render(
      <I18nProvider lang="en">
        <MovementsChart data={data} title="Example" />
      </I18nProvider>,
    );
    await userEvent.click(screen.getByText("Show as a table"));
    const table = screen.getByRole("table", { name: "Example" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(31);
    expect(rows[28]).toHaveTextContent(/1 Dec\s*12\s*2/);
  });
});
