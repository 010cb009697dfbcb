"""Reading a team's list: header synonyms, Markdown tables, bad values, tiers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from lifebuoy.errors import SourceError
from lifebuoy.planning.model import Tier
from lifebuoy.planning.team_list import read_team_list

MARKDOWN = """Notes from Monday's meeting:

| Customer | ARR | Renewal date | Priority | Risks | CSM | Agreed action |
| --- | ---: | --- | :---: | --- | --- | --- |
| Acme \\| Co | $120k | 2027-01-15 | high | escalation | Dana Ruiz | call CTO |
| Globex | 80,000 | | | usage down 40% | | |

Next meeting: Thursday.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_table_pasted_into_a_file(tmp_path: Path) -> None:
    team = read_team_list(write(tmp_path, "list.md", MARKDOWN))

    first, second = team.rows
    assert first.name == "Acme | Co"
    assert first.arr == Decimal(120000)
    assert first.renewal_date == date(2027, 1, 15)
    assert first.tier is Tier.HIGH
    assert first.signals == "escalation"
    assert (first.csm, first.action) == ("Dana Ruiz", "call CTO")
    assert first.line == 5
    assert (second.name, second.arr, second.tier) == ("Globex", Decimal(80000), None)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Account", "name"),
        ("company", "name"),
        ("Name", "name"),
        ("Annual revenue", "arr"),
        ("ARR ($)", "arr"),
        ("Contract end", "renewal_date"),
        ("Renewal", "renewal_date"),
        ("Risk", "tier"),
        ("Risk level", "tier"),
        ("Risk flags", "signals"),
        ("Why?", "signals"),
        ("Notes", "signals"),
        ("CSM", "csm"),
        ("Owner", "owner"),
        ("Next step", "action"),
        ("Segment", "segment"),
        ("Region", "region"),
        ("ARR (USD)", "arr"),
        ("ARR, USD", "arr"),
        ("arr [usd]", "arr"),
        ("Renewal (date)", "renewal_date"),
        ("Account Manager", "owner"),
        ("Account Executive", "owner"),
        ("AM", "owner"),
        ("Customer Success Manager", "csm"),
        ("CSM Owner", "csm"),
        ("Health", "tier"),
        ("Status", "tier"),
        ("RAG", "tier"),
    ],
)
def test_header_synonyms(tmp_path: Path, header: str, field: str) -> None:
    values = {
        "name": "Acme",
        "arr": "5000",
        "renewal_date": "2027-01-15",
        "tier": "Medium",
        "signals": "NPS 4",
        "csm": "Dana",
        "owner": "Dana",
        "action": "call",
        "segment": "SMB",
        "region": "EMEA",
    }
    name_header = "Account" if field != "name" else header
    text = f'"{name_header}","{header}"\nAcme,{values[field]}\n'
    if field == "name":
        text = f'"{header}"\nAcme\n'

    (row,) = read_team_list(write(tmp_path, "list.csv", text)).rows

    expected = {
        "name": "Acme",
        "arr": Decimal(5000),
        "renewal_date": date(2027, 1, 15),
        "tier": Tier.MEDIUM,
        "signals": "NPS 4",
        "csm": "Dana",
        "owner": "Dana",
        "action": "call",
        "segment": "SMB",
        "region": "EMEA",
    }[field]
    assert getattr(row, field) == expected


def test_two_risk_columns_are_read_together(tmp_path: Path) -> None:
    text = "Account,Risk flags,Notes\nAcme,NPS 4,champion left\n"

    (row,) = read_team_list(write(tmp_path, "list.csv", text)).rows

    assert row.signals == "NPS 4; champion left"


@pytest.mark.parametrize(
    ("text", "arr", "owner", "warning"),
    [
        (
            "Account,ARR,ARR,Tier,Notes,Owner\n"
            "Acme Corp,100000,200000,High,escalated,Dana\n",
            Decimal(100000),
            "Dana",
            "list.csv: the headers 'ARR' (column 2) and 'ARR' (column 3) both name "
            "the column 'arr'",
        ),
        (
            "Account,ARR,Annual revenue,Owner\nAcme Corp,,200000,Dana\n",
            Decimal(200000),
            "Dana",
            "list.csv: the headers 'ARR' (column 2) and 'Annual revenue' (column 3) "
            "both name the column 'arr'",
        ),
        (
            "Account,Owner,ARR,owner,OWNER\nAcme Corp,Dana,5,Lee,Kim\n",
            Decimal(5),
            "Dana",
            "list.csv: the headers 'Owner' (column 2), 'owner' (column 4) and "
            "'OWNER' (column 5) all name the column 'owner'",
        ),
    ],
)
def test_a_repeated_column_reads_its_first_header_with_a_note(
    tmp_path: Path, text: str, arr: Decimal, owner: str, warning: str
) -> None:
    team = read_team_list(write(tmp_path, "list.csv", text), label="list.csv")

    (row,) = team.rows
    assert (row.arr, row.owner) == (arr, owner)
    assert team.warnings == (
        f"{warning}; the first is read, the next only where it is empty (rename "
        "or remove one to be sure)",
    )


