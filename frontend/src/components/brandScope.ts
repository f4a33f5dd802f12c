import { matchPath } from "react-router";

/** Brand-scoped sections; each lives at /p/:providerId/b/:brandId/<section>. */
export const BRAND_SECTIONS = ["consents", "record", "imports", "check"] as const;
export type BrandSection = (typeof BRAND_SECTIONS)[number];

export interface Scope {
  providerId: string | null;
  brandId: string | null;
  section: BrandSection | null;
}

export function scopeFromPath(pathname: string): Scope {
  const withBrand = matchPath("/p/:providerId/b/:brandId/:section/*", pathname) ??
    matchPath("/p/:providerId/b/:brandId", pathname);
  if (withBrand) {
    const section = (withBrand.params as { section?: string }).section;
    return {
      providerId: withBrand.params.providerId ?? null,
      brandId: withBrand.params.brandId ?? null,
      section: (BRAND_SECTIONS as readonly string[]).includes(section ?? "")
        ? (section as BrandSection)
        : null,
    };
  }
  const providerOnly = matchPath("/p/:providerId/*", pathname);
  return { providerId: providerOnly?.params.providerId ?? null, brandId: null, section: null };
}

export function brandPath(
  providerId: string,
  brandId: string,
  section: BrandSection = "consents",
  rest = "",
): string {
  return `/p/${encodeURIComponent(providerId)}/b/${encodeURIComponent(brandId)}/${section}${rest}`;
}

const LAST_BRAND = "izinhub.lastBrand";

export function rememberBrand(providerId: string, brandId: string): void {
  try {
    localStorage.setItem(LAST_BRAND, JSON.stringify({ providerId, brandId }));
  } catch {
    /* ignore */
  }
}

export function lastBrand(): { providerId: string; brandId: string } | null {
  try {
    const v = JSON.parse(localStorage.getItem(LAST_BRAND) ?? "null") as unknown;
    if (v && typeof v === "object" && "providerId" in v && "brandId" in v) {
      return v as { providerId: string; brandId: string };
    }
  } catch {
    /* ignore */
  }
  return null;
}
