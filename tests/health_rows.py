"""A hand-built workspace for health and at-risk tests, as of Thu 2026-12-03.

Acme Corp has data in every table; "=Birch | Co" only tickets-free CRM facts
(its name tests escaping); Cedar Health had an executive QBR three days ago;
Dune Ltd churned. The expected scores are worked out in the tests.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

AS_OF = date(2026, 12, 3)

ACCOUNTS: list[dict[str, Any]] = [
    {
        "account_id": "A1",
        "name": "Acme Corp",
        "segment": "Enterprise",
        "region": "NA",
        "arr": Decimal("120000"),
        "currency": "USD",
        "renewal_date": date(2027, 1, 29),
        "csm": "Dana Lee",
        "health_score": 55,
        "health_score_updated_on": date(2026, 11, 1),
        "strategic": True,
    },
    {
        "account_id": "B2",
        "name": "=Birch | Co",
        "segment": "SMB",
        "region": "EMEA",
        "arr": Decimal("8000"),
        "currency": "EUR",
        "renewal_date": date(2027, 9, 30),
        "owner": "Ola Berg",
    },
    {
        "account_id": "C3",
        "name": "Cedar Health",
        "segment": "Mid-Market",
        "region": "NA",
        "arr": Decimal("50000"),
        "currency": "USD",
        "renewal_date": date(2027, 6, 30),
        "csm": "Dana Lee",
    },
    {
        "account_id": "D4",
        "name": "Dune Ltd",
        "segment": "SMB",
        "arr": Decimal("3000"),
        "status": "churned",
    },
]

USAGE = [
    {"account_id": "A1", "date": date(2026, 11, 20), "active_users": 6, "events": 60},
    {"account_id": "A1", "date": date(2026, 10, 20), "active_users": 10, "events": 100},
]

TICKETS = [
    {
        "ticket_id": "T1",
        "account_id": "A1",
        "created_at": datetime(2026, 11, 25, 10, 0),
        "status": "open",
        "priority": "high",
        "escalated": True,
        "reopens": 1,
        "csat": 2.0,
        "subject": "Exports fail",
    },
    {
        "ticket_id": "T2",
        "account_id": "A1",
        "created_at": datetime(2026, 9, 15, 9, 0),
        "status": "closed",
        "priority": "normal",
        "escalated": False,
        "reopens": 0,
        "csat": 4.0,
        "subject": "How do I invite users?",
    },
]

NPS = [
    {
        "response_id": "N1",
        "account_id": "A1",
        "score": 4,
        "responded_at": datetime(2026, 10, 10, 12, 0),
    },
    {
        "response_id": "N2",
        "account_id": "A1",
        "score": 8,
        "responded_at": datetime(2026, 6, 1, 12, 0),
    },
]

INVOICES = [
    {
        "invoice_id": "I1",
        "account_id": "A1",
        "due_date": date(2026, 11, 13),
        "amount": Decimal("10000"),
        "status": "past_due",
    },
]

ACTIVITIES = [
    {
        "activity_id": "X1",
        "account_id": "A1",
        "date": date(2026, 9, 20),
        "type": "meeting",
        "executive": True,
        "subject": "Exec sync",
    },
    {
        "activity_id": "X2",
        "account_id": "A1",
        "date": date(2026, 11, 10),
        "type": "email_out",
        "subject": "Renewal prep",
    },
    {
        "activity_id": "X3",
        "account_id": "A1",
        "date": date(2026, 11, 5),
        "type": "email_in",
        "subject": "Re: roadmap",
    },
    {
        "activity_id": "X4",
        "account_id": "C3",
        "date": date(2026, 11, 30),
        "type": "qbr",
        "executive": True,
        "subject": "QBR",
    },
]

CONTACTS = [
    {
        "contact_id": "P1",
        "account_id": "A1",
        "name": "Kim Park",
        "role": "champion",
        "status": "departed",
        "departed_on": date(2026, 10, 1),
    },
    {
        "contact_id": "P2",
        "account_id": "A1",
        "name": "Lou Chen",
        "role": "sponsor",
        "status": "active",
    },
]

TABLES: dict[str, list[dict[str, Any]]] = {
    "accounts": ACCOUNTS,
    "usage": USAGE,
    "tickets": TICKETS,
    "nps": NPS,
    "invoices": INVOICES,
    "activities": ACTIVITIES,
    "contacts": CONTACTS,
}
