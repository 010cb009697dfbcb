"""Slack exports into chat messages: the real sample export and a fixture zip.

Counted with jq and `date -u -d @EPOCH`, independently of lifebuoy:

- channels.json: 1 channel, "B75B4C7"; users.json: 10 users.
- B75B4C7/2025-01-10.json: 2 messages; 2025-01-11.json: 11 messages, of
  which one channel_join and one tombstone (not conversation): 11 loaded.
- The first message, ts 1736478514.897649 (2025-01-10 03:08:34 UTC), is by
  UOF82F39AE, whose display name is empty and real name "WgO268Xc0KtFylJ".
- The last message has no text and one file titled "zYgi8k4UZoOBsdzOLnUbwSR
  cBEKTKNLGqjCx WNKZyDWkzdKKh 2VVY1m".
- 2 messages reply in thread 1736478630.905399. The scrambled text names no
  account, so every message is kept with no account (unmatched).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.errors import SourceError
from lifebuoy.sources.pipeline import TableCounts

SLACK = SAMPLES / "slack"

samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")


@samples
def test_the_sample_export_folder(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "slack", SLACK / "channels.json")

    assert report.tables == {
        "chat_messages": TableCounts(read=11, loaded=11, unmatched=11)
    }
    assert report.exit_code == 0
    assert any("1 channel_join, 1 tombstone" in note for note in report.notes)
    assert rows(
        workspace,
        "SELECT channel, ts, author, text FROM chat_messages "
        "WHERE message_id = 'slack:B75B4C7:1736478514.897649'",
    ) == [("B75B4C7", datetime(2025, 1, 10, 3, 8, 34, 897649), "WgO268Xc0KtFylJ",
           "CYmxt38hm")]  # fmt: skip
    assert rows(
        workspace,
        "SELECT count(*) FROM chat_messages WHERE thread_ts = '1736478630.905399' "
        "AND message_id <> 'slack:B75B4C7:1736478630.905399'",
    ) == [(2,)]
    assert rows(
        workspace,
        "SELECT text FROM chat_messages "
        "WHERE message_id = 'slack:B75B4C7:1736582524.607359'",
    ) == [("[file: zYgi8k4UZoOBsdzOLnUbwSR cBEKTKNLGqjCx WNKZyDWkzdKKh 2VVY1m]",)]


@samples
def test_the_sample_files_given_one_by_one(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()
    files = [SLACK / "users.json", *sorted((SLACK / "B75B4C7").glob("*.json"))]

    report = do_import(workspace, "slack", *files)

    assert report.tables["chat_messages"].loaded == 11


def _export(tmp_path: Path) -> Path:
    users = [
        {"id": "U1", "name": "ann", "profile": {"display_name": "Ann B",
                                                 "real_name": "Ann Baker"}},
        {"id": "U2", "name": "bo", "profile": {"display_name": "", "real_name": "Bo"}},
    ]  # fmt: skip
    day = [
        {"type": "message", "user": "U1", "ts": "1767261600.000100",
         "text": "<@U2> Acme is evaluating a competitor"},
        {"type": "message", "user": "U2", "ts": "1767261660.000200",
         "thread_ts": "1767261600.000100",
         "text": "Acmeville has nothing to do with it"},
        {"type": "message", "subtype": "bot_message", "bot_id": "B1",
         "username": "Billing bot", "ts": "1767261720.000300",
         "text": "Invoice failed for <mailto:ap@globex.com|ap@globex.com>"},
        {"type": "message", "subtype": "message_changed", "ts": "1767265200.000400",
         "message": {"type": "message", "user": "U1", "ts": "1767261600.000100",
                     "text": "<@U2> Initech &amp; Acme renewal, see "
                             "<https://x.io/doc|the doc>",
                     "edited": {"user": "U1", "ts": "1767265200.000000"}}},
        {"type": "message", "subtype": "channel_join", "user": "U2",
         "ts": "1767261000.000000", "text": "<@U2> has joined"},
        {"type": "message", "user": "U2", "ts": "1767268800.000500",
         "text": "Lunch at the Acme Diner? cc <#C1|general> <!here>"},
    ]  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("channels.json", json.dumps([{"id": "C1", "name": "cs"}]))
        archive.writestr("users.json", json.dumps(users))
        archive.writestr("cs/2026-01-01.json", json.dumps(day))
    return write(tmp_path, "export.zip", buffer.getvalue())


def test_a_zip_export_with_mentions_edits_and_bots(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "A", "name": "Acme", "domain": "acme.io"},
            {"account_id": "G", "name": "Globex", "domain": "globex.com"},
            {"account_id": "I", "name": "Initech, Inc."},
            {"account_id": "D", "name": "Acme Diner LLC"},
        ]
    )

    report = do_import(workspace, "slack", _export(tmp_path))

    # The edit replaces the first message: 5 read, 4 messages, 1 duplicate.
    assert report.tables == {
        "chat_messages": TableCounts(read=5, loaded=4, duplicate=1, unmatched=1)
    }
    assert rows(
        workspace,
        "SELECT message_id, author, account_id, text FROM chat_messages ORDER BY ts",
    ) == [
        ("slack:cs:1767261600.000100", "Ann B", "I",
         "@Bo Initech & Acme renewal, see the doc"),
        ("slack:cs:1767261660.000200", "Bo", None,
         "Acmeville has nothing to do with it"),
        ("slack:cs:1767261720.000300", "Billing bot", "G",
         "Invoice failed for ap@globex.com"),
        ("slack:cs:1767268800.000500", "Bo", "D",
         "Lunch at the Acme Diner? cc #general @here"),
    ]  # fmt: skip


def test_a_day_file_that_is_not_a_list_is_refused(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    folder = tmp_path / "general"
    folder.mkdir()
    path = write(folder, "2026-01-01.json", json.dumps({"messages": []}))

    with pytest.raises(Exception, match="holds a list of messages"):
        do_import(make_workspace(), "slack", path)


def test_chat_messages_csv_through_the_generic_path(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A", "name": "Acme"}])
    path = write(
        tmp_path,
        "chat.csv",
        "Message ID,Channel,Timestamp,Author,Text,Account\n"
        "m1,cs-acme,2026-03-01T10:00:00Z,Ann,Renewal call went well,Acme\n",
    )

    report = do_import(workspace, "csv", path, table="chat_messages")

    assert report.tables == {"chat_messages": TableCounts(read=1, loaded=1)}
    assert rows(workspace, "SELECT message_id, account_id, ts FROM chat_messages") == [
        ("m1", "A", datetime(2026, 3, 1, 10, 0))
    ]


@samples
def test_an_export_folder_imports_like_its_channels_file(
    make_workspace: MakeWorkspace,
) -> None:
    report = do_import(make_workspace(), "slack", SLACK)

    assert report.tables == {
        "chat_messages": TableCounts(read=11, loaded=11, unmatched=11)
    }


def test_another_folder_is_refused_with_the_fix(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    with pytest.raises(SourceError, match="is a folder"):
        do_import(make_workspace(), "zendesk", tmp_path)
