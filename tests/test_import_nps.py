"""Delighted responses and people, and a generic NPS CSV.

Counted with jq, independently of lifebuoy:

- delighted/survey_responses.json: 10 responses, all survey_type nps, scores
  8, 9, 3, 7, 1, 7, 0, 3, 6, 0 (6 detractors 0–6), 10 distinct person ids
  (980285130 … 1040826168), person_properties null, created_at
  1641289688 … 1641289693 (2022-01-04 09:48:08 … 09:48:13 UTC).
- delighted/people.json: 5 people, ids 1046789978 … 1046789989; none of them
  answered a response in the file, so no response can be linked to an
  e-mail: all 10 are kept and counted as unmatched.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.sources.pipeline import TableCounts

DELIGHTED = SAMPLES / "delighted"

samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")


@samples
def test_every_delighted_sample(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "delighted", *sorted(DELIGHTED.glob("*.json")))

    assert report.tables == {"nps": TableCounts(read=10, loaded=10, unmatched=10)}
    assert report.exit_code == 0
    assert rows(workspace, "SELECT count(*) FROM nps WHERE score <= 6") == [(6,)]
    assert rows(
        workspace,
        "SELECT score, responded_at, comment, respondent FROM nps "
        "WHERE response_id = 'delighted:210554376'",
    ) == [(0, datetime(2022, 1, 4, 9, 48, 11), "Test Comment6", "1040826156")]


def _response(response_id: str, person: object, score: object) -> dict[str, object]:
    return {
        "id": response_id,
        "person": person,
        "survey_type": "nps",
        "score": score,
        "comment": None,
        "created_at": 1767225600,
        "person_properties": None,
    }


def test_responses_link_through_people_and_bad_scores_are_rejected(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A", "name": "Acme", "domain": "acme.io"}]
    )
    people = [
        {"id": "p1", "name": "Ann", "email": "ann@acme.io"},
        {"id": "p2", "name": "Bo", "email": "bo@gmail.com"},
    ]
    responses = [
        _response("r1", "p1", 3),
        _response("r2", "p2", 10),
        _response("r3", {"id": "p3", "email": "cy@acme.io"}, 11),
        _response("r4", "p1", None),
        {**_response("r5", "p9", 8), "person_properties": {"Company": "Acme"}},
    ]
    people_path = write(tmp_path, "people.json", json.dumps(people))
    responses_path = write(tmp_path, "responses.json", json.dumps(responses))

    report = do_import(workspace, "delighted", responses_path, people_path)

    assert report.tables == {
        "nps": TableCounts(read=5, loaded=4, rejected=1, unmatched=1)
    }
    assert [(r.line, r.column, r.value, r.reason) for r in report.rejects] == [
        (3, "score", "11", "an NPS score is 0 to 10")
    ]
    assert rows(
        workspace,
        "SELECT response_id, account_id, score, respondent, responded_at "
        "FROM nps ORDER BY 1",
    ) == [
        ("delighted:r1", "A", 3, "ann@acme.io", datetime(2026, 1, 1)),
        ("delighted:r2", None, 10, "bo@gmail.com", datetime(2026, 1, 1)),
        ("delighted:r4", "A", None, "ann@acme.io", datetime(2026, 1, 1)),
        ("delighted:r5", "A", 8, "p9", datetime(2026, 1, 1)),
    ]


def test_a_csv_is_refused_with_the_nps_source_named(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    path = write(tmp_path, "responses.csv", "Score\n3\n")

    with pytest.raises(Exception, match="import nps"):
        do_import(make_workspace(), "delighted", path)


def test_a_generic_nps_csv(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "A", "name": "Acme", "domain": "acme.io"},
            {"account_id": "G", "name": "Globex", "domain": "globex.com"},
        ]
    )
    path = write(
        tmp_path,
        "nps.csv",
        "Email,Company,Score,Date,Comment\n"
        "ann@acme.io,,2,2026-01-05,Too slow\n"
        "bo@x.org,Globex,9,2026-01-06,\n"
        "cy@acme.io,,,2026-01-07,no answer\n"
        "di@acme.io,,-1,2026-01-08,\n"
        "eve@gmail.com,,7,2026-01-09,\n",
    )

    report = do_import(workspace, "nps", path)

    assert report.tables == {
        "nps": TableCounts(read=5, loaded=4, rejected=1, unmatched=1)
    }
    assert [(r.line, r.value, r.reason) for r in report.rejects] == [
        (5, "-1", "an NPS score is 0 to 10")
    ]
    assert rows(
        workspace, "SELECT response_id, account_id, score FROM nps ORDER BY 1"
    ) == [
        ("nps:ann@acme.io@2026-01-05", "A", 2),
        ("nps:bo@x.org@2026-01-06", "G", 9),
        ("nps:cy@acme.io@2026-01-07", "A", None),
        ("nps:eve@gmail.com@2026-01-09", None, 7),
    ]

    again = do_import(workspace, "nps", path)

    assert again.tables["nps"].unchanged == 4
