"""Outgoing webhooks: a brand's consent movements pushed to the tenant's HTTPS endpoint."""
