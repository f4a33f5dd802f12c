"""Complaints about messages, with the consent evidence at the moment of the message."""
