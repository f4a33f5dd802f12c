import { saveBytes } from "./files";

/** RFC 4180 CSV with a BOM so that Excel opens Turkish letters correctly. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? "" : String(v);
    // A leading =, +, - or @ would make a spreadsheet evaluate the cell (CSV injection).
    const safe = /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d[\d\s().-]*$/.test(s) ? `'${s}` : s;
    return /[",;\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [header, ...rows].map((r) => r.map(cell).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/** Offers `text` to the user as a file download. */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8"): void {
  saveBytes(fileName, text, type);
}
