import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nProvider } from "../i18n";
import { Field } from "./Field";
import { ImportProgress } from "./ImportProgress";
import { Pager } from "./Pager";
import { DropZone, formatBytes } from "./DropZone";
import { scopeFromPath, brandPath } from "./brandScope";

describe("Field", () => {
  it("labels its control and ties the hint to it", () => {
    render(
      <Field label="Alıcı" hint="Telefon veya e-posta">
        <input name="recipient" />
      </Field>,
    );
    const input = screen.getByLabelText("Alıcı");
    expect(input).toHaveAccessibleDescription("Telefon veya e-posta");
    expect(input).not.toHaveAttribute("aria-invalid");
  });

  it("puts the refusal code and message next to the control", () => {
    render(
      <Field label="İzin tarihi" error={{ code: "H162", message: "İzin tarihi ileri bir tarih olamaz." }}>
        <input name="consentDate" />
      </Field>,
    );
    const input = screen.getByLabelText("İzin tarihi");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(/H162.*İzin tarihi ileri bir tarih olamaz\./);
    expect(screen.getByRole("alert")).toHaveTextContent("H162");
  });
});

describe("ImportProgress", () => {
  it("shows processed of total rows on a determinate bar", () => {
    render(
      <I18nProvider lang="tr">
        <ImportProgress status="RUNNING" processedRows={1200} totalRows={4812} />
      </I18nProvider>,
    );
    const bar = screen.getByRole("progressbar", { name: "İlerleme" });
    expect(bar).toHaveAttribute("max", "4812");
    expect(bar).toHaveAttribute("value", "1200");
    expect(screen.getByText("1.200 / 4.812 satır işlendi")).toBeInTheDocument();
    expect(screen.getByText("İşleniyor")).toBeInTheDocument();
  });

  it("is indeterminate until the row count is known", () => {
    render(
      <I18nProvider lang="en">
        <ImportProgress status="QUEUED" processedRows={0} totalRows={null} />
      </I18nProvider>,
    );
    const bar = screen.getByRole("progressbar", { name: "Progress" });
    expect(bar).not.toHaveAttribute("value");
    expect(screen.getByText("0 rows processed")).toBeInTheDocument();
  });
});

describe("Pager", () => {
  it("shows the range and pages with buttons", async () => {
    const onNext = vi.fn();
    const onPrevious = vi.fn();
    render(
      <I18nProvider lang="tr">
        <Pager
          label="İzinler"
          pageIndex={1}
          pageSize={25}
          shown={25}
          total={1234}
          hasNext
          onNext={onNext}
          onPrevious={onPrevious}
        />
      </I18nProvider>,
    );
    expect(screen.getByText("26–50 / 1.234")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Sonraki sayfa/ }));
    await userEvent.click(screen.getByRole("button", { name: /Önceki sayfa/ }));
    expect(onNext).toHaveBeenCalledOnce();
    expect(onPrevious).toHaveBeenCalledOnce();
  });

  it("disables previous on the first page and next on the last", () => {
    render(
      <I18nProvider lang="tr">
        <Pager label="x" pageIndex={0} pageSize={25} shown={3} total={3} hasNext={false} onNext={() => {}} onPrevious={() => {}} />
      </I18nProvider>,
    );
    expect(screen.getByRole("button", { name: /Önceki sayfa/ })).toBeDisabled();
    expect(screen.getByRole("button", { name: /Sonraki sayfa/ })).toBeDisabled();
  });
});

describe("DropZone", () => {
  it("is a labelled file input that the keyboard can reach", async () => {
    const onFile = vi.fn();
    render(
      <I18nProvider lang="tr">
        <DropZone onFile={onFile} label="Dosyayı buraya sürükleyin" hint="CSV veya XLSX" />
      </I18nProvider>,
    );
    const input = screen.getByLabelText(/Dosyayı buraya sürükleyin/);
    expect(input).toHaveAttribute("type", "file");
    await userEvent.tab();
    expect(input).toHaveFocus();
    const file = new File(["ALICI\n05550000001\n"], "izinler.csv", { type: "text/csv" });
    await userEvent.upload(input as HTMLInputElement, file);
    expect(onFile).toHaveBeenCalledWith(file);
  });

  it("formats sizes for the locale", () => {
    expect(formatBytes(1536, "tr-TR")).toBe("1,5 KB");
    expect(formatBytes(12, "en-GB")).toBe("12 B");
  });
});

describe("brand scope in the URL", () => {
  it("reads provider, brand and section from the path", () => {
    expect(scopeFromPath("/p/UHI6MQ/b/QnI6Mg/imports/SW06Mw")).toEqual({
      providerId: "UHI6MQ",
      brandId: "QnI6Mg",
      section: "imports",
    });
    expect(scopeFromPath("/p/UHI6MQ")).toEqual({ providerId: "UHI6MQ", brandId: null, section: null });
    expect(scopeFromPath("/providers")).toEqual({ providerId: null, brandId: null, section: null });
  });

  it("builds paths that keep the section", () => {
    expect(brandPath("P", "B", "check")).toBe("/p/P/b/B/check");
  });
});
