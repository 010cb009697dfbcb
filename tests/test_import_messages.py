"""The import report's wording: rows with no account, deals on their own line,
near matches one line per record, and how to link analytics users."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.cli import app
from lifebuoy.cli.imports import print_report
from lifebuoy.sources.matching import NearMatch
from lifebuoy.sources.pipeline import ImportReport

runner = CliRunner()
COMPANIES = '{"results": [{"id": "512", "properties": {"name": "Acme"}}]}'
DEALS = """{"results": [
  {"id": "9001", "properties": {"dealname": "Acme renewal", "amount": "90000",
   "dealstage": "closedwon", "closedate": "2026-06-30"},
   "associations": {"companies": {"results": [{"id": "512"}]}}},
  {"id": "9002", "properties": {"dealname": "Lost", "amount": "10",
   "dealstage": "closedwon", "closedate": "2026-06-30"},
   "associations": {"companies": {"results": [{"id": "777"}]}}},
  {"id": "9003", "properties": {"dealname": "Orphan", "amount": "1",
   "dealstage": "closedwon", "closedate": "2026-01-01"}}
]}"""


def flat(text: str) -> str:
    return " ".join(text.split())


def test_deals_have_their_own_line_and_rows_naming_no_account_say_why(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    companies = write(tmp_path, "companies.json", COMPANIES)
    deals = write(tmp_path, "deals.json", DEALS)
    folder = make_workspace().path

    result = runner.invoke(
        app, ["import", "hubspot", str(companies), str(deals), "-w", str(folder)]
    )
    out = flat(result.stdout)

    assert result.exit_code == 0
    assert "deals: 3 read, 1 applied to accounts, 2 matched no account" in out
    # Deal 9002 names company 777, which is not imported yet.
    assert (
        "Rows naming an account that is not in the workspace (1; no account has "
        "that id, domain or name yet: import that account first, e.g. from the "
        f"CRM, then this file again): {deals}, record 2 (deals): 'hubspot:777'"
    ) in out
    # Deal 9003 names no company: the deal itself must say its company.
    assert (
        "Rows that name no account (1; kept without an account: give the account "
        "in the source system, or import the file that links them with this "
        f"one): {deals}, record 3 (deals): the deal has no company"
    ) in out
    assert "(accounts): no account" not in out


def test_near_matches_are_one_line_per_record_with_the_three_closest() -> None:
    near = [
        NearMatch("intercom:c1", "Acme", f"A{n}", f"Acme {n}", ratio)
        for n, ratio in enumerate([0.86, 0.95, 0.90, 0.88, 0.91], start=1)
    ]
    near.append(NearMatch("intercom:c2", "Birch", "B1", "Birch Co", 0.87))
    report = ImportReport("x", "intercom", [], dry_run=True, near_matches=near)
    console = Console(record=True, width=200)

    print_report(report, console)
    lines = [
        line
        for line in console.export_text().splitlines()
        if line.startswith("Near match")
    ]

    assert lines == [
        "Near match, not merged: intercom:c1 'Acme' ~ A2 'Acme 2' (0.95), "
        "A5 'Acme 5' (0.91), A3 'Acme 3' (0.90) and 2 more; "
        'pin it in a --map file to merge: [match] pin = { "intercom:c1" = "A2" }',
        "Near match, not merged: intercom:c2 'Birch' ~ B1 'Birch Co' (0.87); "
        'pin it in a --map file to merge: [match] pin = { "intercom:c2" = "B1" }',
    ]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")
def test_the_unlinked_users_note_says_how_to_pass_a_mapping_and_it_works(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    export = tmp_path / "export.jsonl"
    shutil.copy(SAMPLES / "amplitude" / "export_829528_2026-06-16_11.jsonl", export)

    unlinked = do_import(workspace, "amplitude", export)
    users = write(
        tmp_path,
        "users.csv",
        "user_id,account\ntest-user-dryrun-123,A1\ntestuser_nango_123,A1\n"
        "testuser123,A1\n",
    )
    linked = do_import(workspace, "amplitude", export, users)

    assert unlinked.notes == [
        "3 Amplitude events of 3 users are not in usage: no group call or mapping "
        "links those users to an account. Pass a mapping file beside the export, "
        "e.g. 'lifebuoy import amplitude EXPORT users.csv': a CSV (or XLSX) with a "
        "column user_id (the user id in the events) and a column account (the "
        "account's id, name or domain), one row per user."
    ]
    assert linked.notes == []
    assert rows(workspace, "SELECT account_id, active_users FROM usage") == [("A1", 3)]
