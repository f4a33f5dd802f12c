import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { en } from "./en";
import { tr } from "./tr";
import type { Catalogue, MessageKey } from "./tr";
import { TIME_ZONE } from "../lib/dates";

export type Lang = "tr" | "en";
export type { MessageKey };

const CATALOGUES: Record<Lang, Catalogue> = { tr, en };
const LOCALES: Record<Lang, string> = { tr: "tr-TR", en: "en-GB" };
const STORAGE_KEY = "izinhub.lang";

/** The language the API client sends as Accept-Language; kept outside React for the client. */
let currentLang: Lang = "tr";
export const getCurrentLang = (): Lang => currentLang;

export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "tr";
  } catch {
    return "tr";
  }
}

export type Vars = Record<string, string | number>;

/**
 * `{count, plural, one {# webhook} other {# webhooks}}` (the ICU form, one level, no nesting):
 * the branch for the number by the language's plural rules (`=N` first), `#` the number.
 */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

function plurals(lang: Lang, template: string, vars: Vars): string {
  if (!template.includes(", plural,")) return template;
  const rules = new Intl.PluralRules(LOCALES[lang]);
  const nf = new Intl.NumberFormat(LOCALES[lang]);
  return template.replace(PLURAL, (whole, name: string, body: string) => {
    const v = vars[name];
    const n = typeof v === "number" ? v : Number(v);
    if (v === undefined || Number.isNaN(n)) return whole;
    const branches = new Map([...body.matchAll(PLURAL_BRANCH)].map((m) => [m[1] ?? "", m[2] ?? ""]));
    const text = branches.get(`=${n}`) ?? branches.get(rules.select(n)) ?? branches.get("other") ?? "";
    return text.replace(/#/g, nf.format(n));
  });
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const template = CATALOGUES[lang][key] ?? tr[key] ?? key;
  if (!vars) return template;
  return plurals(lang, template, vars).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? new Intl.NumberFormat(LOCALES[lang]).format(v) : v;
  });
}

/** True when `key` is in the catalogue: for codes the server may extend (reasons, sources). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(tr, key);
}

export interface I18n {
  lang: Lang;
  locale: string;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A catalogue entry for a dynamic code, or the code itself when the catalogue lacks it. */
  tc: (prefix: string, code: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  number: (n: number | null | undefined) => string;
  percent: (ratio: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void = () => {}): I18n {
  const locale = LOCALES[lang];
  const dtf = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: TIME_ZONE,
  });
  const nf = new Intl.NumberFormat(locale);
  const pf = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  return {
    lang,
    locale,
    setLang,
    t: (key, vars) => translate(lang, key, vars),
    tc: (prefix, code) => {
      if (!code) return translate(lang, "common.none");
      const key = `${prefix}.${code}`;
      return hasKey(key) ? translate(lang, key) : code;
    },
    dateTime: (iso) => {
      if (!iso) return translate(lang, "common.none");
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dtf.format(d);
    },
    number: (n) => (n === null || n === undefined ? translate(lang, "common.none") : nf.format(n)),
    percent: (ratio) => pf.format(ratio),
  };
}

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => fixed ?? initialLang());
  currentLang = lang;
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
