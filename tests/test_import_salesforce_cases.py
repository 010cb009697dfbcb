"""Salesforce Cases into tickets: the real case query and a Data Loader extract.

Counted with jq, independently of lifebuoy (salesforce/case_query.json):
26 cases; Priority High 6, Medium 13, Low 7; Origin Phone 13, Web 13;
case 500dM00003F2OMjQAN: Origin Phone, Reason Performance, Priority High;
every AccountId is among the 40 accounts of account_query_page1_truncated.json.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.sources.pipeline import TableCounts

SALESFORCE = SAMPLES / "salesforce"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")
def test_the_case_query_links_every_case(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()
    do_import(
        workspace, "salesforce", SALESFORCE / "account_query_page1_truncated.json"
    )

    report = do_import(workspace, "salesforce", SALESFORCE / "case_query.json")

    assert report.tables == {"tickets": TableCounts(read=26, loaded=26)}
    assert rows(
        workspace, "SELECT priority, count(*) FROM tickets GROUP BY 1 ORDER BY 1"
    ) == [("high", 6), ("low", 7), ("normal", 13)]
    assert rows(
        workspace,
        "SELECT count(*) FILTER (tags LIKE 'origin:Phone%'), "
        "count(*) FILTER (tags LIKE 'origin:Web%') FROM tickets",
    ) == [(13, 13)]
    assert rows(
        workspace,
        "SELECT tags FROM tickets WHERE ticket_id = 'salesforce:500dM00003F2OMjQAN'",
    ) == [("origin:Phone, reason:Performance",)]


def test_an_escalated_case_from_a_data_loader_extract(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A", "name": "Acme"}])
    path = write(
        tmp_path,
        "cases.csv",
        '"ID","CASENUMBER","ACCOUNTID","CREATEDDATE","STATUS","PRIORITY",'
        '"ISESCALATED","ORIGIN","SUBJECT"\n'
        '"500A","00001001","A","2026-03-02T10:00:00.000Z","Escalated","Medium",'
        '"true","Email","Outage"\n',
    )

    report = do_import(workspace, "salesforce", path)

    assert report.tables == {"tickets": TableCounts(read=1, loaded=1)}
    assert rows(
        workspace, "SELECT account_id, priority, escalated, tags FROM tickets"
    ) == [("A", "normal", True, "origin:Email")]
