// Everything the user reads or types is Europe/Istanbul time; the API speaks UTC with offsets.
export const TIME_ZONE = "Europe/Istanbul";

/** Turkey has kept UTC+03:00 all year since 2016. */
const ISTANBUL_OFFSET = "+03:00";

const pad = (n: number) => String(n).padStart(2, "0");

/** Wall-clock parts of an instant in Istanbul. */
function istanbulParts(date: Date): Record<string, string> {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const out: Record<string, string> = {};
  for (const p of parts) out[p.type] = p.value;
  return out;
}

/** Value for an <input type="datetime-local"> showing `date` in Istanbul time: YYYY-MM-DDTHH:mm. */
export function toIstanbulInputValue(date: Date): string {
  const p = istanbulParts(date);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Value for an <input type="date"> (today in Istanbul by default). */
export function istanbulDateInputValue(date: Date): string {
  const p = istanbulParts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * A datetime-local value (Istanbul wall clock) as İYS's `YYYY-MM-DD HH:mm:ss`, which the API reads
 * as Europe/Istanbul time. Returns null for an empty or malformed value.
 */
export function inputToIysDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? "00"}`;
}

/** An <input type="date"> value as an ISO instant at the start (or end) of that Istanbul day. */
export function dayToIso(value: string, edge: "start" | "end"): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return edge === "start"
    ? `${value}T00:00:00${ISTANBUL_OFFSET}`
    : `${value}T23:59:59.999${ISTANBUL_OFFSET}`;
}

export function nowIstanbulInputValue(): string {
  return toIstanbulInputValue(new Date());
}

export { pad };
