"""A team's list reads the same whatever its writer's habits.

Money by one rule for every delimiter and encoding, impossible amounts
rejected with a note, one account's rows merged, notes read as a CS lead
means them, rows whose fields moved left out with a note, and a pasted
Markdown table read as Markdown shows it. Expected
values are written out by hand from the lists below; the plan's as-of date
is Thu 2026-12-03 (Medium is due Fri 2027-01-01).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from conftest import MakeWorkspace
from lifebuoy.cli import app
from lifebuoy.errors import SourceError
from lifebuoy.planning.list_plan import list_report
from lifebuoy.planning.risk_words import read_risks, unread_hint
from lifebuoy.planning.team_list import read_team_list
from lifebuoy.signals.model import SignalName
from lifebuoy.sources.values import DateOrder, Money, parse_money
from lifebuoy.workspace.settings import Settings, SignalSettings

AS_OF = date(2026, 12, 3)
S = SignalName
runner = CliRunner()


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def plan_json(text: str, *, output: str = "json") -> Any:
    result = runner.invoke(
        app,
        [
            "plan", "all accounts", "--accounts", "-", "-f", output,
            "-w", "no-workspace-here", "--as-of", AS_OF.isoformat(),
        ],
        input=text,
    )  # fmt: skip
    assert result.exception is None, result.exception
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout) if output == "json" else result.stdout


def warnings_of(document: Any) -> list[str]:
    return [warning["message"] for warning in document["summary"]["warnings"]]


# 1. Money: one rule for every delimiter and encoding.

ONE_READING = [
    ("€30.000", Money(Decimal(30000), "EUR")),
    ("$1,500", Money(Decimal(1500), "USD")),
    ("1.5", Money(Decimal("1.5"), None)),
    ("€1.234,56", Money(Decimal("1234.56"), "EUR")),
    ("1,234.56", Money(Decimal("1234.56"), None)),
    ("30,000", Money(Decimal(30000), None)),
    ("30.000 €", Money(Decimal(30000), "EUR")),
    ("¥30.000", Money(Decimal(30000), "JPY")),
    ("1.234.567", Money(Decimal(1234567), None)),
    ("12,50", Money(Decimal("12.5"), None)),
    ("0.500", Money(Decimal("0.5"), None)),
    ("1 234,567", Money(Decimal("1234.567"), None)),
    ("(2.500)", Money(Decimal(-2500), None)),
]


@pytest.mark.parametrize("decimal_comma", [False, True])
@pytest.mark.parametrize(("text", "expected"), ONE_READING)
def test_money_reads_one_way_whatever_the_delimiter(
    text: str, expected: Money, decimal_comma: bool
) -> None:
    assert parse_money(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize(
    ("text", "decimal_comma", "currency", "read", "other"),
    [
        ("$1,500K", False, None, Decimal(1_500_000), Decimal(1_500)),
        ("KWD 1.500", False, None, Decimal("1.5"), Decimal(1500)),
        ("1.500", False, "KWD", Decimal("1.5"), Decimal(1500)),
        ("1.500", True, "kwd", Decimal(1500), Decimal("1.5")),
        ("1234.567", False, None, Decimal("1234.567"), Decimal(1234567)),
    ],
)
def test_an_ambiguous_amount_keeps_its_other_reading(
    text: str,
    decimal_comma: bool,
    currency: str | None,
    read: Decimal,
    other: Decimal,
) -> None:
    money = parse_money(text, decimal_comma=decimal_comma, currency=currency)

    assert money is not None
    assert (money.amount, money.other) == (read, other)


# Before a multiplier a lone "." is a decimal point, and so is a lone "," in
# a semicolon file: 1.25 x 1,000,000 = 1,250,000; 2.5 x 1,000 = 2,500.
SCALED = [
    ("1.250M", False, Money(Decimal(1_250_000), None)),
    ("1.250M", True, Money(Decimal(1_250_000), None)),
    ("2.5k", False, Money(Decimal(2_500), None)),
    ("2.5K", True, Money(Decimal(2_500), None)),
    ("$1.250m", False, Money(Decimal(1_250_000), "USD")),
    ("1.250mm", False, Money(Decimal(1_250_000), None)),
    ("1.250B", False, Money(Decimal(1_250_000_000), None)),
    ("€2.125bn", True, Money(Decimal(2_125_000_000), "EUR")),
    ("1,25M", True, Money(Decimal(1_250_000), None)),
    ("1,250M", True, Money(Decimal(1_250_000), None)),
    ("1,500k", True, Money(Decimal(1_500), None)),
]


@pytest.mark.parametrize(("text", "decimal_comma", "expected"), SCALED)
def test_a_mark_before_a_multiplier_is_a_decimal_point(
    text: str, decimal_comma: bool, expected: Money
) -> None:
    assert parse_money(text, decimal_comma=decimal_comma) == expected


@given(
    st.integers(min_value=1_000, max_value=10**13),
    st.integers(min_value=0, max_value=99),
    st.booleans(),
)
def test_us_and_european_grouping_read_alike(
    whole: int, cents: int, decimal_comma: bool
) -> None:
    us = f"{whole:,}"
    european = us.replace(",", ".")
    us_cents = f"{us}.{cents:02d}"
    european_cents = f"{european},{cents:02d}"
    expected = Decimal(whole) + Decimal(cents) / 100

    for text, amount in [
        (us, Decimal(whole)),
        (european, Decimal(whole)),
        (us_cents, expected),
        (european_cents, expected),
    ]:
        money = parse_money(text, decimal_comma=decimal_comma)
        assert money == Money(amount, None), text


LIST_ROWS = [
    ["Account", "ARR", "Owner"],
    ["Initech", "€30.000", "Dana Ruiz"],
    ["Globex", "€1.234,56", "Lee Park"],
    ["Hooli", "$1,500", "Sam Lee"],
    ["Umbrella", "1.5", "Kim Ito"],
]
READ_ROWS = [
    ("Initech", Decimal(30000), "EUR", "Dana Ruiz"),
    ("Globex", Decimal("1234.56"), "EUR", "Lee Park"),
    ("Hooli", Decimal(1500), "USD", "Sam Lee"),
    ("Umbrella", Decimal("1.5"), None, "Kim Ito"),
]


def csv_text(delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(LIST_ROWS)
    return buffer.getvalue()


def markdown_text() -> str:
    lines = [f"| {' | '.join(row)} |" for row in LIST_ROWS]
    return "\n".join([lines[0], "| --- | ---: | --- |", *lines[1:]]) + "\n"


def xlsx_bytes(tmp_path: Path) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in LIST_ROWS:
        sheet.append(row)
    path = tmp_path / "made.xlsx"
    workbook.save(path)
    return path.read_bytes()


LIST_FILES = {
    "comma, UTF-8": ("list.csv", lambda _: csv_text(",").encode("utf-8")),
    "comma, UTF-8 with BOM": (
        "list.csv",
        lambda _: codecs.BOM_UTF8 + csv_text(",").encode("utf-8"),
    ),
    "comma, UTF-16": ("list.csv", lambda _: csv_text(",").encode("utf-16")),
    "comma, Windows-1252": ("list.csv", lambda _: csv_text(",").encode("cp1252")),
    "semicolon, UTF-8": ("list.csv", lambda _: csv_text(";").encode("utf-8")),
    "semicolon, UTF-16": ("list.csv", lambda _: csv_text(";").encode("utf-16")),
    "semicolon, Windows-1252": (
        "list.csv",
        lambda _: csv_text(";").encode("cp1252"),
    ),
    "tab, UTF-8": ("list.tsv", lambda _: csv_text("\t").encode("utf-8")),
    "Markdown": ("list.md", lambda _: markdown_text().encode("utf-8")),
    "XLSX": ("list.xlsx", xlsx_bytes),
}


@pytest.mark.parametrize("kind", list(LIST_FILES))
def test_the_same_list_reads_the_same_in_every_file(tmp_path: Path, kind: str) -> None:
    name, make = LIST_FILES[kind]
    path = write(tmp_path, name, make(tmp_path))

    team = read_team_list(path)

    found = [(row.name, row.arr, row.currency, row.owner) for row in team.rows]
    assert found == READ_ROWS
    assert team.warnings == ()


def test_the_plan_shows_thirty_thousand_euros() -> None:
    document = plan_json('Account,ARR,Notes\nInitech,"€30.000",usage down 40%\n')

    (account,) = document["accounts"]
    assert (account["arr"], account["currency"]) == ("30000.00", "EUR")


def test_an_ambiguous_amount_is_read_and_said_in_the_plan() -> None:
    document = plan_json("Account,ARR\nStark,1.250M\nWayne,KWD 2.500\n")

    arr = {item["name"]: item["arr"] for item in document["accounts"]}
    assert arr == {"Stark": "1250000.00", "Wayne": "2.50"}
    money_notes = [note for note in warnings_of(document) if "column 'ARR'" in note]
    assert money_notes == [
        "standard input line 3, column 'ARR': 'KWD 2.500' may be 2.5 or 2,500; "
        "read as 2.5 (write the amount without a thousands separator to be sure)",
    ]


def test_a_scaled_amount_in_a_semicolon_file_is_read_without_a_note(
    tmp_path: Path,
) -> None:
    text = "Account;ARR;Owner\nStark;1,25M;Dana Ruiz\nWayne;1.250M;Lee Park\n"

    team = read_team_list(write(tmp_path, "list.csv", text), label="list.csv")

    found = [(row.name, row.arr) for row in team.rows]
    assert found == [("Stark", Decimal(1_250_000)), ("Wayne", Decimal(1_250_000))]
    assert team.warnings == ()


def test_a_currency_in_the_header_decides_the_decimals(tmp_path: Path) -> None:
    text = "Account,ARR (KWD)\nAcme,1.500\n"

    team = read_team_list(write(tmp_path, "list.csv", text), label="list.csv")

    assert (team.rows[0].arr, team.rows[0].currency) == (Decimal("1.5"), "KWD")
    assert team.warnings == (
        "list.csv line 2, column 'ARR (KWD)': '1.500' may be 1.5 or 1,500; read "
        "as 1.5 (write the amount without a thousands separator to be sure)",
    )


# 2. An amount no customer pays is rejected, never a traceback.

TOO_LARGE = "the amount is too large (an amount is under 10,000,000,000,000,000)"
NOT_AN_AMOUNT = "not an amount (expected e.g. 1200.50, $1,200.50 or 120k)"
BADLY_GROUPED = (
    "not an amount: thousands separators group three digits, as in "
    "1,234,567.50, 1.234.567,50 or 1 234 567 (or write 1234567.50)"
)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("1e400", TOO_LARGE),
        ("1e30", TOO_LARGE),
        ("$20,000,000,000,000,000", TOO_LARGE),
        ("inf", NOT_AN_AMOUNT),
        ("-inf", NOT_AN_AMOUNT),
        ("nan", NOT_AN_AMOUNT),
        ("Infinity", NOT_AN_AMOUNT),
        ("$1.2.3", BADLY_GROUPED),
        ("1,2,3", BADLY_GROUPED),
        ("1.23.456", BADLY_GROUPED),
        ("-5000", "ARR cannot be negative (leave the cell empty when it is unknown)"),
    ],
)
def test_an_impossible_arr_is_left_unknown_with_a_note(
    written: str, reason: str
) -> None:
    document = plan_json(f'Account,ARR,Notes\nAcme,"{written}",escalation\n')

    (account,) = document["accounts"]
    assert account["arr"] is None
    assert warnings_of(document)[0] == (
        f"standard input line 2, column 'ARR': {written!r}: {reason}; ARR left unknown"
    )


@pytest.mark.parametrize("output", ["terminal", "markdown", "json"])
@pytest.mark.parametrize("written", ["1e400", "inf", "nan", "1e30"])
def test_every_output_format_survives_an_impossible_arr(
    written: str, output: str
) -> None:
    text = plan_json(f"Account,ARR,Notes\nAcme,{written},escalation\n", output=output)

    assert "Acme" in str(text)


def test_a_spreadsheet_number_too_large_is_rejected(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Account", "ARR"])
    sheet.append(["Acme", 1e30])
    workbook.save(tmp_path / "list.xlsx")

    team = read_team_list(tmp_path / "list.xlsx", label="list.xlsx")

    assert team.rows[0].arr is None
    assert team.warnings == (
        f"list.xlsx line 2, column 'ARR': '1e+30': {TOO_LARGE}; ARR left unknown",
    )


# 3. One account's rows are merged, disagreements said.

DUPLICATES = (
    "Account,ARR,Notes,Owner,Next step\n"
    'Acme,"$120,000",invoice 20 days late,Lee Park,\n'
    "Globex,80000,usage down 40%,,\n"
    'Acme,"$90,000",escalation,Kim Ito,call their CTO\n'
)


def test_the_rows_of_one_account_are_read_as_one(tmp_path: Path) -> None:
    team = read_team_list(write(tmp_path, "list.csv", DUPLICATES), label="list.csv")

    built = list_report(team, settings=Settings(), as_of=AS_OF)

    acme, globex = built.report.accounts
    assert (acme.account.name, globex.account.name) == ("Acme", "Globex")
    assert {signal.name for signal in acme.signals} == {
        S.ESCALATION,
        S.PAYMENT_FAILED,
    }
    assert (acme.account.arr, acme.account.currency) == (Decimal(120000), "USD")
    decision = built.decisions["list:acme"]
    assert (decision.owner, decision.action) == ("Lee Park", "Call their CTO")
    assert [warning.message for warning in built.report.warnings] == [
        "list.csv lines 2 and 4: 'Acme' is listed 2 times; its rows are read as "
        "one account: the risk words of every row, and the first value written "
        "in each other column",
        "list.csv: 'Acme' has different ARRs in its rows: 'USD 120,000' (line 2); "
        "'USD 90,000' (line 4); 'USD 120,000' is kept",
        "list.csv: 'Acme' has different owners in its rows: 'Lee Park' (line 2); "
        "'Kim Ito' (line 4); 'Lee Park' is kept",
    ]


def test_the_merged_account_is_planned_with_both_rows_signals() -> None:
    document = plan_json(DUPLICATES)

    acme = next(item for item in document["accounts"] if item["name"] == "Acme")
    assert acme["tier"] == "Critical"
    assert acme["why"] == ["escalation", "invoice 20 days late"]
    assert (acme["owner"], acme["primary_action"]) == ("Lee Park", "Call their CTO")


def test_rows_that_agree_give_only_the_merge_note(tmp_path: Path) -> None:
    text = (
        "Account,Owner,Notes\n"
        "Acme,Lee Park,escalation\n"
        "ACME Inc.,lee park,Escalation\n"
        "Acme,,NPS 4\n"
    )
    team = read_team_list(write(tmp_path, "list.csv", text), label="list.csv")

    built = list_report(team, settings=Settings(), as_of=AS_OF)

    (acme,) = built.report.accounts
    assert {signal.name for signal in acme.signals} == {
        S.ESCALATION,
        S.NPS_DETRACTOR,
    }
    escalation = next(s for s in acme.signals if s.name is S.ESCALATION)
    assert escalation.evidence.snippet == "escalation"
    assert [warning.message for warning in built.report.warnings] == [
        "list.csv lines 2, 3 and 4: 'Acme' (also written 'ACME Inc.') is listed "
        "3 times; its rows are read as one account: the risk words of every row, "
        "and the first value written in each other column",
    ]


def test_two_written_tiers_are_said(tmp_path: Path) -> None:
    text = "Account,Tier\nAcme,High\nAcme,Critical\n"
    team = read_team_list(write(tmp_path, "list.csv", text), label="list.csv")

    built = list_report(team, settings=Settings(), as_of=AS_OF)

    assert built.decisions["list:acme"].tier is not None
    assert built.decisions["list:acme"].tier.value == "High"
    assert built.report.warnings[1].message == (
        "list.csv: 'Acme' has different tiers in its rows: 'High' (line 2); "
        "'Critical' (line 3); 'High' is kept"
    )


# 4. Notes read as a CS lead means them.

NOTES: list[tuple[str, set[SignalName]]] = [
    ("CSAT 2.1", {S.NPS_DETRACTOR}),
    ("CSAT 2.9 last quarter", {S.NPS_DETRACTOR}),
    ("CSAT 40%", {S.NPS_DETRACTOR}),
    ("low CSAT", {S.NPS_DETRACTOR}),
    ("exec sponsor unhappy", {S.NO_EXEC_TOUCH}),
    ("sponsor frustrated", {S.NO_EXEC_TOUCH}),
    ("CFO unhappy with pricing", {S.NO_EXEC_TOUCH}),
    ("customer unhappy", {S.NPS_DETRACTOR}),
    ("detractor", {S.NPS_DETRACTOR}),
    ("champion left", {S.CHAMPION_LEFT}),
]


@pytest.mark.parametrize(("note", "expected"), NOTES)
def test_notes_name_their_signal(note: str, expected: set[SignalName]) -> None:
    reading = read_risks(note, settings=SignalSettings(), as_of=AS_OF)

    assert {signal.name for signal in reading.signals} == expected
    assert reading.not_understood == ()


@pytest.mark.parametrize(
    "note", ["all good", "all fine", "stable", "OK", "CSAT 4.5", "CSAT 3", "CSAT 90%"]
)
def test_notes_that_say_all_is_well_name_no_risk(note: str) -> None:
    reading = read_risks(note, settings=SignalSettings(), as_of=AS_OF)

    assert (reading.signals, reading.not_understood) == ((), ())
    assert reading.no_risk == (note,)


def test_a_csat_without_a_score_is_not_understood_with_a_hint() -> None:
    reading = read_risks("CSAT survey pending", settings=SignalSettings(), as_of=AS_OF)

    assert reading.not_understood == ("CSAT survey pending",)
    assert unread_hint("CSAT survey pending") == (
        'write its score, e.g. "CSAT 2.1": under 3 of 5 is a detractor'
    )


def test_not_good_is_not_all_is_well() -> None:
    reading = read_risks("not good", settings=SignalSettings(), as_of=AS_OF)

    assert (reading.no_risk, reading.not_understood) == ((), ("not good",))


def test_the_plan_reads_the_notes() -> None:
    document = plan_json(
        "Account,Notes\nHooli,CSAT 2.1\nUmbrella,all good\nWayne,exec sponsor unhappy\n"
    )

    planned = {
        item["name"]: (item["tier"], item["why"], item["primary_action"])
        for item in document["accounts"]
    }
    assert planned == {
        "Hooli": (
            "Medium",
            ["CSAT 2.1"],
            "Outreach: understand the feedback, act, record it for Product",
        ),
        "Umbrella": (
            "Watch",
            ["listed by the team; no risk signal: all good"],
            "Health review: confirm the team's concern and record the signal",
        ),
        "Wayne": ("Medium", ["exec sponsor unhappy"], "Strategic check-in or QBR"),
    }


def test_the_plan_says_a_denied_risk_is_no_risk() -> None:
    document = plan_json(
        "Account,Notes\n"
        "Hooli,champion has not left\n"
        "Wayne,competitor Gainsight ruled out\n"
        "Stark,not considering switching; usage down 40%\n"
    )

    planned = {
        item["name"]: (item["tier"], item["why"], item["not_understood"])
        for item in document["accounts"]
    }
    assert planned == {
        "Hooli": (
            "Watch",
            ["listed by the team; no risk signal: champion has not left"],
            [],
        ),
        "Wayne": (
            "Watch",
            ["listed by the team; no risk signal: competitor Gainsight ruled out"],
            [],
        ),
        "Stark": ("High", ["usage down 40%"], []),
    }


# 5. A row whose fields moved is left out, said with its numbers.

SEMICOLONS = (
    "Account;ARR;Notes;Owner\n"
    "Initech;30000;usage down 40%;Dana Ruiz\n"
    "Globex;80000;escalation; invoice late;Lee Park\n"
    "Hooli;5000;NPS 4;Sam Lee\n"
    "Umbrella;7000\n"
)


def test_a_row_with_more_or_fewer_fields_is_left_out(tmp_path: Path) -> None:
    team = read_team_list(write(tmp_path, "list.csv", SEMICOLONS), label="list.csv")

    found = [(row.name, row.arr, row.signals, row.owner) for row in team.rows]
    assert found == [
        ("Initech", Decimal(30000), "usage down 40%", "Dana Ruiz"),
        ("Hooli", Decimal(5000), "NPS 4", "Sam Lee"),
    ]
    assert team.warnings == (
        "list.csv line 3: 5 fields where the header has 4; the row starting "
        "'Globex' is left out, as its values may sit under other columns (put the "
        "value holding the separator in double quotes)",
        "list.csv line 5: 2 fields where the header has 4; the row starting "
        "'Umbrella' is left out, as its values may sit under other columns (add "
        "the missing separators)",
    )


def test_the_plan_says_which_rows_were_left_out() -> None:
    document = plan_json(SEMICOLONS)

    assert [item["name"] for item in document["accounts"]] == ["Initech", "Hooli"]
    assert warnings_of(document)[0].startswith(
        "standard input line 3: 5 fields where the header has 4;"
    )


def test_a_quoted_separator_keeps_its_row(tmp_path: Path) -> None:
    text = 'Account;Notes;Owner\nGlobex;"escalation; invoice late";Lee Park\n'

    team = read_team_list(write(tmp_path, "list.csv", text))

    assert team.rows[0].owner == "Lee Park"
    assert team.warnings == ()


def test_a_markdown_row_may_end_early_but_not_run_over(tmp_path: Path) -> None:
    text = (
        "| Account | ARR | Notes | Owner |\n"
        "| --- | --- | --- | --- |\n"
        "| Hooli | 5000 |\n"
        "| Globex | 80000 | escalation | invoice late | Lee Park |\n"
    )

    team = read_team_list(write(tmp_path, "list.md", text), label="list.md")

    assert [(row.name, row.arr, row.owner) for row in team.rows] == [
        ("Hooli", Decimal(5000), None)
    ]
    assert team.warnings == (
        "list.md line 4: 5 fields where the header has 4; the row starting "
        "'Globex' is left out, as its values may sit under other columns (write "
        "a | inside a value as \\|)",
    )


def test_a_list_whose_every_row_moved_is_an_error(tmp_path: Path) -> None:
    text = "Account;Notes;Owner\nGlobex;escalation; invoice late;Lee Park\n"

    with pytest.raises(SourceError) as raised:
        read_team_list(write(tmp_path, "list.csv", text), label="list.csv")

    assert str(raised.value).startswith("list.csv: no row has the header's 3 fields")


UNCLOSED_QUOTES = [
    ('"Account,ARR,Notes\nAcme,1000,"escalated\n', 1),
    ('Account,ARR,Notes\nAcme,1000,"escalated\nBeta,2000,NPS 3\n', 2),
    ('Account,ARR,Notes\nAcme,1000,x\nBeta,2000,"NPS 3\nGamma,5,"late\n', 3),
    ('Account,ARR,Notes\nAcme,1000,x\nBeta,2000,"NPS 3\n', 3),
]
UNCLOSED = (
    'the quote (") opening a value there is not closed where the value ends, '
    "so the lines after it are read into that value"
)


@pytest.mark.parametrize(("text", "line"), UNCLOSED_QUOTES)
def test_a_quote_left_open_names_its_line(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path, "bq.csv", text)

    with pytest.raises(SourceError) as raised:
        read_team_list(path)

    assert raised.value.message == f"{path}, line {line}: {UNCLOSED}"
    assert raised.value.hint is not None
    assert raised.value.hint.startswith("Close the quote where the value ends")


def test_a_quote_left_open_on_standard_input_names_its_line() -> None:
    result = runner.invoke(
        app,
        ["plan", "all", "--accounts", "-", "-w", "no-workspace"],
        input=UNCLOSED_QUOTES[1][0],
    )

    assert result.exit_code == 1
    assert f"standard input, line 2: {UNCLOSED}" in result.stderr


EXCEL_SEPARATORS = [
    "sep=;\r\nAccount;ARR;Notes\r\nAcme;1.000;escalated\r\n",
    "\ufeffsep=;\nAccount;ARR;Notes\nAcme;1.000;escalated\n",
    'SEP=,\nAccount,ARR,Notes\nAcme,"1,000",escalated\n',
    "sep=\t\nAccount\tARR\tNotes\nAcme\t1000\tescalated\n",
    "sep=|\nAccount|ARR|Notes\nAcme|1000|escalated",
]


@pytest.mark.parametrize("text", EXCEL_SEPARATORS)
def test_excel_s_sep_line_sets_the_delimiter(tmp_path: Path, text: str) -> None:
    team = read_team_list(write(tmp_path, "x.csv", text))

    (row,) = team.rows
    assert (row.line, row.name, row.arr, row.signals) == (
        3,
        "Acme",
        Decimal(1000),
        "escalated",
    )
    assert team.warnings == ()


def test_a_quoted_value_over_several_lines_is_read(tmp_path: Path) -> None:
    text = 'Account,Notes\nAcme,"escalated\nlast week"\nBeta,"say ""late"""\n'

    first, second = read_team_list(write(tmp_path, "ok.csv", text)).rows

    assert (first.signals, second.line, second.signals) == (
        "escalated\nlast week",
        4,
        'say "late"',
    )


