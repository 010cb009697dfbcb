"""Every HubSpot and Salesforce sample file imports with exactly the expected counts.

The expected numbers were counted independently of lifebuoy, with jq and
Python's csv module, and are written out here:

- hubspot/companies_list_v3.json: 57 results, 57 distinct ids, all named.
- hubspot/companies_list_v3_with_owner_ids.json: 12 results; 2 have neither
  a name nor a domain (ids 23548232557 and 23615390602, records 4 and 9);
  8 have hubspot_owner_id 902942351, which is not in owners_list_v3.json.
- hubspot/deals_search_page1_v3.json: 5 deals, none names a company.
- salesforce/account_query_page1_truncated.json: 40 records;
  account_query_last_page.json: 86; no id on both pages.
- salesforce/case_query.json: 26 cases, every AccountId among the 40 accounts
  of page 1 (001dM00003jU9H2QAK has 7).
- salesforce/dataloader_account_extract.csv: 423 rows, 423 distinct ids, all
  OWNERID 005x0000000fNSiAAM; ANNUALREVENUE set on 2 rows (Acme 8.48E10,
  salesforce.com 6.0E7); bytes 0xE9 in "Crédito…" and "Pébéo of America".
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, snapshot
from lifebuoy.sources.pipeline import TableCounts

HUBSPOT = SAMPLES / "hubspot"
SALESFORCE = SAMPLES / "salesforce"

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="the shared samples are next to the repository"
)


def test_hubspot_companies_page(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "hubspot", HUBSPOT / "companies_list_v3.json")

    assert report.tables == {"accounts": TableCounts(read=57, loaded=57)}
    assert report.exit_code == 0
    assert workspace.count("accounts") == 57
    assert rows(
        workspace,
        "SELECT name, domain, source, source_id FROM accounts "
        "WHERE account_id = 'hubspot:407382956268'",
    ) == [("Updated Company Name", "updated-example.com", "hubspot", "407382956268")]
    assert report.unknown_columns[str(HUBSPOT / "companies_list_v3.json")] == [
        "city", "country", "createdate", "description", "industry", "phone", "state",
    ]  # fmt: skip


def test_every_hubspot_file(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "hubspot", *sorted(HUBSPOT.glob("*.json")))

    assert report.tables == {"accounts": TableCounts(read=69, loaded=67, rejected=2)}
    assert report.updates == {"deals": TableCounts(read=5, unmatched=5)}
    assert report.exit_code == 1
    assert [(reject.line, reject.reason) for reject in report.rejects] == [
        (4, "the account has neither a name nor a domain"),
        (9, "the account has neither a name nor a domain"),
    ]
    assert rows(
        workspace, "SELECT owner, count(*) FROM accounts GROUP BY owner ORDER BY 1"
    ) == [("902942351", 8), (None, 59)]
    assert (
        "1 HubSpot owner id is not in the owners given (902942351); kept as ids. "
        "Import owners JSON (GET /crm/v3/owners) to show names."
    ) in report.notes
    assert workspace.count("rejects") == 2


def test_every_salesforce_file(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "salesforce", *sorted(SALESFORCE.iterdir()))

    assert report.tables == {
        "accounts": TableCounts(read=40 + 86 + 423, loaded=549),
        "tickets": TableCounts(read=26, loaded=26),
    }
    assert report.exit_code == 0
    assert workspace.count("accounts") == 549
    assert rows(
        workspace, "SELECT name, arr FROM accounts WHERE arr IS NOT NULL ORDER BY 1"
    ) == [
        ("Acme", Decimal("84800000000.00")),
        ("salesforce.com", Decimal("60000000.00")),
    ]
    assert rows(
        workspace,
        "SELECT name FROM accounts WHERE name LIKE 'P%of America' "
        "OR name LIKE 'Cr%dito%' ORDER BY 1",
    ) == [("Crédito Inmobiliario Terras",), ("Pébéo of America",)]
    assert any("cp1252" in note for note in report.notes)


def test_salesforce_cases_link_to_their_accounts(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    do_import(
        workspace, "salesforce", SALESFORCE / "account_query_page1_truncated.json"
    )
    report = do_import(workspace, "salesforce", SALESFORCE / "case_query.json")

    assert report.tables == {"tickets": TableCounts(read=26, loaded=26)}
    assert rows(
        workspace,
        "SELECT count(*) FROM tickets t JOIN accounts a USING (account_id)",
    ) == [(26,)]
    assert rows(
        workspace,
        "SELECT a.name, count(*) FROM tickets t JOIN accounts a USING (account_id) "
        "WHERE a.source_id = '001dM00003jU9H2QAK' GROUP BY 1",
    ) == [("United Oil & Gas Corp.", 7)]
    assert rows(
        workspace,
        "SELECT created_at, status, priority FROM tickets "
        "WHERE ticket_id = 'salesforce:500dM00003F2OMjQAN'",
    ) == [(datetime(2026, 5, 1, 7, 25, 37), "closed", "high")]


def test_cases_without_their_accounts_are_unmatched(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "salesforce", SALESFORCE / "case_query.json")

    assert report.tables == {"tickets": TableCounts(read=26, loaded=26, unmatched=26)}
    assert report.exit_code == 0


def test_importing_the_samples_twice_changes_nothing(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()
    hubspot = sorted(HUBSPOT.glob("*.json"))
    salesforce = sorted(SALESFORCE.iterdir())
    do_import(workspace, "hubspot", *hubspot)
    do_import(workspace, "salesforce", *salesforce)
    before = snapshot(workspace)

    again_hubspot = do_import(workspace, "hubspot", *hubspot)
    again_salesforce = do_import(workspace, "salesforce", *salesforce)

    assert snapshot(workspace) == before
    assert again_hubspot.tables["accounts"] == TableCounts(
        read=69, unchanged=67, rejected=2
    )
    assert again_hubspot.updates == {"deals": TableCounts(read=5, unmatched=5)}
    assert again_salesforce.tables["accounts"] == TableCounts(read=549, unchanged=549)
    assert again_salesforce.tables["tickets"] == TableCounts(read=26, unchanged=26)
    assert workspace.count("rejects") == 2


def test_dry_run_reports_and_writes_nothing(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(
        workspace, "salesforce", *sorted(SALESFORCE.iterdir()), dry_run=True
    )

    assert report.tables["accounts"] == TableCounts(read=549, loaded=549)
    assert workspace.count("accounts") == 0
    assert workspace.count("tickets") == 0
    assert workspace.count("account_links") == 0
