"""The dashboard's movements-per-day series."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from schema.context import Info
from schema.permissions import CanRead
from schema.relay import pk_of
from tenants.consents import stats


@strawberry.type(description="How many consents were given and withdrawn on one day.")
class DailyMovements:
    day: date = strawberry.field(description="The day, in Istanbul time.")
    approvals: int = strawberry.field(description="Movements to ONAY recorded that day.")
    rejections: int = strawberry.field(description="Movements to RET recorded that day.")


@strawberry.type
class ConsentStatsQuery:
    @strawberry.field(
        description="A brand's movements per Istanbul day, oldest first, for charts.",
        permission_classes=[CanRead],
    )
    async def movements_per_day(
        self,
        info: Info,
        brand_id: Annotated[strawberry.ID, strawberry.argument(description="The brand's id.")],
        days: Annotated[
            int, strawberry.argument(description="How many days back, today included; ≤ 366.")
        ] = 30,
    ) -> list[DailyMovements]:
        principal = info.context.require_principal()
        series = await stats.movements_per_day(
            principal.tenant_id, pk_of(brand_id, "Brand"), days, principal.scope
        )
        return [
            DailyMovements(day=d.day, approvals=d.approvals, rejections=d.rejections)
            for d in series
        ]
