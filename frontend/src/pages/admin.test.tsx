import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { graphQLError, mockClient } from "../test/mockClient";
import { renderWith } from "../test/render";
import { InviteForm, UsersTable, absoluteLink } from "./Team";
import { CreateKeyForm, RevokeButton } from "./ApiKeys";
import { SettingsForm } from "./Settings";
import { AcceptInvitation, tokenFromHash } from "./AcceptInvitation";
import { ForgotPassword, ResetPassword } from "./PasswordReset";
import { AuditTable, auditFilterFromParams, diffRows, formatValue } from "./Audit";
import { grantableRoles, mayManage, scopeFromAccess, scopeToInput } from "../components/ScopeEditor";
import { makeI18n } from "../i18n";
import { sessionStore } from "../auth/session";

const BRANDS = [
  { id: "B1", label: "Örnek Mağazaları (Örnek A.Ş.)" },
  { id: "B2", label: "Diğer (Örnek A.Ş.)" },
];

const user = (over: Record<string, unknown> = {}) => ({
  id: "U2",
  email: "mehmet@ornek.com.tr",
  fullName: "Mehmet Demir",
  role: "EDITOR",
  active: true,
  access: { brandIds: ["B1"], limited: true, types: [{ type: "MESAJ", access: "WRITE" }] },
  ...over,
});

describe("roles and scopes", () => {
  it("lets an OWNER grant every role and an ADMIN only the roles below its own", () => {
    expect(grantableRoles("OWNER")).toEqual(["OWNER", "ADMIN", "EDITOR", "VIEWER"]);
    expect(grantableRoles("ADMIN")).toEqual(["EDITOR", "VIEWER"]);
    expect(grantableRoles("OWNER", "ADMIN")).toEqual(["ADMIN", "EDITOR", "VIEWER"]);
    expect(mayManage("ADMIN", "ADMIN")).toBe(false);
    expect(mayManage("OWNER", "ADMIN")).toBe(true);
  });

  it("sends null for no limit and only the chosen rights otherwise", () => {
    const scope = scopeFromAccess({ brandIds: null, types: null });
    expect(scopeToInput(scope)).toEqual({ brandIds: null, types: null });
    const limited = scopeFromAccess({ brandIds: ["B1"], types: [{ type: "EPOSTA", access: "READ" }] });
    expect(scopeToInput(limited)).toEqual({ brandIds: ["B1"], types: [{ type: "EPOSTA", access: "READ" }] });
  });
});

