"""Which tenant the database work of the current task is done for.

On PostgreSQL every transaction starts with ``set_config('app.tenant_id', …, true)`` taken from
this scope, and row-level security refuses rows of any other tenant (server/core/pg_client.py).
On SQLite the scope is not enforced by the database; the application filters still apply.

The scope lives in a context variable, so it follows the task that set it (and the tasks it
starts) and never leaks into another request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DbScope:
    """``tenant_id`` for one tenant's work; ``cross_tenant`` for the few system reads that must
    see every tenant (finding which tenant a token or an address belongs to, workers' queues)."""

    tenant_id: int | None = None
    cross_tenant: bool = False


NO_SCOPE = DbScope()
_scope: ContextVar[DbScope] = ContextVar("izinhub_db_scope", default=NO_SCOPE)


def current_scope() -> DbScope:
    return _scope.get()


@contextmanager
def _entered(scope: DbScope) -> Iterator[DbScope]:
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


@contextmanager
def as_tenant(tenant_id: int) -> Iterator[DbScope]:
    """Do the enclosed database work as ``tenant_id``: rows of other tenants do not exist."""
    with _entered(DbScope(tenant_id=int(tenant_id))) as scope:
        yield scope


@contextmanager
def cross_tenant() -> Iterator[DbScope]:
    """Read across tenants. Writes still need ``as_tenant``: the database checks every new
    row's tenant against ``app.tenant_id``. Only the modules listed, with their reasons, in
    tests/unit/test_cross_tenant_reads.py may use this."""
    with _entered(DbScope(cross_tenant=True)) as scope:
        yield scope


@contextmanager
def no_tenant() -> Iterator[DbScope]:
    """Forget any inherited scope (a request starts here): tenant rows are invisible."""
    with _entered(NO_SCOPE) as scope:
        yield scope
