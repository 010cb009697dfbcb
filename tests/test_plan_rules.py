"""Tiers, actions and owners from the shipped playbook; playbook validation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lifebuoy.errors import ConfigError
from lifebuoy.planning.actions import choose_actions
from lifebuoy.planning.model import Tier
from lifebuoy.planning.owners import choose_owner
from lifebuoy.planning.playbook import load_playbook, workspace_playbook
from lifebuoy.planning.tiers import assign_tier
from lifebuoy.signals.model import Account
from lifebuoy.signals.model import SignalName as S

PLAYBOOK = load_playbook()
AS_OF = date(2026, 12, 3)

TIER_CASES = [
    ({S.ESCALATION}, None, Tier.CRITICAL),
    ({S.PAYMENT_FAILED, S.RENEWAL_SOON}, "2026-12-20", Tier.CRITICAL),
    ({S.EVALUATING_ALTERNATIVES}, None, Tier.CRITICAL),
    ({S.NPS_DETRACTOR, S.RENEWAL_SOON}, "2027-01-20", Tier.CRITICAL),
    ({S.SUPPORT_SPIKE}, None, Tier.HIGH),
    ({S.USAGE_DECLINE, S.NPS_DETRACTOR}, None, Tier.HIGH),
    ({S.CHAMPION_LEFT}, None, Tier.HIGH),
    ({S.LOW_HEALTH}, None, Tier.HIGH),
    ({S.NO_EXEC_TOUCH}, "2027-06-01", Tier.HIGH),  # 180 days after as-of
    ({S.NO_EXEC_TOUCH}, "2027-06-02", Tier.MEDIUM),  # 181 days
    ({S.NO_EXEC_TOUCH}, None, Tier.MEDIUM),
    ({S.NO_EXEC_TOUCH}, "2026-11-01", Tier.MEDIUM),  # renewal already past
    ({S.NPS_DETRACTOR}, None, Tier.MEDIUM),
    ({S.SLOW_RESPONSE}, None, Tier.MEDIUM),
    ({S.PAYMENT_LATE, S.RENEWAL_SOON}, "2027-01-20", Tier.MEDIUM),
    ({S.RENEWAL_SOON}, "2027-01-20", Tier.WATCH),
    (set(), "2027-01-20", None),
]


@pytest.mark.parametrize(("signals", "renewal", "expected"), TIER_CASES)
def test_tier_follows_the_first_matching_rule(
    signals: set[S], renewal: str | None, expected: Tier | None
) -> None:
    tier = assign_tier(
        PLAYBOOK.rules,
        frozenset(signals),
        renewal_date=date.fromisoformat(renewal) if renewal else None,
        as_of=AS_OF,
    )

    assert tier is expected


ACTION_CASES = [
    (
        {S.ESCALATION, S.EVALUATING_ALTERNATIVES},
        "Executive outreach: value and competitive conversation",
        "Executive outreach and health review; confirm the escalation is resolved",
    ),
    (
        {S.NPS_DETRACTOR, S.RENEWAL_SOON},
        "Executive outreach; address the detractor feedback before renewal",
        None,
    ),
    (
        {S.NPS_DETRACTOR, S.RENEWAL_SOON, S.USAGE_DECLINE},
        "Executive outreach; address the detractor feedback before renewal",
        "Enablement or win-back; health review",
    ),
    (
        {S.NPS_DETRACTOR, S.SLOW_RESPONSE},
        "Outreach: understand the feedback, act, record it for Product",
        "Multi-channel outreach; escalate to the account owner",
    ),
    ({S.PAYMENT_LATE}, "Payment reminder with billing", None),
    (
        {S.RENEWAL_SOON, S.NO_EXEC_TOUCH},
        "Strategic check-in or QBR",
        "Proactive health check and QBR prep",
    ),
]


@pytest.mark.parametrize(("signals", "primary", "secondary"), ACTION_CASES)
def test_primary_and_secondary_action(
    signals: set[S], primary: str, secondary: str | None
) -> None:
    chosen = choose_actions(PLAYBOOK.actions, frozenset(signals))

    assert chosen is not None
    assert chosen.primary.action == primary
    assert (chosen.secondary.action if chosen.secondary else None) == secondary


@pytest.mark.parametrize(
    ("csm", "owner", "expected", "tbd"),
    [
        ("Dana Lee", "Sam Ortiz", "Dana Lee", False),
        (None, "Sam Ortiz", "Sam Ortiz", False),
        ("   ", " Sam  Ortiz ", "Sam Ortiz", False),
        (None, None, "TBD", True),
        ("", "", "TBD", True),
    ],
)
def test_owner_is_csm_then_account_owner_then_tbd(
    csm: str | None, owner: str | None, expected: str, tbd: bool
) -> None:
    chosen = choose_owner(Account("A1", "Acme", csm=csm, owner=owner))

    assert (chosen.name, chosen.is_tbd) == (expected, tbd)


def _team_playbook(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[actions]\nescalaton = "x"\n', "actions.escalaton"),
        ('[[rules]]\ntier = "Urgent"\nany_of = ["escalation"]\n', "rules.0.tier"),
        ('[[rules]]\ntier = "High"\nany_of = ["escalaton"]\n', "rules.0.any_of"),
        ('[[rules]]\ntier = "High"\n', "needs signals in 'any_of' or 'all_of'"),
        (
            '[[rules]]\ntier = "High"\nall_of = ["low_health"]\nsoon = 3\n',
            "unknown key 'rules.0.soon'",
        ),
        (
            '[timelines.High]\nrule = "days_after"\ndays = -1\nlabel = "x"\n',
            "timelines.High.days",
        ),
        (
            '[timelines.Critical]\nrule = "end_of_week"\nlabel = "x"\n',
            "timelines.High' is missing",
        ),
        ('action = "x"\n', "unknown key 'action'; did you mean 'actions'?"),
        ("[actions\n", "not valid TOML"),
    ],
)
def test_bad_playbook_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = _team_playbook(tmp_path, text)

    with pytest.raises(ConfigError) as raised:
        load_playbook(path)

    assert message in str(raised.value)
    assert str(path) in str(raised.value)


def test_missing_action_for_a_signal_is_named(tmp_path: Path) -> None:
    actions = "\n".join(f'{name} = "Act"' for name in S if name is not S.PAYMENT_LATE)
    path = _team_playbook(tmp_path, f"[actions]\n{actions}\n")

    with pytest.raises(ConfigError, match=r"'actions\.payment_late' is missing"):
        load_playbook(path)


def test_team_playbook_replaces_only_its_sections(tmp_path: Path) -> None:
    _team_playbook(
        tmp_path,
        '[[rules]]\ntier = "critical"\nany_of = ["low_health"]\n',
    )

    playbook = workspace_playbook(tmp_path, Path("team.toml"))

    assert (
        assign_tier(
            playbook.rules, frozenset({S.LOW_HEALTH}), renewal_date=None, as_of=AS_OF
        )
        is Tier.CRITICAL
    )
    assert (
        assign_tier(
            playbook.rules, frozenset({S.ESCALATION}), renewal_date=None, as_of=AS_OF
        )
        is None
    )
    assert playbook.actions == PLAYBOOK.actions
    assert playbook.source == str(tmp_path / "team.toml")


def test_missing_playbook_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"setting 'playbook' = 'gone\.toml'"):
        workspace_playbook(tmp_path, Path("gone.toml"))
