import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockClient } from "../test/mockClient";
import { renderWith } from "../test/render";
import { RecordConsentForm } from "./RecordConsent";
import { ProviderForm } from "./Providers";
import { SendCheckForm } from "./SendCheck";
import { SignIn, safeNext } from "./SignIn";
import { filterFromParams } from "./Consents";
import { AuthProvider } from "../auth/AuthProvider";
import { sessionStore } from "../auth/session";

const BRAND = "QnJhbmQ6MQ";

describe("RecordConsentForm", () => {
  it("shows İYS's refusal code and message next to the field it names", async () => {
    const { client, calls } = mockClient({
      RecordConsent: () => ({
        recordConsent: {
          __typename: "ConsentRejected",
          code: "H162",
          message: "İzin tarihi ileri bir tarih olamaz.",
          field: "consentDate",
        },
      }),
    });
    renderWith(<RecordConsentForm providerId="P" brandId={BRAND} />, { client });
    await userEvent.type(screen.getByLabelText("Alıcı"), "0555 000 00 01");
    await userEvent.click(screen.getByRole("button", { name: "İzni kaydet" }));

    const date = await screen.findByLabelText("İzin tarihi");
    await waitFor(() => expect(date).toHaveAttribute("aria-invalid", "true"));
    expect(date).toHaveAccessibleDescription(/H162 İzin tarihi ileri bir tarih olamaz\./);
    expect(screen.getByLabelText("Alıcı")).not.toHaveAttribute("aria-invalid");

    const input = calls[0]?.variables["input"] as Record<string, unknown>;
    expect(input["brandId"]).toBe(BRAND);
    expect(input["recipient"]).toBe("0555 000 00 01");
    expect(input["type"]).toBe("MESAJ");
    expect(input["consentDate"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it("shows a refusal without a field above the form", async () => {
    const { client } = mockClient({
      RecordConsent: () => ({
        recordConsent: {
          __typename: "ConsentRejected",
          code: "H175",
          message: "İlk defa kaydedilen bir iznin durum bilgisi RET olmamalıdır",
          field: null,
        },
      }),
    });
    renderWith(<RecordConsentForm providerId="P" brandId={BRAND} />, { client });
    await userEvent.type(screen.getByLabelText("Alıcı"), "05550000001");
    await userEvent.click(screen.getByRole("button", { name: "İzni kaydet" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("İYS bu kaydı kabul etmedi");
    expect(alert).toHaveTextContent("H175");
  });

  it("confirms a recorded consent", async () => {
    const { client } = mockClient({
      RecordConsent: () => ({
        recordConsent: {
          __typename: "Consent",
          id: "Q29uc2VudDox",
          recipient: "+905550000001",
          status: "ONAY",
          type: "MESAJ",
          transactionId: "a".repeat(64),
        },
      }),
    });
    renderWith(<RecordConsentForm providerId="P" brandId={BRAND} />, { client });
    await userEvent.type(screen.getByLabelText("Alıcı"), "05550000001");
    await userEvent.click(screen.getByRole("button", { name: "İzni kaydet" }));
    expect(await screen.findByRole("status")).toHaveTextContent("İzin kaydedildi: +905550000001 · Onay");
  });

  it("offers only HS_* sources", () => {
    const { client } = mockClient({});
    renderWith(<RecordConsentForm providerId="P" brandId={BRAND} />, { client });
    const options = within(screen.getByLabelText("Kaynak")).getAllByRole("option");
    const values = options.map((o) => (o as HTMLOptionElement).value).filter(Boolean);
    expect(values.length).toBeGreaterThan(5);
    expect(values.every((v) => v.startsWith("HS_"))).toBe(true);
  });

  it("speaks English when switched", () => {
    const { client } = mockClient({});
    renderWith(<RecordConsentForm providerId="P" brandId={BRAND} />, { client, lang: "en" });
    expect(screen.getByRole("heading", { name: "Record a consent" })).toBeInTheDocument();
    expect(screen.getByLabelText("Recipient")).toBeInTheDocument();
  });
});

describe("ProviderForm", () => {
  it("shows a ValidationError by the field it names", async () => {
    const { client } = mockClient({
      CreateProvider: () => ({
        createProvider: {
          __typename: "ValidationError",
          code: "H244",
          message: "Tin değeri 10 veya 11 karakter olmalıdır.",
          field: "input.tin",
        },
      }),
    });
    renderWith(<ProviderForm onCreated={() => {}} />, { client });
    await userEvent.type(screen.getByLabelText("Ticari unvan"), "Örnek A.Ş.");
    await userEvent.type(screen.getByLabelText("İYS numarası"), "700001");
    await userEvent.type(screen.getByLabelText("VKN veya TCKN"), "123");
    await userEvent.click(screen.getByRole("button", { name: "Oluştur" }));
    const tin = screen.getByLabelText("VKN veya TCKN");
    await waitFor(() => expect(tin).toHaveAttribute("aria-invalid", "true"));
    expect(tin).toHaveAccessibleDescription(/H244/);
  });

  it("shows an error of an unknown field above the form, and a network failure in words", async () => {
    const { client } = mockClient({
      CreateProvider: () => {
        throw new Error("Failed to fetch");
      },
    });
    renderWith(<ProviderForm onCreated={() => {}} />, { client });
    await userEvent.type(screen.getByLabelText("Ticari unvan"), "Örnek A.Ş.");
    await userEvent.type(screen.getByLabelText("İYS numarası"), "700001");
    await userEvent.type(screen.getByLabelText("VKN veya TCKN"), "4540536920");
    await userEvent.click(screen.getByRole("button", { name: "Oluştur" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Sunucuya ulaşılamadı/);
    expect(screen.getByRole("alert")).not.toHaveTextContent("{");
  });
});

describe("SendCheckForm", () => {
  it("checks a pasted list and shows allowed and refused with reasons", async () => {
    const { client, calls } = mockClient({
      CheckConsents: (vars) => ({
        checkConsents: (vars["recipients"] as string[]).map((r, i) => ({
          recipient: r,
          normalizedRecipient: i === 2 ? null : `+90555000000${i}`,
          allowed: i === 0,
          reason: ["ONAY", "NO_CONSENT", "INVALID_RECIPIENT"][i],
        })),
      }),
    });
    renderWith(<SendCheckForm brandId={BRAND} />, { client });
    await userEvent.type(screen.getByLabelText("Alıcı listesi"), "ALICI{enter}05550000000{enter}05550000001{enter}yok{enter}");
    expect(screen.getByText(/3 alıcı okundu/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Listeyi kontrol et" }));
    expect(await screen.findByTestId("allowed-count")).toHaveTextContent("1");
    expect(screen.getByTestId("refused-count")).toHaveTextContent("2");
    const table = screen.getByTestId("check-results");
    expect(table).toHaveTextContent("İzin kaydı yok");
    expect(table).toHaveTextContent("Alıcı okunamadı");
    expect(calls[0]?.variables).toMatchObject({
      brandId: BRAND,
      type: "MESAJ",
      recipientType: "BIREYSEL",
      recipients: ["05550000000", "05550000001", "yok"],
    });
    await userEvent.click(screen.getByRole("radio", { name: "Gönderilemez" }));
    expect(within(table).getAllByRole("row")).toHaveLength(3);
  });

  it("refuses an empty list without calling the API", async () => {
    const { client, calls } = mockClient({});
    renderWith(<SendCheckForm brandId={BRAND} />, { client });
    await userEvent.click(screen.getByRole("button", { name: "Listeyi kontrol et" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Listede okunabilir alıcı yok.");
    expect(calls).toHaveLength(0);
  });
});

describe("SignIn", () => {
  const payload = {
    __typename: "AuthPayload",
    accessToken: "a.b.c",
    refreshToken: "r1",
    expiresIn: 900,
    user: {
      id: "VXNlcjox",
      email: "ayse@ornek.com.tr",
      fullName: "Ayşe Yılmaz",
      role: "OWNER",
      tenant: { id: "VGVuYW50OjE", name: "Çiçek Ajans", slug: "cicek-ajans" },
    },
  };

  it("shows a refused sign-in in words", async () => {
    const { client } = mockClient({
      Login: () => ({
        login: { __typename: "AuthError", code: "INVALID_CREDENTIALS", message: "Giriş bilgileri hatalı." },
      }),
    });
    renderWith(
      <AuthProvider>
        <SignIn />
      </AuthProvider>,
      { client, path: "/signin" },
    );
    await userEvent.type(screen.getByLabelText("Kurum kısa adı"), "cicek-ajans");
    await userEvent.type(screen.getByLabelText("E-posta"), "ayse@ornek.com.tr");
    await userEvent.type(screen.getByLabelText("Parola"), "yanlis");
    await userEvent.click(screen.getByRole("button", { name: "Giriş yap" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Giriş bilgileri hatalı. (INVALID_CREDENTIALS)",
    );
    expect(sessionStore.get()).toBeNull();
  });

  it("stores the session on success", async () => {
    const { client, calls } = mockClient({ Login: () => ({ login: payload }) });
    renderWith(
      <AuthProvider>
        <SignIn />
      </AuthProvider>,
      { client, path: "/signin" },
    );
    await userEvent.type(screen.getByLabelText("Kurum kısa adı"), " cicek-ajans ");
    await userEvent.type(screen.getByLabelText("E-posta"), "ayse@ornek.com.tr");
    await userEvent.type(screen.getByLabelText("Parola"), "uzun-ve-gizli-bir-parola");
    await userEvent.click(screen.getByRole("button", { name: "Giriş yap" }));
    await waitFor(() => expect(sessionStore.get()?.refreshToken).toBe("r1"));
    expect(calls[0]?.variables["input"]).toEqual({
      tenant: "cicek-ajans",
      email: "ayse@ornek.com.tr",
      password: "uzun-ve-gizli-bir-parola",
    });
    expect(sessionStore.get()?.expiresAt).toBeGreaterThan(Date.now() + 800_000);
    sessionStore.clear();
  });

  it("only follows same-site next paths", () => {
    expect(safeNext("?next=%2Fproviders")).toBe("/providers");
    expect(safeNext("?next=%2F%2Fevil.example")).toBe("/");
    expect(safeNext("?next=https%3A%2F%2Fevil.example")).toBe("/");
    expect(safeNext("")).toBe("/");
  });
});

describe("consent filters from the URL", () => {
  it("keeps known values and bounds the dates in Istanbul time", () => {
    const params = new URLSearchParams(
      "recipient=0555&type=MESAJ&status=NOPE&source=HS_WEB&recipientType=TACIR&from=2026-12-01&to=2026-12-03",
    );
    expect(filterFromParams(params)).toEqual({
      recipient: "0555",
      type: "MESAJ",
      source: "HS_WEB",
      recipientType: "TACIR",
      consentDateFrom: "2026-12-01T00:00:00+03:00",
      consentDateTo: "2026-12-03T23:59:59.999+03:00",
    });
  });
});
