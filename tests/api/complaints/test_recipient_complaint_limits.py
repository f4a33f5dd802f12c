"""fileRecipientComplaint is limited per proven address and per client address, a day long.

The limits are lowered here (3 per address, 5 per client) so that the tests stay short; the
defaults are 10 and 30 (IYS_RECIPIENT_COMPLAINTS_PER_ADDRESS_PER_DAY, _PER_CLIENT_PER_DAY).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.core.clock import clock
from server.core.settings import Settings
from tests.api.complaints.documents import FILE_RECIPIENT, PNG, with_file
from tests.api.feed.test_consent_changes import record
from tests.api.recipients.portal import CONSENTS, prove
from tests.graphql import GraphQLClient, make_brand, sign_up


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "recipient_complaints_per_address_per_day": 3,
            "recipient_complaints_per_client_per_day": 5,
        }
    )


@pytest.fixture
async def owner(client: GraphQLClient, frozen_clock: object) -> GraphQLClient:
    """A tenant whose brand holds SMS consents for three phones."""
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    for phone in ("05550000001", "05550000002", "05550000003"):
        await record(owner, brand, phone)
    return owner


async def _recipient(client: GraphQLClient, settings: Settings, phone: str) -> GraphQLClient:
    return await prove(client, settings.data_dir / "outbox", phone)


async def _file(recipient: GraphQLClient, with_screenshot: bool = False) -> dict[str, Any]:
    [consent] = (await recipient.data(CONSENTS))["recipientConsents"]
    payload = {
        "consentId": consent["id"],
        "type": "MESAJ",
        "messageAt": "2026-12-03T10:30:00+00:00",
        "content": "İstemediğim bir kampanya SMS'i",
    }
    if with_screenshot:
        body = await with_file(recipient, FILE_RECIPIENT, {"input": payload}, PNG)
        assert not body.get("errors"), body
        result: dict[str, Any] = body["data"]["fileRecipientComplaint"]
        return result
    return dict(
        (await recipient.data(FILE_RECIPIENT, {"input": payload}))["fileRecipientComplaint"]
    )


def _screenshots(settings: Settings) -> list[Path]:
    return list((settings.data_dir / "complaints").glob("*/*.png"))


async def test_one_address_files_its_limit_a_day_and_then_is_refused(
    client: GraphQLClient, owner: GraphQLClient, settings: Settings
) -> None:
    # given a proven address
    recipient = await _recipient(client, settings, "05550000001")
    # when it files four complaints with a screenshot each
    answers = [await _file(recipient, with_screenshot=True) for _ in range(4)]
    # then three are filed; the fourth is refused and stores neither a complaint nor a file
    assert [a["__typename"] for a in answers[:3]] == ["RecipientComplaintFiled"] * 3
    assert (answers[3]["__typename"], answers[3]["code"]) == ("ValidationError", "RATE_LIMITED")
    assert (await owner.data("{ complaints { totalCount } }"))["complaints"]["totalCount"] == 3
    assert len(_screenshots(settings)) == 3


async def test_the_limit_is_the_addresss_not_the_tokens_and_ends_after_a_day(
    client: GraphQLClient, owner: GraphQLClient, settings: Settings
) -> None:
    # given an address that used its three complaints
    first = await _recipient(client, settings, "05550000001")
    for _ in range(3):
        assert (await _file(first))["__typename"] == "RecipientComplaintFiled"
    # when it proves itself again for a new token, and again a day later
    clock.freeze(clock.now() + timedelta(minutes=3, seconds=1))  # a new code may be sent
    again = await _file(await _recipient(client, settings, "05550000001"))
    clock.freeze(clock.now() + timedelta(days=1))
    next_day = await _file(await _recipient(client, settings, "05550000001"))
    # then the new token is refused the same day and served the next
    assert again["code"] == "RATE_LIMITED"
    assert next_day["__typename"] == "RecipientComplaintFiled"


async def test_one_client_address_files_at_most_its_limit_for_every_address(
    app: Any, client: GraphQLClient, owner: GraphQLClient, settings: Settings
) -> None:
    # given three proven addresses on one client address
    recipients = [await _recipient(client, settings, f"0555000000{i}") for i in (1, 2, 3)]
    # when they file three, two and one complaints
    answers = [await _file(recipients[0]) for _ in range(3)]
    answers += [await _file(recipients[1]) for _ in range(2)]
    over = await _file(recipients[2])
    # and the third address files from another client address
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        elsewhere = await _file(GraphQLClient(http, recipients[2].token))
    # then the client's sixth complaint is refused, and the other client is served
    assert [a["__typename"] for a in answers] == ["RecipientComplaintFiled"] * 5
    assert over["code"] == "RATE_LIMITED"
    assert elsewhere["__typename"] == "RecipientComplaintFiled"


async def test_the_team_records_complaints_without_the_recipients_limit(
    client: GraphQLClient, owner: GraphQLClient, settings: Settings
) -> None:
    # given an address that used its three complaints
    recipient = await _recipient(client, settings, "05550000001")
    for _ in range(3):
        await _file(recipient)
    brand = (await owner.data("{ brands { edges { node { id } } } }"))["brands"]["edges"][0]
    # when the team records one more for the same address
    recorded = await owner.data(
        "mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { __typename } }",
        {
            "input": {
                "brandId": brand["node"]["id"],
                "recipient": "05550000001",
                "type": "MESAJ",
                "messageAt": "2026-12-03T10:30:00+00:00",
                "content": "Telefonla bildirdi.",
            }
        },
    )
    # then it is stored: the limit is on what recipients file themselves
    assert recorded["recordComplaint"]["__typename"] == "Complaint"
