import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { graphQLError, mockClient } from "../test/mockClient";
import { renderWith } from "../test/render";
import { AddressStep, CodeStep, ConsentList, RecipientPortal, portalError } from "./RecipientPortal";
import { makeI18n } from "../i18n";

const consent = (over: Record<string, unknown> = {}) => ({
  id: "RC1",
  brandName: "Örnek Mağazaları",
  providerTitle: "Örnek A.Ş.",
  type: "MESAJ",
  recipientType: "BIREYSEL",
  status: "ONAY",
  source: "HS_WEB",
  consentDate: "2026-12-01T10:00:00+00:00",
  ...over,
});
const SESSION = { token: "tok", address: "+905551234567", expiresAt: "2099-01-01T00:00:00Z" };

describe("portal errors", () => {
  it("says İYS's limits in words, in both languages", () => {
    const tr = makeI18n("tr");
    expect(portalError({ code: "CODE_RECENTLY_SENT", message: "x" }, tr)).toMatch(/3 dakika bekleyin/);
    expect(portalError({ code: "CODE_EXPIRED", message: "x" }, tr)).toMatch(/süresi doldu/);
    expect(portalError({ code: "TOO_MANY_ATTEMPTS", message: "x" }, makeI18n("en"))).toMatch(/Too many attempts/);
    expect(portalError({ code: "SOMETHING_NEW", message: "Sunucunun sözü" }, tr)).toBe("Sunucunun sözü");
  });
});

describe("AddressStep", () => {
  it("asks for a code and moves on", async () => {
    const onSent = vi.fn();
    const { client, calls } = mockClient({
      RequestRecipientCode: () => ({
        requestRecipientCode: { __typename: "RecipientCodeSent", address: "+905551234567", expiresAt: "2026-12-03T11:15:00Z" },
      }),
    });
    renderWith(<AddressStep onSent={onSent} />, { client });
    await userEvent.type(screen.getByLabelText("Cep telefonu numarası veya e-posta adresi"), "0555 123 45 67");
    await userEvent.click(screen.getByRole("button", { name: "Doğrulama kodu gönder" }));
    await waitFor(() => expect(onSent).toHaveBeenCalledWith({ address: "+905551234567", expiresAt: "2026-12-03T11:15:00Z" }));
    expect(calls[0]?.variables).toEqual({ address: "0555 123 45 67" });
  });

  it("shows 'wait 3 minutes' next to the address", async () => {
    const { client } = mockClient({
      RequestRecipientCode: () => ({
        requestRecipientCode: { __typename: "ValidationError", code: "CODE_RECENTLY_SENT", message: "Wait", field: "address" },
      }),
    });
    renderWith(<AddressStep onSent={() => {}} />, { client });
    const input = screen.getByLabelText("Cep telefonu numarası veya e-posta adresi");
    await userEvent.type(input, "a@b.co");
    await userEvent.click(screen.getByRole("button", { name: "Doğrulama kodu gönder" }));
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "true"));
    expect(input).toHaveAccessibleDescription(/CODE_RECENTLY_SENT .*3 dakika bekleyin/);
  });
});

describe("CodeStep", () => {
  it("says a wrong or expired code in words", async () => {
    const { client } = mockClient({
      VerifyRecipientCode: () => ({
        verifyRecipientCode: { __typename: "ValidationError", code: "CODE_EXPIRED", message: "x", field: "code" },
      }),
    });
    renderWith(<CodeStep address="+905551234567" expiresAt="2026-12-03T11:15:00Z" onVerified={() => {}} onBack={() => {}} />, { client });
    expect(screen.getByText(/\+905551234567 adresine bir doğrulama kodu gönderdik/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Doğrulama kodu"), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Doğrula" }));
    expect(await screen.findByText(/Kodun süresi doldu ya da 3 kez hatalı girildi/)).toBeInTheDocument();
  });

  it("hands over the recipient session", async () => {
    const onVerified = vi.fn();
    const { client } = mockClient({
      VerifyRecipientCode: () => ({ verifyRecipientCode: { __typename: "RecipientSession", ...SESSION } }),
    });
    renderWith(<CodeStep address="+905551234567" expiresAt="2026-12-03T11:15:00Z" onVerified={onVerified} onBack={() => {}} />, { client });
    await userEvent.type(screen.getByLabelText("Doğrulama kodu"), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Doğrula" }));
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(SESSION));
  });
});

