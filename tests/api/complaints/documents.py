"""Complaint documents and a multipart helper, shared by the complaint tests."""

from __future__ import annotations

import json
from typing import Any

from tests.graphql import GraphQLClient

COMPLAINT_FIELDS = """
id recipient type messageAt content filedBy status dueDate informational verdict screenshotPath
evidence { status source consentDate creationDate transactionId }
assignee { id } notes { text authorId } brand { id }
"""
RECORD_COMPLAINT = f"""
mutation File($input: RecordComplaintInput!, $screenshot: Upload) {{
  recordComplaint(input: $input, screenshot: $screenshot) {{
    __typename
    ... on Complaint {{ {COMPLAINT_FIELDS} }}
    ... on ValidationError {{ code message field }}
    ... on NotFoundError {{ code }}
  }}
}}"""
UPDATE_COMPLAINT = f"""
mutation Update($input: UpdateComplaintInput!) {{
  updateComplaint(input: $input) {{
    __typename
    ... on Complaint {{ {COMPLAINT_FIELDS} }}
    ... on ValidationError {{ code message field }}
    ... on NotFoundError {{ code }}
  }}
}}"""
COMPLAINTS = f"""
query List($status: ComplaintStatus, $brandId: ID, $first: Int, $after: String) {{
  complaints(status: $status, brandId: $brandId, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {COMPLAINT_FIELDS} }} }}
  }}
}}"""
COMPLAINT = f"""
query One($id: ID!) {{ complaint(id: $id) {{ {COMPLAINT_FIELDS} }} }}
"""
FILE_RECIPIENT = """
mutation FileRecipient($input: RecipientComplaintInput!, $screenshot: Upload) {
  fileRecipientComplaint(input: $input, screenshot: $screenshot) {
    __typename
    ... on RecipientComplaintFiled { filedAt status }
    ... on ValidationError { code message field }
    ... on NotFoundError { code }
  }
}"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)


async def with_file(
    client: GraphQLClient, query: str, variables: dict[str, Any], content: bytes
) -> dict[str, Any]:
    """The operation as a GraphQL multipart request, ``content`` as ``$screenshot``."""
    operations = {"query": query, "variables": {**variables, "screenshot": None}}
    headers = dict(client.headers)
    if client.token:
        headers["authorization"] = f"Bearer {client.token}"
    response = await client.http.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.screenshot"]}),
        },
        files={"0": ("ekran.png", content, "image/png")},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
