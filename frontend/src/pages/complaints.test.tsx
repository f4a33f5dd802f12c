import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockClient } from "../test/mockClient";
import { renderWith } from "../test/render";
import { ComplaintView } from "./Complaints";
import { RecordComplaintForm, istanbulInputToIso } from "./RecordComplaint";
import type { ComplaintFieldsFragment } from "../gql/graphql";

const complaint = (over: Partial<ComplaintFieldsFragment> = {}): ComplaintFieldsFragment => ({
  id: "C1",
  recipient: "+905339998877",
  type: "MESAJ",
  recipientType: "BIREYSEL",
  messageAt: "2026-12-03T11:00:00+00:00",
  content: "Bugüne özel fırsat",
  filedBy: "RECIPIENT",
  status: "OPEN",
  dueDate: null,
  informational: null,
  verdict: "REJECTED_BEFORE",
  screenshotPath: null,
  createdAt: "2026-12-03T12:00:00+00:00",
  updatedAt: "2026-12-03T12:00:00+00:00",
  brand: { id: "B1", name: "Örnek Mağazaları", provider: { id: "P1", title: "Örnek A.Ş." } },
  assignee: null,
  evidence: {
    status: "RET",
    source: "IYS_WEB",
    consentDate: "2026-12-01T10:00:00+00:00",
    creationDate: "2026-12-01T10:00:01+00:00",
    transactionId: "tx-123",
  },
  notes: [],
  ...over,
});

describe("ComplaintView", () => {
  it("shows the verdict, the evidence and the message", () => {
    const { client } = mockClient({});
    renderWith(<ComplaintView complaint={complaint()} role="EDITOR" userId="U1" userName="Ece" />, { client });
    expect(screen.getByText("Önceden reddedilmiş")).toBeInTheDocument();
    expect(screen.getByText("Alıcı, ileti gelmeden önce izni reddetmişti.")).toBeInTheDocument();
    const evidence = screen.getByTestId("complaint-evidence");
    expect(evidence).toHaveTextContent("Ret");
    expect(evidence).toHaveTextContent("IYS_WEB");
    expect(evidence).toHaveTextContent("tx-123");
    expect(screen.getByText("Bugüne özel fırsat")).toBeInTheDocument();
    expect(screen.getByText("Alıcı (portal)")).toBeInTheDocument();
  });

  it("sends only what changed, and null to clear", async () => {
    const { client, calls } = mockClient({
      UpdateComplaint: (v) => ({
        updateComplaint: {
          __typename: "Complaint",
          ...complaint({ status: "IN_REVIEW", assignee: { id: "U1", fullName: "Ece", email: "e@o.co" }, dueDate: null, notes: [{ text: "Bakılıyor", createdAt: "2026-12-03T12:30:00Z", authorId: "U1" }] }),
          _v: v,
        },
      }),
    });
    renderWith(
      <ComplaintView complaint={complaint({ dueDate: "2026-12-20" })} role="EDITOR" userId="U1" userName="Ece" />,
      { client },
    );
    await userEvent.selectOptions(screen.getByLabelText("Durum"), "IN_REVIEW");
    await userEvent.selectOptions(screen.getByLabelText("Sorumlu"), "U1");
    await userEvent.clear(screen.getByLabelText(/Yanıt tarihi/));
    await userEvent.type(screen.getByLabelText(/Not ekle/), "Bakılıyor");
    await userEvent.click(screen.getByRole("button", { name: "Kaydet" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Şikâyet güncellendi.");
    expect(calls[0]?.variables["input"]).toEqual({
      id: "C1",
      status: "IN_REVIEW",
      assigneeId: "U1",
      dueDate: null,
      note: "Bakılıyor",
    });
    await waitFor(() => expect(screen.getByTestId("complaint-notes")).toHaveTextContent("Bakılıyor"));
  });

  it("is read-only for a viewer", () => {
    const { client } = mockClient({});
    renderWith(<ComplaintView complaint={complaint({ evidence: null, verdict: "NO_CONSENT" })} role="VIEWER" userId="U1" userName="V" />, {
      client,
    });
    expect(screen.queryByRole("button", { name: "Kaydet" })).toBeNull();
    expect(screen.getByText(/düzenleyici ya da daha yüksek bir rol gerekir/)).toBeInTheDocument();
    expect(screen.getByTestId("complaint-evidence")).toHaveTextContent("izin kaydı yoktu");
  });
});

describe("RecordComplaintForm", () => {
  it("reads Istanbul wall-clock time as an ISO instant", () => {
    expect(istanbulInputToIso("2026-12-03T14:05")).toBe("2026-12-03T14:05:00+03:00");
    expect(istanbulInputToIso("dün")).toBeNull();
  });

  it("records a complaint with its screenshot, and refuses a wrong file before sending", async () => {
    const { client, calls } = mockClient({
      RecordComplaint: () => ({ recordComplaint: { __typename: "Complaint", id: "C9", verdict: "NO_CONSENT" } }),
    });
    renderWith(<RecordComplaintForm brands={[{ id: "B1", label: "Örnek" }]} />, { client });
    await userEvent.type(screen.getByLabelText("Alıcı"), "0533 999 88 77");
    await userEvent.type(screen.getByLabelText("İletinin içeriği"), "Bugüne özel fırsat");
    const file = screen.getByLabelText(/Ekran görüntüsü/);
    await userEvent.upload(file, new File(["x"], "not.gif", { type: "image/gif" }), { applyAccept: false });
    expect(file).toHaveAccessibleDescription(/PNG, JPEG veya WebP olmalıdır/);
    const png = new File([new Uint8Array([137, 80, 78, 71])], "ekran.png", { type: "image/png" });
    await userEvent.upload(file, png);
    await userEvent.click(screen.getByRole("button", { name: "Şikâyeti kaydet" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.variables["screenshot"]).toBe(png);
    expect(calls[0]?.variables["input"]).toMatchObject({
      brandId: "B1",
      recipient: "0533 999 88 77",
      type: "MESAJ",
      content: "Bugüne özel fırsat",
      informational: null,
    });
    expect(String((calls[0]?.variables["input"] as Record<string, unknown>)["messageAt"])).toMatch(/\+03:00$/);
  });
});
