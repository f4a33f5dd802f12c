"""Consent files for import tests, and uploads as GraphQL multipart requests.

Generated files carry dates relative to the real now, so import tests never freeze the clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.graphql import GraphQLClient

REPO = Path(__file__).resolve().parents[3]
SUFFIX = {"csv": "csv", "csv-tr": "csv", "xlsx": "xlsx"}

IMPORT = """
mutation Import($brandId: ID!, $file: Upload!) {
  importConsents(brandId: $brandId, file: $file) {
    __typename
    ... on ImportJob { id fileName status totalRows processedRows acceptedRows rejectedRows
                       createdAt finishedAt brand { id } }
    ... on ValidationError { code message field }
    ... on NotFoundError { code message }
  }
}"""

JOB = """
query Job($id: ID!, $first: Int, $after: String) {
  importJob(id: $id) {
    id fileName status totalRows processedRows acceptedRows rejectedRows unchangedRows
    failureCode failureMessage createdAt startedAt finishedAt brand { id }
    errors(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { line code message field recipient } }
    }
  }
}"""


@dataclass(frozen=True)
class Generated:
    """A generated file and, for every data line, the code the importer should report."""

    path: Path
    expected: dict[int, str | None]

    @property
    def bad_lines(self) -> dict[int, str]:
        return {line: code for line, code in self.expected.items() if code is not None}

    @property
    def rows(self) -> int:
        return len(self.expected)


def shared_dir() -> Path:
    """The project's shared material: $IZINHUB_SHARED_DIR, or ../shared next to the repo."""
    for candidate in (os.environ.get("IZINHUB_SHARED_DIR"), REPO.parent / "shared"):
        if candidate and (Path(candidate) / "data" / "make_consents.py").is_file():
            return Path(candidate)
    pytest.fail("shared/data/make_consents.py not found: set IZINHUB_SHARED_DIR")


def generate(folder: Path, fmt: str, rows: int = 300, bad_ratio: float = 0.1) -> Generated:
    out = folder / f"consents-{fmt}.{SUFFIX[fmt]}"
    generator = shared_dir() / "data" / "make_consents.py"
    command = [sys.executable, str(generator), "--rows", str(rows), "--format", fmt]
    command += ["--bad-ratio", str(bad_ratio), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - our own generator
    sidecar = json.loads(Path(f"{out}.expected.json").read_text())
    return Generated(out, {entry["line"]: entry["code"] for entry in sidecar})


def read_bytes(path: Path | str) -> bytes:
    return Path(path).read_bytes()


def remove(path: Path | str) -> None:
    Path(path).unlink()


def exists(path: Path | str) -> bool:
    return Path(path).exists()


async def upload(
    client: GraphQLClient,
    brand_id: str,
    content: bytes,
    file_name: str = "izinler.csv",
    query: str = IMPORT,
) -> dict[str, Any]:
    """``importConsents`` sent the way browsers send it: the GraphQL multipart request spec."""
    operations = {"query": query, "variables": {"brandId": brand_id, "file": None}}
    headers = dict(client.headers)
    if client.token:
        headers["authorization"] = f"Bearer {client.token}"
    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (file_name, content, "application/octet-stream")},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def import_file(client: GraphQLClient, brand_id: str, path: Path) -> dict[str, Any]:
    """Upload ``path`` and return the ImportJob the mutation answered with."""
    body = await upload(client, brand_id, read_bytes(path), path.name)
    assert not body.get("errors"), body
    job: dict[str, Any] = body["data"]["importConsents"]
    assert job["__typename"] == "ImportJob", job
    return job


async def job_with_all_errors(client: GraphQLClient, job_id: str) -> dict[str, Any]:
    """The job with every row error, fetched page by page through the cursors."""
    job: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = []
    after = None
    while True:
        data = await client.data(JOB, {"id": job_id, "first": 25, "after": after})
        job = data["importJob"]
        assert job is not None
        page = job["errors"]
        errors += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    job["allErrors"] = errors
    return job
