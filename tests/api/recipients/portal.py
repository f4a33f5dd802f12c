"""Documents and steps of the recipient portal, shared by its tests."""

from __future__ import annotations

import re
from pathlib import Path

from tests.graphql import GraphQLClient

REQUEST = """
mutation Request($address: String!) {
  requestRecipientCode(address: $address) {
    __typename
    ... on RecipientCodeSent { address expiresAt }
    ... on ValidationError { code message field }
  }
}"""
VERIFY = """
mutation Verify($address: String!, $code: String!) {
  verifyRecipientCode(address: $address, code: $code) {
    __typename
    ... on RecipientSession { token address expiresAt }
    ... on ValidationError { code message field }
  }
}"""
CONSENTS = """
query { recipientConsents { id brandName providerTitle type recipientType status source } }
"""
REJECT_ONE = """
mutation RejectOne($id: ID!) {
  rejectRecipientConsent(consentId: $id) {
    __typename
    ... on RecipientRejection { rejected consents { id brandName type status source } }
    ... on NotFoundError { code }
  }
}"""
REJECT_CHANNEL = """
mutation RejectChannel($type: ConsentType!) {
  rejectRecipientChannel(type: $type) { rejected consents { brandName type recipientType status source } }
}"""
CODE = re.compile(r"kodunuz: (\d{6})")


def last_code(outbox: Path, address: str) -> str:
    """The newest code the file transport wrote for ``address``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(outbox.iterdir())]
    found = [CODE.search(t) for t in texts if t.startswith(f"To: {address}\n")]
    codes = [m.group(1) for m in found if m]
    assert codes, texts
    return codes[-1]


async def prove(client: GraphQLClient, outbox: Path, address: str) -> GraphQLClient:
    """Ask for a code, read it from the outbox, and act with the recipient token."""
    sent = (await client.data(REQUEST, {"address": address}))["requestRecipientCode"]
    assert sent["__typename"] == "RecipientCodeSent", sent
    code = last_code(outbox, sent["address"])
    session = (await client.data(VERIFY, {"address": address, "code": code}))["verifyRecipientCode"]
    assert session["__typename"] == "RecipientSession", session
    return client.as_token(session["token"])
