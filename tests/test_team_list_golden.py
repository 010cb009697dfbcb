"""A team's hand-written at-risk list, as CSV and XLSX, gives the expected plan."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
from openpyxl import Workbook

from lifebuoy.planning import load_playbook
from lifebuoy.planning.list_plan import list_vocabulary, plan_from_list
from lifebuoy.planning.plan import Plan
from lifebuoy.planning.scope import parse_scope
from lifebuoy.planning.team_list import read_team_list
from lifebuoy.render.json import plan_schema, render_json
from lifebuoy.render.markdown import render_markdown
from lifebuoy.workspace.settings import Settings

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
LIST_CSV = HERE / "fixtures" / "team_list.csv"
AS_OF = date(2026, 12, 3)
SETTINGS = Settings(currency_rates={"EUR": Decimal("1.08")})

XLSX_HEADERS = (
    "Account", "ARR", "Renewal", "Tier", "Notes", "Why", "Owner", "Action",
    "segment", "REGION",
)  # fmt: skip
XLSX_ROWS: tuple[tuple[Any, ...], ...] = (
    ("Pinecrest Labs", 250000, datetime(2027, 1, 29), None,
     "P1 escalation last week", "card declined", "Priya Nair", None,
     "Enterprise", "EMEA"),
    ("Harbor Foods", 80000.0, datetime(2027, 6, 30), "high risk",
     "usage down 40%", "looking at competitors", None,
     "QBR with their VP next week", "Mid-Market", "NA"),
    ("Quill | Ink Studio", "€60,000", datetime(2026, 12, 18), None,
     "NPS 4, no exec contact", None, None, None, "SMB", "EMEA"),
    ("Larkspur Health", "45k", None, "CRITICAL",
     "champion left in October", "reorg in progress", "Sam Lee",
     "Intro call with the new COO", "Enterprise", "NA"),
    ("Northwind Traders", 30000, datetime(2027, 9, 30), None,
     "new VP of Ops", "budget review", None, None, "Mid-Market", "NA"),
    ("Orbit Analytics", 150000, datetime(2027, 2, 15), "Watch", None, None,
     "Dana Ruiz", None, "Enterprise", "EMEA"),
    ("Keystone Logistics", None, None, None, "invoice 10 days late",
     "slow to respond", None, None, "SMB", "APAC"),
    ("Blue Yonder Co", 20000, None, "Hot", "escalated twice", None, None, None,
     "SMB", "APAC"),
    (None, 50000, None, "High", "usage down", None, None, None, None, None),
)  # fmt: skip


def plan_of(path: Path, *, label: str) -> Plan:
    team = read_team_list(path, label=label)
    scope = parse_scope(
        "all accounts",
        vocabulary=list_vocabulary(team, None),
        as_of=AS_OF,
        soon_days=90,
    )
    return plan_from_list(
        team, scope, settings=SETTINGS, playbook=load_playbook(), as_of=AS_OF
    )


def write_xlsx(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(XLSX_HEADERS)
    for row in XLSX_ROWS:
        sheet.append(row)
    workbook.save(path)
    return path


def test_csv_list_gives_the_hand_written_markdown() -> None:
    expected = (GOLDEN / "team_list_plan.md").read_text(encoding="utf-8")

    assert render_markdown(plan_of(LIST_CSV, label="at-risk.csv")) == expected


def test_csv_list_gives_the_expected_json() -> None:
    expected = json.loads((GOLDEN / "team_list_plan.json").read_text("utf-8"))

    document = json.loads(render_json(plan_of(LIST_CSV, label="at-risk.csv")))

    assert document == expected
    jsonschema.validate(document, plan_schema())


def test_xlsx_list_with_other_headers_gives_the_same_plan(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "at-risk.xlsx")
    expected = (GOLDEN / "team_list_plan.md").read_text(encoding="utf-8")

    markdown = render_markdown(plan_of(path, label="at-risk.xlsx"))

    assert markdown == expected.replace("at-risk.csv", "at-risk.xlsx")


def test_the_team_decisions_are_kept_beside_the_rules() -> None:
    accounts = {item.name: item for item in plan_of(LIST_CSV, label="x").accounts}

    harbor = accounts["Harbor Foods"]
    assert (harbor.tier.value, harbor.rule_tier) == ("High", "Critical")
    assert harbor.primary_action == "QBR with their VP next week"
    assert harbor.action_source == "list"
    orbit = accounts["Orbit Analytics"]
    assert (orbit.owner, orbit.owner_source) == ("Dana Ruiz", "list")
    # Listed without a tier or a risk read: under Watch, never dropped.
    northwind = accounts["Northwind Traders"]
    assert (northwind.tier.value, northwind.team_tier) == ("Watch", None)
    assert northwind.why == ("listed by the team; no risk read",)
