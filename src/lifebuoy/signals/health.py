"""The health score of an account, or of every account in a scope.

The raw measures come from health_measures (Ibis aggregates over the
workspace as of a date); health_scoring turns them into dimension scores,
the weighted score, its colour and factors. Both documents say how each
dimension is scored. This module adds what a report needs around the
score: the account, its risk flags (the fired signals), the CRM's own
score, the trend against 30 days earlier and what data was missing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from lifebuoy.errors import LifebuoyError, ScopeError
from lifebuoy.signals.context import day_label, last_usage_day, plural
from lifebuoy.signals.health_measures import Measured, SourceUse, measure
from lifebuoy.signals.health_scoring import (
    MEASURES,
    NEVER,
    Colour,
    Dimension,
    Factor,
    colour,
    reading,
    score,
    weights_for,
)
from lifebuoy.signals.model import Account, Signal
from lifebuoy.sources.values import normalise_name
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

TREND_DAYS = 30
FLAT_WITHIN = 2
"""A change of this many points or fewer reads as flat (→)."""
CLOSE_RATIO = 0.6
CLOSE_MARGIN = 0.1
"""A name is offered for a mistyped one from CLOSE_RATIO alike, and only when
it is no more than CLOSE_MARGIN less alike than the closest name."""

DIMENSION_TABLES: dict[Dimension, tuple[str, ...]] = {
    Dimension.USAGE: ("usage",),
    Dimension.SUPPORT: ("tickets",),
    Dimension.SATISFACTION: ("nps",),
    Dimension.COMMERCIAL: ("invoices", "accounts.renewal_date"),
    Dimension.RELATIONSHIP: (
        "activities",
        "contacts",
        "accounts.last_meeting_date",
        "accounts.last_exec_touch_date",
    ),
}

MISSING_MEASURE: dict[str, str] = {
    "active_users_change": "active users change: no usage in the 30 days before",
    "events_change": "events change: no usage in the 30 days before",
    "csat_90": "CSAT: no rated tickets in the last 90 days",
    "nps_average": "NPS average: no response in the last 365 days",
    "overdue_invoices": "payments: no billing data",
    "days_to_renewal": "days to renewal: no renewal date in the CRM",
    "days_since_meeting": "meetings: no activities and no last meeting date",
    "days_since_exec_touch": "executive touch: no activities and no date in the CRM",
    "days_unanswered": "outreach: no activity data",
    "active_champions": "champions: no champion or sponsor contacts on record",
}

ACCOUNT_COLUMNS = (
    "account_id",
    "name",
    "domain",
    "segment",
    "region",
    "arr",
    "currency",
    "renewal_date",
    "status",
    "owner",
    "csm",
    "health_score",
    "health_score_updated_on",
    "strategic",
)


@dataclass(frozen=True)
class CrmScore:
    """The CRM's own health score, shown beside lifebuoy's."""

    score: int
    updated_on: date | None
    stale: bool
    """Not updated within signals.health_score_stale_days."""


@dataclass(frozen=True)
class HealthReport:
    """One account's health as of a date."""

    account: Account
    as_of: date
    score: int | None
    """None when no dimension has data."""
    reading: str
    dimensions: dict[Dimension, int]
    weights: dict[Dimension, Decimal]
    """The weights used, rescaled over the dimensions with data."""
    factors: tuple[Factor, ...]
    missing: tuple[str, ...]
    """Dimensions and measures without data, with the data they need."""
    sources: dict[str, SourceUse]
    previous: int | None
    """The score as of TREND_DAYS earlier, computed the same way."""
    flags: tuple[Signal, ...] = ()
    """The account's fired signals, most severe first."""
    crm: CrmScore | None = None
    churned: bool = False

    @property
    def colour(self) -> Colour | None:
        return None if self.score is None else colour(self.score)

    @property
    def positive(self) -> tuple[Factor, ...]:
        return tuple(factor for factor in self.factors if factor.positive)

    @property
    def watch(self) -> tuple[Factor, ...]:
        """Factors worse than the best but not yet bad (see health_scoring)."""
        return tuple(factor for factor in self.factors if factor.watch)

    @property
    def negative(self) -> tuple[Factor, ...]:
        return tuple(factor for factor in self.factors if factor.negative)

    @property
    def change(self) -> int | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def trend(self) -> str:
        """'↑ 5', '→ 0', '↓ 12', or '—' without a score 30 days earlier."""
        change = self.change
        if change is None:
            return "—"
        if abs(change) <= FLAT_WITHIN:
            return f"→ {_signed(change)}"
        return f"↑ {change}" if change > 0 else f"↓ {-change}"


