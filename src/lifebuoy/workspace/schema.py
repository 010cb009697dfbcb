"""The canonical tables of the data contract, with their DuckDB types and keys.

Importers and the demo write these tables; signals read them. Only
``accounts`` is required. Timestamps are stored in UTC without a zone;
dates are calendar dates and never shifted.
"""

from __future__ import annotations

from dataclasses import dataclass

MONEY = "DECIMAL(18,2)"


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def ddl(self) -> str:
        body = ", ".join(f'"{name}" {kind}' for name, kind in self.columns)
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" ({body})'


ACCOUNTS = TableSpec(
    "accounts",
    (
        ("account_id", "VARCHAR NOT NULL"),
        ("name", "VARCHAR NOT NULL"),
        ("domain", "VARCHAR"),
        ("segment", "VARCHAR"),
        ("region", "VARCHAR"),
        ("arr", MONEY),
        ("currency", "VARCHAR DEFAULT 'USD'"),
        ("renewal_date", "DATE"),
        ("status", "VARCHAR DEFAULT 'active'"),
        ("owner", "VARCHAR"),
        ("csm", "VARCHAR"),
        ("health_score", "INTEGER"),
        ("health_score_updated_on", "DATE"),
        ("strategic", "BOOLEAN DEFAULT FALSE"),
        ("last_meeting_date", "DATE"),
        ("last_exec_touch_date", "DATE"),
        ("source", "VARCHAR"),
        ("source_id", "VARCHAR"),
    ),
    ("account_id",),
)

CONTACTS = TableSpec(
    "contacts",
    (
        ("contact_id", "VARCHAR NOT NULL"),
        ("account_id", "VARCHAR"),
        ("name", "VARCHAR"),
        ("email", "VARCHAR"),
        ("role", "VARCHAR"),
        ("status", "VARCHAR DEFAULT 'active'"),
        ("departed_on", "DATE"),
        ("source", "VARCHAR"),
    ),
    ("contact_id",),
)

TICKETS = TableSpec(
    "tickets",
    (
        ("ticket_id", "VARCHAR NOT NULL"),
        ("account_id", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("status", "VARCHAR"),
        ("priority", "VARCHAR"),
        ("escalated", "BOOLEAN DEFAULT FALSE"),
        ("reopens", "INTEGER DEFAULT 0"),
        ("csat", "DOUBLE"),
        ("subject", "VARCHAR"),
        ("body", "VARCHAR"),
        ("tags", "VARCHAR"),
        ("assignee", "VARCHAR"),
        ("source", "VARCHAR"),
    ),
    ("ticket_id",),
)

USAGE = TableSpec(
    "usage",
    (
        ("account_id", "VARCHAR NOT NULL"),
        ("date", "DATE NOT NULL"),
        ("active_users", "INTEGER"),
        ("events", "BIGINT"),
        ("source", "VARCHAR"),
    ),
    ("account_id", "date"),
)

NPS = TableSpec(
    "nps",
    (
        ("response_id", "VARCHAR NOT NULL"),
        ("account_id", "VARCHAR"),
        ("score", "INTEGER"),
        ("responded_at", "TIMESTAMP"),
        ("comment", "VARCHAR"),
        ("respondent", "VARCHAR"),
        ("source", "VARCHAR"),
    ),
    ("response_id",),
)

INVOICES = TableSpec(
    "invoices",
    (
        ("invoice_id", "VARCHAR NOT NULL"),
        ("account_id", "VARCHAR"),
        ("due_date", "DATE"),
        ("paid_at", "TIMESTAMP"),
        ("amount", MONEY),
        ("currency", "VARCHAR DEFAULT 'USD'"),
        ("status", "VARCHAR"),
        ("source", "VARCHAR"),
    ),
    ("invoice_id",),
)

ACTIVITIES = TableSpec(
    "activities",
    (
        ("activity_id", "VARCHAR NOT NULL"),
        ("account_id", "VARCHAR"),
        ("date", "DATE"),
        ("type", "VARCHAR"),
        ("executive", "BOOLEAN DEFAULT FALSE"),
        ("subject", "VARCHAR"),
        ("body", "VARCHAR"),
        ("attendees", "VARCHAR"),
        ("source", "VARCHAR"),
    ),
    ("activity_id",),
)

CHAT_MESSAGES = TableSpec(
    "chat_messages",
    (
        ("message_id", "VARCHAR NOT NULL"),
        ("channel", "VARCHAR"),
        ("ts", "TIMESTAMP"),
        ("author", "VARCHAR"),
        ("text", "VARCHAR"),
        ("thread_ts", "VARCHAR"),
        ("account_id", "VARCHAR"),
        ("source", "VARCHAR"),
    ),
    ("message_id",),
)

REJECTS = TableSpec(
    "rejects",
    (
        ("import_id", "VARCHAR NOT NULL"),
        ("source", "VARCHAR"),
        ("target_table", "VARCHAR"),
        ("file", "VARCHAR"),
        ("line", "INTEGER"),
        ("column_name", "VARCHAR"),
        ("value", "VARCHAR"),
        ("reason", "VARCHAR"),
        ("rejected_at", "TIMESTAMP"),
    ),
    (),
)

ACCOUNT_LINKS = TableSpec(
    "account_links",
    (
        ("source", "VARCHAR NOT NULL"),
        ("source_id", "VARCHAR NOT NULL"),
        ("account_id", "VARCHAR NOT NULL"),
        ("matched_by", "VARCHAR"),
    ),
    ("source", "source_id"),
)
"""Which record in which system is which account (written by imports)."""

CANONICAL: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        ACCOUNTS,
        CONTACTS,
        TICKETS,
        USAGE,
        NPS,
        INVOICES,
        ACTIVITIES,
        CHAT_MESSAGES,
    )
}
"""The tables of the data contract, by name."""

ALL_TABLES: dict[str, TableSpec] = {
    **CANONICAL,
    REJECTS.name: REJECTS,
    ACCOUNT_LINKS.name: ACCOUNT_LINKS,
}

ID_PREFIXES = (
    "amplitude",
    "chargebee",
    "delighted",
    "hubspot",
    "intercom",
    "nps",
    "salesforce",
    "segment",
    "slack",
    "stripe",
    "zendesk",
)
"""The systems whose record ids are stored as "system:id" to keep them apart.

Whatever the system showed its users (the part after the colon) is what a
person recognises, so that is what evidence text shows.
"""


def shown_id(stored: str) -> str:
    """A stored id as its own system shows it: "zendesk:48213" → "48213"."""
    system, colon, own = stored.partition(":")
    return own if colon and own and system in ID_PREFIXES else stored
