"""Proving an address, and rejecting consents as the recipient."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.consents.types import ConsentType
from schema.context import Info
from schema.errors import NotFoundError, ValidationError
from schema.recipients.auth import IsRecipient, recipient_address
from schema.recipients.queries import consents_for
from schema.recipients.types import RecipientCodeSent, RecipientRejection, RecipientSession
from schema.relay import pk_of
from server.core.clock import clock
from tenants.notifications.transports import default_transports
from tenants.recipients import codes, portal

ADDRESS = strawberry.argument(description="A mobile phone number or an e-mail address.")
RecipientCodeResult = Annotated[
    RecipientCodeSent | ValidationError,
    strawberry.union("RecipientCodeResult", description="The code was sent, or why not."),
]
RecipientSessionResult = Annotated[
    RecipientSession | ValidationError,
    strawberry.union("RecipientSessionResult", description="A recipient token, or why not."),
]
RecipientRejectionResult = Annotated[
    RecipientRejection | NotFoundError,
    strawberry.union("RecipientRejectionResult", description="The rejection, or no such consent."),
]


@strawberry.type
class RecipientMutation:
    @strawberry.mutation(
        description="Sends a one-time code to the address (valid 15 minutes, 3 tries; a new "
        "one at most every 3 minutes). Answers the same whether or not the address is known."
    )
    async def request_recipient_code(
        self, info: Info, address: Annotated[str, ADDRESS]
    ) -> RecipientCodeResult:
        runtime = info.context.runtime
        expires_at = await codes.request_code(
            address,
            info.context.client_ip,
            runtime.counters,
            default_transports(runtime.settings.data_dir),
            clock.now(),
        )
        return RecipientCodeSent(address=codes.clean_address(address), expires_at=expires_at)

    @strawberry.mutation(description="Trades a right code for a recipient token.")
    async def verify_recipient_code(
        self,
        info: Info,
        address: Annotated[str, ADDRESS],
        code: Annotated[str, strawberry.argument(description="The code that was sent.")],
    ) -> RecipientSessionResult:
        session = await codes.verify_code(
            address, code, info.context.client_ip, info.context.runtime.counters, clock.now()
        )
        return RecipientSession(
            token=session.token, address=session.address, expires_at=session.expires_at
        )

    @strawberry.mutation(
        description="Withdraws one consent of the proven address (RET, source IYS_WEB).",
        permission_classes=[IsRecipient],
    )
    async def reject_recipient_consent(
        self,
        info: Info,
        consent_id: Annotated[
            strawberry.ID, strawberry.argument(description="A RecipientConsent id.")
        ],
    ) -> RecipientRejectionResult:
        address = recipient_address(info)
        rejected = await portal.reject_one(
            address, pk_of(consent_id, "RecipientConsent"), clock.now()
        )
        return RecipientRejection(rejected=rejected, consents=await consents_for(address))

    @strawberry.mutation(
        description="Withdraws every consent of the proven address on one channel, for every "
        "brand (RET, source IYS_WEB).",
        permission_classes=[IsRecipient],
    )
    async def reject_recipient_channel(
        self,
        info: Info,
        type: Annotated[ConsentType, strawberry.argument(description="The channel.")],
    ) -> RecipientRejection:
        address = recipient_address(info)
        rejected = await portal.reject_channel(address, type.value, clock.now())
        return RecipientRejection(rejected=rejected, consents=await consents_for(address))
