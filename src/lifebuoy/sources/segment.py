"""Segment: track, page, screen, identify and group calls into daily usage.

Accepted files: a JSON array of messages, a batch (``{"batch": [...]}``),
or JSON lines (plain or .gz), as Segment's webhook, S3 or replay exports
write them. All are streamed, never loaded whole.

``track``, ``page`` and ``screen`` calls are usage events of their user
(``userId``, else ``anonymousId``). A ``group`` call links its user to an
account: the group's ``traits.domain``/``traits.website`` when given, else
its ``groupId``. An event that names its group (``context.groupId``) counts
for that account directly. ``identify`` and ``alias`` calls are not usage.
A mapping file (user → account) links users no group call names. A message
that cannot be read (bad JSON, no timestamp) is rejected with its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import ijson  # type: ignore[import-untyped]

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord
from lifebuoy.sources.events import DailyUsage, EventSource, json_lines
from lifebuoy.sources.origin import FileSample
from lifebuoy.sources.values import parse_domain

USAGE_CALLS = frozenset({"track", "page", "screen"})
CALLS = USAGE_CALLS | {"identify", "group", "alias"}


class Segment(EventSource):
    name: ClassVar[str] = "segment"
    label: ClassVar[str] = "Segment"

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        messages = sample.objects("batch")
        if messages and all(
            message.get("type") in CALLS and "messageId" in message
            for message in messages
        ):
            return "it holds Segment messages (type and messageId)"
        return None

    def read_events(self, path: Path, usage: DailyUsage) -> Iterator[RawRecord]:
        return _read_messages(path, usage)


def _read_messages(path: Path, usage: DailyUsage) -> Iterator[RawRecord]:
    for position, message in _messages(path):
        problem = _add(usage, message)
        if problem is not None:
            yield RawRecord(
                "usage", path, position, {"message": position}, problem=problem
            )


def _messages(path: Path) -> Iterator[tuple[int, Any]]:
    """(place, message) from a JSON array, a batch, or JSON lines."""
    shape = _shape(path)
    if shape == "lines":
        for _, line, message in json_lines(path):
            yield line, message
        return
    prefix = "item" if shape == "array" else "batch.item"
    with path.open("rb") as handle:
        try:
            yield from enumerate(ijson.items(handle, prefix, use_float=True), 1)
        except ijson.JSONError as exc:
            raise SourceError(
                f"{path}: not valid JSON: {exc}",
                hint="Pass a JSON array of messages, a batch, or JSON lines.",
            ) from exc


def _shape(path: Path) -> str:
    """array, batch or lines, from the start of the file."""
    if path.suffix.lower() != ".json":
        return "lines"
    with path.open("rb") as handle:
        start = handle.read(4096).decode("utf-8", errors="replace")
    start = start.lstrip("\ufeff \r\n\t")
    if start.startswith("["):
        return "array"
    return "batch" if start.startswith("{") and '"batch"' in start else "lines"


def _add(usage: DailyUsage, message: Any) -> str | None:
    """Add one message; the reason it cannot be read, if so."""
    if not isinstance(message, dict):
        return "the line is not a JSON message"
    kind = message.get("type")
    user = message.get("userId") or message.get("anonymousId")
    if kind == "group":
        account = _group_account(message)
        if user and account:
            usage.link_user(str(user), account)
        return None
    if kind not in USAGE_CALLS:
        return None
    moment = message.get("timestamp") or message.get("sentAt")
    if not isinstance(moment, str) or not user:
        return "the message has no timestamp or no userId/anonymousId"
    context = message.get("context") or {}
    group = context.get("groupId") if isinstance(context, dict) else None
    try:
        usage.add_event(str(user), moment, str(group) if group else None)
    except ValueError:
        return f"the timestamp {moment!r} is not a time"
    return None


def _group_account(message: dict[str, Any]) -> str | None:
    traits = message.get("traits") or {}
    for name in ("domain", "website"):
        try:
            domain = parse_domain(traits.get(name)) if traits.get(name) else None
        except ValueError:
            domain = None
        if domain:
            return domain
    group = message.get("groupId")
    return str(group) if group not in (None, "") else None