describe("ConsentList", () => {
  it("rejects one brand's consent", async () => {
    const { client, calls } = mockClient({
      RecipientConsents: () => ({ recipientConsents: [consent(), consent({ id: "RC2", type: "ARAMA" })] }),
      RejectRecipientConsent: () => ({
        rejectRecipientConsent: {
          __typename: "RecipientRejection",
          rejected: 1,
          consents: [consent({ status: "RET", source: "IYS_WEB" }), consent({ id: "RC2", type: "ARAMA" })],
        },
      }),
    });
    renderWith(<ConsentList session={SESSION} onExpired={() => {}} onSignOut={() => {}} />, { client });
    await userEvent.click(await screen.findByRole("button", { name: "Örnek Mağazaları markasının Mesaj (SMS) iznini reddet" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Örnek Mağazaları markasının Mesaj (SMS) izni reddedildi.");
    expect(calls.find((c) => c.name === "RejectRecipientConsent")?.variables).toEqual({ consentId: "RC1" });
    const items = within(screen.getByTestId("recipient-consents")).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Ret");
    expect(within(items[0]!).queryByRole("button", { name: /iznini reddet/ })).toBeNull();
  });

  it("rejects a whole channel after asking once more", async () => {
    const { client, calls } = mockClient({
      RecipientConsents: () => ({ recipientConsents: [consent({ type: "EPOSTA" })] }),
      RejectRecipientChannel: () => ({
        rejectRecipientChannel: { rejected: 1, consents: [consent({ type: "EPOSTA", status: "RET" })] },
      }),
    });
    renderWith(<ConsentList session={SESSION} onExpired={() => {}} onSignOut={() => {}} />, { client });
    await userEvent.click(await screen.findByRole("button", { name: "Tüm E-posta izinlerimi reddet" }));
    expect(calls.some((c) => c.name === "RejectRecipientChannel")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Evet, hepsini reddet" }));
    expect(await screen.findByRole("status")).toHaveTextContent("E-posta kanalında 1 izin reddedildi.");
    expect(calls.find((c) => c.name === "RejectRecipientChannel")?.variables).toEqual({ type: "EPOSTA" });
  });

  it("goes back to the start when the recipient token has expired", async () => {
    const onExpired = vi.fn();
    const { client } = mockClient({ RecipientConsents: () => graphQLError("UNAUTHENTICATED") });
    renderWith(<ConsentList session={SESSION} onExpired={onExpired} onSignOut={() => {}} />, { client });
    await waitFor(() => expect(onExpired).toHaveBeenCalled());
  });
});

describe("RecipientPortal", () => {
  it("walks from the address to the brands, in English too", async () => {
    const { client } = mockClient({
      RequestRecipientCode: () => ({
        requestRecipientCode: { __typename: "RecipientCodeSent", address: "ali@example.com", expiresAt: "2026-12-03T11:15:00Z" },
      }),
      VerifyRecipientCode: () => ({
        verifyRecipientCode: { __typename: "RecipientSession", ...SESSION, address: "ali@example.com" },
      }),
      RecipientConsents: () => ({ recipientConsents: [consent({ type: "EPOSTA" })] }),
    });
    renderWith(<RecipientPortal client={client} />, { client, lang: "en" });
    await userEvent.type(screen.getByLabelText("Mobile phone number or e-mail address"), "ali@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Send a verification code" }));
    await userEvent.type(await screen.findByLabelText("Verification code"), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByText("Verified address: ali@example.com")).toBeInTheDocument();
    expect(await screen.findByText("Örnek Mağazaları")).toBeInTheDocument();
    expect(JSON.parse(sessionStorage.getItem("izinhub.recipient") ?? "{}").token).toBe("tok");
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(sessionStorage.getItem("izinhub.recipient")).toBeNull();
  });
});

describe("ComplaintStep", () => {
  it("files a complaint about a brand's message", async () => {
    const { client, calls } = mockClient({
      RecipientConsents: () => ({ recipientConsents: [consent({ status: "RET" })] }),
      FileRecipientComplaint: () => ({
        fileRecipientComplaint: { __typename: "RecipientComplaintFiled", filedAt: "2026-12-03T12:00:00Z", status: "OPEN" },
      }),
    });
    renderWith(<ConsentList session={SESSION} onExpired={() => {}} onSignOut={() => {}} />, { client });
    await userEvent.click(await screen.findByRole("button", { name: "Örnek Mağazaları markasının Mesaj (SMS) iletisini şikâyet et" }));
    const form = screen.getByRole("form", { name: "Örnek Mağazaları markasından gelen ileti için şikâyet" });
    await userEvent.type(within(form).getByLabelText("İletinin içeriği"), "Yine kampanya geldi");
    await userEvent.click(within(form).getByRole("button", { name: "Şikâyeti gönder" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Şikâyetiniz Örnek Mağazaları markasının şirketine iletildi");
    const call = calls.find((c) => c.name === "FileRecipientComplaint");
    expect(call?.variables["input"]).toMatchObject({ consentId: "RC1", type: "MESAJ", content: "Yine kampanya geldi" });
    expect(call?.variables["screenshot"]).toBeNull();
  });

  it("says a refusal in words", async () => {
    const { client } = mockClient({
      RecipientConsents: () => ({ recipientConsents: [consent()] }),
      FileRecipientComplaint: () => ({
        fileRecipientComplaint: { __typename: "ValidationError", code: "MESSAGE_IN_FUTURE", message: "İletinin geldiği an gelecekte olamaz.", field: "messageAt" },
      }),
    });
    renderWith(<ConsentList session={SESSION} onExpired={() => {}} onSignOut={() => {}} />, { client });
    await userEvent.click(await screen.findByRole("button", { name: /iletisini şikâyet et/ }));
    await userEvent.type(screen.getByLabelText("İletinin içeriği"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Şikâyeti gönder" }));
    const at = screen.getByLabelText("İletinin geldiği an");
    await waitFor(() => expect(at).toHaveAttribute("aria-invalid", "true"));
    expect(at).toHaveAccessibleDescription(/MESSAGE_IN_FUTURE İletinin geldiği an gelecekte olamaz\./);
  });
});