def test_unreadable_values_are_left_blank_with_a_warning(tmp_path: Path) -> None:
    text = "Account,ARR,Renewal\nAcme,lots,soon-ish\n,5000,\nGlobex,,\n"

    team = read_team_list(write(tmp_path, "list.csv", text), label="list.csv")

    assert [row.name for row in team.rows] == ["Acme", "Globex"]
    assert team.rows[0].arr is None
    assert team.rows[0].renewal_date is None
    assert team.warnings == (
        "list.csv line 2, column 'ARR': 'lots': not an amount (expected e.g. "
        "1200.50, $1,200.50 or 120k); ARR left unknown",
        "list.csv line 2, column 'Renewal': 'soon-ish': not a date (expected e.g. "
        "2026-04-15 or 15 Apr 2026); renewal date left unknown",
        "list.csv line 3: no account name; row skipped",
    )


@pytest.mark.parametrize(
    ("written", "tier", "kept"),
    [
        ("Critical", Tier.CRITICAL, None),
        ("HIGH RISK", Tier.HIGH, None),
        ("med", Tier.MEDIUM, None),
        ("watch", Tier.WATCH, None),
        ("Hot", Tier.CRITICAL, None),
        ("red", Tier.CRITICAL, None),
        ("P1", Tier.CRITICAL, None),
        ("urgent", Tier.CRITICAL, None),
        ("Amber", Tier.HIGH, None),
        ("orange", Tier.HIGH, None),
        ("yellow", Tier.MEDIUM, None),
        ("green", Tier.WATCH, None),
        ("Low risk", Tier.WATCH, None),
        ("purple", None, "purple"),
        ("High/Critical", None, "High/Critical"),
    ],
)
def test_written_tiers(
    tmp_path: Path, written: str, tier: Tier | None, kept: str | None
) -> None:
    text = f"Account,Tier\nAcme,{written}\n"

    (row,) = read_team_list(write(tmp_path, "list.csv", text)).rows

    assert (row.tier, row.tier_text) == (tier, kept)


def test_a_list_without_an_account_column_says_what_to_provide(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "list.csv", "ARR,Notes\n5000,NPS 4\n")

    with pytest.raises(SourceError) as caught:
        read_team_list(path, label="list.csv")

    assert caught.value.message == (
        "list.csv: no account column among the headers 'ARR', 'Notes'"
    )
    assert caught.value.hint is not None
    assert "account,ARR,renewal,tier,signals,owner,action" in caught.value.hint


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no list of accounts at"):
        read_team_list(tmp_path / "nope.csv")


def test_standard_input_reads_csv_bytes() -> None:
    team = read_team_list("-", stdin=b"Account,Notes\nAcme,NPS 4\n")

    assert team.label == "standard input"
    assert [row.name for row in team.rows] == ["Acme"]


def test_a_currency_in_the_header_is_the_currency_of_bare_numbers(
    tmp_path: Path,
) -> None:
    text = 'Account,ARR (EUR)\nAcme,"12,000"\nGlobex,$5000\n'

    first, second = read_team_list(write(tmp_path, "list.csv", text)).rows

    assert (first.arr, first.currency) == (Decimal(12000), "EUR")
    assert (second.arr, second.currency) == (Decimal(5000), "USD")


def test_every_column_not_read_is_named(tmp_path: Path) -> None:
    # "Health score" is a known column of the CRM but nothing a list plans by.
    text = "Customer Name,ARR (USD),Health score,Mood,Next Action\nAcme,5,40,sad,x\n"

    team = read_team_list(write(tmp_path, "list.csv", text))

    assert team.unknown_headers == ("Health score", "Mood")


def test_a_health_column_with_tier_words_gives_the_tier(tmp_path: Path) -> None:
    text = "Account;Health;Notes\nGamma;Critical;usage down\nDelta;purple;\n"

    gamma, delta = read_team_list(write(tmp_path, "list.csv", text)).rows

    assert (gamma.tier, gamma.tier_text) == (Tier.CRITICAL, None)
    assert (delta.tier, delta.tier_text) == (None, "purple")


@pytest.mark.parametrize(
    "table",
    [
        "| Account | Notes |\n|:--|--:|\n| Foo | invoice 20 days late |\n",
        "Account | Notes\n--- | ---\nFoo | invoice 20 days late\n",
        "Our list:\n\nAccount | Notes\n:-: | -\nFoo | invoice 20 days late\n\nBye\n",
    ],
)
def test_markdown_tables_as_pasted(tmp_path: Path, table: str) -> None:
    (row,) = read_team_list(write(tmp_path, "list.md", table)).rows

    assert (row.name, row.signals) == ("Foo", "invoice 20 days late")


