"""Messy input, handled right: each kind on a small file written here by hand."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from conftest import MakeWorkspace
from import_helpers import do_import, rows, write
from lifebuoy.errors import SourceError
from lifebuoy.sources.pipeline import TableCounts


def test_utf8_bom_is_not_part_of_the_first_header(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "bom.csv", b"\xef\xbb\xbfName,ARR\r\nAcme,100\r\n")

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT account_id, name, arr FROM accounts") == [
        ("Acme", "Acme", Decimal("100.00"))
    ]
    assert report.unknown_columns == {str(path): []}
    assert report.notes == []


def test_windows_1252_file_is_detected_and_decoded(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    text = 'Name,Owner\n"Crédito Señor, S.A.","José Müller"\n"Smart “Quotes” Ltd",Zoë\n'
    path = write(tmp_path, "legacy.csv", text.encode("cp1252"))

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT name, owner FROM accounts ORDER BY name") == [
        ("Crédito Señor, S.A.", "José Müller"),
        ("Smart “Quotes” Ltd", "Zoë"),
    ]
    assert report.notes == ["legacy.csv: not UTF-8; decoded as cp1252 (detected)"]


def test_latin_1_file_is_decoded_without_mojibake(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    text = "Name,Region\nBäckerei Müller GmbH,Zürich\nCafé Noël,Besançon\n"
    path = write(tmp_path, "latin1.csv", text.encode("latin-1"))

    do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT name, region FROM accounts ORDER BY name") == [
        ("Bäckerei Müller GmbH", "Zürich"),
        ("Café Noël", "Besançon"),
    ]


def test_semicolons_with_decimal_commas(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "semi.csv",
        "Name;ID;ARR;Notiz\nAcme;A1;1.200,50 €;x\nBeta;A2;980,5;\nGamma;A3;12.000;\n",
    )

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(
        workspace, "SELECT account_id, arr, currency FROM accounts ORDER BY 1"
    ) == [
        ("A1", Decimal("1200.50"), "EUR"),
        ("A2", Decimal("980.50"), "USD"),
        ("A3", Decimal("12000.00"), "USD"),
    ]
    assert report.unknown_columns == {str(path): ["Notiz"]}


def test_newlines_inside_quoted_fields_keep_line_numbers(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    path = write(
        tmp_path,
        "tickets.csv",
        "id,account_id,subject,body,priority\n"
        'T1,A1,Login,"first line\nsecond line\nthird line",high\n'
        "T2,A1,Export,plain,blocker\n",
    )

    report = do_import(workspace, "csv", path, table="tickets")

    assert rows(workspace, "SELECT ticket_id, body FROM tickets") == [
        ("T1", "first line\nsecond line\nthird line")
    ]
    assert [
        (reject.line, reject.column, reject.value) for reject in report.rejects
    ] == [(5, "priority", "blocker")]


@pytest.mark.parametrize(
    "text",
    [
        "sep=;\r\nName;ID;ARR\r\nAcme;A1;1.000\r\n",
        'sep=,\nName,ID,ARR\nAcme,A1,"1,000"\n',
    ],
)
def test_excel_s_sep_line_sets_the_delimiter(
    make_workspace: MakeWorkspace, tmp_path: Path, text: str
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "x.csv", text)

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT account_id, name, arr FROM accounts") == [
        ("A1", "Acme", Decimal("1000.00"))
    ]
    assert report.rejects == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('"Account,ARR,Notes\nAcme,1000,"escalated\n', 1),
        ('Account,ARR,Notes\nAcme,1000,"escalated\nBeta,2000,NPS 3\n', 2),
    ],
)
def test_a_quote_left_open_is_an_error_naming_its_line(
    make_workspace: MakeWorkspace, tmp_path: Path, text: str, line: int
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "bq.csv", text)

    with pytest.raises(SourceError) as raised:
        do_import(workspace, "csv", path, table="accounts")

    assert raised.value.message == (
        f'{path}, line {line}: the quote (") opening a value there is not closed '
        "where the value ends, so the lines after it are read into that value"
    )


def test_money_in_every_form(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "money.csv",
        "id,name,Contract Value\n"
        'A1,One,"$1,200.50"\n'
        'A2,Two,"1.200,50 €"\n'
        "A3,Three,120k\n"
        "A4,Four,2.8K\n"
        "A5,Five,(450)\n"
        "A6,Six,\u2212450\n",
    )

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(
        workspace, "SELECT account_id, arr, currency FROM accounts ORDER BY 1"
    ) == [
        ("A1", Decimal("1200.50"), "USD"),
        ("A2", Decimal("1200.50"), "EUR"),
        ("A3", Decimal("120000.00"), "USD"),
        ("A4", Decimal("2800.00"), "USD"),
    ]
    # (450) and −450 read as negative amounts, and ARR cannot be negative.
    assert [(reject.line, reject.value) for reject in report.rejects] == [
        (6, "(450)"),
        (7, "\u2212450"),
    ]


def test_marks_that_group_no_thousands_keep_the_row_aside(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "dots.csv",
        'account_id,name,arr\nF1,A,$1.2.3\nF2,B,"1,2,3"\nF3,C,1.23.456\n'
        'F4,D,"1,234,567"\nF5,E,1.234.567\n',
    )

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT account_id, arr FROM accounts ORDER BY 1") == [
        ("F4", Decimal("1234567.00")),
        ("F5", Decimal("1234567.00")),
    ]
    reason = (
        "not an amount: thousands separators group three digits, as in "
        "1,234,567.50, 1.234.567,50 or 1 234 567 (or write 1234567.50)"
    )
    assert [
        (reject.file, reject.line, reject.column, reject.value, reject.reason)
        for reject in report.rejects
    ] == [
        (str(path), 2, "arr", "$1.2.3", reason),
        (str(path), 3, "arr", "1,2,3", reason),
        (str(path), 4, "arr", "1.23.456", reason),
    ]


def test_a_currency_column_holds_iso_codes(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "currencies.csv",
        "account_id,name,arr,currency\n"
        "C1,One,5000,eur\nC2,Two,5000,€\nC3,Three,5000,XYZ\nC4,Four,5000,EUO\n"
        "C5,Five,5000,\nC6,Six,5000, gbp \n",
    )

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT account_id, currency FROM accounts ORDER BY 1") == [
        ("C1", "EUR"),
        ("C2", "EUR"),
        ("C5", "USD"),
        ("C6", "GBP"),
    ]
    unknown = "is not an ISO 4217 currency code"
    assert [
        (reject.line, reject.column, reject.value, reject.reason)
        for reject in report.rejects
    ] == [
        (4, "currency", "XYZ", f"'XYZ' {unknown}; check the code"),
        (5, "currency", "EUO", f"'EUO' {unknown}; did you mean EUR?"),
    ]


def test_dates_in_mixed_formats(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "dates.csv",
        "id,name,Renewal Date\n"
        "A1,One,2026-04-15\n"
        "A2,Two,46000\n"
        "A3,Three,2026-03-31T23:30:00-05:00\n"
        "A4,Four,15 Apr 2026\n"
        "A5,Five,04/13/2026\n",
    )

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(
        workspace, "SELECT account_id, renewal_date FROM accounts ORDER BY 1"
    ) == [
        ("A1", date(2026, 4, 15)),
        ("A2", date(2025, 12, 9)),
        ("A3", date(2026, 3, 31)),
        ("A4", date(2026, 4, 15)),
        ("A5", date(2026, 4, 13)),
    ]
    assert report.notes == []


def test_ambiguous_dates_follow_the_configured_order(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(config='[imports]\ndate_order = "dmy"\n')
    path = write(tmp_path, "dmy.csv", "id,name,renewal\nA1,One,03/04/2026\n")

    do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT renewal_date FROM accounts") == [(date(2026, 4, 3),)]


def test_a_column_mixing_day_and_month_orders_is_reported(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "mixed.csv",
        "id,name,renewal\nA1,One,03/04/2026\nA2,Two,13/04/2026\nA3,Three,05/06/2026\n",
    )

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(
        workspace, "SELECT account_id, renewal_date FROM accounts ORDER BY 1"
    ) == [
        ("A1", date(2026, 3, 4)),
        ("A2", date(2026, 4, 13)),
        ("A3", date(2026, 5, 6)),
    ]
    assert report.notes == [
        f"{path}, column 'renewal': 1 dates can only be read dmy but 2 are mdy or "
        "ambiguous; ambiguous ones were read mdy (settings.imports.date_order). "
        "Check the column."
    ]


def test_timestamps_with_offsets_are_stored_in_utc(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "tickets.csv",
        "ticket id,created at\nT1,2026-03-31T23:30:00-05:00\nT2,2026-04-01 08:00\n",
    )

    do_import(workspace, "csv", path, table="tickets")

    assert rows(workspace, "SELECT ticket_id, created_at FROM tickets ORDER BY 1") == [
        ("T1", datetime(2026, 4, 1, 4, 30)),
        ("T2", datetime(2026, 4, 1, 8, 0)),
    ]


def test_formula_looking_text_is_stored_as_plain_text(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "formulas.csv",
        "id,name,owner\n"
        'A1,"=HYPERLINK(""http://x.example"",""Acme"")",+Jo\n'
        "A2,@Beta,-Ann\n",
    )

    do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT name, owner FROM accounts ORDER BY account_id") == [
        ('=HYPERLINK("http://x.example","Acme")', "+Jo"),
        ("@Beta", "-Ann"),
    ]


def test_json_pages_are_all_read_and_repeats_kept_once_newest(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    first = write(
        tmp_path,
        "page1.json",
        '{"results": ['
        '{"id": "1", "properties": {"name": "Acme old", "hs_lastmodifieddate": '
        '"2026-01-02T00:00:00Z"}, "updatedAt": "2026-01-02T00:00:00Z"},'
        '{"id": "2", "properties": {"name": "Beta"},'
        ' "updatedAt": "2026-01-01T00:00:00Z"}'
        '], "paging": {"next": {"after": "2", "link": "https://api.example/?after=2"}}}',
    )
    second = write(
        tmp_path,
        "page2.json",
        '{"results": ['
        '{"id": "1", "properties": {"name": "Acme new", "hs_lastmodifieddate": '
        '"2026-02-01T00:00:00Z"}, "updatedAt": "2026-02-01T00:00:00Z"},'
        '{"id": "3", "properties": {"name": "Gamma"},'
        ' "updatedAt": "2026-01-01T00:00:00Z"}'
        "]}",
    )

    report = do_import(workspace, "hubspot", second, first)

    assert report.tables == {"accounts": TableCounts(read=4, loaded=3, duplicate=1)}
    assert rows(workspace, "SELECT account_id, name FROM accounts ORDER BY 1") == [
        ("hubspot:1", "Acme new"),
        ("hubspot:2", "Beta"),
        ("hubspot:3", "Gamma"),
    ]


def test_xlsx_with_dates_numbers_and_formulas(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Account Name", "Account ID", "ARR", "Renewal Date", "Website"])
    sheet.append(["Acme", 101, 120000, datetime(2026, 6, 30), '=HYPERLINK("a")'])
    sheet.append(["Beta", 102, "$90k", 46000, "beta.io"])
    book.save(tmp_path / "accounts.xlsx")

    do_import(workspace, "csv", tmp_path / "accounts.xlsx", table="accounts")

    assert rows(
        workspace, "SELECT account_id, name, arr, renewal_date, domain FROM accounts "
        "ORDER BY 1"
    ) == [
        ("101", "Acme", Decimal("120000.00"), date(2026, 6, 30), None),
        ("102", "Beta", Decimal("90000.00"), date(2025, 12, 9), "beta.io"),
    ]  # fmt: skip


def test_parquet_usage(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    table = pa.table(
        {
            "account_id": ["A1", "A1"],
            "date": [date(2026, 4, 1), date(2026, 4, 2)],
            "active_users": [10, 12],
            "events": [100, 130],
        }
    )
    pq.write_table(table, tmp_path / "usage.parquet")

    report = do_import(workspace, "csv", tmp_path / "usage.parquet", table="usage")

    assert report.tables == {"usage": TableCounts(read=2, loaded=2)}
    assert rows(workspace, "SELECT * FROM usage ORDER BY date") == [
        ("A1", date(2026, 4, 1), 10, 100, "csv"),
        ("A1", date(2026, 4, 2), 12, 130, "csv"),
    ]


def test_arr_too_large_for_one_customer_is_noted_with_the_lines(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    text = (
        "Id,Name,AnnualRevenue\n"
        "001A,Acme,84800000000\n"
        "001B,Birch,120000\n"
        "001C,Cedar,10000000\n"
        "001D,Dune,9999999.99\n"
    )
    path = write(tmp_path, "accounts.csv", text)

    report = do_import(workspace, "salesforce", path)

    assert report.notes == [
        f"{path}, column 'AnnualRevenue' (read as ARR): 2 accounts have ARR of "
        "10,000,000 or more (line 2 Acme: 84,800,000,000; line 4 Cedar: "
        "10,000,000). A CRM's annual revenue field often holds the customer's own "
        "company revenue, not what it pays you. If so, map your contract value "
        'column to arr in a --map file ([columns] "Contract Value" = "arr"), or '
        "clear these values."
    ]
    # noted, not changed: the value is the customer's to confirm
    assert rows(workspace, "SELECT arr FROM accounts WHERE name = 'Acme'") == [
        (Decimal("84800000000.00"),)
    ]


def test_a_large_contract_value_is_noted_without_the_revenue_warning(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "book.csv", "Account,ARR\nMegacorp,25000000\nSmall,900\n")

    report = do_import(workspace, "csv", path, table="accounts")

    assert len(report.notes) == 1
    assert "1 account has ARR of 10,000,000 or more (line 2 Megacorp" in report.notes[0]
    assert "annual revenue" not in report.notes[0]


def _workbook_with_formulas(path: Path, *, saved: bool) -> Path:
    """A workbook whose row 3 holds formulas; SAVED stores their values, as a
    spreadsheet program does when it saves (openpyxl itself never does)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["account_id", "name", "arr"])
    sheet.append(["A1", "Acme", 1000])
    sheet.append(["A2", '=B2&" Labs"', "=C2*12"])
    book.save(path)
    if saved:
        _store_values(path, {"B3": ("str", "Acme Labs"), "C3": (None, "12000")})
    return path