# 6. A pasted Markdown table reads as Markdown shows it.

PASTED = (
    "| **Account** | ARR | Owner | Notes |\n"
    "| --- | ---: | --- | --- |\n"
    "| [Nova & Daughters](https://crm/x) | **$120,000** | *Dana Ruiz* | "
    "`escalated` |\n"
    '| **[Initech](https://crm/y "CRM")** | 30000 | <Lee Park> | '
    "see [ticket 42](https://desk/42): NPS 3 |\n"
    "| `Hooli` | | _Sam Lee_ | usage down 40% |\n"
)
SHOWN = [
    ("Nova & Daughters", Decimal(120000), "Dana Ruiz", "escalated"),
    ("Initech", Decimal(30000), "Lee Park", "see ticket 42: NPS 3"),
    ("Hooli", None, "Sam Lee", "usage down 40%"),
]


def test_markdown_links_and_marks_are_read_as_shown(tmp_path: Path) -> None:
    team = read_team_list(write(tmp_path, "list.md", PASTED), label="list.md")

    found = [(row.name, row.arr, row.owner, row.signals) for row in team.rows]
    assert found == SHOWN
    assert team.warnings == ()
    assert team.unknown_headers == ()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("a \\| b", "a | b"),
        ("**", "**"),
        ("<5 seats", "<5 seats"),
        ("2*3*4", "2*3*4"),
        ("***Acme***", "Acme"),
        ("![logo](https://a/l.png) Acme", "logo Acme"),
    ],
)
def test_a_markdown_cell_keeps_what_is_no_mark(
    tmp_path: Path, written: str, expected: str
) -> None:
    text = f"| Account | Notes |\n| --- | --- |\n| Acme | {written} |\n"

    team = read_team_list(write(tmp_path, "list.md", text), label="list.md")

    assert team.rows[0].signals == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("**P1 escalation**, see ticket", "P1 escalation, see ticket"),
        ("see ticket, __P1 escalation__", "see ticket, P1 escalation"),
        ("an *urgent* call and a _late_ invoice", "an urgent call and a late invoice"),
        ("`NPS 3` per survey", "NPS 3 per survey"),
        ("***P1*** escalation", "P1 escalation"),
        ("snake_case_id, 2*3*4", "snake_case_id, 2*3*4"),
        ("~~escalated~~, NPS 3", ", NPS 3"),
        ("NPS 3; ~~**P1 escalation**~~ ; late", "NPS 3; ; late"),
        ("~~escalated~~", ""),
        ("~~ a ~~", "~~ a ~~"),
    ],
)
def test_marks_around_words_are_dropped_and_struck_text_is_not_read(
    tmp_path: Path, written: str, expected: str
) -> None:
    text = f"| Account | Notes |\n| --- | --- |\n| Acme | {written} |\n"

    team = read_team_list(write(tmp_path, "list.md", text), label="list.md")

    assert team.rows[0].signals == expected


