"""Imports do what the user asked and say what they did.

Expected values were worked out by hand from the files below or from the
shared samples (read with a text editor, not with lifebuoy):

- salesforce/dataloader_account_extract.csv: 423 rows; the Acme row (line
  415, id 001x0000002lBtoAAE) has ANNUALREVENUE 8.48E10 and
  NUMBEROFEMPLOYEES 68000; its header holds ISDELETED, MASTERRECORDID,
  OWNERID, CREATEDBYID, LASTMODIFIEDBYID and SYSTEMMODSTAMP, in that order.
- chargebee/subscriptions_list.json: Acme Corp (AzqOd0VMyUhHQZf4) has two
  active and one non_renewing subscription of mrr 1900 USD each, so 5700
  cents a month, ARR 12 × 57.00 = 684.00; Initech LLC (169kZjVMyUi68Zxh)
  one active of 4083, ARR 12 × 40.83 = 489.96; Globex Inc
  (AzqW60VMyUhdGZi2) one non_renewing of 1900, ARR 228.00.
- delighted/survey_responses.json: 10 responses whose people (980285131,
  980285130, …) are not in people.json.
- intercom/conversations_list.json: conversations 1, 2, 3 and 5 are opened
  by users at example.com; conversation 4 has no source and one contact.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from rich.console import Console
from typer.testing import CliRunner

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.cli import app
from lifebuoy.cli.imports import print_report
from lifebuoy.errors import ConfigError, SourceError, UsageError
from lifebuoy.sources.origin import sample_file
from lifebuoy.sources.pipeline import ImportReport, Repeat, TableCounts, run_import
from lifebuoy.sources.registry import SOURCES
from lifebuoy.workspace import Workspace

runner = CliRunner()
EXTRACT = SAMPLES / "salesforce" / "dataloader_account_extract.csv"
samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")


def flat(text: str) -> str:
    return " ".join(text.split())


def printed(report: ImportReport) -> str:
    console = Console(record=True, width=400)
    print_report(report, console)
    return console.export_text()


# 1. A --map line beats a synonym


@samples
def test_a_mapped_header_beats_the_synonym_of_its_column(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    mapping = write(tmp_path, "map.toml", '[columns]\n"NUMBEROFEMPLOYEES" = "arr"\n')

    report = do_import(workspace, "salesforce", EXTRACT, mapping_file=mapping)

    assert rows(
        workspace, "SELECT arr FROM accounts WHERE source_id = '001x0000002lBtoAAE'"
    ) == [(Decimal("68000.00"),)]
    assert "ANNUALREVENUE" in report.unknown_columns[str(EXTRACT)]
    assert "NUMBEROFEMPLOYEES" not in report.unknown_columns[str(EXTRACT)]


@pytest.mark.parametrize(
    "header", ["id,name,Contract Value,ARR", "id,name,ARR,Contract Value"]
)
def test_the_mapped_header_wins_wherever_it_stands(
    make_workspace: MakeWorkspace, tmp_path: Path, header: str
) -> None:
    workspace = make_workspace()
    values = {"Contract Value": "120000", "ARR": "999"}
    line = ",".join(["A1", "Acme", *(values[name] for name in header.split(",")[2:])])
    path = write(tmp_path, "accounts.csv", f"{header}\n{line}\n")
    mapping = write(tmp_path, "map.toml", '[columns]\n"Contract Value" = "arr"\n')

    report = do_import(workspace, "csv", path, table="accounts", mapping_file=mapping)

    assert rows(workspace, "SELECT arr FROM accounts") == [(Decimal("120000.00"),)]
    assert report.unknown_columns == {str(path): ["ARR"]}


def test_two_headers_mapped_to_one_column_are_an_error_naming_both(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "accounts.csv", "id,name,ACV,TCV\nA1,Acme,10,30\n")
    mapping = write(tmp_path, "map.toml", '[columns]\n"ACV" = "arr"\n"TCV" = "arr"\n')

    with pytest.raises(ConfigError) as raised:
        do_import(workspace, "csv", path, table="accounts", mapping_file=mapping)

    assert raised.value.message == (
        f"{mapping}: [columns] maps both 'ACV' and 'TCV' (headers of {path}) to "
        "'arr'; a column takes one header"
    )
    assert rows(workspace, "SELECT count(*) FROM accounts") == [(0,)]


PICK_ONE = (
    'Rename or remove one of them, or pick one with a --map file: [columns] "{0}" '
    '= "{1}" (the others are then not read).'
)


@pytest.mark.parametrize(
    ("header", "message", "hint"),
    [
        (
            "account_id,name,arr,arr",
            "the headers 'arr' (column 3) and 'arr' (column 4) both name the "
            "column 'arr'",
            "Rename or remove one of them.",
        ),
        (
            "account_id,name,ARR,arr",
            "the headers 'ARR' (column 3) and 'arr' (column 4) both name the "
            "column 'arr'",
            "Rename or remove one of them.",
        ),
        (
            "account_id,name,ARR,Contract Value",
            "the headers 'ARR' (column 3) and 'Contract Value' (column 4) both "
            "name the column 'arr'",
            PICK_ONE.format("ARR", "arr"),
        ),
        (
            "account_id,Company,name,Customer",
            "the headers 'Company' (column 2), 'name' (column 3) and 'Customer' "
            "(column 4) all name the column 'name'",
            PICK_ONE.format("Company", "name"),
        ),
    ],
)
def test_two_headers_of_one_column_are_an_error_naming_both(
    make_workspace: MakeWorkspace, tmp_path: Path, header: str, message: str, hint: str
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "d.csv", f"{header}\nD1,Dup Co,100,200\n")

    with pytest.raises(ConfigError) as raised:
        do_import(workspace, "csv", path, table="accounts")

    assert raised.value.message == f"{path}: {message}; a column takes one header"
    assert raised.value.hint == hint
    assert rows(workspace, "SELECT count(*) FROM accounts") == [(0,)]


def test_a_vendor_export_may_give_one_column_two_synonyms(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(
        tmp_path,
        "companies.csv",
        "Record ID,Company name,Company Domain Name,Website URL\n"
        "512,Acme,acme.com,https://www.acme.io\n",
    )

    do_import(workspace, "hubspot", path)

    assert rows(workspace, "SELECT name, domain FROM accounts") == [
        ("Acme", "acme.com")
    ]


def test_a_map_file_picks_one_of_two_synonyms(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "d.csv", "account_id,name,ARR,ACV\nD1,Dup Co,100,200\n")
    mapping = write(tmp_path, "map.toml", '[columns]\n"ACV" = "arr"\n')

    report = do_import(workspace, "csv", path, table="accounts", mapping_file=mapping)

    assert rows(workspace, "SELECT arr FROM accounts") == [(Decimal("200.00"),)]
    assert report.unknown_columns == {str(path): ["ARR"]}


def test_two_mapped_headers_not_in_one_file_are_fine(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    first = write(tmp_path, "a.csv", "id,name,ACV\nA1,Acme,10\n")
    second = write(tmp_path, "b.csv", "id,name,TCV\nB1,Beta,30\n")
    mapping = write(tmp_path, "map.toml", '[columns]\n"ACV" = "arr"\n"TCV" = "arr"\n')

    do_import(workspace, "csv", first, second, table="accounts", mapping_file=mapping)

    assert rows(workspace, "SELECT account_id, arr FROM accounts ORDER BY 1") == [
        ("A1", Decimal("10.00")),
        ("B1", Decimal("30.00")),
    ]


def test_one_header_spelled_twice_in_the_map_file_is_an_error(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n")
    mapping = write(
        tmp_path, "map.toml", '[columns]\n"Contract Value" = "arr"\n'
        '"contract_value" = "ignore"\n'
    )  # fmt: skip

    with pytest.raises(ConfigError, match="'Contract Value' to 'arr' and "):
        do_import(workspace, "csv", path, table="accounts", mapping_file=mapping)


# 2. The wrong importer refuses another system's file


@samples
def test_a_salesforce_extract_given_to_hubspot_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ws"

    result = runner.invoke(app, ["import", "hubspot", str(EXTRACT), "-w", str(folder)])

    assert result.exit_code == 1
    assert flat(result.stderr) == flat(
        f"error: {EXTRACT}: this looks like a Salesforce export; use 'lifebuoy "
        "import salesforce FILE' Its columns ISDELETED, MASTERRECORDID, OWNERID, "
        "CREATEDBYID, LASTMODIFIEDBYID and SYSTEMMODSTAMP are Salesforce system "
        "fields. Nothing was imported."
    )
    assert not folder.exists()


SAMPLE_SYSTEMS = [
    ("salesforce/dataloader_account_extract.csv", "salesforce"),
    ("salesforce/account_query_last_page.json", "salesforce"),
    ("salesforce/case_query.json", "salesforce"),
    ("hubspot/companies_list_v3.json", "hubspot"),
    ("hubspot/companies_list_v3_with_owner_ids.json", "hubspot"),
    ("hubspot/owners_list_v3.json", "hubspot"),
    ("hubspot/deals_search_page1_v3.json", "hubspot"),
    ("zendesk/tickets_incremental_export.json", "zendesk"),
    ("zendesk/organizations_list.json", "zendesk"),
    ("intercom/conversations_list.json", "intercom"),
    ("intercom/conversation_with_parts.json", "intercom"),
    ("intercom/companies_scroll_page1.json", "intercom"),
    ("stripe/invoices_list.json", "stripe"),
    ("stripe/invoice_payment_failed_event_data.json", "stripe"),
    ("chargebee/subscriptions_list.json", "chargebee"),
    ("chargebee/invoices_list.json", "chargebee"),
    ("delighted/survey_responses.json", "delighted"),
    ("delighted/people.json", "delighted"),
    ("segment/analytics_js_events_snapshot.json", "segment"),
    ("amplitude/export_829528_2026-06-16_11.jsonl", "amplitude"),
    ("slack/channels.json", "slack"),
    ("slack/users.json", "slack"),
    ("slack/B75B4C7/2025-01-11.json", "slack"),
]


@samples
@pytest.mark.parametrize(("name", "system"), SAMPLE_SYSTEMS)
def test_each_sample_is_recognised_by_its_own_system_only(
    name: str, system: str
) -> None:
    sample = sample_file(SAMPLES / name)
    assert sample is not None

    found = [source for source, kind in SOURCES.items() if kind.recognises(sample)]

    assert found == [system]


@samples
@pytest.mark.parametrize(
    ("name", "source", "system", "label"),
    [
        ("salesforce/account_query_last_page.json", "hubspot", "salesforce",
         "Salesforce"),
        ("delighted/people.json", "hubspot", "delighted", "Delighted"),
        ("segment/analytics_js_events_snapshot.json", "delighted", "segment",
         "Segment"),
        ("delighted/survey_responses.json", "segment", "delighted", "Delighted"),
        ("zendesk/organizations_list.json", "csv", "zendesk", "Zendesk"),
        ("amplitude/export_829528_2026-06-16_11.jsonl", "segment", "amplitude",
         "Amplitude"),
        ("chargebee/invoices_list.json", "stripe", "chargebee", "Chargebee"),
    ],
)  # fmt: skip
def test_api_pages_of_another_system_are_refused_naming_it(
    make_workspace: MakeWorkspace, name: str, source: str, system: str, label: str
) -> None:
    workspace = make_workspace()

    with pytest.raises(SourceError) as raised:
        run_import(workspace, source, [SAMPLES / name], table="accounts")

    assert raised.value.message == (
        f"{SAMPLES / name}: this looks like a {label} export; "
        f"use 'lifebuoy import {system} FILE'"
    )
    assert rows(workspace, "SELECT count(*) FROM rejects") == [(0,)]


@samples
def test_csv_still_reads_a_salesforce_extract_and_says_whose_it_is(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "csv", EXTRACT, table="accounts")

    assert report.tables["accounts"].loaded == 423
    assert report.notes[0].startswith(
        f"{EXTRACT}: this looks like a Salesforce export; use 'lifebuoy import "
        "salesforce FILE'"
    )


@pytest.mark.parametrize(
    "header",
    [
        "Record ID,Account Name,Account Owner",  # a Zoho CRM export
        "id,name,Owner ID",
        "ID,NAME,ISDELETED",
        "Record ID,Name,Notes",
    ],
)
def test_generic_files_are_no_system_s_and_import_anywhere(
    make_workspace: MakeWorkspace, tmp_path: Path, header: str
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "accounts.csv", f"{header}\n7,Acme,x\n")

    report = do_import(workspace, "hubspot", path)

    assert report.tables["accounts"].loaded == 1
    assert not any("looks like" in note for note in report.notes)


def test_a_user_mapping_from_a_crm_export_is_not_refused(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    users = write(
        tmp_path,
        "contacts.csv",
        "Record ID,Email,Company,Create Date\n1,u1,A1,2026-01-01\n",
    )
    events = write(
        tmp_path,
        "events.jsonl",
        '{"event_type": "open", "event_time": "2026-03-02 10:00:00", '
        '"user_id": "u1"}\n',
    )

    report = do_import(workspace, "amplitude", events, users)

    assert report.tables["usage"] == TableCounts(read=1, loaded=1)


# 3. A file that repeats a key: counted once, reported, and stable on re-import

USAGE = (
    "account,date,active_users,events\n"
    "A1,2026-03-01,5,50\n"
    "A1,2026-03-02,6,60\n"
    "A1,2026-03-01,7,70\n"
    "A2,2026-03-01,1,10\n"
    "Beta,2026-03-01,2,20\n"
    "A1,2026-03-01,8,80\n"
)
"""A1/03-01 on lines 2, 4 and 7; A2/03-01 on lines 5 and 6 (Beta is A2)."""


@pytest.mark.parametrize("batch_size", [2, 50_000])
def test_repeated_keys_are_reported_with_their_lines_and_the_last_copy_kept(
    make_workspace: MakeWorkspace, tmp_path: Path, batch_size: int
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A1", "name": "Acme"},
                  {"account_id": "A2", "name": "Beta"}]
    )  # fmt: skip
    path = write(tmp_path, "usage.csv", USAGE)

    first = run_import(workspace, "csv", [path], table="usage", batch_size=batch_size)
    again = run_import(workspace, "csv", [path], table="usage", batch_size=batch_size)

    assert first.tables == {"usage": TableCounts(read=6, loaded=3, duplicate=3)}
    assert again.tables == {"usage": TableCounts(read=6, unchanged=3, duplicate=3)}
    assert first.repeated == {str(path): 3}
    assert first.repeats == [
        Repeat("usage", str(path), {"account_id": "A1", "date": "2026-03-01"},
               [2, 4, 7], 3),
        Repeat("usage", str(path), {"account_id": "A2", "date": "2026-03-01"},
               [5, 6], 2),
    ]  # fmt: skip
    assert rows(
        workspace,
        "SELECT account_id, date, active_users, events FROM usage ORDER BY 1, 2",
    ) == [
        ("A1", date(2026, 3, 1), 8, 80),
        ("A1", date(2026, 3, 2), 6, 60),
        ("A2", date(2026, 3, 1), 2, 20),
    ]


@pytest.mark.parametrize("batch_size", [2, 50_000])
def test_of_two_copies_far_apart_the_newer_one_is_kept(
    make_workspace: MakeWorkspace, tmp_path: Path, batch_size: int
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    path = write(
        tmp_path,
        "tickets.csv",
        "id,account,status,updated_at\n"
        "T1,A1,open,2026-03-05T10:00:00\n"
        "T2,A1,open,2026-03-01T10:00:00\n"
        "T3,A1,open,2026-03-01T10:00:00\n"
        "T1,A1,closed,2026-03-02T10:00:00\n",
    )

    report = run_import(
        workspace, "csv", [path], table="tickets", batch_size=batch_size
    )

    assert rows(workspace, "SELECT status FROM tickets WHERE ticket_id = 'T1'") == [
        ("open",)
    ]
    assert report.tables == {"tickets": TableCounts(read=4, loaded=3, duplicate=1)}


def test_the_terminal_lists_the_repeated_keys(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    accounts = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\nA2,Beta\n")
    path = write(tmp_path, "usage.csv", USAGE)
    runner.invoke(app, ["import", "csv", str(accounts), "--table", "accounts",
                        "-w", str(folder)])  # fmt: skip

    result = runner.invoke(app, ["import", "csv", str(path), "--table", "usage",
                                 "-w", str(folder)])  # fmt: skip

    assert result.exit_code == 0
    assert (
        "Rows repeating the key of another row of their file (3; one row per key "
        "was kept: the newest by its update time, else the last one):\n"
        f"  {path}, lines 2, 4 and 7 (usage): account_id 'A1', date '2026-03-01'\n"
        f"  {path}, lines 5 and 6 (usage): account_id 'A2', date '2026-03-01'\n"
    ) in result.stdout


# 4. --table with close matches


def test_an_unknown_table_offers_the_close_one(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n")

    result = runner.invoke(app, ["import", "csv", str(path), "--table", "acounts",
                                 "-w", str(tmp_path / "ws")])  # fmt: skip

    assert result.exit_code == 2
    assert "unknown table 'acounts'. Did you mean 'accounts'?" in result.stderr


def test_a_table_named_in_capitals_is_the_table(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n")

    report = do_import(workspace, "csv", path, table="Accounts")

    assert report.tables == {"accounts": TableCounts(read=1, loaded=1)}


def test_no_close_table_lists_the_tables(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    path = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n")

    with pytest.raises(UsageError) as raised:
        do_import(make_workspace(), "csv", path, table="spreadsheet")

    assert raised.value.message == "unknown table 'spreadsheet'."
    assert raised.value.hint == (
        "Use --table with one of: accounts, contacts, tickets, usage, nps, "
        "invoices, activities, chat_messages."
    )


# 5. Rows without an account: the advice follows the reason, whatever the source

NO_MATCH = (
    "Rows naming an account that is not in the workspace ({n}; no account has that "
    "id, domain or name yet: import that account first, e.g. from the CRM, then "
    "this file again):"
)
NO_ACCOUNT = (
    "Rows that name no account ({n}; kept without an account: give the account "
    "in the source system, or import the file that links them with this one):"
)


@samples
def test_delighted_says_its_respondents_are_not_among_the_people_given(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()
    responses = SAMPLES / "delighted" / "survey_responses.json"

    report = do_import(workspace, "delighted", responses)
    text = printed(report)

    assert NO_ACCOUNT.format(n=10) in text
    assert (
        f"  {responses}, record 1 (nps): respondent 980285131 is not among the "
        "people given (GET /v1/people.json gives their e-mail)"
    ) in text
    assert "importing again will not link" not in text


@samples
def test_the_same_domain_gets_the_same_advice_from_delighted_and_intercom(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    responses = write(
        tmp_path,
        "responses.json",
        json.dumps([{"id": "r1", "person": "p1", "survey_type": "nps", "score": 3,
                     "created_at": 1767225600}]),
    )  # fmt: skip
    people = write(
        tmp_path,
        "people.json",
        json.dumps([{"id": "p1", "name": "Ann", "email": "ann@example.com",
                     "last_sent_at": 1767225600}]),
    )  # fmt: skip
    conversations = SAMPLES / "intercom" / "conversations_list.json"

    delighted = printed(do_import(workspace, "delighted", responses, people))
    intercom = printed(do_import(workspace, "intercom", conversations))

    assert f"{NO_MATCH.format(n=1)}\n  {responses}, record 1 (nps): 'example.com'" in (
        delighted
    )
    assert (
        f"{NO_MATCH.format(n=4)}\n  {conversations}, record 1 (tickets): 'example.com'"
    ) in intercom
    assert (
        f"{NO_ACCOUNT.format(n=1)}\n  {conversations}, record 4 (tickets): its "
        "contact 69fc21865a28f6d15c73b074 has no company among the contacts given "
        "(GET /contacts), and its author is no contact with an e-mail"
    ) in intercom


# 6. Chargebee's mrr gives ARR where the CRM gives none


@samples
def test_chargebee_arr_is_twelve_times_the_live_mrr(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()

    do_import(workspace, "chargebee", SAMPLES / "chargebee" / "subscriptions_list.json")

    assert rows(workspace, "SELECT name, arr, currency FROM accounts ORDER BY 1") == [
        ("Acme Corp", Decimal("684.00"), "USD"),
        ("Globex Inc", Decimal("228.00"), "USD"),
        ("Initech LLC", Decimal("489.96"), "USD"),
    ]


@samples
def test_chargebee_arr_only_fills_an_arr_the_crm_left_blank(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    crm = write(
        tmp_path, "crm.csv", "id,name,arr,currency\nC1,Acme Corp,50000,EUR\n"
        "C2,Initech LLC,,\n"
    )  # fmt: skip
    do_import(workspace, "csv", crm, table="accounts")

    do_import(workspace, "chargebee", SAMPLES / "chargebee" / "subscriptions_list.json")

    assert rows(
        workspace, "SELECT account_id, arr, currency FROM accounts ORDER BY 1"
    ) == [
        ("C1", Decimal("50000.00"), "EUR"),
        ("C2", Decimal("489.96"), "USD"),
        ("chargebee:AzqW60VMyUhdGZi2", Decimal("228.00"), "USD"),
    ]


def test_chargebee_arr_skips_ended_subscriptions_and_mixed_currencies(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()

    def entry(
        sub: str, customer: str, status: str, mrr: int, code: str
    ) -> dict[str, Any]:
        return {
            "subscription": {"id": sub, "customer_id": customer, "status": status,
                             "mrr": mrr, "currency_code": code,
                             "object": "subscription"},
            "customer": {"id": customer, "company": customer.title(),
                         "object": "customer"},
        }  # fmt: skip

    page = write(
        tmp_path,
        "subscriptions.json",
        json.dumps({"list": [
            entry("s1", "yen", "active", 5000, "JPY"),
            entry("s2", "yen", "cancelled", 9000, "JPY"),
            entry("s3", "mixed", "active", 1000, "USD"),
            entry("s4", "mixed", "active", 1000, "EUR"),
            entry("s5", "trial", "in_trial", 0, "USD"),
        ]}),
    )  # fmt: skip

    report = do_import(workspace, "chargebee", page)

    assert rows(workspace, "SELECT name, arr, currency FROM accounts ORDER BY 1") == [
        ("Mixed", None, "USD"),
        ("Trial", None, "USD"),
        ("Yen", Decimal("60000.00"), "JPY"),
    ]
    assert report.notes == [
        "1 Chargebee customers have live subscriptions in several currencies "
        "(mixed); their ARR was not read. Give their ARR in the CRM."
    ]


# 7. A workbook's header row and sheet are found


def _workbook(path: Path) -> Path:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Q4 summary"])
    cover.append(["Prepared by CS ops"])
    sheet = book.create_sheet("Accounts")
    sheet.append(["Q4 summary"])
    sheet.append([])
    sheet.append(["Account ID", "Account Name", "Contract", "Renewal date"])
    sheet.append(["A1", "Acme", 1200, "2026-09-30"])
    sheet.append(["A2", "Beta", "lots", "2026-10-01"])
    book.save(path)
    return path


def test_a_title_row_and_a_cover_sheet_are_passed_over(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = _workbook(tmp_path / "q4.xlsx")
    mapping = write(tmp_path, "map.toml", '[columns]\n"Contract" = "arr"\n')

    report = do_import(workspace, "csv", path, table="accounts", mapping_file=mapping)

    assert rows(
        workspace, "SELECT account_id, name, arr, renewal_date FROM accounts"
    ) == [("A1", "Acme", Decimal("1200.00"), date(2026, 9, 30))]
    assert [(reject.line, reject.column) for reject in report.rejects] == [
        (5, "Contract")
    ]
    assert "q4.xlsx: read sheet 'Accounts', header on row 3" in report.notes


def test_a_plain_one_sheet_workbook_needs_no_note(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    sheet.append(["A1", "Acme"])
    book.save(tmp_path / "plain.xlsx")

    report = do_import(workspace, "csv", tmp_path / "plain.xlsx", table="accounts")

    assert report.tables == {"accounts": TableCounts(read=1, loaded=1)}
    assert report.notes == []


TICKET_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["T1", "T2", "T3"]),
        st.sampled_from(["open", "closed", ""]),
        st.sampled_from(["", "2026-03-01T10:00:00", "2026-03-02T10:00:00"]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(first=TICKET_ROWS, second=TICKET_ROWS, batch_size=st.integers(1, 4))
def test_any_batch_size_gives_what_one_batch_gives(
    tmp_path_factory: pytest.TempPathFactory,
    first: list[tuple[str, str, str]],
    second: list[tuple[str, str, str]],
    batch_size: int,
) -> None:
    folder = tmp_path_factory.mktemp("batches")
    files = [
        write(folder, f"{name}.csv", "id,account,status,updated_at\n" + "".join(
            f"{ticket},A1,{status},{moment}\n" for ticket, status, moment in found
        ))
        for name, found in (("first", first), ("second", second))
    ]  # fmt: skip

    def outcome(size: int, name: str) -> tuple[object, ...]:
        with Workspace.create(folder / name, environ={}) as workspace:
            reports = [
                run_import(workspace, "csv", [path], table="tickets", batch_size=size)
                for path in (files[0], files[1], files[1])
            ]
            table = rows(workspace, "SELECT ticket_id, status FROM tickets ORDER BY 1")
        return table, [(report.tables, report.repeated) for report in reports]

    small = outcome(batch_size, "small")
    large = outcome(50_000, "large")

    assert small == large
    again = small[1][2][0]["tickets"]
    assert (again.loaded, again.updated) == (0, 0)
