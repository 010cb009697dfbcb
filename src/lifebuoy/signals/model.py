"""What the signal engine returns: per account, the signals that fired and why.

These types are the contract between the signal engine, the planner, the
health report and every renderer.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from lifebuoy.records import record


class SignalName(StrEnum):
    """The twelve signals, in severity order (most severe first)."""

    EVALUATING_ALTERNATIVES = "evaluating_alternatives"
    ESCALATION = "escalation"
    PAYMENT_FAILED = "payment_failed"
    SUPPORT_SPIKE = "support_spike"
    USAGE_DECLINE = "usage_decline"
    CHAMPION_LEFT = "champion_left"
    LOW_HEALTH = "low_health"
    NO_EXEC_TOUCH = "no_exec_touch"
    NPS_DETRACTOR = "nps_detractor"
    SLOW_RESPONSE = "slow_response"
    PAYMENT_LATE = "payment_late"
    RENEWAL_SOON = "renewal_soon"

    @property
    def severity(self) -> int:
        """0 for the most severe signal."""
        return list(SignalName).index(self)


SIGNAL_TABLES: dict[SignalName, tuple[str, ...]] = {
    SignalName.ESCALATION: ("tickets",),
    SignalName.PAYMENT_FAILED: ("invoices",),
    SignalName.PAYMENT_LATE: ("invoices",),
    SignalName.EVALUATING_ALTERNATIVES: ("tickets", "activities", "chat_messages"),
    SignalName.SUPPORT_SPIKE: ("tickets",),
    SignalName.USAGE_DECLINE: ("usage",),
    SignalName.NO_EXEC_TOUCH: ("activities", "accounts.last_exec_touch_date"),
    SignalName.NPS_DETRACTOR: ("nps",),
    SignalName.SLOW_RESPONSE: ("activities",),
    SignalName.CHAMPION_LEFT: ("contacts",),
    SignalName.LOW_HEALTH: ("accounts.health_score",),
    SignalName.RENEWAL_SOON: ("accounts.renewal_date",),
}
"""What each signal needs; any one of several alternatives is enough."""


@record
class Evidence:
    """What a person can check behind a fired signal."""

    reason: str
    """Short, for the plan's Why column: "Escalation 12 Nov (#48213)"."""
    detail: str
    """One sentence with the numbers compared: "14 tickets in last 30 days vs 4.3"."""
    ids: tuple[str, ...] = ()
    dates: tuple[date, ...] = ()
    numbers: dict[str, Decimal | int] = field(default_factory=dict)
    snippet: str | None = None
    source: str | None = None
    """The table (or file) the evidence came from."""


@record
class Signal:
    name: SignalName
    evidence: Evidence


@record
class Contact:
    """Someone the owner may call on: an escalation assignee, a chat participant."""

    name: str
    role: str
    """"support assignee", "chat", "champion", …"""


@record
class Account:
    """The CRM facts about an account that planning and rendering need."""

    account_id: str
    name: str
    segment: str | None = None
    region: str | None = None
    arr: Decimal | None = None
    currency: str = "USD"
    renewal_date: date | None = None
    owner: str | None = None
    csm: str | None = None
    strategic: bool = False
    health_score: int | None = None
    domain: str | None = None


@record
class AccountSignals:
    """One account's fired signals, most severe first, and its contacts."""

    account: Account
    signals: tuple[Signal, ...] = ()
    contacts: tuple[Contact, ...] = ()

    @property
    def names(self) -> frozenset[SignalName]:
        return frozenset(signal.name for signal in self.signals)


@record
class DataGap:
    """A signal that could not be computed, and the data it needs."""

    signal: SignalName
    needs: str
    """Plain words: "no usage data"."""


@record
class DataWarning:
    """Stale or doubtful data a result relies on."""

    account_id: str | None
    message: str
    kind: str = ""
    """A short stable key to group warnings by: "usage_stale", "renewal_past"."""


@record
class SignalReport:
    """Every active account's signals as of a date, with the gaps and warnings."""

    as_of: date
    accounts: tuple[AccountSignals, ...]
    gaps: tuple[DataGap, ...] = ()
    warnings: tuple[DataWarning, ...] = ()

    def unavailable(self) -> frozenset[SignalName]:
        return frozenset(gap.signal for gap in self.gaps)
