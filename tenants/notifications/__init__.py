"""Notices to recipients: a durable outbox, digested per recipient, brand and day."""