def _store_values(path: Path, values: dict[str, tuple[str | None, str]]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, (kind, value) in values.items():
        start = sheet.index(f'<c r="{cell}"')
        end = sheet.index("</c>", start)
        typed = f' t="{kind}"' if kind else ""
        formula = sheet[sheet.index("<f>", start) : sheet.index("</f>", start) + 4]
        sheet = (
            sheet[:start]
            + f'<c r="{cell}"{typed}>{formula}<v>{value}</v>'
            + sheet[end:]
        )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_workbook_reads_the_values_its_formulas_saved(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = _workbook_with_formulas(tmp_path / "saved.xlsx", saved=True)

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT account_id, name, arr FROM accounts ORDER BY 1") == [
        ("A1", "Acme", Decimal("1000.00")),
        ("A2", "Acme Labs", Decimal("12000.00")),
    ]
    assert report.notes == []


def test_formulas_saved_without_values_are_named(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = _workbook_with_formulas(tmp_path / "unsaved.xlsx", saved=False)

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT account_id FROM accounts") == [("A1",)]
    assert report.notes == [
        "unsaved.xlsx: 2 formula cells have no saved value and were read as empty "
        "(row 3, column 'name': =B2&\" Labs\"; row 3, column 'arr': =C2*12); open "
        "the workbook in Excel or another spreadsheet and save it, so their values "
        "are stored"
    ]
    assert [(reject.line, reject.reason) for reject in report.rejects] == [
        (3, "the account has neither a name nor a domain")
    ]
