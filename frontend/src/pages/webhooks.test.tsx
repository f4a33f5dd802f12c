import { afterEach, describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockClient } from "../test/mockClient";
import { renderWith } from "../test/render";
import { CreateWebhookForm, Webhooks, WebhooksTable, deliveryErrorText } from "./Webhooks";
import { makeI18n } from "../i18n";
import type { Role, WebhookFieldsFragment } from "../gql/graphql";
import { AuthProvider } from "../auth/AuthProvider";
import { sessionStore } from "../auth/session";

const BRANDS = [
  { id: "B1", label: "Örnek Mağazaları (Örnek A.Ş.)" },
  { id: "B2", label: "Diğer (Örnek A.Ş.)" },
];

const webhook = (over: Partial<WebhookFieldsFragment> = {}): WebhookFieldsFragment => ({
  id: "W1",
  url: "https://crm.example.com/hook",
  events: "ALL",
  active: true,
  disabledReason: null,
  failuresInARow: 0,
  createdAt: "2026-12-03T11:00:00+00:00",
  brand: { id: "B1", name: "Örnek Mağazaları", provider: { id: "P1", title: "Örnek A.Ş." } },
  deliveries: [],
  ...over,
});

describe("CreateWebhookForm", () => {
  it("creates a webhook for the chosen brand and shows the secret once, with a copy button", async () => {
    let reloaded = 0;
    const { client, calls } = mockClient({
      CreateWebhook: () => ({
        createWebhook: {
          __typename: "CreatedWebhook",
          secret: "whsec_gizli",
          webhook: webhook({ events: "RECIPIENT" }),
        },
      }),
    });
    renderWith(<CreateWebhookForm brands={BRANDS} defaultBrandId="B1" onCreated={() => (reloaded += 1)} />, { client });
    await userEvent.selectOptions(screen.getByLabelText("Marka"), "B2");
    await userEvent.type(screen.getByLabelText("Adres"), " https://crm.example.com/hook ");
    await userEvent.click(screen.getByLabelText("Yalnızca alıcıların yaptıkları"));
    await userEvent.click(screen.getByRole("button", { name: "Web kancası ekle" }));

    const secret = await screen.findByLabelText("İmzalama anahtarı");
    expect(secret).toHaveValue("whsec_gizli");
    expect(secret).toHaveAttribute("readonly");
    expect(secret).toHaveAccessibleDescription(/bir daha göremeyeceksiniz/);
    expect(screen.getByRole("button", { name: "Kopyala" })).toBeInTheDocument();
    expect(calls[0]?.variables["input"]).toEqual({
      brandId: "B2",
      url: "https://crm.example.com/hook",
      events: "RECIPIENT",
    });
    expect(reloaded).toBe(1);
    expect(screen.getByLabelText("Adres")).toHaveValue("");

    await userEvent.click(screen.getByRole("button", { name: "Anahtarı kaydettim, gizle" }));
    expect(screen.queryByLabelText("İmzalama anahtarı")).not.toBeInTheDocument();
  });

  it("shows the API's refusal next to the URL field, with its code", async () => {
    const { client } = mockClient({
      CreateWebhook: () => ({
        createWebhook: {
          __typename: "ValidationError",
          code: "WEBHOOK_PRIVATE_ADDRESS",
          message: "Web kancası özel, yerel ya da bağlantı-yerel bir adrese yönelemez.",
          field: "url",
        },
      }),
    });
    renderWith(<CreateWebhookForm brands={BRANDS} defaultBrandId="B1" onCreated={() => {}} />, { client });
    await userEvent.type(screen.getByLabelText("Adres"), "https://10.0.0.5/hook");
    await userEvent.click(screen.getByRole("button", { name: "Web kancası ekle" }));
    const url = screen.getByLabelText("Adres");
    await waitFor(() => expect(url).toHaveAttribute("aria-invalid", "true"));
    expect(url).toHaveAccessibleDescription(/WEBHOOK_PRIVATE_ADDRESS Web kancası özel/);
    expect(screen.queryByLabelText("İmzalama anahtarı")).not.toBeInTheDocument();
  });
});

