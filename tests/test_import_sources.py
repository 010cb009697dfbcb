"""HubSpot and Salesforce formats beyond the samples, written here by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from conftest import MakeWorkspace
from import_helpers import do_import, rows, write
from lifebuoy.sources.pipeline import TableCounts
from lifebuoy.sources.registry import SOURCES
from lifebuoy.workspace.schema import CANONICAL

HUBSPOT_EXPORT = (
    '"Record ID","Company name","Company Domain Name","Company owner",'
    '"Annual Revenue","Create Date","Lifecycle Stage"\n'
    '"512","Acme, Inc.","acme.com","Dana Scully","120000","2024-01-05 10:00",'
    '"customer"\n'
    '"513","Globex","","","","2024-02-01 09:30","lead"\n'
)


def test_hubspot_companies_csv_export(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    path = write(tmp_path, "hubspot-crm-exports-all-companies.csv", HUBSPOT_EXPORT)

    report = do_import(workspace, "hubspot", path)

    assert report.tables == {"accounts": TableCounts(read=2, loaded=2)}
    assert rows(
        workspace,
        "SELECT account_id, name, domain, owner, arr FROM accounts ORDER BY 1",
    ) == [
        ("hubspot:512", "Acme, Inc.", "acme.com", "Dana Scully", Decimal("120000.00")),
        ("hubspot:513", "Globex", None, None, None),
    ]
    assert report.unknown_columns == {str(path): ["Create Date", "Lifecycle Stage"]}


def test_a_won_hubspot_deal_sets_arr_and_renewal_of_its_company(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    companies = write(
        tmp_path,
        "companies.json",
        '{"results": [{"id": "512", "properties": {"name": "Acme"}}]}',
    )
    deals = write(
        tmp_path,
        "deals.json",
        """{"results": [
          {"id": "9001", "properties": {"dealname": "Acme renewal", "amount": "90000",
           "dealstage": "closedwon", "closedate": "2026-06-30T23:00:00-04:00",
           "renewal_date": "2027-06-30"},
           "associations": {"companies": {"results": [{"id": "512"}]}}},
          {"id": "9002", "properties": {"dealname": "Acme upsell", "amount": "5000",
           "dealstage": "appointmentscheduled", "closedate": null},
           "associations": {"companies": {"results": [{"id": "512"}]}}},
          {"id": "9003", "properties": {"dealname": "Orphan", "amount": "1",
           "dealstage": "closedwon", "closedate": "2026-01-01"}}
        ], "paging": {"next": {"after": "3"}}}""",
    )

    report = do_import(workspace, "hubspot", companies, deals)

    assert rows(workspace, "SELECT name, arr, renewal_date FROM accounts") == [
        ("Acme", Decimal("90000.00"), date(2027, 6, 30))
    ]
    assert report.tables == {"accounts": TableCounts(read=1, loaded=1)}
    assert report.updates == {
        "deals": TableCounts(read=3, updated=1, unchanged=1, unmatched=1)
    }


def test_salesforce_users_turn_owner_ids_into_names(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    users = write(
        tmp_path,
        "users.json",
        '{"totalSize": 1, "done": true, "records": [{"attributes": {"type": "User"},'
        ' "Id": "005A", "Name": "Fox Mulder"}]}',
    )
    accounts = write(
        tmp_path,
        "accounts.csv",
        '"ID","NAME","OWNERID","ANNUALREVENUE","WEBSITE"\n'
        '"001A","Acme","005A","6.0E7","www.acme.com"\n'
        '"001B","Beta","005Z","",""\n',
    )

    report = do_import(workspace, "salesforce", users, accounts)

    assert rows(
        workspace, "SELECT name, owner, arr, domain FROM accounts ORDER BY 1"
    ) == [
        ("Acme", "Fox Mulder", Decimal("60000000.00"), "acme.com"),
        ("Beta", "005Z", None, None),
    ]
    owners, arr = report.notes
    assert owners == (
        "1 Salesforce owner id has no user name (005Z); kept as ids. "
        "Import a User query or extract (Id, Name) to show names."
    )
    assert "'ANNUALREVENUE' (read as ARR): 1 account has ARR of 10,000,000" in arr


def test_salesforce_pages_keep_the_newest_copy_of_a_record(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    record = (
        '{{"attributes": {{"type": "Account"}}, "Id": "001A", "Name": "{name}",'
        ' "SystemModstamp": "{stamp}"}}'
    )
    newer = record.format(name="Acme New", stamp="2026-05-02T00:00:00.000+0000")
    older = record.format(name="Acme Old", stamp="2026-05-01T00:00:00.000+0000")
    first = write(
        tmp_path,
        "page1.json",
        f'{{"done": false, "nextRecordsUrl": "/q-2", "records": [{newer}]}}',
    )
    second = write(tmp_path, "page2.json", f'{{"done": true, "records": [{older}]}}')

    report = do_import(workspace, "salesforce", first, second)

    assert report.tables == {"accounts": TableCounts(read=2, loaded=1, duplicate=1)}
    assert rows(workspace, "SELECT name FROM accounts") == [("Acme New",)]


def test_every_source_has_the_same_shape() -> None:
    for name, source in SOURCES.items():
        assert source.name == name
        assert source.tables
        assert set(source.tables) <= set(CANONICAL)
        assert callable(source.read)
        assert callable(source.map)
