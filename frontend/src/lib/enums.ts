import type { ConsentSource, ConsentStatus, ConsentType, Informational, RecipientType } from "../gql/graphql";

export const CONSENT_TYPES: ConsentType[] = ["MESAJ", "ARAMA", "EPOSTA"];
export const CONSENT_STATUSES: ConsentStatus[] = ["ONAY", "RET"];
export const RECIPIENT_TYPES: RecipientType[] = ["BIREYSEL", "TACIR"];
/** Messages that need no consent (a complaint about one is EXEMPT). */
export const INFORMATIONAL: Informational[] = ["INVOICE", "DELIVERY", "SUBSCRIPTION", "OTHER"];
/** What a tenant's user may send (IYS_* sources are set by the system). */
export const HS_SOURCES: ConsentSource[] = [
  "HS_WEB", "HS_MOBIL", "HS_FIZIKSEL_ORTAM", "HS_ISLAK_IMZA", "HS_EORTAM", "HS_CAGRI_MERKEZI",
  "HS_MESAJ", "HS_EPOSTA", "HS_SOSYAL_MEDYA", "HS_ETKINLIK", "HS_ATM", "HS_KARAR", "HS_2015",
];
export const ALL_SOURCES: ConsentSource[] = [
  ...HS_SOURCES,
  "IYS_KISAMESAJ", "IYS_CM", "IYS_WEB", "IYS_WEB_YENI", "IYS_MOBIL", "IYS_EPOSTA",
  "IYS_AHS_HAT_KAPATMA", "IYS_FRAME_EPOSTA", "IYS_FRAME_SMS",
];

export function oneOf<T extends string>(values: readonly T[], v: string | null): T | null {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : null;
}
