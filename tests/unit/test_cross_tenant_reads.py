"""Reads across tenants happen in a known, reviewed set of places, each for one reason.

Row-level security lets a transaction read every tenant's rows only inside ``cross_tenant()``.
A new use must be added here on purpose, with its reason, so a reviewer sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USE = re.compile(r"\bwith cross_tenant\(\)")

ALLOWED = {
    # a secret or a slug is what names the tenant: find it, then work as that tenant
    "tenants/accounts/api_keys.py": "an API key's tenant, from its secret",
    "tenants/accounts/resets.py": "a reset token's tenant; a reset request's tenant by slug",
    "tenants/accounts/services.py": "sign-in by slug, refresh tokens, a free slug at sign-up",
    "tenants/accounts/team.py": "an invitation token's tenant",
    "tenants/imports/services.py": "`iys import` names the tenant by slug",
    "tenants/recipients/links.py": "a rejection link's tenant, from its token",
    # a proven address reaches its consents in every tenant (İYS's recipient side)
    "tenants/recipients/portal.py": "the recipient portal, keyed by the proven address",
    "tenants/complaints/services.py": "a recipient's complaint names one of its consents",
    # the process's own queues: found across tenants, each item worked as its tenant
    "tenants/imports/runner.py": "unfinished imports to resume at start-up",
    "tenants/notifications/outbox.py": "brands with new movements; notices that are due",
    "tenants/webhooks/delivery.py": "active webhooks",
    "tenants/core/queues.py": "queue depths for /metrics (counts only)",
}


def test_only_the_reviewed_modules_read_across_tenants() -> None:
    users = {
        str(path.relative_to(ROOT))
        for package in ("server", "schema", "tenants")
        for path in (ROOT / package).rglob("*.py")
        if path.name != "tenancy.py" and USE.search(path.read_text(encoding="utf-8"))
    }
    assert users == set(ALLOWED)
