"""``lifebuoy import`` on the command line: report, rejects, exit codes, options."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from import_helpers import write
from lifebuoy.cli import app
from lifebuoy.workspace import Workspace

runner = CliRunner()

BAD_ROWS = (
    "id,name,ARR,renewal date,health score\n"
    "A1,Acme,$1200,2026-06-30,80\n"
    "A2,Beta,lots,2026-07-01,50\n"
    "A3,Gamma,100,31/02/2026,50\n"
    "A4,,100,2026-07-01,50\n"
    "A5,Delta,100,2026-07-01,150\n"
)


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_bad_rows_are_reported_with_line_and_reason_and_exit_1(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts.csv", BAD_ROWS)

    code, output = _run("import", "csv", str(path), "--table", "accounts",
                        "-w", str(tmp_path / "ws"))  # fmt: skip

    assert code == 1
    assert f"{path}, line 3, column ARR: 'lots' not an amount" in output
    assert f"{path}, line 4, column renewal date: '31/02/2026' not a date" in output
    assert f"{path}, line 5, column name: the account has neither a name" in output
    assert f"{path}, line 6, column health score: '150' a health score is 0 to 100" in (
        output
    )
    with Workspace.open(tmp_path / "ws") as workspace:
        assert workspace.connection.execute(
            "SELECT line, column_name, value, target_table FROM rejects ORDER BY line"
        ).fetchall() == [
            (3, "ARR", "lots", "accounts"),
            (4, "renewal date", "31/02/2026", "accounts"),
            (5, "name", None, "accounts"),
            (6, "health score", "150", "accounts"),
        ]
        assert workspace.connection.execute(
            "SELECT account_id, arr, renewal_date, health_score FROM accounts"
        ).fetchall() == [("A1", 1200, date(2026, 6, 30), 80)]


def test_json_report_counts_per_table(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts.csv", BAD_ROWS)

    code, output = _run("import", "csv", str(path), "--table", "accounts",
                        "-w", str(tmp_path / "ws"), "--format", "json")  # fmt: skip

    report = json.loads(output)
    assert code == 1
    assert report["tables"] == {
        "accounts": {"read": 5, "loaded": 1, "updated": 0, "unchanged": 0,
                     "duplicate": 0, "rejected": 4, "unmatched": 0}
    }  # fmt: skip
    assert report["rejected"] == 4
    assert report["rejects"][0] == {
        "table": "accounts",
        "file": str(path),
        "line": 3,
        "column": "ARR",
        "value": "lots",
        "reason": "not an amount (expected e.g. 1200.50, $1,200.50 or 120k)",
    }


def test_clean_file_exits_0_and_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n")
    folder = str(tmp_path / "ws")

    dry_code, dry_output = _run("import", "csv", str(path), "--table", "accounts",
                                "-w", folder, "--dry-run")  # fmt: skip
    after_dry_run = sorted(tmp_path.iterdir())
    code, output = _run("import", "csv", str(path), "--table", "accounts",
                        "-w", folder)  # fmt: skip

    assert (dry_code, code) == (0, 0)
    assert "dry run: nothing written" in dry_output
    assert "│ accounts │    1 │      1 │" in dry_output
    assert after_dry_run == [path]
    assert "│ accounts │    1 │      1 │" in output


HUBSPOT_PAGE = '{"results": [{"id": "1", "properties": {"name": "Acme"}}]}'


REFUSED = "{hubspot}: this looks like a HubSpot export; use 'lifebuoy import hubspot"


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["csv", "{accounts}", "--table", "accounts", "--dry-run"], 0,
         "Import report (dry run: nothing written)"),
        (["zendesk", "{hubspot}"], 1, REFUSED),
        (["zendesk", "{hubspot}", "--dry-run"], 1, REFUSED),
        (["csv", "{empty}", "--table", "accounts"], 1, "Note: {empty}: no rows"),
        (["csv", "{missing}", "--table", "accounts"], 1, "no such file: {missing}"),
    ],
)  # fmt: skip
def test_an_import_that_writes_nothing_leaves_no_new_workspace(
    tmp_path: Path, args: list[str], code: int, said: str
) -> None:
    files = {
        "accounts": write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n"),
        "hubspot": write(tmp_path, "companies.json", HUBSPOT_PAGE),
        "empty": write(tmp_path, "empty.csv", "id,name\n"),
        "missing": tmp_path / "no.csv",
    }
    given = [arg.format(**files) for arg in args]

    result = runner.invoke(app, ["import", *given, "-w", str(tmp_path / "new/ws")])

    assert result.exit_code == code
    assert said.format(**files) in result.output
    assert sorted(tmp_path.iterdir()) == sorted(
        path for path in files.values() if path.exists()
    )


def test_a_dry_run_leaves_an_existing_workspace_as_it_was(tmp_path: Path) -> None:
    first = write(tmp_path, "first.csv", "id,name,ARR\nA1,Acme,100\n")
    second = write(tmp_path, "second.csv", "id,name,ARR\nA1,Acme Corp,200\n"
                   "A2,Beta,lots\nA3,Gamma,300\n")  # fmt: skip
    folder = tmp_path / "ws"
    assert _run("import", "csv", str(first), "--table", "accounts",
                "-w", str(folder))[0] == 0  # fmt: skip
    before = {path.name: path.read_bytes() for path in folder.iterdir()}

    code, output = _run("import", "csv", str(second), "--table", "accounts",
                        "-w", str(folder), "--dry-run")  # fmt: skip

    assert code == 1
    assert "│ accounts │    3 │      1 │       1 │" in output
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    with Workspace.open(folder) as workspace:
        assert workspace.connection.execute(
            "SELECT account_id, name, arr FROM accounts"
        ).fetchall() == [("A1", "Acme", 100)]
        assert workspace.count("rejects") == 0


def test_mapping_file_overrides_columns_and_unknown_ones_are_listed(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "accounts.csv",
        'Kunden-Nr,Firma,Vertragswert (EUR),Notes,Colour\nK1,Acme,"1.200,00",x,red\n',
    )
    mapping = write(
        tmp_path,
        "map.toml",
        '[columns]\n"Kunden-Nr" = "source_id"\nFirma = "name"\n'
        '"Vertragswert (EUR)" = "arr"\nNotes = "ignore"\n',
    )

    code, output = _run("import", "csv", str(path), "--table", "accounts",
                        "--map", str(mapping), "-w", str(tmp_path / "ws"))  # fmt: skip

    assert code == 0
    assert f"Columns not used from {path}: Colour" in output
    with Workspace.open(tmp_path / "ws") as workspace:
        assert workspace.connection.execute(
            "SELECT account_id, name, arr FROM accounts"
        ).fetchall() == [("K1", "Acme", 1200)]


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n")
    folder = str(tmp_path / "ws")

    unknown_code, unknown_output = _run("import", "hubspt", str(path), "-w", folder)
    table_code, table_output = _run("import", "csv", str(path), "-w", folder)

    assert unknown_code == 2
    assert "unknown source 'hubspt'. Did you mean 'hubspot'?" in unknown_output
    assert table_code == 2
    assert "lifebuoy import csv needs --table" in table_output


def test_a_missing_file_or_bad_mapping_is_a_clear_error(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.toml", '[columns]\nFoo = "revenue"\n')
    path = write(tmp_path, "accounts.csv", "id,name\nA1,Acme\n")
    folder = str(tmp_path / "ws")

    missing = str(tmp_path / "no.csv")
    missing_code, missing_output = _run(
        "import", "csv", missing, "--table", "accounts", "-w", folder
    )
    map_code, map_output = _run("import", "csv", str(path), "--table", "accounts",
                                "--map", str(mapping), "-w", folder)  # fmt: skip

    assert missing_code == 1
    assert f"no such file: {tmp_path / 'no.csv'}" in missing_output
    assert map_code == 1
    assert "maps 'Foo' to unknown column 'revenue'" in map_output


def test_json_rejects_name_the_record_in_its_page(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "companies.json",
        '{"results": [{"id": "1", "properties": {"name": "Acme"}},'
        ' {"id": "2", "properties": {"name": null, "domain": null}}]}',
    )

    code, output = _run("import", "hubspot", str(page), "-w", str(tmp_path / "ws"))

    assert code == 1
    assert f"{page}, record 2, column name: the account has neither a name" in output
