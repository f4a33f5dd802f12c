"""The one-click link in a notice: GET only asks, POST rejects, nothing else is reachable."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from server.core.clock import clock
from tests.api.feed.test_consent_changes import CHANGES, record
from tests.api.notifications.helpers import link_token, recording_worker
from tests.graphql import GraphQLClient, make_brand, sign_up

STATE = """
query State($brandId: ID!, $recipient: String!, $type: ConsentType!) {
  consent(brandId: $brandId, recipient: $recipient, type: $type) { status source }
}"""


@pytest.fixture
async def told(
    client: GraphQLClient, frozen_clock: object, tmp_path: Path
) -> tuple[GraphQLClient, str, str, str]:
    """A phone with SMS and call consents, an e-mail consent, and the SMS notice's link."""
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    await record(owner, brand, "05550000001")
    await record(owner, brand, "05550000001", type="ARAMA")
    await record(owner, brand, "ayse@example.com", type="EPOSTA")
    worker, sent = recording_worker(tmp_path)
    await worker.run_once()
    by_channel = {m.channel: m for m in sent.sent}
    return owner, brand, link_token(by_channel["SMS"].body), link_token(by_channel["EPOSTA"].body)


async def _state(owner: GraphQLClient, brand: str, recipient: str, type_: str) -> dict[str, str]:
    variables = {"brandId": brand, "recipient": recipient, "type": type_}
    state: dict[str, str] = (await owner.data(STATE, variables))["consent"]
    return state


async def test_opening_the_link_only_asks(
    client: GraphQLClient, told: tuple[GraphQLClient, str, str, str]
) -> None:
    # given
    owner, brand, sms_token, _ = told
    # when: a link scanner or the recipient opens it
    page = await client.http.get(f"/ret/{sms_token}")
    # then
    assert page.status_code == 200
    assert "Örnek" in page.text
    assert 'method="post"' in page.text
    assert (await _state(owner, brand, "05550000001", "MESAJ"))["status"] == "ONAY"


async def test_the_link_with_a_trailing_slash_is_the_same_page(
    client: GraphQLClient, told: tuple[GraphQLClient, str, str, str]
) -> None:
    # given
    owner, brand, sms_token, _ = told
    # when
    page = await client.http.get(f"/ret/{sms_token}/")
    unknown = await client.http.get("/ret/not-a-token/")
    confirmed = await client.http.post(f"/ret/{sms_token}/")
    # then: the confirmation page, not the web app; the form posts back to it
    assert page.status_code == 200
    assert 'method="post"' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert unknown.status_code == 404
    assert "Bağlantı geçersiz" in unknown.text
    assert confirmed.status_code == 200
    assert (await _state(owner, brand, "05550000001", "MESAJ"))["status"] == "RET"


async def test_confirming_rejects_the_sms_and_call_consents_of_that_brand_only(
    client: GraphQLClient, told: tuple[GraphQLClient, str, str, str]
) -> None:
    # given
    owner, brand, sms_token, _ = told
    # when
    page = await client.http.post(f"/ret/{sms_token}")
    again = await client.http.post(f"/ret/{sms_token}")
    # then
    assert page.status_code == again.status_code == 200
    for type_ in ("MESAJ", "ARAMA"):
        assert await _state(owner, brand, "05550000001", type_) == {
            "status": "RET",
            "source": "IYS_KISAMESAJ",
        }
    assert (await _state(owner, brand, "ayse@example.com", "EPOSTA"))["status"] == "ONAY"
    changes = (await owner.data(CHANGES, {"brandId": brand}))["consentChanges"]
    assert changes["totalCount"] == 2  # the recipient-made movements, once


async def test_the_email_link_rejects_with_iys_eposta(
    client: GraphQLClient, told: tuple[GraphQLClient, str, str, str]
) -> None:
    # given
    owner, brand, _, email_token = told
    # when
    await client.http.post(f"/ret/{email_token}")
    # then
    assert await _state(owner, brand, "ayse@example.com", "EPOSTA") == {
        "status": "RET",
        "source": "IYS_EPOSTA",
    }
    assert (await _state(owner, brand, "05550000001", "MESAJ"))["status"] == "ONAY"


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x" * 500]
)
async def test_an_altered_link_reaches_nothing(
    client: GraphQLClient, told: tuple[GraphQLClient, str, str, str], mangle: object
) -> None:
    # given
    owner, brand, sms_token, _ = told
    token = mangle(sms_token)  # type: ignore[operator]
    # when
    shown = await client.http.get(f"/ret/{token}")
    posted = await client.http.post(f"/ret/{token}")
    # then
    assert shown.status_code == posted.status_code == 404
    assert (await _state(owner, brand, "05550000001", "MESAJ"))["status"] == "ONAY"


async def test_a_link_expires_after_ninety_days(
    client: GraphQLClient, told: tuple[GraphQLClient, str, str, str]
) -> None:
    # given
    _, _, sms_token, _ = told
    clock.freeze(clock.now() + timedelta(days=90, seconds=1))
    # when
    page = await client.http.post(f"/ret/{sms_token}")
    # then
    assert page.status_code == 404


async def test_the_page_names_the_consent_types_the_brand_holds_for_the_address(
    client: GraphQLClient, told: tuple[GraphQLClient, str, str, str], tmp_path: Path
) -> None:
    # given: the told phone has SMS and call consents; another has an SMS consent only
    owner, brand, sms_token, email_token = told
    await record(owner, brand, "05550000002")
    worker, sent = recording_worker(tmp_path / "second")
    await worker.run_once()
    only_sms = link_token(next(m for m in sent.sent if m.channel == "SMS").body)
    # when
    both = (await client.http.get(f"/ret/{sms_token}")).text
    one = (await client.http.get(f"/ret/{only_sms}")).text
    email = (await client.http.get(f"/ret/{email_token}")).text
    # then
    assert "SMS ve arama ile" in both
    assert "SMS ile" in one
    assert "arama" not in one
    assert "e-posta ile" in email
