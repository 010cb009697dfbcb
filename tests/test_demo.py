"""The demo workspace: deterministic, realistic, and showing every signal and tier.

The signal checks here are plain SQL written from DESIGN.md's definitions
(default thresholds), independent of the signal engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lifebuoy.cli.app import app
from lifebuoy.sources.demo import DemoSummary, build_demo
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.schema import CANONICAL

AS_OF = date(2026, 12, 3)
D = f"DATE '{AS_OF.isoformat()}'"

TEXT_PATTERN = (
    "gainsight|churnzero|totango|vitally|planhat|evaluating alternatives|"
    "evaluating other vendors|looking at alternatives|looking at competitors|"
    "considering alternatives|considering switching|switching to another|"
    "comparing vendors|request for proposal|rfp|cheaper option|cheaper alternative"
)

ACTIVE = "SELECT account_id FROM accounts WHERE status = 'active'"

SIGNAL_SQL: dict[str, str] = {
    "escalation": f"""
        SELECT account_id FROM tickets
        WHERE (escalated OR priority = 'urgent')
          AND date_diff('day', CAST(created_at AS DATE), {D}) BETWEEN 0 AND 89""",
    "payment_failed": f"""
        SELECT account_id FROM invoices
        WHERE due_date <= {D}
          AND (status = 'failed'
               OR (paid_at IS NULL AND status NOT IN ('paid', 'void')
                   AND date_diff('day', due_date, {D}) > 14))""",
    "payment_late": f"""
        SELECT account_id FROM invoices
        WHERE paid_at IS NULL AND status NOT IN ('paid', 'void')
          AND date_diff('day', due_date, {D}) BETWEEN 1 AND 14""",
    "evaluating_alternatives": f"""
        SELECT account_id FROM (
            SELECT account_id, CAST(created_at AS DATE) AS day,
                   subject || ' ' || body AS words FROM tickets
            UNION ALL
            SELECT account_id, date, subject || ' ' || coalesce(body, '')
            FROM activities
            UNION ALL
            SELECT account_id, CAST(ts AS DATE), text FROM chat_messages
        )
        WHERE date_diff('day', day, {D}) BETWEEN 0 AND 89
          AND regexp_matches(lower(words), '{TEXT_PATTERN}')""",
    "support_spike": f"""
        SELECT account_id FROM (
            SELECT account_id,
                   date_diff('day', CAST(created_at AS DATE), {D}) AS age
            FROM tickets
        )
        GROUP BY account_id
        HAVING count(*) FILTER (WHERE age BETWEEN 0 AND 29) >= 3
           AND count(*) FILTER (WHERE age BETWEEN 0 AND 29)
               >= 2 * count(*) FILTER (WHERE age BETWEEN 30 AND 119) / 3.0""",
    "usage_decline": f"""
        SELECT account_id FROM (
            SELECT account_id,
                   sum(active_users) FILTER (WHERE age BETWEEN 0 AND 29) AS users,
                   sum(active_users) FILTER (WHERE age BETWEEN 30 AND 59) AS before,
                   sum(events) FILTER (WHERE age BETWEEN 0 AND 29) AS events,
                   sum(events) FILTER (WHERE age BETWEEN 30 AND 59) AS events_before
            FROM (SELECT *, date_diff('day', date, {D}) AS age FROM usage)
            GROUP BY account_id
        )
        WHERE users < 0.7 * before OR events < 0.7 * events_before""",
    "no_exec_touch": f"""
        SELECT account_id FROM accounts AS a
        WHERE NOT EXISTS (
            SELECT 1 FROM activities AS x
            WHERE x.account_id = a.account_id AND x.executive
              AND date_diff('day', x.date, {D}) BETWEEN 0 AND 89)
          AND (a.last_exec_touch_date IS NULL
               OR date_diff('day', a.last_exec_touch_date, {D}) >= 90)""",
    "nps_detractor": f"""
        SELECT account_id FROM nps
        WHERE CAST(responded_at AS DATE) <= {D}
        GROUP BY account_id
        HAVING arg_max(score, responded_at) <= 6""",
    "slow_response": f"""
        SELECT account_id FROM activities AS o
        WHERE o.type IN ('email_out', 'call') AND date_diff('day', o.date, {D}) > 14
          AND NOT EXISTS (
            SELECT 1 FROM activities AS r
            WHERE r.account_id = o.account_id AND r.type = 'email_in'
              AND r.date > o.date)""",
    "champion_left": f"""
        SELECT account_id FROM contacts
        WHERE role IN ('champion', 'sponsor') AND status = 'departed'
          AND date_diff('day', departed_on, {D}) BETWEEN 0 AND 179""",
    "low_health": "SELECT account_id FROM accounts WHERE health_score < 40",
    "renewal_soon": f"""
        SELECT account_id FROM accounts
        WHERE date_diff('day', {D}, renewal_date) BETWEEN 0 AND 90""",
}

RENEWING_180 = f"""
    SELECT account_id FROM accounts
    WHERE date_diff('day', {D}, renewal_date) BETWEEN 0 AND 180"""


def ids(workspace: Workspace, sql: str) -> set[str]:
    query = f"SELECT DISTINCT account_id FROM ({sql}) WHERE account_id IN ({ACTIVE})"
    return {row[0] for row in workspace.connection.sql(query).fetchall()}


def contents(workspace: Workspace) -> dict[str, list[tuple[object, ...]]]:
    return {
        name: workspace.connection.sql(
            f'SELECT * FROM "{name}" ORDER BY ALL'
        ).fetchall()
        for name in CANONICAL
    }


def scalar(workspace: Workspace, sql: str) -> Any:
    row = workspace.connection.sql(sql).fetchone()
    assert row is not None
    return row[0]


@pytest.fixture(scope="module")
def book(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, DemoSummary]]:
    path = tmp_path_factory.mktemp("demo")
    with Workspace.create(path, environ={}) as workspace:
        summary = build_demo(workspace, accounts=400, seed=7, as_of=AS_OF)
        yield workspace, summary


@pytest.fixture(scope="module")
def signals(book: tuple[Workspace, DemoSummary]) -> dict[str, set[str]]:
    workspace, _ = book
    return {name: ids(workspace, sql) for name, sql in SIGNAL_SQL.items()}


def build(
    path: Path, *, accounts: int, seed: int
) -> dict[str, list[tuple[object, ...]]]:
    with Workspace.create(path, environ={}) as workspace:
        build_demo(workspace, accounts=accounts, seed=seed, as_of=AS_OF)
        return contents(workspace)


def test_same_seed_gives_identical_tables(tmp_path: Path) -> None:
    first = build(tmp_path / "one", accounts=60, seed=11)
    second = build(tmp_path / "two", accounts=60, seed=11)

    assert first == second


def test_different_seeds_differ(tmp_path: Path) -> None:
    first = build(tmp_path / "one", accounts=60, seed=11)
    second = build(tmp_path / "two", accounts=60, seed=12)

    assert first["accounts"] != second["accounts"]
    assert first["tickets"] != second["tickets"]
    assert first["usage"] != second["usage"]


def test_every_canonical_table_has_rows(book: tuple[Workspace, DemoSummary]) -> None:
    workspace, summary = book

    for name in CANONICAL:
        assert workspace.count(name) > 0, name
        assert summary.rows[name] == workspace.count(name)
    assert workspace.count("accounts") == 400


def test_running_again_replaces_the_data(tmp_path: Path) -> None:
    with Workspace.create(tmp_path, environ={}) as workspace:
        build_demo(workspace, accounts=40, seed=1, as_of=AS_OF)
        build_demo(workspace, accounts=25, seed=1, as_of=AS_OF)

        assert workspace.count("accounts") == 25
        assert scalar(workspace, "SELECT count(DISTINCT account_id) FROM usage") == 25


@pytest.mark.parametrize(
    ("segment", "low_share", "high_share", "min_arr", "max_arr"),
    [
        ("Enterprise", 0.08, 0.12, 150_000, 1_200_000),
        ("Mid-Market", 0.26, 0.34, 30_000, 150_000),
        ("SMB", 0.55, 0.65, 3_000, 30_000),
    ],
)
def test_segment_mix_and_arr_ranges(
    book: tuple[Workspace, DemoSummary],
    segment: str,
    low_share: float,
    high_share: float,
    min_arr: int,
    max_arr: int,
) -> None:
    workspace, _ = book
    count, smallest, largest, median = workspace.connection.execute(
        "SELECT count(*), min(arr), max(arr), median(arr) FROM accounts "
        "WHERE segment = ?",
        [segment],
    ).fetchall()[0]

    assert low_share <= count / 400 <= high_share
    assert min_arr <= smallest and largest <= max_arr
    # Many small contracts, few large: the median sits in the lower half.
    assert median < (min_arr + max_arr) / 2


def test_book_looks_like_a_real_one(book: tuple[Workspace, DemoSummary]) -> None:
    workspace, _ = book

    def count(where: str) -> Any:
        return scalar(workspace, f"SELECT count(*) FROM accounts WHERE {where}")

    assert count("name LIKE '%|%'") == 1
    assert count("name LIKE '%&%'") > 0
    assert count("name LIKE '%Inc.'") > 0
    assert scalar(workspace, "SELECT count(DISTINCT name) FROM accounts") == 400
    assert scalar(workspace, "SELECT count(DISTINCT domain) FROM accounts") == 400
    assert scalar(workspace, "SELECT count(DISTINCT region) FROM accounts") == 4
    assert count("currency = 'EUR'") > 0
    assert count("currency = 'GBP'") > 0
    assert count("status = 'churned'") > 0
    assert count("strategic AND segment = 'Enterprise'") > 0
    assert count("strategic AND segment <> 'Enterprise'") == 0
    assert count("csm IS NULL AND owner IS NOT NULL") > 0
    assert count("csm IS NULL AND owner IS NULL") > 0
    assert 6 <= scalar(workspace, "SELECT count(DISTINCT csm) FROM accounts") <= 10


def test_stale_data_occurs(book: tuple[Workspace, DemoSummary]) -> None:
    workspace, _ = book
    past = f"status = 'active' AND renewal_date < {D}"
    stale = f"date_diff('day', health_score_updated_on, {D}) > 90"

    assert 1 <= scalar(workspace, f"SELECT count(*) FROM accounts WHERE {past}") <= 5
    assert scalar(workspace, f"SELECT count(*) FROM accounts WHERE {stale}") > 0


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("tickets", "created_at"),
        ("usage", "date"),
        ("nps", "responded_at"),
        ("activities", "date"),
        ("chat_messages", "ts"),
        ("contacts", "departed_on"),
    ],
)
def test_nothing_happens_after_as_of(
    book: tuple[Workspace, DemoSummary], table: str, column: str
) -> None:
    workspace, _ = book
    sql = f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS DATE) > {D}'

    assert scalar(workspace, sql) == 0


def test_every_archetype_occurs(book: tuple[Workspace, DemoSummary]) -> None:
    _, summary = book

    counts = summary.archetype_counts()
    assert all(count > 0 for count in counts.values()), counts
    assert len(summary.archetypes) == 400


@pytest.mark.parametrize("signal", sorted(SIGNAL_SQL))
def test_each_signal_is_met_by_several_accounts(
    signals: dict[str, set[str]], signal: str
) -> None:
    assert len(signals[signal]) >= 3


def test_healthy_accounts_meet_no_signal(
    book: tuple[Workspace, DemoSummary], signals: dict[str, set[str]]
) -> None:
    _, summary = book
    healthy = {key for key, kind in summary.archetypes.items() if kind == "healthy"}
    flagged = set().union(*signals.values())

    assert healthy
    assert not healthy & flagged


def test_every_tier_occurs_and_healthy_is_the_majority(
    book: tuple[Workspace, DemoSummary], signals: dict[str, set[str]]
) -> None:
    workspace, _ = book
    s = signals
    renewing_180 = ids(workspace, RENEWING_180)
    active = ids(workspace, ACTIVE)

    critical = (
        s["escalation"]
        | s["payment_failed"]
        | s["evaluating_alternatives"]
        | (s["nps_detractor"] & s["renewal_soon"])
    )
    high = (
        s["support_spike"]
        | s["usage_decline"]
        | s["champion_left"]
        | s["low_health"]
        | (s["no_exec_touch"] & renewing_180)
    ) - critical
    medium = (
        (
            s["nps_detractor"]
            | s["slow_response"]
            | s["payment_late"]
            | s["no_exec_touch"]
        )
        - critical
        - high
    )
    others = critical | high | medium
    watch = s["renewal_soon"] - others
    healthy = active - others - watch

    for tier in (critical, high, medium, watch):
        assert len(tier) >= 3
    assert 0.55 <= len(healthy) / 400 <= 0.65
    assert 0.15 <= len(s["renewal_soon"]) / 400 <= 0.30


def test_cli_builds_the_demo(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    args = ["demo", "--workspace", str(folder), "--accounts", "50", "--seed", "3"]

    result = CliRunner().invoke(app, [*args, "--as-of", "2026-12-03"])

    assert result.exit_code == 0, result.output
    assert f"Demo workspace ready at {folder}" in result.output
    assert "50 accounts as of 2026-12-03, seed 3" in result.output
    assert 'lifebuoy at-risk "all accounts"' in result.output
    with Workspace.open(folder, environ={}) as workspace:
        assert workspace.count("accounts") == 50


def test_cli_rejects_a_bad_date_before_creating_anything(tmp_path: Path) -> None:
    folder = tmp_path / "ws"

    result = CliRunner().invoke(
        app, ["demo", "--workspace", str(folder), "--as-of", "2026-13-03"]
    )

    assert result.exit_code == 2
    assert not folder.exists()