STRUCK = (
    "| Account | Notes |\n| --- | --- |\n"
    "| Acme | **P1 escalation**, see ticket |\n"
    "| Beta | ~~escalated~~ |\n"
    "| Gamma | ~~invoice 20 days late~~, usage down 40% |\n"
)


def test_the_plan_reads_emphasis_as_words_and_struck_text_as_no_longer_true() -> None:
    document = plan_json(STRUCK)

    planned = {
        item["name"]: (item["tier"], item["why"], item["not_understood"])
        for item in document["accounts"]
    }
    assert planned == {
        "Acme": ("Critical", ["P1 escalation"], ["see ticket"]),
        "Gamma": ("High", ["usage down 40%"], []),
        "Beta": ("Watch", ["listed by the team; no risk read"], []),
    }


def test_struck_text_is_read_as_written_outside_markdown(tmp_path: Path) -> None:
    text = "Account,Notes\nBeta,~~escalated~~\n"

    (row,) = read_team_list(write(tmp_path, "list.csv", text)).rows

    assert row.signals == "~~escalated~~"


def test_a_linked_name_matches_the_workspace_account(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    account = {"account_id": "A7", "name": "Nova & Daughters", "arr": 120000}
    folder = make_workspace(accounts=[account]).path
    path = write(tmp_path, "list.md", PASTED)

    result = runner.invoke(
        app,
        [
            "plan", "all accounts", "--accounts", str(path), "-w", str(folder),
            "--as-of", AS_OF.isoformat(), "-f", "json",
        ],
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    planned = {item["name"]: item for item in json.loads(result.stdout)["accounts"]}
    assert planned["Nova & Daughters"]["account_id"] == "A7"
    assert planned["Initech"]["account_id"] == "list:initech"


# 7. Dates that could be read either way follow their column.

EITHER = "could be read day-first or month-first"
RENEWALS = [
    (
        ["15.01.2027", "01.03.2027"],
        "mdy",
        [date(2027, 1, 15), date(2027, 3, 1)],
        f"1 date {EITHER} (line 3: '01.03.2027'); read day-first like the "
        "column's dates that can only be day-first (line 2: '15.01.2027')",
    ),
    (
        ["01/15/2027", "03/01/2027", "04/02/2027"],
        "dmy",
        [date(2027, 1, 15), date(2027, 3, 1), date(2027, 4, 2)],
        f"2 dates {EITHER} (line 3: '03/01/2027'); read month-first like the "
        "column's dates that can only be month-first (line 2: '01/15/2027')",
    ),
    (
        ["01.03.2027", "2027-05-01"],
        "mdy",
        [date(2027, 1, 3), date(2027, 5, 1)],
        f"1 date {EITHER} (line 2: '01.03.2027'); read month-first by "
        "settings.imports.date_order ('mdy'; set it to 'dmy' to read them "
        "day-first)",
    ),
    (
        ["01.03.2027"],
        "dmy",
        [date(2027, 3, 1)],
        f"1 date {EITHER} (line 2: '01.03.2027'); read day-first by "
        "settings.imports.date_order ('dmy'; set it to 'mdy' to read them "
        "month-first)",
    ),
    (
        ["15.01.2027", "01.03.2027", "01/15/2027"],
        "mdy",
        [date(2027, 1, 15), date(2027, 1, 3), date(2027, 1, 15)],
        f"1 date {EITHER} (line 3: '01.03.2027'), and the column holds both "
        "day-first (line 2: '15.01.2027') and month-first (line 4: '01/15/2027') "
        "dates; read month-first by settings.imports.date_order ('mdy'). Check "
        "the column.",
    ),
]


@pytest.mark.parametrize(("written", "order", "expected", "note"), RENEWALS)
def test_dates_that_could_be_read_either_way_follow_their_column(
    tmp_path: Path,
    written: list[str],
    order: DateOrder,
    expected: list[date],
    note: str,
) -> None:
    text = "Account;Renewal\n" + "".join(
        f"Account {number};{renewal}\n" for number, renewal in enumerate(written)
    )

    team = read_team_list(
        write(tmp_path, "semi.csv", text), label="semi.csv", date_order=order
    )

    assert [row.renewal_date for row in team.rows] == expected
    assert team.warnings == (f"semi.csv, column 'Renewal': {note}",)


def test_dates_that_read_one_way_need_no_note(tmp_path: Path) -> None:
    text = "Account;Renewal\nAcme;15.01.2027\nBeta;2027-03-01\nGamma;03.03.2027\n"

    team = read_team_list(write(tmp_path, "semi.csv", text))

    assert team.warnings == ()


def test_the_plan_reads_a_european_list_s_dates_day_first() -> None:
    document = plan_json(
        "Account;ARR;Renewal;Notes\nAcme;100.000;15.01.2027;escalated\n"
        "Beta GmbH;€30.000,50;01.03.2027;NPS 3\n"
    )

    renewals = {item["name"]: item["renewal_date"] for item in document["accounts"]}
    assert renewals == {"Acme": "2027-01-15", "Beta GmbH": "2027-03-01"}
    assert warnings_of(document)[0].startswith(
        f"standard input, column 'Renewal': 1 date {EITHER}"
    )
