"""Amplitude and Segment raw events aggregated into daily usage per account.

Counted with jq, independently of lifebuoy:

- amplitude/export_829528_2026-06-16_11.jsonl: 3 lines, 3 events
  (test_event ×2, test), 3 distinct user_ids, all on 2026-06-16 UTC, every
  "groups" empty: no event names an account.
- segment/analytics_js_events_snapshot.json: 5 messages of user "john" on
  2024-07-18: page, identify, track, alias, group (groupId "foo", traits
  {"hello": "world"}). Usage events: page and track (2); the group call
  links john to "foo".
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.sources.pipeline import TableCounts

samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")


@samples
def test_the_amplitude_sample_has_no_account_to_link(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()
    export = SAMPLES / "amplitude" / "export_829528_2026-06-16_11.jsonl"

    report = do_import(workspace, "amplitude", export)

    assert report.tables == {}
    assert report.exit_code == 0
    assert any("3 Amplitude events of 3 users" in note for note in report.notes)
    assert workspace.count("usage") == 0


@samples
def test_the_amplitude_sample_with_a_mapping(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "A", "name": "Acme", "domain": "acme.io"},
            {"account_id": "G", "name": "Globex", "domain": "globex.com"},
        ]
    )
    mapping = write(
        tmp_path,
        "users.csv",
        "user_id,account\ntest-user-dryrun-123,acme.io\n"
        "testuser_nango_123,acme.io\ntestuser123,Globex\n",
    )
    export = SAMPLES / "amplitude" / "export_829528_2026-06-16_11.jsonl"

    report = do_import(workspace, "amplitude", export, mapping)

    assert report.tables == {"usage": TableCounts(read=2, loaded=2)}
    assert rows(workspace, "SELECT * FROM usage ORDER BY account_id") == [
        ("A", date(2026, 6, 16), 2, 2, "amplitude"),
        ("G", date(2026, 6, 16), 1, 1, "amplitude"),
    ]


@samples
def test_the_segment_sample(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(accounts=[{"account_id": "foo", "name": "Foo Inc"}])
    snapshot = SAMPLES / "segment" / "analytics_js_events_snapshot.json"

    report = do_import(workspace, "segment", snapshot)

    assert report.tables == {"usage": TableCounts(read=1, loaded=1)}
    assert rows(workspace, "SELECT * FROM usage") == [
        ("foo", date(2024, 7, 18), 1, 2, "segment")
    ]


def _amplitude(user: str, moment: str, **fields: object) -> str:
    event = {"event_type": "click", "user_id": user, "event_time": moment, **fields}
    return json.dumps(event) + "\n"


def test_an_amplitude_export_zip_of_gzipped_members(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A", "name": "Acme", "domain": "acme.io"}]
    )
    first = (
        _amplitude("u1", "2026-03-01 23:59:59.000000", groups={"company": ["acme.io"]})
        + _amplitude("u1", "2026-03-01 10:00:00.000000")
        + _amplitude("u2", "2026-03-01 11:00:00.000000", groups={"company": "acme.io"})
    )
    second = (
        _amplitude("u1", "2026-03-02 00:00:00.000000", groups={"company": "acme.io"})
        + "{not json\n"
        + _amplitude("u3", "2026-03-02 01:00:00.000000")
        + json.dumps({"event_type": "$identify", "user_id": "u4"})
        + "\n"
        + json.dumps({"event_type": "click", "user_id": "u5"})
        + "\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("1/1_2026-03-01_0#0.json.gz", gzip.compress(first.encode()))
        archive.writestr("1/1_2026-03-02_0#0.json.gz", gzip.compress(second.encode()))
    path = write(tmp_path, "export.zip", buffer.getvalue())

    report = do_import(workspace, "amplitude", path)

    # u1's ungrouped event on 03-01 is not linked: u1 has no mapping.
    assert report.tables == {"usage": TableCounts(read=4, loaded=2, rejected=2)}
    assert [(r.line, r.reason) for r in report.rejects] == [
        (2, "the line is not a JSON event"),
        (5, "the event has no event_time or no user_id/device_id"),
    ]
    assert rows(workspace, "SELECT account_id, date, active_users, events FROM usage "
                "ORDER BY date") == [
        ("A", date(2026, 3, 1), 2, 2),
        ("A", date(2026, 3, 2), 1, 1),
    ]  # fmt: skip
    assert any("2 Amplitude events of 2 users" in note for note in report.notes)


def _segment(kind: str, user: str, moment: str, **fields: object) -> dict[str, object]:
    return {"type": kind, "userId": user, "timestamp": moment, **fields}


def test_segment_group_calls_link_users_wherever_they_come(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "A", "name": "Acme", "domain": "acme.io"},
            {"account_id": "G", "name": "Globex", "domain": "globex.com"},
        ]
    )
    messages = [
        _segment("track", "ann", "2026-03-01T23:30:00-02:00"),
        _segment("page", "ann", "2026-03-02T08:00:00Z"),
        _segment("identify", "ann", "2026-03-02T08:00:00Z"),
        _segment("track", "bo", "2026-03-02T09:00:00Z"),
        _segment("track", "cy", "2026-03-02T09:00:00Z", context={"groupId": "G"}),
        _segment("group", "ann", "2026-03-03T00:00:00Z", groupId="g1",
                 traits={"website": "https://www.acme.io/"}),
        _segment("group", "bo", "2026-03-03T00:00:00Z", groupId="acme.io"),
        {"type": "track", "userId": "dan"},
    ]  # fmt: skip
    path = write(tmp_path, "batch.json", json.dumps({"batch": messages}))

    report = do_import(workspace, "segment", path)

    assert report.tables == {"usage": TableCounts(read=3, loaded=2, rejected=1)}
    assert rows(workspace, "SELECT account_id, date, active_users, events FROM usage "
                "ORDER BY date, account_id") == [
        ("A", date(2026, 3, 2), 2, 3),
        ("G", date(2026, 3, 2), 1, 1),
    ]  # fmt: skip
    assert report.rejects[0].line == 8


def test_segment_json_lines_gzipped(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A", "name": "Acme", "domain": "acme.io"}]
    )
    lines = [
        _segment("group", "ann", "2026-03-01T00:00:00Z", groupId="acme.io"),
        _segment("track", "ann", "2026-03-01T10:00:00Z"),
        _segment("screen", "ann", "2026-03-01T11:00:00Z"),
    ]
    content = "".join(json.dumps(line) + "\n" for line in lines)
    path = write(tmp_path, "events.jsonl.gz", gzip.compress(content.encode()))

    report = do_import(workspace, "segment", path)

    assert report.tables == {"usage": TableCounts(read=1, loaded=1)}
    assert rows(workspace, "SELECT account_id, active_users, events FROM usage") == [
        ("A", 1, 2)
    ]


def test_a_mapping_without_the_columns_is_refused(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    mapping = write(tmp_path, "users.csv", "name,plan\nann,pro\n")

    with pytest.raises(Exception, match="needs a user column"):
        do_import(make_workspace(), "segment", mapping)


def test_daily_usage_csv_through_the_generic_path(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A", "name": "Acme"}])
    path = write(
        tmp_path,
        "usage.csv",
        "Account,Date,Active users,Events\nAcme,2026-03-01,4,90\n",
    )

    report = do_import(workspace, "csv", path, table="usage")

    assert report.tables == {"usage": TableCounts(read=1, loaded=1)}
    assert rows(workspace, "SELECT account_id, active_users, events FROM usage") == [
        ("A", 4, 90)
    ]


def test_events_count_on_their_day_in_the_workspace_time_zone(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        config='timezone = "America/New_York"\n',
        accounts=[{"account_id": "A", "name": "Acme", "domain": "acme.io"}],
    )
    lines = [
        _segment("group", "ann", "2026-03-01T00:00:00Z", groupId="acme.io"),
        # 03:30 UTC on March 2 is 22:30 on March 1 in New York (UTC-5).
        _segment("track", "ann", "2026-03-02T03:30:00Z"),
        _segment("track", "ann", "2026-03-02T03:30:00"),
        _segment("track", "ann", "2026-03-02T05:59:00+01:00"),
        _segment("track", "ann", "2026-03-02T05:00:00Z"),
    ]
    content = "".join(json.dumps(line) + "\n" for line in lines)
    path = write(tmp_path, "events.jsonl", content)

    do_import(workspace, "segment", path)

    assert rows(workspace, "SELECT date, events FROM usage ORDER BY date") == [
        (date(2026, 3, 1), 3),
        (date(2026, 3, 2), 1),
    ]


def test_an_account_named_two_ways_counts_each_user_once_a_day(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A", "name": "Acme", "domain": "acme.io"}]
    )
    messages = [
        _segment("group", "ann", "2026-03-01T00:00:00Z", groupId="Acme"),
        _segment("group", "bo", "2026-03-01T00:00:00Z", groupId="acme.io"),
        _segment("track", "ann", "2026-03-02T08:00:00Z"),
        _segment("track", "bo", "2026-03-02T09:00:00Z"),
        _segment("track", "cy", "2026-03-02T10:00:00Z", context={"groupId": "Acme"}),
        _segment("track", "cy", "2026-03-02T11:00:00Z",
                 context={"groupId": "acme.io"}),
        _segment("track", "cy", "2026-03-03T11:00:00Z",
                 context={"groupId": "acme.io"}),
    ]  # fmt: skip
    path = write(tmp_path, "batch.json", json.dumps({"batch": messages}))

    report = do_import(workspace, "segment", path)

    # 2 March: ann, bo and cy (named both ways) are 3 users with 4 events
    assert rows(workspace, "SELECT account_id, date, active_users, events FROM usage "
                "ORDER BY date") == [
        ("A", date(2026, 3, 2), 3, 4),
        ("A", date(2026, 3, 3), 1, 1),
    ]  # fmt: skip
    assert report.tables == {"usage": TableCounts(read=2, loaded=2)}
