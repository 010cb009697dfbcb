"""Tiers and the parsed scope: the shared vocabulary of planning."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from lifebuoy.signals.model import SignalName


class Tier(StrEnum):
    """Intervention tiers, most urgent first."""

    CRITICAL = "Critical"
    HIGH = "High"
    MEDIUM = "Medium"
    WATCH = "Watch"

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


TIER_WORDS: dict[str, Tier] = {
    "critical": Tier.CRITICAL,
    "crit": Tier.CRITICAL,
    "urgent": Tier.CRITICAL,
    "hot": Tier.CRITICAL,
    "red": Tier.CRITICAL,
    "p0": Tier.CRITICAL,
    "p1": Tier.CRITICAL,
    "high": Tier.HIGH,
    "hi": Tier.HIGH,
    "amber": Tier.HIGH,
    "orange": Tier.HIGH,
    "p2": Tier.HIGH,
    "medium": Tier.MEDIUM,
    "med": Tier.MEDIUM,
    "moderate": Tier.MEDIUM,
    "yellow": Tier.MEDIUM,
    "p3": Tier.MEDIUM,
    "watch": Tier.WATCH,
    "monitor": Tier.WATCH,
    "low": Tier.WATCH,
    "green": Tier.WATCH,
}
"""Tiers as teams write them, folded: a team's list and the scope language read
these. Red is the worst of a red/amber/green status and hot the top of a
hot/warm/cold list: both ask for action this week, which is Critical."""


@dataclass(frozen=True)
class RunRef:
    """A saved run a scope draws its accounts from."""

    kind: Literal["at-risk", "plan", "any"] = "at-risk"
    run_id: int | None = None
    """None means the most recent run of that kind."""


@dataclass(frozen=True)
class Scope:
    """Which accounts to plan, as parsed from the user's words.

    Empty collections and None mean "no filter". All dates are absolute,
    resolved against the as-of date when the scope was parsed.
    """

    text: str
    tiers: frozenset[Tier] = frozenset()
    from_run: RunRef | None = None
    segments: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    renewal_from: date | None = None
    renewal_to: date | None = None
    signals: frozenset[SignalName] = frozenset()
    """Accounts with any of these signals."""
    any_signal: bool = False
    """"with risk flags": accounts with a signal other than renewal_soon (an
    upcoming renewal is context, not a risk)."""
    arr_min: Decimal | None = None
    arr_max: Decimal | None = None
    arr_symbol: str = field(default="", compare=False)
    """The currency symbol the ARR amounts were written with ("$"), for echoing."""
    top_n: int | None = None
    include_healthy: bool = False
    """"all accounts" lists healthy accounts too (health, at-risk summaries)."""
    at_risk: bool = field(default=False, compare=False)
    """The words said "at-risk accounts": a top N and a health table keep them only.

    Echoed when no tier or signal says so already.
    """
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scope:
        """The scope ``to_json`` wrote (as saved with a run)."""
        run = data.get("from_run")
        return cls(
            text=str(data.get("text", "")),
            tiers=frozenset(Tier(item) for item in data.get("tiers", ())),
            from_run=RunRef(kind=run["kind"], run_id=run["run_id"]) if run else None,
            segments=frozenset(data.get("segments", ())),
            regions=frozenset(data.get("regions", ())),
            owners=frozenset(data.get("owners", ())),
            renewal_from=_date_or_none(data.get("renewal_from")),
            renewal_to=_date_or_none(data.get("renewal_to")),
            signals=frozenset(SignalName(item) for item in data.get("signals", ())),
            any_signal=bool(data.get("any_signal", False)),
            arr_min=_decimal_or_none(data.get("arr_min")),
            arr_max=_decimal_or_none(data.get("arr_max")),
            arr_symbol=str(data.get("arr_symbol") or ""),
            top_n=data.get("top_n"),
            include_healthy=bool(data.get("include_healthy", False)),
            at_risk=bool(data.get("at_risk", False)),
        )

    def describe(self) -> str:
        """The scope in plain words, for the "Scope:" line of every output.

        "Enterprise · tiers Critical, High · renewing 2026-12-03 to 2027-02-01";
        "Enterprise · at-risk accounts" when nothing narrows to tiers or signals.
        """
        parts = [
            *_describe_run(self.from_run),
            *_describe_names(self),
            *_describe_tiers(self),
            *_describe_renewal(self.renewal_from, self.renewal_to),
            *_describe_signals(self),
            *_describe_arr(self.arr_min, self.arr_max, symbol=self.arr_symbol),
        ]
        if self.top_n is not None:
            parts.append(f"top {self.top_n} by ARR")
        if self._says_at_risk() or not parts:
            parts.append("all accounts" if self.include_healthy else "at-risk accounts")
        return " · ".join(parts)

    def _says_at_risk(self) -> bool:
        """ "at-risk accounts" was said and no run, tier or signal says it already."""
        narrowed = self.from_run or self.tiers or self.signals or self.any_signal
        return self.at_risk and not self.include_healthy and not narrowed

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        for key, value in data.items():
            if isinstance(value, frozenset):
                data[key] = sorted(str(item) for item in value)
            elif isinstance(value, date | Decimal):
                data[key] = str(value)
        return data


def _date_or_none(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _decimal_or_none(value: object) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def _describe_run(run: RunRef | None) -> list[str]:
    if run is None:
        return []
    if run.run_id is not None:
        return [f"from run {run.run_id}"]
    if run.kind == "at-risk":
        return ["from last at-risk list"]
    if run.kind == "plan":
        return ["from last plan"]
    return ["from the last run"]


def _describe_names(scope: Scope) -> list[str]:
    parts = []
    if scope.segments:
        parts.append(", ".join(sorted(scope.segments)))
    if scope.regions:
        parts.append(", ".join(sorted(scope.regions)))
    if scope.owners:
        parts.append("owned by " + " or ".join(sorted(scope.owners)))
    return parts


def _describe_tiers(scope: Scope) -> list[str]:
    if not scope.tiers:
        return []
    ordered = sorted(scope.tiers, key=lambda tier: tier.rank)
    label = "tier" if len(ordered) == 1 else "tiers"
    return [f"{label} " + ", ".join(tier.value for tier in ordered)]


def _describe_renewal(start: date | None, end: date | None) -> list[str]:
    if start is None and end is None:
        return []
    if start is None:
        return [f"renewing by {end}"]
    if end is None:
        return [f"renewing from {start}"]
    return [f"renewing {start} to {end}"]


def _describe_signals(scope: Scope) -> list[str]:
    parts = []
    if scope.any_signal:
        parts.append("with risk flags")
    if scope.signals:
        ordered = sorted(scope.signals, key=lambda signal: signal.severity)
        names = " or ".join(signal.value.replace("_", " ") for signal in ordered)
        parts.append(f"with {names}")
    return parts


def _describe_arr(
    low: Decimal | None, high: Decimal | None, *, symbol: str
) -> list[str]:
    """Both bounds are inclusive, and said so: "ARR $50,000 or more"."""
    if low is not None and high is not None:
        return [f"ARR {symbol}{low:,} to {symbol}{high:,}"]
    if low is not None:
        return [f"ARR {symbol}{low:,} or more"]
    if high is not None:
        return [f"ARR up to {symbol}{high:,}"]
    return []
