/**
 * Recipients from pasted text or an uploaded list: one per line; for CSV-like lines the first
 * column. A header line (no digit and no @) is skipped, as are blank lines.
 */
export function parseRecipients(text: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const first = (line.split(/[;\t,]/)[0] ?? "").trim().replace(/^"(.*)"$/, "$1").trim();
    if (!first) return;
    if (index === 0 && !/[\d@]/.test(first)) return;
    out.push(first);
  });
  return out;
}

/** Decodes an uploaded text file: UTF-8 when valid, otherwise Windows-1254 (Turkish Excel). */
export function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1254").decode(bytes);
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
