"""Account matching across sources: links, domains, names, near matches, pins."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conftest import MakeWorkspace
from import_helpers import do_import, rows, write
from lifebuoy.cli.imports import print_report
from lifebuoy.errors import ConfigError
from lifebuoy.sources.matching import NearMatch
from lifebuoy.sources.pipeline import ImportReport, TableCounts
from lifebuoy.sources.validate import Unmatched
from lifebuoy.workspace import Workspace

HUBSPOT_PAGE = """{"results": [
  {"id": "512", "properties": {"name": "Acme, Inc.", "domain": "acme.com",
   "annualrevenue": "120000", "hubspot_owner_id": "77"}},
  {"id": "513", "properties": {"name": "Globex", "domain": null}},
  {"id": "514", "properties": {"name": "Initech Systems", "domain": null}},
  {"id": "515", "properties": {"name": "Umbrella", "domain": "umbrella.com"}}
]}"""

OWNERS_PAGE = """{"results": [
  {"id": "77", "email": "dana@example.com", "firstName": "Dana", "lastName": "Scully"}
]}"""

SALESFORCE_PAGE = """{"totalSize": 4, "done": true, "records": [
  {"attributes": {"type": "Account"}, "Id": "001A", "Name": "ACME Inc",
   "Website": "https://www.acme.com", "AnnualRevenue": 150000.0},
  {"attributes": {"type": "Account"}, "Id": "001B", "Name": "GLOBEX inc.",
   "Website": null},
  {"attributes": {"type": "Account"}, "Id": "001C", "Name": "Initech System",
   "Website": null},
  {"attributes": {"type": "Account"}, "Id": "001D", "Name": "Umbrella Corp",
   "Website": "umbrella.com"}
]}"""


def _import_both(
    make_workspace: MakeWorkspace, tmp_path: Path, *, mapping: str | None = None
) -> tuple[Workspace, tuple[ImportReport, ImportReport]]:
    workspace = make_workspace()
    hubspot = do_import(
        workspace,
        "hubspot",
        write(tmp_path, "companies.json", HUBSPOT_PAGE),
        write(tmp_path, "owners.json", OWNERS_PAGE),
    )
    mapping_file = write(tmp_path, "map.toml", mapping) if mapping else None
    salesforce = do_import(
        workspace,
        "salesforce",
        write(tmp_path, "accounts.json", SALESFORCE_PAGE),
        mapping_file=mapping_file,
    )
    return workspace, (hubspot, salesforce)


def test_records_join_accounts_of_another_system(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace, (_, report) = _import_both(make_workspace, tmp_path)

    assert report.tables == {"accounts": TableCounts(read=4, loaded=1, updated=3)}
    assert report.matched_by == {"domain": 2, "name": 1, "new": 1}
    assert rows(
        workspace, "SELECT source, source_id, account_id, matched_by "
        "FROM account_links ORDER BY 1, 2"
    ) == [
        ("hubspot", "512", "hubspot:512", "new"),
        ("hubspot", "513", "hubspot:513", "new"),
        ("hubspot", "514", "hubspot:514", "new"),
        ("hubspot", "515", "hubspot:515", "new"),
        ("salesforce", "001A", "hubspot:512", "domain"),
        ("salesforce", "001B", "hubspot:513", "name"),
        ("salesforce", "001C", "salesforce:001C", "new"),
        ("salesforce", "001D", "hubspot:515", "domain"),
    ]  # fmt: skip
    assert rows(
        workspace, "SELECT account_id, name, arr, owner, source FROM accounts "
        "ORDER BY 1"
    ) == [
        ("hubspot:512", "ACME Inc", 150000, "Dana Scully", "hubspot"),
        ("hubspot:513", "GLOBEX inc.", None, None, "hubspot"),
        ("hubspot:514", "Initech Systems", None, None, "hubspot"),
        ("hubspot:515", "Umbrella Corp", None, None, "hubspot"),
        ("salesforce:001C", "Initech System", None, None, "salesforce"),
    ]  # fmt: skip


def test_near_matches_are_reported_not_merged(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    _, (_, report) = _import_both(make_workspace, tmp_path)

    assert report.near_matches == [
        NearMatch(
            "salesforce:001C", "Initech System", "hubspot:514", "Initech Systems", 0.97
        )
    ]


def test_a_mapping_file_pins_and_forbids_matches(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    mapping = """
[match]
pin = { "salesforce:001C" = "hubspot:514" }
forbid = [["salesforce:001A", "hubspot:512"]]
"""
    workspace, (_, report) = _import_both(make_workspace, tmp_path, mapping=mapping)

    assert report.matched_by == {"domain": 1, "name": 1, "new": 1, "pin": 1}
    assert rows(
        workspace,
        "SELECT source_id, account_id FROM account_links "
        "WHERE source = 'salesforce' ORDER BY 1",
    ) == [
        ("001A", "salesforce:001A"),
        ("001B", "hubspot:513"),
        ("001C", "hubspot:514"),
        ("001D", "hubspot:515"),
    ]


HOLDS = "A mapping file holds: columns, match.pin, match.forbid."
NOT_HELD = (
    "pin {0!r} = {1!r} names an account the workspace does not hold and this "
    "import does not make"
)
PIN_ELSEWHERE = (
    "Pin it to an account id the workspace holds{0}, or import that account's "
    "system first. Nothing was imported."
)


@pytest.mark.parametrize(
    ("mapping", "message", "hint"),
    [
        (
            "[match]\nfoo = 1\n",
            "unknown key 'match.foo'",
            f"Did you mean 'match.forbid'? {HOLDS}",
        ),
        (
            '[match.pins]\n"salesforce:001C" = "hubspot:514"\n',
            "unknown key 'match.pins'",
            f"Did you mean 'match.pin'? {HOLDS}",
        ),
        (
            '[match.never]\n"salesforce:001C" = "hubspot:514"\n',
            "unknown key 'match.never'",
            f"Did you mean 'match.pin'? {HOLDS}",
        ),
        (
            '[colums]\n"ACV" = "arr"\n',
            "unknown key 'colums'",
            f"Did you mean 'columns'? {HOLDS}",
        ),
        (
            '[match.pin]\n"salesforce:001C" = "hubspot:999"\n',
            NOT_HELD.format("salesforce:001C", "hubspot:999"),
            PIN_ELSEWHERE.format(
                " (closest: hubspot:515 'Umbrella', hubspot:514 'Initech Systems', "
                "hubspot:513 'Globex')"
            ),
        ),
        (
            '[match.pin]\n"salesforce:001C" = "Initech"\n',
            NOT_HELD.format("salesforce:001C", "Initech"),
            PIN_ELSEWHERE.format(" (closest: hubspot:514 'Initech Systems')"),
        ),
        (
            '[match.pin]\n"salesforce:001A" = "salesforce:001D"\n',
            NOT_HELD.format("salesforce:001A", "salesforce:001D"),
            PIN_ELSEWHERE.format(""),
        ),
        (
            '[match.pin]\n"Initech System" = "hubspot:514"\n',
            "pin 'Initech System' names no record: a pin's key is a record's "
            "system and its id in that system",
            'Write it as "salesforce:ID" = "hubspot:514", with the id the '
            "Salesforce export gives (systems: amplitude, chargebee, csv, "
            "delighted, hubspot, intercom, nps, salesforce, segment, slack, "
            "stripe, zendesk).",
        ),
        (
            '[match]\npin = { "salesforce:001C" = "hubspot:514" }\n'
            'forbid = [["hubspot:513", "salesforce:001B"],\n'
            '          ["hubspot:514", "salesforce:001C"]]\n',
            "line 2 pins 'salesforce:001C' to 'hubspot:514' and line 4 forbids "
            "that pair",
            "Keep one of the two lines.",
        ),
    ],
    ids=[
        "unknown key",
        "pins",
        "never",
        "unknown section",
        "account not held",
        "account name",
        "account not made",
        "keyed by a name",
        "pinned and forbidden",
    ],
)
def test_a_mapping_file_s_mistakes_are_errors_before_anything_is_written(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    mapping: str,
    message: str,
    hint: str,
) -> None:
    workspace = make_workspace()
    do_import(workspace, "hubspot", write(tmp_path, "companies.json", HUBSPOT_PAGE))
    mapping_file = write(tmp_path, "map.toml", mapping)

    with pytest.raises(ConfigError) as raised:
        do_import(
            workspace,
            "salesforce",
            write(tmp_path, "accounts.json", SALESFORCE_PAGE),
            mapping_file=mapping_file,
        )

    assert (raised.value.message, raised.value.hint) == (
        f"{mapping_file}: {message}",
        hint,
    )
    assert rows(workspace, "SELECT count(*) FROM accounts") == [(4,)]
    assert rows(workspace, "SELECT count(*) FROM account_links") == [(4,)]


@pytest.mark.parametrize(
    ("pins", "matched_by", "notes"),
    [
        (
            {"salesforce:nope": "hubspot:514"},
            {"domain": 2, "name": 1, "new": 1},
            ["pin 'salesforce:nope' matched no record of these files"],
        ),
        (
            {"salesforce:001A": "salesforce:001C", "hubspot:1": "hubspot:2"},
            {"name": 1, "new": 1, "domain": 1, "pin": 1},
            [],
        ),
    ],
    ids=["no such record", "to an account the import makes"],
)
def test_pins_apply_to_records_of_the_files_and_others_are_noted(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    pins: dict[str, str],
    matched_by: dict[str, int],
    notes: list[str],
) -> None:
    lines = "".join(f'"{record}" = "{account}"\n' for record, account in pins.items())
    mapping = f"[match.pin]\n{lines}"

    _, (_, report) = _import_both(make_workspace, tmp_path, mapping=mapping)

    assert report.matched_by == matched_by
    assert report.notes == notes


def test_records_of_one_system_are_never_merged(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    page = write(
        tmp_path,
        "twins.json",
        '{"results": [{"id": "1", "properties": {"name": "Twin", "domain": "t.io"}},'
        ' {"id": "2", "properties": {"name": "Twin", "domain": "t.io"}}]}',
    )

    report = do_import(workspace, "hubspot", page)

    assert report.matched_by == {"new": 2}
    assert workspace.count("accounts") == 2


def test_an_ambiguous_domain_makes_a_new_account(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "X1", "name": "Shared One", "domain": "shared.io"},
            {"account_id": "X2", "name": "Shared Two", "domain": "shared.io"},
        ]
    )
    path = write(tmp_path, "a.csv", "id,name,website\nN1,Shared Three,shared.io\n")

    report = do_import(workspace, "csv", path, table="accounts")

    assert report.matched_by == {"new": 1}
    assert workspace.count("accounts") == 3


def test_tickets_find_their_account_by_name_or_domain(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A1", "name": "Acme, Inc.", "domain": "acme.com"}]
    )
    path = write(
        tmp_path,
        "tickets.csv",
        "id,account,subject\nT1,ACME Inc,a\nT2,acme.com,b\nT3,A1,c\nT4,Nobody,d\n",
    )

    report = do_import(workspace, "csv", path, table="tickets")

    assert report.tables == {"tickets": TableCounts(read=4, loaded=4, unmatched=1)}
    assert rows(workspace, "SELECT ticket_id, account_id FROM tickets ORDER BY 1") == [
        ("T1", "A1"),
        ("T2", "A1"),
        ("T3", "A1"),
        ("T4", "Nobody"),
    ]


ACCOUNTS_WITH_IDS = "account_id,name,arr\nA1,Acme Corp,100000\nB1,Birch Ltd,5000\n"
ACME = ("A1", "Acme Corp", 100000, None)
BIRCH = ("B1", "Birch Ltd", 5000, None)


@pytest.mark.parametrize(
    ("second", "matched_by", "counts", "accounts"),
    [
        (
            "name,arr,renewal_date\nAcme Corp,120000,2027-01-15\n",
            {"name": 1},
            TableCounts(read=1, updated=1),
            [("A1", "Acme Corp", 120000, date(2027, 1, 15)), BIRCH],
        ),
        (
            'name,renewal_date\n"ACME corp.",2027-01-15\n',
            {"name": 1},
            TableCounts(read=1, updated=1),
            [("A1", "ACME corp.", 100000, date(2027, 1, 15)), BIRCH],
        ),
        (
            "name,arr\nAcme Corp,100000\nCedar Co,7000\n",
            {"name": 1, "new": 1},
            TableCounts(read=2, loaded=1, unchanged=1),
            [ACME, BIRCH, ("Cedar Co", "Cedar Co", 7000, None)],
        ),
        (
            "account_id,name,arr\nA2,Acme Corp,9\n",
            {"new": 1},
            TableCounts(read=1, loaded=1),
            [ACME, ("A2", "Acme Corp", 9, None), BIRCH],
        ),
    ],
    ids=["no id column", "name written differently", "one new", "own id"],
)
def test_a_csv_without_ids_joins_the_account_of_its_name(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    second: str,
    matched_by: dict[str, int],
    counts: TableCounts,
    accounts: list[tuple[Any, ...]],
) -> None:
    workspace = make_workspace()
    do_import(
        workspace, "csv", write(tmp_path, "a1.csv", ACCOUNTS_WITH_IDS), table="accounts"
    )

    report = do_import(
        workspace, "csv", write(tmp_path, "a2.csv", second), table="accounts"
    )

    assert report.matched_by == matched_by
    assert report.tables == {"accounts": counts}
    assert (
        rows(
            workspace,
            "SELECT account_id, name, arr, renewal_date FROM accounts ORDER BY 1",
        )
        == accounts
    )


def test_importing_a_csv_without_ids_again_updates_nothing(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    do_import(
        workspace, "csv", write(tmp_path, "a1.csv", ACCOUNTS_WITH_IDS), table="accounts"
    )
    second = write(tmp_path, "a2.csv", "name,arr\nAcme Corp,120000\n")
    do_import(workspace, "csv", second, table="accounts")

    again = do_import(workspace, "csv", second, table="accounts")

    assert again.matched_by == {"link": 1}
    assert again.tables == {"accounts": TableCounts(read=1, unchanged=1)}
    assert workspace.count("accounts") == 2


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Acme Corp", ("A1", "A2")),
        ("ACME, Corp.", ("A1", "A2")),
        ("Birch Ltd", ("B1", "B2", "B3")),
    ],
)
def test_a_name_that_fits_several_accounts_is_merged_into_none(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    name: str,
    candidates: tuple[str, ...],
) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "A1", "name": "Acme Corp"},
            {"account_id": "A2", "name": "ACME Corp."},
            {"account_id": "B1", "name": "Birch Ltd"},
            {"account_id": "B2", "name": "Birch Ltd"},
            {"account_id": "B3", "name": "birch ltd"},
        ]
    )
    path = write(tmp_path, "a2.csv", f'name,arr\n"{name}",120000\n')

    report = do_import(workspace, "csv", path, table="accounts")

    assert report.matched_by == {}
    assert report.tables == {"accounts": TableCounts(read=1, unmatched=1)}
    assert report.unmatched_rows == [
        Unmatched("accounts", str(path), 2, name, candidates=candidates)
    ]
    assert rows(workspace, "SELECT count(*) FROM accounts WHERE arr IS NOT NULL") == [
        (0,)
    ]
    assert workspace.count("account_links") == 0


def test_the_report_lists_a_name_that_fits_several_accounts_with_their_ids() -> None:
    ambiguous = Unmatched("accounts", "a2.csv", 2, "Acme Corp", candidates=("A1", "A2"))
    report = ImportReport("x", "csv", [], dry_run=False, unmatched_rows=[ambiguous])
    console = Console(record=True, width=200)

    print_report(report, console)

    assert console.export_text().splitlines()[-2:] == [
        "Rows whose name matches several accounts (1; merged into none: pin each to "
        'one in a --map file, [match] pin = { "csv:NAME" = "ID" }):',
        "  a2.csv, line 2 (accounts): 'Acme Corp' matches A1, A2",
    ]
