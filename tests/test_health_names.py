"""``lifebuoy health NAME``: a part of a name names an account only when it is
long enough and starts a word, so a stray letter never picks an account; names
compare as a team list's do; a name several accounts share is asked about."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from lifebuoy.cli import app

runner = CliRunner()
AS_OF = "2026-12-03"
ACCOUNTS = [
    {"account_id": "F1", "name": "Foxglove Labs"},
    {"account_id": "P1", "name": "Pinecrest Manufacturing"},
    {"account_id": "N1", "name": "Northwind"},
    {"account_id": "C1", "name": "Cedar & Co. Santiago"},
    {"account_id": "A1", "name": "Acme Corp"},
    {"account_id": "Acme Corp", "name": "Acme Corp"},
    {"account_id": "A3", "name": "ACME Corp."},
]


@pytest.fixture
def folder(make_workspace: MakeWorkspace) -> Path:
    return make_workspace(accounts=ACCOUNTS).path


def run(folder: Path, text: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["health", text, "-w", str(folder), "--as-of", AS_OF, "-f", "json"]
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "account_id"),
    [
        ("N1", "N1"),
        ("northwind", "N1"),
        ("pine", "P1"),
        ("manuf", "P1"),
        ("Foxglove Labs", "F1"),
        ("fox", "F1"),
        ("Cedar & Co Santiago", "C1"),
        ("cedar and co. santiago", "C1"),
        ("CEDAR AND CO SANTIAGO", "C1"),
        ("Cedar and Co", "C1"),
        ("A1", "A1"),
        ("A3", "A3"),
    ],
)
def test_an_id_a_name_or_a_word_start_of_three_letters_names_the_account(
    folder: Path, text: str, account_id: str
) -> None:
    code, out, _ = run(folder, text)

    assert code == 0
    assert f'"account_id": "{account_id}"' in out


@pytest.mark.parametrize("text", ["x", "fo", "glove", "crest"])
def test_a_short_part_or_one_inside_a_word_names_no_account(
    folder: Path, text: str
) -> None:
    code, out, err = run(folder, text)

    assert code == 2
    assert out == ""
    assert f"no account or scope matches {text!r}" in err


@pytest.mark.parametrize("text", ["Acme Corp", "acme corp.", "ACME, Corp", "Acme"])
def test_a_name_several_accounts_share_lists_them_with_their_ids(
    folder: Path, text: str
) -> None:
    code, out, err = run(folder, text)

    assert (code, out) == (2, "")
    assert err == (
        f"error: {text!r} is the name of 3 accounts\n"
        "Say which one by its id: Acme Corp (A1); ACME Corp. (A3); "
        "Acme Corp (Acme Corp)\n"
    )
