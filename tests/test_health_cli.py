"""``lifebuoy health``: account matching, scopes, formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.cli import app
from lifebuoy.errors import ScopeError
from lifebuoy.signals.health import find_account
from lifebuoy.signals.model import Account

runner = CliRunner()


@pytest.fixture
def folder(make_workspace: MakeWorkspace) -> Path:
    return make_workspace(**TABLES).path


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["health", *args, "-w", str(folder), "--as-of", AS_OF.isoformat()]
    )
    return result.exit_code, result.stdout, result.stderr


ACCOUNTS = [
    Account("A1", "Acme Corp"),
    Account("A2", "Acme Labs"),
    Account("B2", "Birch"),
    Account("acme", "Zeta"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1", "A1"),
        ("acme", "acme"),
        ("ACME CORP", "A1"),
        ("  acme labs ", "A2"),
        ("birch", "B2"),
        ("labs", "A2"),
        ("nothing like it", None),
    ],
)
def test_find_account_by_id_then_name_then_part(
    text: str, expected: str | None
) -> None:
    found = find_account(ACCOUNTS, text)

    assert (found.account_id if found else None) == expected


def test_a_part_of_several_names_is_ambiguous() -> None:
    with pytest.raises(ScopeError) as caught:
        find_account(ACCOUNTS, "Acm")

    assert caught.value.exit_code == 2
    assert "Acme Corp (A1); Acme Labs (A2)" in str(caught.value.hint)
    # a question, as an unclear scope is: the ids are the answers offered
    assert caught.value.suggestions == ("A1", "A2")


def test_an_account_by_name_in_json(folder: Path) -> None:
    code, out, _ = run(folder, "acme corp", "-f", "json")
    document = json.loads(out)

    assert code == 0
    assert (document["kind"], document["account_id"], document["score"]) == (
        "health",
        "A1",
        39,
    )
    assert document["trend"] == "↓ 37"
    # Risk flags come from the signal engine: the escalated ticket T1 and the
    # invoice I1 20 days past due are both in the workspace.
    flags = [flag["name"] for flag in document["risk_flags"]]
    assert {"escalation", "payment_failed"} <= set(flags)


def test_markdown_lists_risk_flags_before_the_score(folder: Path) -> None:
    code, out, _ = run(folder, "A1", "-f", "markdown")

    assert code == 0
    assert out.index("### Risk flags") < out.index("### Score")
    assert "Health score: 39 / 100, red" in out
    assert "CRM health score: 55 / 100" in out


def test_a_crm_score_recorded_after_the_as_of_day_is_not_shown(
    folder: Path,
) -> None:
    # A1's CRM score of 55 was recorded on 2026-11-01
    result = runner.invoke(
        app, ["health", "A1", "-w", str(folder), "--as-of", "2026-10-31", "-f", "json"]
    )
    on_the_day = runner.invoke(
        app, ["health", "A1", "-w", str(folder), "--as-of", "2026-11-01", "-f", "json"]
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["crm_health_score"] is None
    assert json.loads(on_the_day.stdout)["crm_health_score"]["score"] == 55


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Acme Crop", "error: no account matches 'Acme Crop'\n"
                      "Did you mean: Acme Corp (A1)?\n"),
        ("Cedar Helth", "error: no account matches 'Cedar Helth'\n"
                        "Did you mean: Cedar Health (C3)?\n"),
        ("churned accounts", "error: churned accounts are not scored here: a "
                             "health table lists active accounts only\n"
                             'To see one, name it: `lifebuoy health "Dune Ltd"`.\n'),
        ("Churned", "error: churned accounts are not scored here: a health "
                    "table lists active accounts only\n"
                    'To see one, name it: `lifebuoy health "Dune Ltd"`.\n'),
    ],
)  # fmt: skip
def test_a_near_miss_name_or_churned_accounts_are_answered_plainly(
    folder: Path, text: str, error: str
) -> None:
    code, out, err = run(folder, text)

    assert (code, out, err) == (2, "", error)


def test_a_churned_account_named_is_scored(folder: Path) -> None:
    code, out, _ = run(folder, "dune ltd", "-f", "json")

    assert code == 0
    assert (json.loads(out)["account_id"], json.loads(out)["churned"]) == ("D4", True)


def test_a_scope_gives_a_table_worst_first_without_churned_accounts(
    folder: Path,
) -> None:
    code, out, _ = run(folder, "all accounts", "-f", "json")
    document = json.loads(out)

    assert code == 0
    assert document["kind"] == "health_table"
    assert [row["account_id"] for row in document["accounts"]] == ["A1", "B2", "C3"]
    # =Birch | Co and Cedar Health have no invoices: commercial is not scored, so
    # =Birch | Co is (100 x 0.25 + 17 x 0.10) / 0.35 = 76
    assert [row["score"] for row in document["accounts"]] == [39, 76, 100]


def test_an_account_the_billing_data_never_bills_has_no_commercial_score(
    folder: Path,
) -> None:
    # The workspace's invoices are all Acme's; no ticket still scores support.
    code, out, _ = run(folder, "B2", "-f", "json")
    document = json.loads(out)

    assert code == 0
    assert set(document["dimensions"]) == {"support", "relationship"}
    assert "commercial: no billing for this account" in document["missing"]


def test_a_segment_scope_selects_its_accounts(folder: Path) -> None:
    code, out, _ = run(folder, "SMB accounts", "-f", "json")
    document = json.loads(out)

    assert code == 0
    # Dune Ltd (SMB) churned, so only =Birch | Co is left.
    assert [row["account_id"] for row in document["accounts"]] == ["B2"]


def test_at_risk_accounts_leave_out_healthy_ones(folder: Path) -> None:
    code, out, _ = run(folder, "at-risk accounts", "-f", "json")
    document = json.loads(out)

    assert code == 0
    # Cedar Health had an executive QBR 3 days ago and no other data: healthy.
    assert "C3" not in [row["account_id"] for row in document["accounts"]]
    assert "A1" in [row["account_id"] for row in document["accounts"]]


def test_terminal_output_writes_to_a_file(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "health.txt"

    code, _, err = run(folder, "Cedar Health", "-o", str(target))

    assert code == 0
    assert "wrote" in err
    text = target.read_text(encoding="utf-8")
    assert "Health score: 100 / 100, green (↑ 24 since Tue 2026-11-03)" in text
    assert "\x1b[" not in text


def test_without_a_workspace_it_says_how_to_make_one(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "none", "Acme")

    assert code == 1
    assert "lifebuoy demo" in err


def test_a_scope_from_the_last_at_risk_list(folder: Path) -> None:
    saved = runner.invoke(
        app, ["at-risk", "all accounts", "-w", str(folder), "--as-of", "2026-12-03"]
    )

    code, out, _ = run(
        folder, "Critical and Medium from last at-risk list", "-f", "json"
    )
    document = json.loads(out)

    assert saved.exit_code == 0
    assert code == 0
    # The run holds Acme Corp (Critical) and =Birch | Co (Medium).
    assert [row["account_id"] for row in document["accounts"]] == ["A1", "B2"]


def test_from_last_at_risk_list_without_a_run_says_so(folder: Path) -> None:
    code, _, err = run(folder, "from last at-risk list")

    assert code == 1
    assert "at-risk" in err
