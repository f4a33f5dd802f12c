import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { mockClient } from "../test/mockClient";
import { renderWith } from "../test/render";
import { ImportDetail } from "./ImportDetail";

function job(call: number) {
  const processed = Math.min(call * 100, 300);
  const done = processed === 300;
  return {
    importJob: {
      id: "SW1wb3J0Sm9iOjE",
      fileName: "izinler.csv",
      status: done ? "SUCCEEDED" : "RUNNING",
      totalRows: 300,
      processedRows: processed,
      acceptedRows: processed - 2,
      rejectedRows: done ? 2 : 0,
      createdAt: "2026-12-03T11:00:00+00:00",
      finishedAt: done ? "2026-12-03T11:00:05+00:00" : null,
      errors: {
        totalCount: done ? 2 : 0,
        pageInfo: { hasNextPage: false, endCursor: null },
        edges: done
          ? [
              { node: { line: 6, code: "H162", message: "İzin tarihi ileri bir tarih olamaz.", field: "consentDate", recipient: "05550000004" } },
              { node: { line: 11, code: "H120", message: "Geçersiz e-posta adresi.", field: "recipient", recipient: "ali@@example" } },
            ]
          : [],
      },
    },
  };
}

describe("ImportDetail", () => {
  it("polls while the job runs, then shows the rejected rows", async () => {
    let calls = 0;
    // React's development mode runs the first query twice: count from the second call.
    const { client } = mockClient({ ImportJob: () => job(Math.max(1, ++calls - 1)) });
    renderWith(<ImportDetail />, {
      client,
      path: "/p/P/b/B/imports/SW1wb3J0Sm9iOjE",
      route: "/p/:providerId/b/:brandId/imports/:jobId",
    });
    expect(await screen.findByText("100 / 300 satır işlendi")).toBeInTheDocument();
    expect(await screen.findByText("200 / 300 satır işlendi", {}, { timeout: 3000 })).toBeInTheDocument();
    expect(await screen.findByText("Tamamlandı", {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("value", "300");
    expect(screen.getByText("298 satır kabul edildi, 2 satır reddedildi.")).toBeInTheDocument();
    const rows = within(screen.getByTestId("import-errors")).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual(["6", "11"]);
    expect(screen.getByRole("button", { name: "CSV olarak indir" })).toBeEnabled();
    const seen = calls;
    await new Promise((r) => setTimeout(r, 1200));
    expect(calls).toBe(seen); // finished: no more polling
  });

  it("says so when the job does not exist", async () => {
    const { client } = mockClient({ ImportJob: () => ({ importJob: null }) });
    renderWith(<ImportDetail />, {
      client,
      path: "/p/P/b/B/imports/x",
      route: "/p/:providerId/b/:brandId/imports/:jobId",
    });
    expect(await screen.findByText("Bu yükleme bulunamadı.")).toBeInTheDocument();
  });
});
