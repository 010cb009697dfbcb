"""Amplitude: raw events from the Export API into daily usage per account.

The Export API (``GET /api/2/export``) answers with a zip of gzipped JSON
lines files, one event a line. Give the zip, the .json.gz members, or the
unpacked .json/.jsonl files; they are streamed, never loaded whole.

An event's user is its ``user_id``, else its ``device_id``. Its account is
the event's group (``groups``, e.g. ``{"company": ["acme.io"]}``; the
"company", "account" or "org" group type first), else the account a
mapping file gives the user. Amplitude's own ``$identify`` and
``$groupidentify`` events change properties and are not usage. A line that
is not an event (bad JSON, no time) is rejected with its line number.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.sources.base import RawRecord
from lifebuoy.sources.events import DailyUsage, EventSource, json_lines
from lifebuoy.sources.origin import FileSample

GROUP_TYPES = ("company", "account", "org", "organization")
NOT_USAGE = frozenset({"$identify", "$groupidentify"})


class Amplitude(EventSource):
    name: ClassVar[str] = "amplitude"
    label: ClassVar[str] = "Amplitude"

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        events = sample.objects()
        if events and all(
            "event_type" in event and "amplitude_id" in event for event in events
        ):
            return "it holds Amplitude export events (event_type and amplitude_id)"
        return None

    def read_events(self, path: Path, usage: DailyUsage) -> Iterator[RawRecord]:
        return _read_events(path, usage)


def _read_events(path: Path, usage: DailyUsage) -> Iterator[RawRecord]:
    for member, line, event in json_lines(path):
        problem = _add(usage, event)
        if problem is not None:
            fields = {"file": member, "line": line}
            yield RawRecord("usage", path, line, fields, problem=problem)


def _add(usage: DailyUsage, event: Any) -> str | None:
    """Add one event; the reason it cannot be read, if so."""
    if not isinstance(event, dict):
        return "the line is not a JSON event"
    if event.get("event_type") in NOT_USAGE:
        return None
    moment = event.get("event_time") or event.get("client_event_time")
    user = event.get("user_id") or event.get("device_id")
    if not isinstance(moment, str) or user is None:
        return "the event has no event_time or no user_id/device_id"
    try:
        usage.add_event(str(user), moment, _group(event.get("groups")))
    except ValueError:
        return f"the event_time {moment!r} is not a time"
    return None


def _group(groups: Any) -> str | None:
    if not isinstance(groups, dict) or not groups:
        return None
    ordered = [name for name in GROUP_TYPES if name in groups] + sorted(groups)
    for name in ordered:
        value = groups[name]
        if isinstance(value, list):
            value = value[0] if value else None
        if value not in (None, ""):
            return str(value)
    return None
