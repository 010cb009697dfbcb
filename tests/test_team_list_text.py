"""A team's list reads right in the plan: whole brackets, plain words, no empty list.

Expected text is written out by hand from the list and the as-of date
(Thu 2026-12-03: Critical is due Fri 2026-12-04, High Thu 2026-12-17, Medium
and a Watch without renewal Fri 2027-01-01, the Saturday before it).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from lifebuoy.cli import app
from lifebuoy.planning.phrases import balanced, shorten
from lifebuoy.planning.risk_words import clauses, read_risks
from lifebuoy.workspace.settings import SignalSettings

AS_OF = date(2026, 12, 3)
SETTINGS = SignalSettings()
TBD = "TBD (write an owner in the list)"
NO_SIGNAL_ACTION = "Health review: confirm the team's concern and record the signal"
runner = CliRunner()

CLOSERS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}


def is_balanced(text: str) -> bool:
    """Every bracket closed in order and an even number of straight quotes."""
    stack: list[str] = []
    for char in text.replace('"', ""):
        if char in CLOSERS:
            stack.append(CLOSERS[char])
            continue
        if char in CLOSERS.values() and (not stack or stack.pop() != char):
            return False
    return not stack and text.count('"') % 2 == 0


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> Any:
    return runner.invoke(
        app,
        [*args, "-w", str(tmp_path / "no-workspace"), "--as-of", AS_OF.isoformat()],
        input=stdin,
    )


def plan_markdown(tmp_path: Path, text: str) -> str:
    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", "-f", "markdown",
        stdin=text,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def plan_json(tmp_path: Path, text: str) -> dict[str, Any]:
    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", "-f", "json",
        stdin=text,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# 1. Brackets and quotes stay whole.


def test_the_reported_notes_keep_their_brackets(tmp_path: Path) -> None:
    text = (
        "Account,ARR,Notes\n"
        'Acme Corp,120000,"detractor (NPS 3); churn risk - mentioned switching to '
        'Gainsight"\n'
        "Globex,80000,competitor evaluation (ChurnZero)\n"
    )

    markdown = plan_markdown(tmp_path, text)

    assert (
        "| Acme Corp | $120,000 | churn risk - mentioned switching to Gainsight; "
        "detractor (NPS 3) | Executive outreach: value and competitive "
        "conversation. Also: Outreach: understand the feedback, act, record it for "
        f"Product | {TBD} | Fri 2026-12-04 |"
    ) in markdown
    assert (
        "| Globex | $80,000 | competitor evaluation (ChurnZero) | Executive "
        f"outreach: value and competitive conversation | {TBD} | Fri 2026-12-04 |"
    ) in markdown


def test_a_long_note_is_cut_at_a_phrase_with_its_bracket_closed(
    tmp_path: Path,
) -> None:
    note = (
        "evaluating Gainsight (their VP asked for a demo, pricing sheet and a "
        "security review)"
    )
    document = plan_json(tmp_path, f'Account,Notes\nAcme,"{note}"\n')

    (account,) = document["accounts"]
    assert account["why"] == ["evaluating Gainsight (their VP asked for a demo…)"]
    # The evidence keeps every word.
    assert account["signals"][0]["snippet"] == note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("detractor (NPS 3); churn risk", ["detractor (NPS 3)", "churn risk"]),
        ("competitor evaluation (ChurnZero)", ["competitor evaluation (ChurnZero)"]),
        ("detractor (NPS 3, said twice); usage down",
         ["detractor (NPS 3, said twice)", "usage down"]),
        ("escalated (twice; both P1) and invoice late",
         ["escalated (twice; both P1)", "invoice late"]),
        ('said "no, never"; escalated', ['said "no, never"', "escalated"]),
        ("(NPS 3)", ["NPS 3"]),
        ("[P1] escalation", ["[P1] escalation"]),
        ("detractor (NPS 3", ["detractor (NPS 3)"]),
        ("NPS 3) detractor", ["NPS 3 detractor"]),
    ],
)  # fmt: skip
def test_clauses_are_cut_only_outside_brackets_and_quotes(
    text: str, expected: list[str]
) -> None:
    assert clauses(text) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("usage down 40%", 60, "usage down 40%"),
        ("switching to Gainsight - their VP said so at the QBR, pricing too high",
         60, "switching to Gainsight - their VP said so at the QBR…"),
        ("evaluating Gainsight (their VP asked for a demo, pricing sheet and more)",
         60, "evaluating Gainsight (their VP asked for a demo…)"),
        ('said "no way, not at this price, we are moving on"', 30,
         'said "no way, not at this…"'),
        ("supercalifragilistic", 10, "supercali…"),
    ],
)  # fmt: skip
def test_shortening_prefers_a_phrase_and_closes_what_it_cuts(
    text: str, limit: int, expected: str
) -> None:
    assert shorten(text, limit) == expected


NOTES = st.text(alphabet='ab ,;:-()[]"“”«»\n', max_size=60)


@given(NOTES)
def test_no_clause_is_ever_unbalanced(text: str) -> None:
    for clause in clauses(text):
        assert is_balanced(clause), clause


@given(NOTES, st.integers(min_value=2, max_value=40))
def test_a_shortened_text_is_balanced_and_fits(text: str, limit: int) -> None:
    shortened = shorten(text, limit)

    assert is_balanced(shortened)
    assert len(shortened) <= limit
    if len(balanced(text)) > limit:
        assert "…" in shortened


# 2. A team's tier reads like a CS lead wrote it.

TEAM_TIERS = (
    "Account,ARR,Tier,Notes,Action\n"
    "Foo,1000,High,,\n"
    "Bar,2000,Medium,,\n"
    "Baz,3000,Hot,no login in 45 days,exec sponsor call\n"
    "Qux,4000,red,support tickets spiking,eBay review\n"
)


def test_a_team_tier_without_a_signal_says_it_is_the_team_call(
    tmp_path: Path,
) -> None:
    markdown = plan_markdown(tmp_path, TEAM_TIERS)

    assert (
        f"| Foo | $1,000 | High (team's call; no signal found) | {NO_SIGNAL_ACTION} "
        f"| {TBD} | Thu 2026-12-17 |"
    ) in markdown
    # In the shared Medium / Watch table the tier is not said twice.
    assert (
        f"| Bar | $2,000 | Medium (team's call; no signal found) | "
        f"{NO_SIGNAL_ACTION} | {TBD} | Fri 2027-01-01 |"
    ) in markdown


def test_a_team_tier_beside_the_rules_and_a_written_action_capitalised(
    tmp_path: Path,
) -> None:
    markdown = plan_markdown(tmp_path, TEAM_TIERS)

    assert (
        "| Qux | $4,000 | support tickets spiking (team's call; rules say High) | "
        f"eBay review | {TBD} | Fri 2026-12-04 |"
    ) in markdown
    assert (
        "| Baz | $3,000 | no login in 45 days (team's call; rules say High) | "
        f"Exec sponsor call | {TBD} | Fri 2026-12-04 |"
    ) in markdown


@pytest.mark.parametrize("output", ["markdown", "terminal", "json"])
def test_no_output_speaks_of_rules_saying_no_tier(tmp_path: Path, output: str) -> None:
    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", "-f", output,
        stdin=TEAM_TIERS,
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "rules say no tier" not in text
    assert "on the team's list" not in text
    assert "health review: confirm" not in text


# 3. Risk wording teams write, read into signals or said plainly.

WORDINGS = (
    "Account,Tier,Notes\n"
    "Login,,no login in 45 days\n"
    "Tickets,,support tickets spiking\n"
    "Downgrade,,downgrade requested\n"
    "Cuts,,budget cuts\n"
    "Review,,budget review\n"
    "Reorg,,reorg in progress\n"
    "Usage,,low usage\n"
    "Renewal,,renewal in 20 days\n"
    "Champion,,lost champion\n"
    "Hot,Hot,\n"
    "Red,red,\n"
    'Promoter,,"NPS 9, happy"\n'
)

# "downgrade requested" and "budget cuts": the customer is deciding whether
# to keep paying; the value conversation of evaluating_alternatives answers it.
# "Hot" tops a hot/warm/cold list and "red" a red/amber/green status: both are
# act-this-week, Critical.
READ_AS: list[tuple[str, list[str], str]] = [
    ("Login", ["usage_decline"], "High"),
    ("Tickets", ["support_spike"], "High"),
    ("Downgrade", ["evaluating_alternatives"], "Critical"),
    ("Cuts", ["evaluating_alternatives"], "Critical"),
    ("Review", [], "Watch"),
    ("Reorg", [], "Watch"),
    ("Usage", ["usage_decline"], "High"),
    ("Renewal", ["renewal_soon"], "Watch"),
    ("Champion", ["champion_left"], "High"),
    ("Hot", [], "Critical"),
    ("Red", [], "Critical"),
    ("Promoter", [], "Watch"),
]


@pytest.fixture(scope="module")
def wordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    document = plan_json(tmp_path_factory.mktemp("wordings"), WORDINGS)
    return document


@pytest.mark.parametrize(("name", "signals", "tier"), READ_AS)
def test_each_wording_gives_its_signal_and_tier(
    wordings: dict[str, Any], name: str, signals: list[str], tier: str
) -> None:
    (account,) = [item for item in wordings["accounts"] if item["name"] == name]

    assert [signal["name"] for signal in account["signals"]] == signals
    assert account["tier"] == tier


def test_a_renewal_in_words_is_dated_from_the_as_of_date(
    wordings: dict[str, Any],
) -> None:
    (account,) = [item for item in wordings["accounts"] if item["name"] == "Renewal"]

    assert account["renewal_date"] == "2026-12-23"
    assert account["why"] == ["renewal in 20 days (2026-12-23)"]
    # Watch is due 30 days before renewal, but never before the next working day.
    assert account["due_date"] == "2026-12-04"


def test_a_promoter_is_said_plainly_not_as_not_understood(
    wordings: dict[str, Any],
) -> None:
    (account,) = [item for item in wordings["accounts"] if item["name"] == "Promoter"]

    assert account["why"] == [
        "listed by the team; no risk signal: promoter (NPS 9), happy"
    ]
    assert account["not_understood"] == []


def test_unread_wordings_come_with_a_hint(wordings: dict[str, Any]) -> None:
    assert wordings["summary"]["not_understood"] == [
        {
            "name": "Review",
            "words": "budget review",
            "hint": 'write "budget cuts" if spend is being cut',
        },
        {
            "name": "Reorg",
            "words": "reorg in progress",
            "hint": 'write "champion left" once someone leaves',
        },
    ]


def test_the_summary_says_what_was_not_understood_and_how_to_reword(
    tmp_path: Path,
) -> None:
    markdown = plan_markdown(tmp_path, WORDINGS)

    assert (
        '- **Not understood:** Review: "budget review" (write "budget cuts" if '
        'spend is being cut); Reorg: "reorg in progress" (write "champion left" '
        'once someone leaves). Reword in standard input, e.g. "escalated", '
        '"invoice 20 days late", "usage down 40%", "champion left", "NPS 4"\n'
    ) in markdown


@pytest.mark.parametrize(
    ("text", "no_risk"),
    [
        ("NPS 9, happy", ("promoter (NPS 9)", "happy")),
        ("NPS 10", ("promoter (NPS 10)",)),
        ("NPS 7", ("passive (NPS 7)",)),
        ("promoter", ("promoter",)),
    ],
)
def test_words_that_say_all_is_well_are_kept_as_such(
    text: str, no_risk: tuple[str, ...]
) -> None:
    reading = read_risks(text, settings=SETTINGS, as_of=AS_OF)

    assert (reading.signals, reading.not_understood) == ((), ())
    assert reading.no_risk == no_risk


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("renewal in 20 days", date(2026, 12, 23)),
        ("renews in 3 weeks", date(2026, 12, 24)),
        ("renewal in 2 months", date(2027, 2, 3)),
    ],
)
def test_a_renewal_in_words_falls_on_its_day(text: str, day: date) -> None:
    (signal,) = read_risks(text, settings=SETTINGS, as_of=AS_OF).signals

    assert signal.evidence.dates == (day,)
    assert signal.evidence.reason == f"{text} ({day.isoformat()})"


# 4. A list with a header and no rows.


def write_header_only(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"list.{kind}"
    if kind == "csv":
        path.write_text("Account,ARR\n", encoding="utf-8")
    elif kind == "md":
        path.write_text("| Account | ARR |\n| --- | --- |\n", encoding="utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(("Account", "ARR"))
        workbook.save(path)
    return path


@pytest.mark.parametrize("kind", ["csv", "md", "xlsx"])
def test_a_header_only_list_has_no_rows(tmp_path: Path, kind: str) -> None:
    path = write_header_only(tmp_path, kind)

    result = run(tmp_path, "plan", "all accounts", "--accounts", str(path))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {path} has no rows"
    assert "Add one row per account below the header" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_header_only_list_on_standard_input_has_no_rows(tmp_path: Path) -> None:
    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", stdin="Account,ARR\n"
    )

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: standard input has no rows"


def test_import_fails_the_same_header_only_file(tmp_path: Path) -> None:
    path = write_header_only(tmp_path, "csv")

    result = runner.invoke(
        app,
        ["import", "csv", str(path), "--table", "accounts", "-w", str(tmp_path / "w")],
    )

    assert result.exit_code == 1
    assert f"{path}: no rows" in result.stdout + result.stderr
