"""The at-risk list: the plan's tiers and actions without owners and due dates.

Each account shows its one or two strongest signals and the suggested action
with the reason for it. The summary adds the data gaps and what data would
sharpen the list. ``at_risk`` saves the run so that a later scope "from last
at-risk list" plans exactly these accounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from lifebuoy.planning.actions import choose_actions
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.plan import Plan, PlannedAccount, keep_run, plan
from lifebuoy.planning.plan_warnings import HOLIDAYS
from lifebuoy.planning.playbook import Playbook, workspace_playbook
from lifebuoy.signals.model import SIGNAL_TABLES, DataGap, SignalName
from lifebuoy.workspace.store import Workspace

SOURCES: dict[str, str] = {
    "tickets": "support tickets (priority, escalations, CSAT)",
    "usage": "product usage (active users or events per day)",
    "nps": "NPS survey responses",
    "invoices": "billing invoices (due dates, payment status)",
    "activities": "meetings, calls and emails logged per account",
    "chat_messages": "team chat messages that mention accounts",
    "contacts": "contacts with their roles and departures",
    "accounts.health_score": "the CRM's own health score",
    "accounts.renewal_date": "renewal dates in the CRM",
    "accounts.last_exec_touch_date": "last executive touch dates in the CRM",
}
"""What each source is, in words a CS lead would ask their admins for."""

REASONS: dict[SignalName, str] = {
    SignalName.EVALUATING_ALTERNATIVES: "they are evaluating alternatives",
    SignalName.ESCALATION: "a ticket was escalated",
    SignalName.PAYMENT_FAILED: "a payment failed or is long overdue",
    SignalName.SUPPORT_SPIKE: "support tickets spiked",
    SignalName.USAGE_DECLINE: "usage is falling",
    SignalName.CHAMPION_LEFT: "their champion left",
    SignalName.LOW_HEALTH: "the CRM health score is low",
    SignalName.NO_EXEC_TOUCH: "no executive has met them recently",
    SignalName.NPS_DETRACTOR: "they answered NPS as detractors",
    SignalName.SLOW_RESPONSE: "outreach goes unanswered",
    SignalName.PAYMENT_LATE: "a payment is late",
    SignalName.RENEWAL_SOON: "renewal is coming up",
}
"""Why an action suits a signal, after "because"."""


@dataclass(frozen=True)
class AtRiskEntry:
    """One account of the list."""

    planned: PlannedAccount
    action_reason: str
    """ "because a ticket was escalated": what the action answers."""

    @property
    def tier(self) -> Tier:
        return self.planned.tier


@dataclass(frozen=True)
class AtRiskList:
    plan: Plan
    entries: tuple[AtRiskEntry, ...]
    gaps: tuple[str, ...]
    """ "usage decline signals not available: no usage data"."""
    sharpen: tuple[str, ...]
    """Data that would sharpen the list, and the signals it would add."""
    run_id: int | None = None

    def in_tier(self, tier: Tier) -> tuple[AtRiskEntry, ...]:
        return tuple(entry for entry in self.entries if entry.tier is tier)


def build_at_risk(
    result: Plan, *, playbook: Playbook, run_id: int | None = None
) -> AtRiskList:
    """The at-risk list of a plan (pure); it shows no due dates, so no note on
    their holidays."""
    warnings = tuple(item for item in result.warnings if item.kind != HOLIDAYS)
    result = replace(result, warnings=warnings)
    entries = tuple(
        AtRiskEntry(planned=item, action_reason=action_reason(item, playbook))
        for item in result.accounts
    )
    return AtRiskList(
        plan=result,
        entries=entries,
        gaps=gap_lines(result.gaps),
        sharpen=sharpen_lines(result.gaps),
        run_id=run_id,
    )


def action_reason(item: PlannedAccount, playbook: Playbook) -> str:
    """ "because a ticket was escalated": the signals the action answers."""
    chosen = choose_actions(playbook.actions, item.account.names)
    if chosen is None:
        return f"because of its {item.tier.value} tier rule"
    names = sorted(chosen.primary.signals, key=lambda name: name.severity)
    return "because " + _and([REASONS[name] for name in names])


def gap_lines(gaps: tuple[DataGap, ...]) -> tuple[str, ...]:
    """One line per missing source: the signals it leaves out."""
    grouped: dict[str, list[SignalName]] = {}
    for gap in gaps:
        grouped.setdefault(gap.needs, []).append(gap.signal)
    return tuple(
        f"{_and([_words(name) for name in names])} signals not available: {needs}"
        for needs, names in grouped.items()
    )


def sharpen_lines(gaps: tuple[DataGap, ...]) -> tuple[str, ...]:
    """Per source that would add a missing signal: what to load, what it adds."""
    adds: dict[str, list[SignalName]] = {}
    for gap in gaps:
        for source in SIGNAL_TABLES.get(gap.signal, ()):
            adds.setdefault(source, []).append(gap.signal)
    return tuple(
        f"{SOURCES.get(source, source)} would add "
        f"{_and([_words(name) for name in names])}"
        for source, names in adds.items()
    )


def at_risk(
    workspace: Workspace,
    scope: Scope,
    *,
    as_of: date,
    candidates: Mapping[str, Tier] | None = None,
    save: bool = True,
) -> AtRiskList:
    """The at-risk list for SCOPE as of AS_OF, saved as an at-risk run (when
    the workspace can be written; the list says so when it cannot)."""
    playbook = workspace_playbook(workspace.path, workspace.settings.playbook)
    result = plan(workspace, scope, as_of=as_of, candidates=candidates)
    run_id = None
    if save:
        result, run_id = keep_run(workspace, result, kind="at-risk")
    return build_at_risk(result, playbook=playbook, run_id=run_id)


def _words(name: SignalName) -> str:
    return name.value.replace("_", " ").replace("nps", "NPS")


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