def find_account(accounts: Sequence[Account], text: str) -> Account | None:
    """The account TEXT names: by id, by name, then by a unique part of the name.

    Names compare normalised, as a team list's do ("Cedar & Co" is "cedar and
    co."). An id wins unless its account also has TEXT as its name. None when
    nothing matches; a ScopeError, answered by an id, when several accounts fit.
    """
    wanted = text.strip().casefold()
    key = normalise_name(text)
    named = [account for account in accounts if normalise_name(account.name) == key]
    for account in accounts:
        if account.account_id.casefold() == wanted and account not in named:
            return account
    if len(named) == 1:
        return named[0]
    if named:
        raise _several(
            f"{text!r} is the name of {len(named)} accounts",
            hint="Say which one by its id: " + _some(named),
            text=text,
            found=named,
        )
    partial = [account for account in accounts if _has_part(account, wanted, key)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise _several(
            f"{text!r} matches {len(partial)} accounts",
            hint="Say which one: " + _some(partial),
            text=text,
            found=partial,
        )
    return None


def _several(
    message: str, *, hint: str, text: str, found: Sequence[Account]
) -> ScopeError:
    """The question when TEXT fits several accounts: their ids are the answers."""
    return ScopeError(
        message,
        hint=hint,
        text=text,
        span=(0, len(text)),
        suggestions=tuple(account.account_id for account in found[:8]),
    )


def _has_part(account: Account, wanted: str, key: str) -> bool:
    """Whether the account's name holds WANTED, as written or normalised (KEY)."""
    if not wanted:
        return False
    return wanted in account.name.casefold() or bool(
        key and key in normalise_name(account.name)
    )


def closest_accounts(accounts: Sequence[Account], text: str) -> list[Account]:
    """The accounts whose names are closest to TEXT (ignoring case), closest
    first: up to three, none further than CLOSE_MARGIN from the closest."""
    wanted = text.strip().casefold()
    ratios = [
        (
            difflib.SequenceMatcher(None, account.name.casefold(), wanted).ratio(),
            account,
        )
        for account in accounts
    ]
    close = sorted(
        (pair for pair in ratios if pair[0] >= CLOSE_RATIO),
        key=lambda pair: (-pair[0], pair[1].account_id),
    )
    if not close:
        return []
    best = close[0][0]
    return [account for ratio, account in close[:3] if ratio >= best - CLOSE_MARGIN]


def did_you_mean(accounts: Sequence[Account]) -> str:
    """ "Did you mean: Acme Corp (A1)?"."""
    return "Did you mean: " + "; ".join(_label(account) for account in accounts) + "?"


def no_such_account(accounts: Sequence[Account], text: str) -> LifebuoyError:
    """The error for TEXT naming no account, with the closest names."""
    close = closest_accounts(accounts, text)
    hint = 'Give an account id or name, or a scope such as "top 10 by ARR".'
    if close:
        hint = did_you_mean(close)
    return LifebuoyError(f"no account or scope matches {text!r}", hint=hint)


def _some(accounts: Sequence[Account], limit: int = 8) -> str:
    text = "; ".join(_label(account) for account in accounts[:limit])
    hidden = len(accounts) - limit
    return f"{text}; and {hidden} more" if hidden > 0 else text


def _label(account: Account) -> str:
    return f"{account.name} ({account.account_id})"


def load_accounts(workspace: Workspace) -> list[tuple[Account, date | None, bool]]:
    """Every account with its CRM score date and whether it churned."""
    table = workspace.table("accounts")
    if table is None:
        return []
    rows = table.select(*ACCOUNT_COLUMNS).order_by("account_id").to_pyarrow()
    return [_account(row) for row in rows.to_pylist()]


def _account(row: Mapping[str, object]) -> tuple[Account, date | None, bool]:
    account = Account(
        account_id=str(row["account_id"]),
        name=str(row["name"]),
        segment=_text(row["segment"]),
        region=_text(row["region"]),
        arr=row["arr"] if isinstance(row["arr"], Decimal) else None,
        currency=_text(row["currency"]) or "USD",
        renewal_date=row["renewal_date"]
        if isinstance(row["renewal_date"], date)
        else None,
        owner=_text(row["owner"]),
        csm=_text(row["csm"]),
        strategic=bool(row["strategic"]),
        health_score=row["health_score"]
        if isinstance(row["health_score"], int)
        else None,
        domain=_text(row["domain"]),
    )
    updated = row["health_score_updated_on"]
    churned = (_text(row["status"]) or "active").casefold() == "churned"
    return account, updated if isinstance(updated, date) else None, churned


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def score_accounts(
    workspace: Workspace,
    accounts: Iterable[tuple[Account, date | None, bool]],
    *,
    as_of: date,
    flags: Mapping[str, tuple[Signal, ...]] | None = None,
) -> list[HealthReport]:
    """Health reports for ACCOUNTS as of AS_OF, with the trend and FLAGS."""
    chosen = list(accounts)
    ids = [account.account_id for account, _, _ in chosen]
    present = _present_tables(workspace)
    now = measure(workspace, as_of=as_of, account_ids=ids)
    before = measure(
        workspace, as_of=as_of - timedelta(days=TREND_DAYS), account_ids=ids
    )
    settings = workspace.settings
    usage = workspace.table("usage")
    usage_end = None if usage is None else last_usage_day(usage, as_of)
    return [
        _report(
            account,
            crm_updated=updated,
            churned=churned,
            now=now.get(account.account_id, Measured()),
            before=before.get(account.account_id, Measured()),
            present=present,
            settings=settings,
            as_of=as_of,
            flags=(flags or {}).get(account.account_id, ()),
            usage_end=usage_end,
        )
        for account, updated, churned in chosen
    ]


def _present_tables(workspace: Workspace) -> frozenset[str]:
    tables = ("usage", "tickets", "nps", "invoices", "activities", "contacts")
    return frozenset(name for name in tables if workspace.count(name) > 0)


def _report(
    account: Account,
    *,
    crm_updated: date | None,
    churned: bool,
    now: Measured,
    before: Measured,
    present: frozenset[str],
    settings: Settings,
    as_of: date,
    flags: tuple[Signal, ...],
    usage_end: date | None,
) -> HealthReport:
    weights = weights_for(settings.health, account.segment)
    values = with_defaults(now.values, present)
    scored = score(values, weights)
    previous = score(with_defaults(before.values, present), weights).score
    factors = scored.factors
    notes: tuple[str, ...] = ()
    if usage_end is not None and usage_end < as_of:
        factors = tuple(_usage_dated(factor, usage_end) for factor in factors)
        notes = _usage_note(usage_end, as_of=as_of, settings=settings)
    return HealthReport(
        account=account,
        as_of=as_of,
        score=scored.score,
        reading=reading(scored, flags=tuple(f.evidence.reason for f in flags)),
        dimensions=scored.dimensions,
        weights=scored.weights,
        factors=factors,
        missing=(*_missing(values, present), *notes),
        sources=_sources(now, present),
        previous=previous,
        flags=flags,
        crm=_crm(account, crm_updated, settings=settings, as_of=as_of),
        churned=churned,
    )


def _usage_dated(factor: Factor, end: date) -> Factor:
    """A usage factor saying the days it covers when the data ends early."""
    if factor.measure in ("active_users_change", "events_change"):
        text = factor.text.replace("last 30 days", f"30 days to {day_label(end)}")
        return replace(factor, text=text)
    if factor.measure == "days_since_active" and factor.value < NEVER:
        active = end - timedelta(days=int(factor.value))
        text = f"last active day {day_label(active)} (usage data ends {day_label(end)})"
        return replace(factor, text=text)
    return factor


def _usage_note(end: date, *, as_of: date, settings: Settings) -> tuple[str, ...]:
    """The missing-data line when the usage data ends well before AS_OF."""
    behind = (as_of - end).days
    if behind <= settings.signals.usage_stale_days:
        return ()
    return (
        f"usage: data ends {end.isoformat()}, {plural(behind, 'day')} before the "
        "as-of date; usage compared up to then",
    )


ZERO_WHEN_NONE: dict[str, tuple[str, ...]] = {
    "tickets": ("tickets_30", "escalations_90", "reopens_90"),
    "activities": ("days_unanswered",),
}
"""Counts that are 0 for an account without rows in a table that has data: no
ticket is no support load. Invoices are not among them: an account the billing
data never bills is not known to pay on time, so its commercial score is missing.
"""
BILLING_MEASURES = ("overdue_invoices", "failed_payments_90")


def with_defaults(
    values: Mapping[str, float], present: frozenset[str]
) -> dict[str, float]:
    """VALUES with zero counts where a table has data but none for this account."""
    filled = dict(values)
    for table, names in ZERO_WHEN_NONE.items():
        if table in present:
            for name in names:
                filled.setdefault(name, 0.0)

    # A renewal date alone says nothing about health: it joins billing data.
    if not any(name in filled for name in BILLING_MEASURES):
        filled.pop("days_to_renewal", None)
    return filled


def _missing(values: Mapping[str, float], present: frozenset[str]) -> tuple[str, ...]:
    scored = {MEASURES[name].dimension for name in values}
    missing = [
        f"{dimension.value}: {_dimension_gap(dimension, present)}"
        for dimension in Dimension
        if dimension not in scored
    ]
    missing += [
        text
        for name, text in MISSING_MEASURE.items()
        if name not in values and MEASURES[name].dimension in scored
    ]
    return tuple(missing)


def _dimension_gap(dimension: Dimension, present: frozenset[str]) -> str:
    tables = [t for t in DIMENSION_TABLES[dimension] if "." not in t]
    if not any(table in present for table in tables):
        return "no " + " or ".join(_table_words(t) for t in tables) + " data"
    return "no " + " or ".join(_table_words(t) for t in tables) + " for this account"


def _table_words(table: str) -> str:
    return {"nps": "NPS", "invoices": "billing"}.get(table, table)


def _sources(measured: Measured, present: frozenset[str]) -> dict[str, SourceUse]:
    sources = dict(measured.sources)
    for table in sorted(present):
        sources.setdefault(table, SourceUse(rows=0))
    return dict(sorted(sources.items()))


def _crm(
    account: Account, updated: date | None, *, settings: Settings, as_of: date
) -> CrmScore | None:
    if account.health_score is None:
        return None
    if updated is not None and updated > as_of:
        return None  # recorded after the as-of day: not known then
    limit = settings.signals.health_score_stale_days
    stale = updated is not None and (as_of - updated).days > limit
    return CrmScore(score=account.health_score, updated_on=updated, stale=stale)


def worst_first(reports: Iterable[HealthReport]) -> tuple[HealthReport, ...]:
    """Lowest score first (no score last), then name."""
    return tuple(
        sorted(
            reports,
            key=lambda r: (r.score is None, r.score or 0, r.account.name.casefold()),
        )
    )


def _signed(change: int) -> str:
    if change > 0:
        return f"+{change}"
    return f"−{-change}" if change < 0 else "0"
