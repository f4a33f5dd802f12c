"""tortoise's asyncpg client, with every transaction scoped to the current task's tenant.

Row-level security on PostgreSQL (migrations/0005_row_level_security.py) lets a row through only
when its tenant_id equals the transaction-local setting ``app.tenant_id`` (or, for reads, when
``app.cross_tenant`` is on). This client sets both with ``set_config(…, true)`` from the task's
DbScope (server/core/tenancy.py):

- a statement outside a transaction runs in a short transaction of its own that starts with the
  setting, when the task has a scope (with no scope it runs bare: the setting is empty, so tenant
  rows are invisible and no tenant row can be written);
- inside a transaction the setting is applied before the first statement and again whenever the
  task's scope differs from the one last applied, so a nested ``as_tenant`` is honoured and a
  rolled-back savepoint cannot leave a stale value behind.

Nothing is ever SET at session level, so a pooled connection carries no tenant into its next use.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import asyncpg
from asyncpg.transaction import Transaction
from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import (
    ConnectionWrapper,
    NestedTransactionContext,
    PoolConnectionWrapper,
    TransactionContext,
    TransactionContextPooled,
)

from server.core.tenancy import NO_SCOPE, DbScope, current_scope

SET_SCOPE = "SELECT set_config('app.tenant_id', $1, true), set_config('app.cross_tenant', $2, true)"


def scope_arguments(scope: DbScope) -> tuple[str, str]:
    tenant = "" if scope.tenant_id is None else str(scope.tenant_id)
    return tenant, "on" if scope.cross_tenant else "off"


async def apply_scope(connection: asyncpg.Connection, scope: DbScope) -> None:
    await connection.execute(SET_SCOPE, *scope_arguments(scope))


class _AppliedScope:
    """What the open transaction's connection was last told; None when unknown."""

    __slots__ = ("scope",)

    def __init__(self) -> None:
        self.scope: DbScope | None = None


class _ScopedPoolConnection(PoolConnectionWrapper[asyncpg.Connection]):
    """A pooled connection for one statement, inside a scoped transaction when a scope is set."""

    __slots__ = ("_transaction",)

    def __init__(self, client: AsyncpgDBClient, pool_init_lock: Any) -> None:
        super().__init__(client, pool_init_lock)
        self._transaction: Transaction | None = None

    async def __aenter__(self) -> asyncpg.Connection:
        connection = await super().__aenter__()
        scope = current_scope()
        if scope == NO_SCOPE:
            return connection
        transaction = connection.transaction()
        started = False
        try:
            await transaction.start()
            started = True
            await apply_scope(connection, scope)
        except BaseException:
            if started:  # end it before the connection goes back to the pool
                await transaction.rollback()
            await super().__aexit__(None, None, None)
            raise
        self._transaction = transaction
        return connection

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        transaction, self._transaction = self._transaction, None
        try:
            if transaction is not None:
                if exc_type is None:
                    await transaction.commit()
                else:
                    await transaction.rollback()
        finally:
            await super().__aexit__(exc_type, exc_val, exc_tb)


class _ScopedTransactionConnection(ConnectionWrapper[asyncpg.Connection]):
    """The open transaction's connection, told the task's scope before each statement."""

    async def __aenter__(self) -> asyncpg.Connection:
        connection = await super().__aenter__()
        client = self.client
        assert isinstance(client, ScopedTransactionWrapper)
        try:
            await client.follow_scope(connection)
        except BaseException:
            self._lock.release()
            raise
        return connection


class ScopedTransactionWrapper(TransactionWrapper):
    """A transaction (or savepoint) whose statements carry the task's tenant scope."""

    def __init__(self, connection: AsyncpgDBClient, applied: _AppliedScope | None = None) -> None:
        super().__init__(connection)
        self._applied = applied if applied is not None else _AppliedScope()

    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(ScopedTransactionWrapper(self, self._applied))

    def acquire_connection(self) -> _ScopedTransactionConnection:
        return _ScopedTransactionConnection(self._lock, self)

    async def follow_scope(self, connection: asyncpg.Connection) -> None:
        scope = current_scope()
        if self._applied.scope != scope:
            await apply_scope(connection, scope)
            self._applied.scope = scope

    async def rollback(self) -> None:
        # A rolled-back savepoint restores the setting it had before: forget what we knew.
        self._applied.scope = None
        await super().rollback()


class ScopedAsyncpgClient(AsyncpgDBClient):
    """The engine ``server.core.pg_client`` in tortoise's config."""

    def acquire_connection(self) -> _ScopedPoolConnection:
        return _ScopedPoolConnection(self, self._pool_init_lock)

    def _in_transaction(self) -> TransactionContext:
        return TransactionContextPooled(ScopedTransactionWrapper(self), self._pool_init_lock)


client_class = ScopedAsyncpgClient