describe("InviteForm", () => {
  it("invites with a brand and type scope and shows the one-time link to copy", async () => {
    const { client, calls } = mockClient({
      InviteUser: () => ({
        inviteUser: {
          __typename: "CreatedInvitation",
          link: "/accept-invitation#token=abc",
          invitation: { id: "I1", email: "mehmet@ornek.com.tr", role: "EDITOR", expiresAt: "2026-12-10T11:00:00+00:00" },
        },
      }),
    });
    renderWith(<InviteForm brands={BRANDS} actorRole="OWNER" />, { client });
    await userEvent.type(screen.getByLabelText("E-posta"), "mehmet@ornek.com.tr");
    await userEvent.selectOptions(screen.getByLabelText("Rol"), "EDITOR");
    await userEvent.click(screen.getByLabelText("Tüm markalar"));
    await userEvent.click(screen.getByLabelText("Örnek Mağazaları (Örnek A.Ş.)"));
    await userEvent.click(screen.getByLabelText("Tüm izin türleri (rolün izin verdiği ölçüde)"));
    await userEvent.selectOptions(screen.getByLabelText("Mesaj (SMS)"), "WRITE");
    await userEvent.selectOptions(screen.getByLabelText("E-posta", { selector: "select" }), "READ");
    await userEvent.click(screen.getByRole("button", { name: "Davet bağlantısı oluştur" }));

    const link = await screen.findByLabelText("Davet bağlantısı");
    expect(link).toHaveValue(`${window.location.origin}/accept-invitation#token=abc`);
    expect(link).toHaveAttribute("readonly");
    expect(screen.getByRole("button", { name: "Kopyala" })).toBeInTheDocument();
    expect(calls[0]?.variables["input"]).toEqual({
      email: "mehmet@ornek.com.tr",
      role: "EDITOR",
      brandIds: ["B1"],
      types: [
        { type: "MESAJ", access: "WRITE" },
        { type: "EPOSTA", access: "READ" },
      ],
    });
  });

  it("copies the link to the clipboard", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { client } = mockClient({
      InviteUser: () => ({
        inviteUser: {
          __typename: "CreatedInvitation",
          link: "/accept-invitation#token=abc",
          invitation: { id: "I1", email: "a@b.co", role: "VIEWER", expiresAt: "2026-12-10T11:00:00+00:00" },
        },
      }),
    });
    renderWith(<InviteForm brands={BRANDS} actorRole="ADMIN" />, { client });
    await userEvent.type(screen.getByLabelText("E-posta"), "a@b.co");
    await userEvent.click(screen.getByRole("button", { name: "Davet bağlantısı oluştur" }));
    await userEvent.click(await screen.findByRole("button", { name: "Kopyala" }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/accept-invitation#token=abc`);
    expect(await screen.findByText("Panoya kopyalandı.")).toBeInTheDocument();
  });

  it("offers an ADMIN only editor and viewer, and shows a refusal by its field", async () => {
    const { client } = mockClient({
      InviteUser: () => ({
        inviteUser: { __typename: "ValidationError", code: "EMAIL_TAKEN", message: "Bu e-posta zaten kayıtlı.", field: "email" },
      }),
    });
    renderWith(<InviteForm brands={BRANDS} actorRole="ADMIN" />, { client });
    const roles = within(screen.getByLabelText("Rol")).getAllByRole("option").map((o) => (o as HTMLOptionElement).value);
    expect(roles).toEqual(["EDITOR", "VIEWER"]);
    await userEvent.type(screen.getByLabelText("E-posta"), "a@b.co");
    await userEvent.click(screen.getByRole("button", { name: "Davet bağlantısı oluştur" }));
    const email = screen.getByLabelText("E-posta");
    await waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(email).toHaveAccessibleDescription(/EMAIL_TAKEN Bu e-posta zaten kayıtlı\./);
  });

  it("says FORBIDDEN in words", async () => {
    const { client } = mockClient({ InviteUser: () => graphQLError("FORBIDDEN", '{"raw": true}') });
    renderWith(<InviteForm brands={BRANDS} actorRole="ADMIN" />, { client });
    await userEvent.type(screen.getByLabelText("E-posta"), "a@b.co");
    await userEvent.click(screen.getByRole("button", { name: "Davet bağlantısı oluştur" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Bu işlem için yetkiniz yok.");
    expect(screen.getByRole("alert")).not.toHaveTextContent("{");
  });
});

describe("UsersTable", () => {
  const users = () => ({
    users: {
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [
        { node: user({ id: "U1", fullName: "Ayşe Yılmaz", email: "ayse@ornek.com.tr", role: "OWNER", access: { brandIds: null, types: null, limited: false } }) },
        { node: user() },
      ],
    },
  });

  it("lists scopes in words and never lets one edit oneself", async () => {
    const { client } = mockClient({ Users: users });
    renderWith(<UsersTable brands={BRANDS} actorRole="OWNER" actorId="U1" />, { client });
    const row = (await screen.findByText("Mehmet Demir")).closest("tr")!;
    expect(row).toHaveTextContent("Örnek Mağazaları (Örnek A.Ş.)");
    expect(row).toHaveTextContent("Mesaj (SMS): Okuma ve yazma");
    expect(screen.getByRole("button", { name: "Düzenle: Ayşe Yılmaz" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Düzenle: Mehmet Demir" })).toBeEnabled();
  });

  it("changes a role and deactivates a user", async () => {
    const { client, calls } = mockClient({
      Users: users,
      UpdateUser: () => ({ updateUser: { __typename: "User", ...user({ role: "VIEWER", active: false }) } }),
    });
    renderWith(<UsersTable brands={BRANDS} actorRole="OWNER" actorId="U1" />, { client });
    await userEvent.click(await screen.findByRole("button", { name: "Düzenle: Mehmet Demir" }));
    const form = screen.getByRole("form", { name: "Mehmet Demir kullanıcısını düzenle" });
    await userEvent.selectOptions(within(form).getByLabelText("Rol"), "VIEWER");
    await userEvent.click(within(form).getByLabelText("Hesap etkin"));
    await userEvent.click(within(form).getByRole("button", { name: "Kaydet" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Mehmet Demir güncellendi.");
    const update = calls.find((c) => c.name === "UpdateUser");
    expect(update?.variables["input"]).toEqual({
      id: "U2",
      role: "VIEWER",
      active: false,
      scope: { brandIds: ["B1"], types: [{ type: "MESAJ", access: "WRITE" }] },
    });
  });
});

describe("API keys", () => {
  it("shows the secret once, with a copy button", async () => {
    const { client, calls } = mockClient({
      CreateApiKey: () => ({
        createApiKey: { __typename: "CreatedApiKey", secret: "izh_secret_value_123", apiKey: { id: "K1", name: "CRM", prefix: "izh_sec" } },
      }),
    });
    const onCreated = vi.fn();
    renderWith(<CreateKeyForm brands={BRANDS} actorRole="OWNER" onCreated={onCreated} />, { client });
    const roles = within(screen.getByLabelText("Rol")).getAllByRole("option").map((o) => (o as HTMLOptionElement).value);
    expect(roles).not.toContain("OWNER");
    await userEvent.type(screen.getByLabelText("Anahtar adı"), "CRM");
    await userEvent.click(screen.getByRole("button", { name: "Anahtar oluştur" }));
    expect(await screen.findByLabelText("Gizli anahtar")).toHaveValue("izh_secret_value_123");
    expect(screen.getByText(/yalnızca şimdi gösterilir/)).toBeInTheDocument();
    expect(onCreated).toHaveBeenCalled();
    expect(calls[0]?.variables["input"]).toMatchObject({ name: "CRM", role: "EDITOR", brandIds: null, types: null, expiresAt: null });
  });

  it("asks once more before revoking", async () => {
    const { client, calls } = mockClient({
      RevokeApiKey: () => ({ revokeApiKey: { __typename: "ApiKey", id: "K1", active: false, revokedAt: "2026-12-03T10:00:00Z" } }),
    });
    const onRevoked = vi.fn();
    renderWith(<RevokeButton id="K1" name="CRM" onRevoked={onRevoked} />, { client });
    await userEvent.click(screen.getByRole("button", { name: "İptal et: CRM" }));
    expect(calls).toHaveLength(0);
    expect(screen.getByText("“CRM” anahtarı iptal edilsin mi? Bu geri alınamaz.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Evet, iptal et" }));
    await waitFor(() => expect(onRevoked).toHaveBeenCalled());
    expect(calls[0]?.variables).toEqual({ id: "K1" });
  });
});

describe("SettingsForm", () => {
  it("saves the name, language and the 3-business-day rule", async () => {
    const { client, calls } = mockClient({
      UpdateTenant: () => ({
        updateTenant: { __typename: "Tenant", id: "T", name: "Yeni Ad", slug: "ornek", language: "en", strictBusinessDays: false },
      }),
    });
    renderWith(<SettingsForm tenant={{ name: "Örnek", slug: "ornek", language: "tr", strictBusinessDays: true }} />, { client });
    await userEvent.clear(screen.getByLabelText("Kurum adı"));
    await userEvent.type(screen.getByLabelText("Kurum adı"), "Yeni Ad");
    await userEvent.selectOptions(screen.getByLabelText("Varsayılan dil"), "en");
    await userEvent.click(screen.getByLabelText("3 iş günü kuralını kesin uygula"));
    await userEvent.click(screen.getByRole("button", { name: "Kaydet" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Ayarlar kaydedildi.");
    expect(calls[0]?.variables["input"]).toEqual({ name: "Yeni Ad", language: "en", strictBusinessDays: false });
  });
});

describe("AcceptInvitation", () => {
  it("reads the token from the fragment", () => {
    expect(tokenFromHash("#token=abc%2Bdef")).toBe("abc+def");
    expect(tokenFromHash("")).toBe("");
  });

  it("sets a password and signs the new user in", async () => {
    const { client, calls } = mockClient({
      AcceptInvitation: () => ({
        acceptInvitation: {
          __typename: "AuthPayload",
          accessToken: "a",
          refreshToken: "r",
          expiresIn: 900,
          user: { id: "U2", email: "m@o.co", fullName: "Mehmet Demir", role: "EDITOR", tenant: { id: "T", name: "Örnek", slug: "ornek" } },
        },
      }),
    });
    renderWith(<AcceptInvitation />, { client, path: "/accept-invitation#token=tok" });
    await userEvent.type(screen.getByLabelText("Ad soyad"), "Mehmet Demir");
    await userEvent.type(screen.getByLabelText("Parola"), "uzun-ve-gizli-bir-parola");
    await userEvent.click(screen.getByRole("button", { name: "Daveti kabul et" }));
    await waitFor(() => expect(sessionStore.get()?.user.fullName).toBe("Mehmet Demir"));
    expect(calls[0]?.variables["input"]).toEqual({ token: "tok", password: "uzun-ve-gizli-bir-parola", fullName: "Mehmet Demir" });
    sessionStore.clear();
  });

  it("says a used link is invalid, in words", async () => {
    const { client } = mockClient({
      AcceptInvitation: () => ({
        acceptInvitation: { __typename: "AuthError", code: "INVALID_INVITATION", message: "Davet bağlantısı geçersiz.", field: null },
      }),
    });
    renderWith(<AcceptInvitation />, { client, path: "/accept-invitation#token=tok" });
    await userEvent.type(screen.getByLabelText("Ad soyad"), "M");
    await userEvent.type(screen.getByLabelText("Parola"), "uzun-ve-gizli-bir-parola");
    await userEvent.click(screen.getByRole("button", { name: "Daveti kabul et" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Davet bağlantısı geçersiz. (INVALID_INVITATION)");
  });

  it("explains a link without its token", () => {
    const { client } = mockClient({});
    renderWith(<AcceptInvitation />, { client, path: "/accept-invitation" });
    expect(screen.getByRole("alert")).toHaveTextContent("davet bağlantısı eksik");
  });
});

describe("audit trail", () => {
  it("builds the filter from the URL", () => {
    expect(auditFilterFromParams(new URLSearchParams("action=user.update&from=2026-12-01&user=U1"))).toEqual({
      action: "user.update",
      actorUserId: "U1",
      occurredFrom: "2026-12-01T00:00:00+03:00",
    });
  });

  it("lists changed fields first and writes values in words", () => {
    const rows = diffRows({ role: "EDITOR", email: "a@b.co" }, { role: "VIEWER", email: "a@b.co" });
    expect(rows.map((r) => [r.field, r.changed])).toEqual([
      ["role", true],
      ["email", false],
    ]);
    const i18n = makeI18n("tr");
    expect(formatValue(true, i18n)).toBe("Evet");
    expect(formatValue(null, i18n)).toBe("—");
    expect(formatValue(["B1", "B2"], i18n)).toBe("B1, B2");
    expect(formatValue({ brands: 1 }, i18n)).toBe("brands: 1");
  });

  it("shows who, what, from where, and the change on demand", async () => {
    const { client } = mockClient({});
    renderWith(
      <AuditTable
        events={[
          {
            id: "E1",
            at: "2026-12-03T11:00:00+00:00",
            action: "invitation.create",
            entityType: "Invitation",
            entityId: "SW52",
            before: null,
            after: { email: "mehmet@ornek.com.tr", role: "EDITOR" },
            clientAddress: "203.0.113.7",
            userAgent: "Mozilla/5.0",
            actorUser: { id: "U1", fullName: "Ayşe Yılmaz", email: "ayse@ornek.com.tr" },
            actorApiKey: null,
          },
          {
            id: "E2",
            at: "2026-12-03T11:05:00+00:00",
            action: "consent.record",
            entityType: "Consent",
            entityId: null,
            before: null,
            after: null,
            clientAddress: "198.51.100.1",
            userAgent: "",
            actorUser: null,
            actorApiKey: { id: "K1", name: "Örnek CRM", prefix: "izh_ab" },
          },
        ]}
      />,
      { client },
    );
    const rows = screen.getAllByRole("row");
    expect(rows[1]).toHaveTextContent(/3 Ara 2026.*14:00:00/);
    expect(rows[1]).toHaveTextContent("Ayşe Yılmaz");
    expect(rows[1]).toHaveTextContent("Kullanıcı davet edildi");
    expect(rows[1]).toHaveTextContent("203.0.113.7");
    expect(rows[2]).toHaveTextContent("Örnek CRM");
    expect(rows[2]).toHaveTextContent("API anahtarı");
    const show = screen.getByRole("button", { name: "Göster (2 alan)" });
    await userEvent.click(show);
    expect(show).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByText("mehmet@ornek.com.tr")).toBeInTheDocument();
  });
});

describe("absoluteLink", () => {
  it("prefixes paths with the origin and keeps full URLs", () => {
    expect(absoluteLink("/accept-invitation#token=x", "https://app.example")).toBe("https://app.example/accept-invitation#token=x");
    expect(absoluteLink("https://other/x", "https://app.example")).toBe("https://other/x");
  });
});

describe("password reset", () => {
  it("asks for a link and says the same whether or not the account exists", async () => {
    const { client, calls } = mockClient({ RequestPasswordReset: () => ({ requestPasswordReset: true }) });
    renderWith(<ForgotPassword />, { client, path: "/forgot-password" });
    await userEvent.type(screen.getByLabelText("Kurum kısa adı"), "ornek");
    await userEvent.type(screen.getByLabelText("E-posta"), "a@b.co");
    await userEvent.click(screen.getByRole("button", { name: "Bağlantı gönder" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Hesap varsa");
    expect(calls[0]?.variables["input"]).toEqual({ tenant: "ornek", email: "a@b.co" });
  });

  it("sets a new password with the token from the link, and says a used link in words", async () => {
    const { client, calls } = mockClient({
      ResetPassword: () => ({
        resetPassword: { __typename: "AuthError", code: "INVALID_RESET_TOKEN", message: "Bağlantı geçersiz.", field: null },
      }),
    });
    renderWith(<ResetPassword />, { client, path: "/reset-password#token=tok" });
    await userEvent.type(screen.getByLabelText("Yeni parola"), "uzun-ve-gizli-bir-parola");
    await userEvent.click(screen.getByRole("button", { name: "Parolayı kaydet ve giriş yap" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Bağlantı geçersiz. (INVALID_RESET_TOKEN)");
    expect(screen.getByRole("link", { name: "Yeni bir bağlantı iste" })).toHaveAttribute("href", "/forgot-password");
    expect(calls[0]?.variables["input"]).toEqual({ token: "tok", password: "uzun-ve-gizli-bir-parola" });
  });
});
