/** Offers `content` to the user as a file download, exactly as given (no BOM, no re-encoding). */
export function saveBytes(
  fileName: string,
  content: ArrayBuffer | string,
  type = "text/csv;charset=utf-8",
): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * SHA-384 of `bytes` in lowercase hex, as İYS writes hashValue; null where the browser offers no
 * SubtleCrypto (a page served over plain http from another host than localhost).
 */
export async function sha384Hex(bytes: ArrayBuffer): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest("SHA-384", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A pasted hash made comparable: spaces and line breaks dropped, lower case. */
export function normaliseHash(text: string): string {
  return text.replace(/\s+/g, "").toLowerCase();
}

/** True for 96 hex characters: the shape of a SHA-384. */
export const isSha384 = (hash: string) => /^[0-9a-f]{96}$/.test(hash);
