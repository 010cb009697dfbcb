"""The plan as JSON: every account's signals, evidence, contacts and computed fields.

The document follows ``plan.schema.json`` (shipped next to this module) and
carries its ``schema_version``. Money is a string to stay exact; dates are ISO.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from lifebuoy.collector import collector_paused
from lifebuoy.planning.plan import Plan, PlannedAccount, RunSource, TierSummary
from lifebuoy.planning.risk_words import unread_hint
from lifebuoy.render import content
from lifebuoy.render.json_text import json_text
from lifebuoy.signals.model import Contact, Signal

SCHEMA_VERSION = "1"
SCHEMA_FILE = "plan.schema.json"
CENT = Decimal("0.01")


def render_json(plan: Plan, *, workspace: Path | None = None) -> str:
    with collector_paused():
        document = plan_document(plan, workspace=workspace)
    return json_text(document)


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of the plan document."""
    text = resources.files("lifebuoy.render").joinpath(SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def plan_document(plan: Plan, *, workspace: Path | None = None) -> dict[str, Any]:
    """The plan's JSON document; its next steps name WORKSPACE when one is given."""
    document = _plan_document(plan, workspace=workspace)
    if plan.accounts_file is not None:
        document["accounts_file"] = plan.accounts_file
        document["summary"]["not_understood"] = [
            {"name": name, "words": words, "hint": unread_hint(words)}
            for name, words in plan.not_understood
        ]
        for entry, item in zip(document["accounts"], plan.accounts, strict=True):
            entry |= _team_fields(item)
    return document


def _team_fields(item: PlannedAccount) -> dict[str, Any]:
    """What a team's list decided, beside what the rules say."""
    return {
        "team_tier": item.team_tier.value if item.team_tier else None,
        "rule_tier": item.rule_tier.value if item.rule_tier else None,
        "action_source": item.action_source,
        "not_understood": list(item.not_understood),
    }


def _plan_document(plan: Plan, *, workspace: Path | None) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "plan",
        "scope": plan.scope.to_json(),
        "as_of": plan.as_of.isoformat(),
        "reporting_currency": plan.reporting_currency,
        "playbook": plan.playbook,
        "tier_order": [line.tier.value for line in plan.summary],
        "accounts": [_account(item) for item in plan.accounts],
        "summary": {
            "tiers": [_tier(line) for line in plan.summary],
            "healthy": plan.healthy,
            "no_risk_flag": plan.no_risk_flag,
            "unmatched": plan.unmatched,
            "outside_tiers": plan.outside_tiers,
            "churned": plan.churned,
            "renewal_past": renewal_past_json(plan),
            "from_run": _run(plan.source_run),
            "owners_to_assign": [item.account_id for item in plan.owners_to_assign],
            "changes": [
                {
                    "account_id": change.account_id,
                    "name": change.name,
                    "was": change.was.value,
                    "now": change.now.value if change.now else None,
                }
                for change in plan.changes
            ],
            "gaps": [
                {"signal": gap.signal.value, "needs": gap.needs} for gap in plan.gaps
            ],
            "warnings": [
                {
                    "account_id": warning.account_id,
                    "message": warning.message,
                    "kind": warning.kind,
                }
                for warning in plan.warnings
            ],
        },
        "next_steps": [
            {"text": text, "command": command}
            for text, command in content.next_steps(plan, workspace=workspace)
        ],
    }


def renewal_past_json(plan: Plan) -> list[dict[str, str]]:
    """The accounts in scope whose renewal date has passed, oldest first."""
    return [
        {
            "account_id": item.account_id,
            "name": item.name,
            "renewal_date": item.renewal_date.isoformat(),
        }
        for item in plan.renewal_past
    ]


def _run(run: RunSource | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "run_id": run.run_id,
        "kind": run.kind,
        "as_of": run.as_of.isoformat(),
        "scope": run.scope,
    }


def _account(item: PlannedAccount) -> dict[str, Any]:
    account = item.account.account
    return {
        "account_id": account.account_id,
        "name": account.name,
        "tier": item.tier.value,
        "tier_rule": item.rule,
        "strategic": account.strategic,
        "segment": account.segment,
        "region": account.region,
        "arr": _money(account.arr),
        "currency": account.currency,
        "arr_reporting": _money(item.arr_reporting),
        "renewal_date": _date(account.renewal_date),
        "health_score": account.health_score,
        "why": list(item.why),
        "primary_action": item.primary_action,
        "secondary_action": item.secondary_action,
        "owner": item.owner,
        "owner_is_tbd": item.owner_is_tbd,
        "owner_source": item.owner_source,
        "owner_note": item.owner_note,
        "crm_owner": account.owner,
        "csm": account.csm,
        "due_date": item.due_date.isoformat(),
        "signals": [_signal(signal) for signal in item.signals],
        "contacts": [_contact(contact) for contact in item.contacts],
    }


def _signal(signal: Signal) -> dict[str, Any]:
    evidence = signal.evidence
    return {
        "name": signal.name.value,
        "reason": evidence.reason,
        "detail": evidence.detail,
        "ids": list(evidence.ids),
        "dates": [value.isoformat() for value in evidence.dates],
        "numbers": {
            key: str(value) if isinstance(value, Decimal) else value
            for key, value in evidence.numbers.items()
        },
        "snippet": evidence.snippet,
        "source": evidence.source,
    }


def _contact(contact: Contact) -> dict[str, Any]:
    return {"name": contact.name, "role": contact.role}


def _tier(line: TierSummary) -> dict[str, Any]:
    return {
        "tier": line.tier.value,
        "count": line.count,
        "arr": _money(line.arr),
        "arr_unknown": line.arr_unknown,
        "target_date": _date(line.target_date),
        "timeline": line.timeline,
    }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT))


def _date(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())
