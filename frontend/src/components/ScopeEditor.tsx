import { useId } from "react";
import type { ConsentAccess, ConsentType, Role } from "../gql/graphql";
import { useI18n } from "../i18n";
import type { I18n } from "../i18n";
import { CONSENT_TYPES } from "../lib/enums";

export interface BrandChoice {
  id: string;
  label: string;
}

export type TypeRight = "NONE" | ConsentAccess;

/** A brand and consent-type scope as the form edits it. */
export interface ScopeValue {
  allBrands: boolean;
  brandIds: string[];
  allTypes: boolean;
  types: Record<ConsentType, TypeRight>;
}

export interface AccessLike {
  brandIds: readonly string[] | null;
  types: readonly { type: ConsentType; access: ConsentAccess }[] | null;
}

export const ROLES: Role[] = ["OWNER", "ADMIN", "EDITOR", "VIEWER"];
const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2, OWNER: 3 };

/** The roles `actor` may hand out: an OWNER every role, anyone else only roles below its own. */
export function grantableRoles(actor: Role, max: Role = "OWNER"): Role[] {
  return ROLES.filter(
    (r) => RANK[r] <= RANK[max] && (actor === "OWNER" || RANK[r] < RANK[actor]),
  );
}

/** May `actor` change a user holding `target`? (Same rule as the API's.) */
export function mayManage(actor: Role, target: Role): boolean {
  return actor === "OWNER" || RANK[target] < RANK[actor];
}

export const isAdmin = (role: Role | undefined) => role === "OWNER" || role === "ADMIN";

export function emptyScope(): ScopeValue {
  return {
    allBrands: true,
    brandIds: [],
    allTypes: true,
    // What unticking "all types" starts from: nothing, until a right is chosen per type.
    types: { MESAJ: "NONE", ARAMA: "NONE", EPOSTA: "NONE" },
  };
}

export function scopeFromAccess(access: AccessLike): ScopeValue {
  const types = { MESAJ: "NONE", ARAMA: "NONE", EPOSTA: "NONE" } as Record<ConsentType, TypeRight>;
  for (const t of access.types ?? []) types[t.type] = t.access;
  return {
    allBrands: access.brandIds === null,
    brandIds: [...(access.brandIds ?? [])],
    allTypes: access.types === null,
    types: access.types === null ? emptyScope().types : types,
  };
}

/** The API's input: null means "no limit". */
export function scopeToInput(scope: ScopeValue): {
  brandIds: string[] | null;
  types: { type: ConsentType; access: ConsentAccess }[] | null;
} {
  return {
    brandIds: scope.allBrands ? null : scope.brandIds,
    types: scope.allTypes
      ? null
      : CONSENT_TYPES.flatMap((type) => {
          const right = scope.types[type];
          return right === "NONE" ? [] : [{ type, access: right }];
        }),
  };
}

/** One line each for brands and types, for tables. */
export function describeScope(
  access: AccessLike,
  brands: readonly BrandChoice[],
  i18n: Pick<I18n, "t" | "tc">,
): { brands: string; types: string } {
  const { t, tc } = i18n;
  const names = (access.brandIds ?? []).map(
    (id) => brands.find((b) => b.id === id)?.label ?? t("scope.unknownBrand"),
  );
  return {
    brands: access.brandIds === null ? t("scope.allBrands") : names.length ? names.join(", ") : t("scope.noBrands"),
    types:
      access.types === null
        ? t("scope.allTypes")
        : access.types.length === 0
          ? t("scope.noTypes")
          : access.types.map((x) => `${tc("type", x.type)}: ${tc("access", x.access)}`).join(", "),
  };
}

/** Brands and, per consent type, read or write: the limits İYS gives its partners. */
export function ScopeEditor({
  value,
  onChange,
  brands,
}: {
  value: ScopeValue;
  onChange: (next: ScopeValue) => void;
  brands: readonly BrandChoice[];
}) {
  const { t, tc } = useI18n();
  const id = useId();
  const toggleBrand = (brandId: string, on: boolean) =>
    onChange({
      ...value,
      brandIds: on ? [...value.brandIds, brandId] : value.brandIds.filter((b) => b !== brandId),
    });
  return (
    <div className="scope-editor">
      <fieldset className="fieldset">
        <legend>{t("scope.brands")}</legend>
        <div className="checkbox-field">
          <input
            type="checkbox"
            id={`${id}-all-brands`}
            checked={value.allBrands}
            onChange={(e) => onChange({ ...value, allBrands: e.target.checked })}
          />
          <label htmlFor={`${id}-all-brands`}>{t("scope.allBrands")}</label>
        </div>
        {!value.allBrands && (
          <ul className="check-list">
            {brands.length === 0 && <li className="muted small">{t("scope.noBrandsYet")}</li>}
            {brands.map((b) => (
              <li key={b.id} className="checkbox-field">
                <input
                  type="checkbox"
                  id={`${id}-brand-${b.id}`}
                  checked={value.brandIds.includes(b.id)}
                  onChange={(e) => toggleBrand(b.id, e.target.checked)}
                />
                <label htmlFor={`${id}-brand-${b.id}`}>{b.label}</label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t("scope.types")}</legend>
        <div className="checkbox-field">
          <input
            type="checkbox"
            id={`${id}-all-types`}
            checked={value.allTypes}
            onChange={(e) => onChange({ ...value, allTypes: e.target.checked })}
          />
          <label htmlFor={`${id}-all-types`}>{t("scope.allTypesRole")}</label>
        </div>
        {!value.allTypes && (
          <div className="form-row">
            {CONSENT_TYPES.map((type) => (
              <div className="field" key={type}>
                <label className="field-label" htmlFor={`${id}-type-${type}`}>
                  {tc("type", type)}
                </label>
                <select
                  id={`${id}-type-${type}`}
                  value={value.types[type]}
                  onChange={(e) =>
                    onChange({ ...value, types: { ...value.types, [type]: e.target.value as TypeRight } })
                  }
                >
                  <option value="NONE">{t("access.NONE")}</option>
                  <option value="READ">{t("access.READ")}</option>
                  <option value="WRITE">{t("access.WRITE")}</option>
                </select>
              </div>
            ))}
          </div>
        )}
      </fieldset>
    </div>
  );
}
