"""Import gaps a first user met: each written here by hand, with its expected report.

- Negative ARR and negative invoice amounts (other than credit notes) are
  rejected with the reason and the fix.
- An empty or header-only file is noted ("FILE: no rows"); when no file
  held a row, the import exits 1.
- A file none of whose columns is one its table needs is refused whole,
  with one message naming the columns found, those expected and the fix.
- Rows whose account matched nothing are listed (file, line, reference).
- A dry run does not claim its rejects are in the rejects table.
- A binary file is said to be no text CSV file, with the fix.
- Salesforce custom fields ("Renewal_Date__c") map like their plain names.
- A support or billing system never overwrites a CRM account's fields.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from import_helpers import do_import, rows, write
from lifebuoy.cli import app
from lifebuoy.errors import SourceError
from lifebuoy.sources.pipeline import TableCounts
from lifebuoy.sources.validate import Unmatched

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


# 1. Negative money


def test_negative_arr_is_rejected_with_the_reason(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "acc.csv", "name,ARR\nNeg Co,-500\nPos Co,500\n")

    report = do_import(workspace, "csv", path, table="accounts")

    assert rows(workspace, "SELECT name, arr FROM accounts") == [
        ("Pos Co", Decimal("500.00"))
    ]
    assert report.tables["accounts"] == TableCounts(read=2, loaded=1, rejected=1)
    [reject] = report.rejects
    assert (reject.line, reject.column, reject.value) == (2, "ARR", "-500")
    assert reject.reason.startswith("ARR cannot be negative; fix the value")
    assert report.exit_code == 1


def test_negative_invoice_amount_is_rejected_unless_a_credit_note(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "invoices.csv",
        "invoice id,account,due date,amount,status,type\n"
        "I1,A1,2026-11-01,-120,open,invoice\n"
        "I2,A1,2026-11-01,-80,paid,credit_note\n"
        "I3,A1,2026-11-01,300,paid,invoice\n",
    )

    report = do_import(workspace, "csv", path, table="invoices")

    assert rows(workspace, "SELECT invoice_id, amount FROM invoices ORDER BY 1") == [
        ("I2", Decimal("-80.00")),
        ("I3", Decimal("300.00")),
    ]
    [reject] = report.rejects
    assert (reject.line, reject.column, reject.value) == (2, "amount", "-120")
    assert "only a credit note can" in reject.reason


# 2. Empty files


@pytest.mark.parametrize("content", ["", "ticket_id,account,created_at\n"])
def test_an_empty_or_header_only_file_is_noted_and_exits_1(
    tmp_path: Path, content: str
) -> None:
    path = write(tmp_path, "tickets.csv", content)

    code, output = _run("import", "csv", str(path), "--table", "tickets",
                        "-w", str(tmp_path / "ws"))  # fmt: skip

    assert code == 1
    assert f"Note: {path}: no rows" in output


def test_an_empty_file_beside_one_with_rows_is_noted_and_exits_0(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    empty = write(tmp_path, "empty.csv", "")
    full = write(tmp_path, "acc.csv", "name\nAcme\n")

    report = do_import(workspace, "csv", empty, full, table="accounts")

    assert report.notes == [f"{empty}: no rows"]
    assert report.tables["accounts"] == TableCounts(read=1, loaded=1)
    assert report.exit_code == 0


def test_an_empty_salesforce_extract_is_noted(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    path = write(tmp_path, "empty.csv", "")

    report = do_import(make_workspace(), "salesforce", path)

    assert report.notes == [f"{path}: no rows"]
    assert report.exit_code == 1


# 3. Entirely wrong columns


def test_a_file_with_no_usable_column_is_refused_with_one_message(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "tickets.csv", "foo,bar\n1,2\n3,4\n5,6\n")

    report = do_import(workspace, "csv", path, table="tickets")

    assert report.rejects == []
    assert report.tables.get("tickets", TableCounts()) == TableCounts()
    assert report.refused_files == [
        f"{path}: none of its columns is one the tickets table needs, so the file "
        "was not read. Columns found: 'foo', 'bar'. Expected at least one of: "
        "ticket_id, account (id, name or domain). Rename the columns, or name them "
        'in a --map file: [columns] "foo" = "ticket_id"'
    ]
    assert report.exit_code == 1
    assert rows(workspace, "SELECT count(*) FROM tickets") == [(0,)]


def test_a_refused_file_does_not_stop_the_next_one(tmp_path: Path) -> None:
    wrong = write(tmp_path, "wrong.csv", "foo,bar\n1,2\n")
    right = write(tmp_path, "right.csv", "name,ARR\nAcme,100\n")

    code, output = _run("import", "csv", str(wrong), str(right), "--table",
                        "accounts", "-w", str(tmp_path / "ws"))  # fmt: skip

    assert code == 1
    assert f"File not read: {wrong}: none of its columns" in output
    assert "the record has no id" not in output
    assert "neither a name nor a domain" not in output
    assert "│ accounts │    1 │      1 │" in output
    assert "Columns not used" not in output


# 4. Unmatched rows listed


TICKETS = "ticket_id,account,created_at\n" + "".join(
    f"T{number},{account},2026-11-0{number % 9 + 1}\n"
    for number, account in enumerate(
        ["A1", "", "Ghost Co", *(f"Nobody {n}" for n in range(1, 11))], 1
    )
)


def test_unmatched_rows_are_listed_with_file_line_and_reference(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    path = write(tmp_path, "tickets.csv", TICKETS)

    report = do_import(workspace, "csv", path, table="tickets")

    assert report.tables["tickets"] == TableCounts(read=13, loaded=13, unmatched=12)
    expected = [
        Unmatched("tickets", str(path), 3, None),
        Unmatched("tickets", str(path), 4, "Ghost Co"),
        *(Unmatched("tickets", str(path), 4 + n, f"Nobody {n}") for n in range(1, 11)),
    ]
    assert report.unmatched_rows == expected


def test_the_terminal_shows_the_first_unmatched_rows_and_json_all(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace_path = tmp_path / "ws"
    write(tmp_path, "acc.csv", "id,name\nA1,Acme\n")
    path = write(tmp_path, "tickets.csv", TICKETS)
    _run("import", "csv", str(tmp_path / "acc.csv"), "--table", "accounts",
         "-w", str(workspace_path))  # fmt: skip

    code, output = _run("import", "csv", str(path), "--table", "tickets",
                        "-w", str(workspace_path), "--dry-run")  # fmt: skip
    code_json, output_json = _run("import", "csv", str(path), "--table", "tickets",
                                  "-w", str(workspace_path), "--dry-run",
                                  "--format", "json")  # fmt: skip

    assert code == code_json == 0
    assert (
        "Rows naming an account that is not in the workspace (11; no account has "
        "that id, domain or name yet: import that account first, e.g. from the "
        "CRM, then this file again):"
    ) in output
    assert f"  {path}, line 4 (tickets): 'Ghost Co'" in output
    assert f"  {path}, line 13 (tickets): 'Nobody 9'" in output
    assert "Nobody 10" not in output
    assert "  and 1 more" in output
    assert (
        "Rows that name no account (1; kept without an account: give the account "
        "in the source system, or import the file that links them with this "
        f"one):\n  {path}, line 3 (tickets): no account named in the row"
    ) in output
    listed = json.loads(output_json)["unmatched_rows"]
    assert len(listed) == 12
    assert listed[-1] == {
        "table": "tickets",
        "file": str(path),
        "line": 14,
        "reference": "Nobody 10",
        "reason": None,
        "candidates": [],
    }


# 5. Dry run wording


def test_a_dry_run_does_not_claim_rejects_were_written(tmp_path: Path) -> None:
    path = write(tmp_path, "acc.csv", "name,ARR\nAcme,lots\n")

    code, output = _run("import", "csv", str(path), "--table", "accounts",
                        "-w", str(tmp_path / "ws"), "--dry-run")  # fmt: skip

    assert code == 1
    assert "Rejected rows (1; dry run: not written to the rejects table):" in output
    assert "all in the rejects table" not in output


# 6. Binary files


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00name,arr\n",
        bytes(range(1, 256)) * 4,
    ],
    ids=["nul-bytes", "undecodable"],
)
def test_a_binary_file_is_said_to_be_no_text_csv(
    make_workspace: MakeWorkspace, tmp_path: Path, content: bytes
) -> None:
    path = write(tmp_path, "binary.csv", content)

    with pytest.raises(SourceError) as caught:
        do_import(make_workspace(), "csv", path, table="accounts")

    assert str(caught.value).startswith(f"{path} does not look like a text CSV file")
    assert caught.value.hint is not None
    assert "export it as CSV UTF-8" in caught.value.hint
    assert "XLSX" in caught.value.hint


def test_a_binary_file_on_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, "binary.csv", b"\x81\x00\xff\xfe" * 50)

    code, output = _run("import", "salesforce", str(path),
                        "-w", str(tmp_path / "ws"))  # fmt: skip

    assert code == 1
    assert "does not look like a text CSV file" in output
    assert "codec" not in output


# 7. Renewal date columns


@pytest.mark.parametrize(
    "header", ["Renewal_Date__c", "Contract_End_Date__c", "RENEWAL_DATE__C"]
)
def test_salesforce_custom_renewal_fields_map_to_renewal_date(
    make_workspace: MakeWorkspace, tmp_path: Path, header: str
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "accounts.csv",
        f'"ID","NAME","{header}"\n'
        '"001A","Acme","2027-03-31"\n'
        '"001B","Beta","2027-02-30"\n',
    )

    report = do_import(workspace, "salesforce", path)

    assert rows(workspace, "SELECT name, renewal_date FROM accounts") == [
        ("Acme", date(2027, 3, 31))
    ]
    assert report.unknown_columns == {str(path): []}
    [reject] = report.rejects
    assert (reject.line, reject.column, reject.value) == (3, header, "2027-02-30")


@pytest.mark.parametrize("header", ["renewal_date", "Renewal Date"])
def test_hubspot_renewal_date_property_maps_to_renewal_date(
    make_workspace: MakeWorkspace, tmp_path: Path, header: str
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "companies.csv",
        f"Record ID,Company name,{header}\n7,Acme,2027-05-01\n",
    )

    do_import(workspace, "hubspot", path)

    assert rows(workspace, "SELECT account_id, renewal_date FROM accounts") == [
        ("hubspot:7", date(2027, 5, 1))
    ]


# 8. CRM fields are the CRM's


STRIPE_INVOICES = {
    "object": "list",
    "has_more": False,
    "data": [
        {
            "id": "in_1",
            "object": "invoice",
            "customer": "cus_1",
            "customer_name": "ACME CORPORATION (billing)",
            "customer_email": "ap@acme.com",
            "amount_due": 12000,
            "currency": "eur",
            "status": "paid",
            "status_transitions": {"finalized_at": 1793000000, "paid_at": 1793100000},
        }
    ],
}


def test_a_billing_system_does_not_overwrite_a_crm_account(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    crm = write(
        tmp_path,
        "accounts.csv",
        "id,name,domain,owner,segment,ARR,renewal date\n"
        "A1,Acme Corp,acme.com,Dana,Enterprise,90000,2027-01-31\n",
    )
    billing = write(tmp_path, "invoices.json", json.dumps(STRIPE_INVOICES))
    do_import(workspace, "csv", crm, table="accounts")

    report = do_import(workspace, "stripe", billing)

    assert report.matched_by == {"domain": 1}
    assert rows(
        workspace,
        "SELECT account_id, name, owner, segment, arr, currency, renewal_date "
        "FROM accounts",
    ) == [
        ("A1", "Acme Corp", "Dana", "Enterprise", Decimal("90000.00"), "USD",
         date(2027, 1, 31)),
    ]  # fmt: skip
    assert rows(workspace, "SELECT invoice_id, account_id FROM invoices") == [
        ("stripe:in_1", "A1")
    ]


def test_a_support_system_fills_only_what_the_crm_left_blank(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    crm = write(tmp_path, "accounts.csv", "id,name\nA1,Acme Corp\n")
    organizations = {
        "organizations": [{"id": 9, "name": "acme corp", "domain_names": ["acme.com"]}]
    }
    support = write(tmp_path, "organizations.json", json.dumps(organizations))
    do_import(workspace, "csv", crm, table="accounts")

    do_import(workspace, "zendesk", support)

    assert rows(workspace, "SELECT account_id, name, domain FROM accounts") == [
        ("A1", "Acme Corp", "acme.com")
    ]


def test_without_a_crm_the_last_support_or_billing_import_names_the_account(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    organizations = {
        "organizations": [{"id": 9, "name": "Acme Inc", "domain_names": ["acme.com"]}]
    }
    support = write(tmp_path, "organizations.json", json.dumps(organizations))
    billing = write(tmp_path, "invoices.json", json.dumps(STRIPE_INVOICES))
    do_import(workspace, "zendesk", support)

    do_import(workspace, "stripe", billing)

    assert rows(workspace, "SELECT account_id, name FROM accounts") == [
        ("zendesk:9", "ACME CORPORATION (billing)")
    ]


def test_records_dated_after_today_are_noted_not_refused(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    path = write(
        tmp_path,
        "tickets.csv",
        "ticket_id,account_id,Opened\n"
        "T1,A1,2099-01-05\nT2,A1,2026-12-01\nT3,A1,2099-02-02T10:00:00Z\n",
    )

    report = do_import(workspace, "csv", path, table="tickets")

    assert rows(workspace, "SELECT count(*) FROM tickets") == [(3,)]
    assert report.notes == [
        f"{path}, column 'Opened': 2 dates are after today (line 2: 2099-01-05, "
        "line 4: 2099-02-02); a plan sees a record only from its day on, so check "
        "the dates"
    ]


def test_due_and_renewal_dates_ahead_are_not_noted(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    path = write(
        tmp_path,
        "invoices.csv",
        "invoice_id,account_id,due_date,amount,status\nI1,A1,2099-01-05,100,open\n",
    )

    report = do_import(workspace, "csv", path, table="invoices")

    assert report.notes == []


@pytest.mark.parametrize(
    ("domains", "said"),
    [
        (
            ["not a domain"],
            "1 value is not a web domain and was left empty (line 2: 'not a domain')",
        ),
        (
            ["n/a", "???"],
            "2 values are not web domains and were left empty (line 2: 'n/a', "
            "line 3: '???')",
        ),
    ],
)
def test_values_that_are_no_web_domain_are_counted_in_words(
    make_workspace: MakeWorkspace, tmp_path: Path, domains: list[str], said: str
) -> None:
    workspace = make_workspace()
    lines = [f"A{n},Name {n},{domain}" for n, domain in enumerate(domains, start=1)]
    path = write(tmp_path, "a.csv", "account_id,name,domain\n" + "\n".join(lines))

    report = do_import(workspace, "csv", path, table="accounts")

    assert [note for note in report.notes if "web domain" in note] == [
        f"{path}, column 'domain': {said}"
    ]