def test_a_markdown_file_without_a_table_says_how_a_table_looks(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "notes.md", "# Notes\n\nAcme is at risk.\n")

    with pytest.raises(SourceError) as caught:
        read_team_list(path, label="notes.md")

    assert caught.value.message == "notes.md: no Markdown table found"
    assert caught.value.hint is not None
    assert "| --- | --- | --- |" in caught.value.hint


def test_a_list_with_only_a_header_row_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "hdr.csv", "Account,ARR\n")

    with pytest.raises(SourceError) as caught:
        read_team_list(path, label="hdr.csv")

    assert caught.value.message == "hdr.csv has no rows"


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff"])
def test_an_empty_list_says_it_is_empty(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "empty.csv", text)

    with pytest.raises(SourceError) as caught:
        read_team_list(path, label="empty.csv")

    assert caught.value.message == "empty.csv is empty"


TWO_TABLES = "| Account | Notes |\n|---|---|\n| Acme | escalated |\n\n"
UNREAD_TABLE = (
    "tt.md: table 2 (line 5) was not read: no account column among its headers "
    "'Topic', 'Notes' (name the column of account names 'Account', or give the "
    "headers of the first table)"
)


@pytest.mark.parametrize(
    ("second", "names", "warnings"),
    [
        ("| Account | Notes |\n|---|---|\n| Beta | NPS 3 |\n", ["Acme", "Beta"], []),
        ("Company | Renewal\n--- | ---\nBeta | 2027-03-01\n", ["Acme", "Beta"], []),
        ("| Topic | Notes |\n|---|---|\n| Q4 | budget |\n", ["Acme"], [UNREAD_TABLE]),
    ],
)
def test_every_markdown_table_is_read_or_named(
    tmp_path: Path, second: str, names: list[str], warnings: list[str]
) -> None:
    team = read_team_list(write(tmp_path, "tt.md", TWO_TABLES + second), label="tt.md")

    assert [row.name for row in team.rows] == names
    assert list(team.warnings) == warnings


def test_tables_with_the_same_headers_read_as_one_list(tmp_path: Path) -> None:
    text = TWO_TABLES + "Intro\n\n| Account | Notes |\n|---|---|\n| Beta | NPS 3 |\n"

    first, second = read_team_list(write(tmp_path, "tt.md", text)).rows

    assert (first.name, first.line) == ("Acme", 3)
    assert (second.name, second.line, second.signals) == ("Beta", 9, "NPS 3")


def test_a_list_whose_tables_have_no_account_column_is_an_error(
    tmp_path: Path,
) -> None:
    text = "| Topic | Notes |\n|---|---|\n| Q4 | budget |\n\n" * 2

    with pytest.raises(SourceError) as caught:
        read_team_list(write(tmp_path, "tt.md", text), label="tt.md")

    assert caught.value.message == (
        "tt.md: no account column among the headers 'Topic', 'Notes'"
    )


HEADER = ["Account", "ARR", "Renewal", "Tier", "Notes", "Owner"]
LISTED = [
    ["Acme", 120000, "2027-01-15", "High", "escalated", "Dana Ruiz"],
    ["Beta", 30000, None, None, "NPS 3", None],
]


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "list.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("sheets", "lines", "note"),
    [
        (
            {
                "Cover": [["Q4 at-risk review"]],
                "At risk": [["Q4 at-risk accounts"], [], HEADER, *LISTED],
            },
            [4, 5],
            "list.xlsx: read sheet 'At risk', header on row 3",
        ),
        (
            {"At risk": [["Q4 at-risk accounts"], HEADER, *LISTED]},
            [3, 4],
            "list.xlsx: read the sheet, header on row 2",
        ),
        (
            {"At risk": [HEADER, *LISTED], "Notes": [["Account", "Notes"]]},
            [2, 3],
            "list.xlsx: read sheet 'At risk'",
        ),
    ],
)
def test_a_workbook_is_read_from_its_header_row_with_a_note(
    tmp_path: Path, sheets: dict[str, list[list[Any]]], lines: list[int], note: str
) -> None:
    team = read_team_list(workbook(tmp_path, sheets), label="list.xlsx")

    assert [(row.name, row.line) for row in team.rows] == list(
        zip(["Acme", "Beta"], lines, strict=True)
    )
    assert (team.rows[0].arr, team.rows[0].tier) == (Decimal(120000), Tier.HIGH)
    assert team.warnings == (note,)


def test_a_workbook_on_standard_input_names_standard_input(tmp_path: Path) -> None:
    sheets = {"Cover": [["Q4 at-risk review"]], "At risk": [HEADER, *LISTED]}
    data = workbook(tmp_path, sheets).read_bytes()

    team = read_team_list("-", stdin=data)

    assert team.warnings == ("standard input: read sheet 'At risk'",)