describe("CreateWebhookForm: brand, URL limits, focus", () => {
  it("never sends a brand it does not show (a foreign id from the URL falls back to the first)", async () => {
    const { client, calls } = mockClient({
      CreateWebhook: () => ({
        createWebhook: { __typename: "CreatedWebhook", secret: "whsec_x", webhook: webhook() },
      }),
    });
    renderWith(<CreateWebhookForm brands={BRANDS} defaultBrandId="QnJhbmQ6OTk=" onCreated={() => {}} />, { client });
    expect(screen.getByLabelText("Marka")).toHaveValue("B1");
    await userEvent.type(screen.getByLabelText("Adres"), "https://crm.example.com/hook");
    await userEvent.click(screen.getByRole("button", { name: "Web kancası ekle" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.variables["input"]).toMatchObject({ brandId: "B1" });
    // The one-time secret gets the focus, selected, ready to copy.
    await waitFor(() => expect(screen.getByLabelText("İmzalama anahtarı")).toHaveFocus());
  });

  it("limits the URL to 2,000 characters and says TOO_LONG and INVALID_CHARACTERS next to it", async () => {
    let answer = { code: "TOO_LONG", message: "En fazla 2000 karakter olabilir.", field: "url" as string | null };
    const { client } = mockClient({
      CreateWebhook: () => ({ createWebhook: { __typename: "ValidationError", ...answer } }),
    });
    renderWith(<CreateWebhookForm brands={BRANDS} defaultBrandId="B1" onCreated={() => {}} />, { client });
    const url = screen.getByLabelText("Adres");
    expect(url).toHaveAttribute("maxLength", "2000");
    expect(url).toHaveAccessibleDescription(/en fazla 2\.000 karakter/);
    await userEvent.type(url, "https://crm.example.com/a b");
    await userEvent.click(screen.getByRole("button", { name: "Web kancası ekle" }));
    await waitFor(() => expect(url).toHaveAccessibleDescription(/TOO_LONG Adres en fazla 2\.000 karakter olabilir\./));

    answer = { code: "INVALID_CHARACTERS", message: "Kontrol karakterleri…", field: null };
    await userEvent.click(screen.getByRole("button", { name: "Web kancası ekle" }));
    await waitFor(() => expect(url).toHaveAccessibleDescription(/INVALID_CHARACTERS Adreste boşluk, kontrol karakteri/));
    expect(url).toHaveAttribute("aria-invalid", "true");
  });
});

describe("delivery errors", () => {
  const delivery = (error: string | null, responseStatus: number | null) => ({
    status: "FAILED" as const,
    movements: 1,
    attempts: 3,
    responseStatus,
    error,
    createdAt: "2026-12-03T11:00:00+00:00",
    nextAttemptAt: "2026-12-03T12:00:00+00:00",
    deliveredAt: null,
  });

  it("translates the stable codes, with the status for HTTP_STATUS, and shows older free text as it is", async () => {
    const { client } = mockClient({});
    renderWith(
      <WebhooksTable
        webhooks={[
          webhook({
            deliveries: [
              delivery("HTTP_STATUS", 503),
              delivery("TIMEOUT", null),
              delivery("TLS_ERROR", null),
              delivery("SSLCertVerificationError", null),
              delivery("HTTP 500", 500),
            ],
          }),
        ]}
        onChanged={() => {}}
        onDeleted={() => {}}
      />,
      { client, lang: "en" },
    );
    const rows = within(screen.getByTestId("webhooks-table")).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("The endpoint answered HTTP 503 (2xx expected).");
    await userEvent.click(screen.getByRole("button", { name: "Deliveries: https://crm.example.com/hook" }));
    const log = within(screen.getByTestId("webhook-deliveries")).getAllByRole("row");
    expect(log[1]).toHaveTextContent("The endpoint answered HTTP 503");
    expect(log[2]).toHaveTextContent("Timed out: the endpoint did not answer in time.");
    expect(log[3]).toHaveTextContent("TLS error");
    expect(log[4]).toHaveTextContent("SSLCertVerificationError");
    expect(log[5]).toHaveTextContent("HTTP 500");
  });

  it("says every code in Turkish too", () => {
    const tr = makeI18n("tr");
    const en = makeI18n("en");
    for (const code of [
      "TIMEOUT",
      "TLS_ERROR",
      "CONNECTION_REFUSED",
      "CONNECTION_FAILED",
      "PROTOCOL_ERROR",
      "HTTP_STATUS",
      "WEBHOOK_PRIVATE_ADDRESS",
      "WEBHOOK_UNREACHABLE",
      "INVALID_WEBHOOK_URL",
    ]) {
      expect(deliveryErrorText(code, 502, tr)).not.toBe(code);
      expect(deliveryErrorText(code, 502, en)).not.toBe(code);
    }
    expect(deliveryErrorText("HTTP_STATUS", 502, tr)).toBe("Adres HTTP 502 ile yanıt verdi (2xx bekleniyordu).");
    expect(deliveryErrorText("ConnectError", null, tr)).toBe("ConnectError");
  });
});

describe("WebhooksTable", () => {
  it("shows each webhook's mode, state, failures and last delivery", () => {
    const { client } = mockClient({});
    renderWith(
      <WebhooksTable
        webhooks={[
          webhook({
            deliveries: [
              {
                status: "SUCCEEDED",
                movements: 3,
                attempts: 1,
                responseStatus: 204,
                error: null,
                createdAt: "2026-12-03T11:00:00+00:00",
                nextAttemptAt: "2026-12-03T11:00:00+00:00",
                deliveredAt: "2026-12-03T11:00:02+00:00",
              },
            ],
          }),
          webhook({
            id: "W2",
            url: "https://down.example.com/hook",
            events: "RECIPIENT",
            active: false,
            disabledReason: "10 failed attempts in a row",
            failuresInARow: 10,
          }),
          webhook({ id: "W3", url: "https://paused.example.com/hook", active: false }),
        ]}
        onChanged={() => {}}
        onDeleted={() => {}}
      />,
      { client },
    );
    const rows = within(screen.getByTestId("webhooks-table")).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("Tüm değişiklikler");
    expect(rows[1]).toHaveTextContent("Etkin");
    expect(rows[1]).toHaveTextContent("Teslim edildi");
    expect(rows[1]).toHaveTextContent("HTTP 204");
    expect(rows[2]).toHaveTextContent("Yalnızca alıcıların yaptıkları");
    expect(rows[2]).toHaveTextContent("Devre dışı");
    expect(rows[2]).toHaveTextContent("Otomatik kapatıldı: arka arkaya 10 başarısız deneme.");
    expect(rows[2]).toHaveTextContent("Henüz gönderim yok");
    expect(rows[3]).toHaveTextContent("Duraklatıldı");
    expect(within(rows[3]!).getByRole("button", { name: "Yeniden başlat: https://paused.example.com/hook" })).toBeInTheDocument();
  });

  it("pauses a webhook and deletes one after asking in the page", async () => {
    let changed = 0;
    let deleted = 0;
    const { client, calls } = mockClient({
      SetWebhookActive: () => ({ setWebhookActive: { __typename: "Webhook", ...webhook({ active: false }) } }),
      DeleteWebhook: () => ({ deleteWebhook: { __typename: "DeletedWebhook", id: "W1" } }),
    });
    renderWith(
      <WebhooksTable webhooks={[webhook()]} onChanged={() => (changed += 1)} onDeleted={() => (deleted += 1)} />,
      { client },
    );
    await userEvent.click(screen.getByRole("button", { name: "Duraklat: https://crm.example.com/hook" }));
    await waitFor(() => expect(changed).toBe(1));
    expect(calls[0]).toEqual({ name: "SetWebhookActive", variables: { id: "W1", active: false } });

    await userEvent.click(screen.getByRole("button", { name: "Sil: https://crm.example.com/hook" }));
    const question = screen.getByRole("group", { name: /silinsin mi/ });
    expect(within(question).getByRole("button", { name: "Evet, sil" })).toHaveFocus();
    await userEvent.click(within(question).getByRole("button", { name: "Vazgeç" }));
    expect(deleted).toBe(0);
    await userEvent.click(screen.getByRole("button", { name: "Sil: https://crm.example.com/hook" }));
    await userEvent.click(screen.getByRole("button", { name: "Evet, sil" }));
    await waitFor(() => expect(deleted).toBe(1));
    expect(calls.at(-1)).toEqual({ name: "DeleteWebhook", variables: { id: "W1" } });
  });

  it("opens the delivery log", async () => {
    const { client } = mockClient({});
    renderWith(
      <WebhooksTable
        webhooks={[
          webhook({
            deliveries: [
              {
                status: "FAILED",
                movements: 2,
                attempts: 6,
                responseStatus: 500,
                error: "HTTP 500",
                createdAt: "2026-12-03T11:00:00+00:00",
                nextAttemptAt: "2026-12-03T12:00:00+00:00",
                deliveredAt: null,
              },
            ],
          }),
        ]}
        onChanged={() => {}}
        onDeleted={() => {}}
      />,
      { client },
    );
    const toggle = screen.getByRole("button", { name: "Gönderimler: https://crm.example.com/hook" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const log = screen.getByTestId("webhook-deliveries");
    expect(log).toHaveTextContent("Başarısız");
    expect(log).toHaveTextContent("HTTP 500");
    expect(within(log).getAllByRole("row")).toHaveLength(2);
  });
});

describe("Webhooks gate", () => {
  afterEach(() => sessionStore.clear());

  function signInAs(role: Role) {
    sessionStore.set({
      accessToken: "token-1",
      refreshToken: "refresh-1",
      expiresAt: Date.now() + 600_000,
      user: { id: "U1", email: "a@b.co", fullName: "Ayşe", role, tenant: { id: "T1", name: "T", slug: "t" } },
    });
  }

  it("tells an editor the screen is for owners and admins, without asking the API", () => {
    signInAs("EDITOR");
    const { client, calls } = mockClient({});
    renderWith(
      <AuthProvider>
        <Webhooks />
      </AuthProvider>,
      { client },
    );
    expect(screen.getByRole("alert")).toHaveTextContent("yalnızca kurum sahibi ve yöneticiler");
    expect(screen.queryByRole("button", { name: "Web kancası ekle" })).not.toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("tells an admin limited to some brands that webhooks need every brand", async () => {
    signInAs("ADMIN");
    const { client } = mockClient({
      ViewerAccess: () => ({ me: { id: "U1", role: "ADMIN", access: { limited: true } } }),
    });
    renderWith(
      <AuthProvider>
        <Webhooks />
      </AuthProvider>,
      { client },
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("tüm markalara ve izin türlerine erişimi olan");
    expect(screen.queryByRole("button", { name: "Web kancası ekle" })).not.toBeInTheDocument();
  });
});
