"""Bench only: the consents page written by hand (Starlette + asyncpg), the baseline of the
GraphQL ``consents(first: 100) { ... brand { ... } }`` figure. Not part of the product.

GET /consents?tenant=1&brand=2&first=100 returns the same rows, with the same brand, as JSON.
Run as ``uvicorn bench.baseline_app:create_app --factory``; BENCH_DATABASE_URL names the database.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PAGE = """
SELECT c.id, c.recipient, c.type, c.recipient_type, c.status, c.source, c.consent_date,
       c.creation_date, c.transaction_id, b.id AS brand_id, b.name, b.brand_code, b.master
FROM consent c JOIN brand b ON b.tenant_id = c.tenant_id AND b.id = c.brand_id
WHERE c.tenant_id = $1 AND c.brand_id = $2 ORDER BY c.id DESC LIMIT $3
"""


def _node(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "recipient": row["recipient"],
        "type": row["type"],
        "recipientType": row["recipient_type"],
        "status": row["status"],
        "source": row["source"],
        "consentDate": row["consent_date"].isoformat() if row["consent_date"] else None,
        "creationDate": row["creation_date"].isoformat(),
        "transactionId": row["transaction_id"],
        "brand": {
            "id": row["brand_id"],
            "name": row["name"],
            "brandCode": row["brand_code"],
            "master": row["master"],
        },
    }


def create_app() -> Starlette:
    pool: dict[str, asyncpg.Pool] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool["db"] = await asyncpg.create_pool(os.environ["BENCH_DATABASE_URL"], max_size=10)
        yield
        await pool["db"].close()

    async def consents(request: Request) -> JSONResponse:
        q = request.query_params
        first = min(int(q.get("first", "100")), 500)
        rows = await pool["db"].fetch(PAGE, int(q["tenant"]), int(q["brand"]), first + 1)
        edges = [{"node": _node(r)} for r in rows[:first]]
        return JSONResponse({"edges": edges, "hasNextPage": len(rows) > first})

    return Starlette(routes=[Route("/consents", consents)], lifespan=lifespan)
