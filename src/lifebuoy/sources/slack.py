"""Slack: a workspace export (the zip, or its files) into chat messages.

An export holds ``channels.json``, ``users.json`` and one folder per
channel with a file per day (``general/2026-03-01.json``). Give the zip,
or the files; given ``channels.json`` alone, the day files in the channel
folders beside it are read too.

Each message keeps its channel, time, author and thread (``thread_ts``).
``<@U…>`` mentions become "@name" from users.json (display name, else real
name), channel links "#name", links their label. Bot messages are authored
by the bot's name. An edited message (a ``message_changed`` event) keeps
its latest text. Joins, leaves, topic changes and deleted-message
placeholders (``tombstone``) are not conversation: they are counted in a
note and not loaded.

A message belongs to the account whose web domain or name it mentions
first, matched on whole words ("Acme" is not found in "Acmeville"); names
shorter than 3 characters, and names or domains shared by several
accounts, never match. A message that mentions no account is kept with no
account.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.matching import AccountIndex
from lifebuoy.sources.origin import FileSample
from lifebuoy.sources.payloads import epoch_text
from lifebuoy.workspace.settings import Settings

SYSTEM_SUBTYPES = frozenset(
    {"channel_join", "channel_leave", "channel_topic", "channel_purpose",
     "channel_name", "channel_archive", "channel_unarchive", "group_join",
     "group_leave", "tombstone", "message_deleted"}
)  # fmt: skip
LONGEST_NAME = 6
"""Account names longer than this many words are not looked for in messages."""
SHORTEST_NAME = 3
_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")
_DOMAIN = re.compile(r"(?<![\w.-])((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w-])")
_WORDS = re.compile(r"[^\w]+")


@dataclass
class Mentions:
    """Finds the first account a text names, by domain or by whole-word name."""

    names: dict[str, set[str]] = field(default_factory=dict)
    domains: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, accounts: AccountIndex) -> Mentions:
        names = {
            key: ids
            for key, ids in accounts.by_name.items()
            if len(key) >= SHORTEST_NAME and len(key.split()) <= LONGEST_NAME
        }
        return cls(names, dict(accounts.by_domain))

    def account(self, text: str) -> str | None:
        lowered = text.casefold()
        for match in _DOMAIN.finditer(lowered):
            domain = match.group(1).removeprefix("www.")
            found = self.domains.get(domain, set())
            if len(found) == 1:
                return next(iter(found))
        return self._by_name(lowered)

    def _by_name(self, lowered: str) -> str | None:
        if not self.names:
            return None
        text = unicodedata.normalize("NFKD", lowered).replace("&", " and ")
        text = "".join(char for char in text if not unicodedata.combining(char))
        words = _WORDS.sub(" ", text).split()
        for start in range(len(words)):
            for size in range(min(LONGEST_NAME, len(words) - start), 0, -1):
                found = self.names.get(" ".join(words[start : start + size]))
                if found and len(found) == 1:
                    return next(iter(found))
        return None


class Slack(Source):
    name: ClassVar[str] = "slack"
    label: ClassVar[str] = "Slack"
    tables: ClassVar[tuple[str, ...]] = ("chat_messages",)
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "chat_messages": {"account_ref": ("accountref",), "updated_at": ("updatedat",)},
    }

    def __init__(self) -> None:
        self.mentions = Mentions()
        self.users: dict[str, str] = {}
        self.skipped: Counter[str] = Counter()

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        if any(
            PurePosixPath(member).name == "channels.json" for member in sample.members
        ):
            return "it is a Slack export (it holds channels.json)"
        items = sample.objects()
        if items and all(
            item.get("type") == "message" and "ts" in item for item in items
        ):
            return "it holds Slack messages (type message, ts)"
        if items and all("is_channel" in item or "is_bot" in item for item in items):
            return "it is a Slack channel or user list"
        return None

    def files(self, paths: Sequence[Path]) -> list[Path]:
        """An export folder stands for its channels.json (and what is beside it)."""
        return [
            path / "channels.json" if (path / "channels.json").is_file() else path
            for path in paths
        ]

    def bind(self, accounts: AccountIndex, *, settings: Settings) -> None:
        self.mentions = Mentions.of(accounts)

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        files = list(_export_files(paths))
        for name, path, load in files:
            if name == "users.json":
                self.users.update(_user_names(path, load()))

        for name, path, load in files:
            channel = PurePosixPath(name).parent.name
            if channel and _DAY_FILE.match(PurePosixPath(name).name):
                context.start_file(path)
                yield from self._day(path, channel, load())

        if self.skipped:
            counts = ", ".join(
                f"{n} {kind}" for kind, n in sorted(self.skipped.items())
            )
            context.notes.append(
                f"Slack messages that are not conversation were not loaded: {counts}."
            )

    def _day(self, path: Path, channel: str, messages: Any) -> Iterator[RawRecord]:
        if not isinstance(messages, list):
            raise SourceError(f"{path}: a Slack day file holds a list of messages")
        for position, message in enumerate(messages, 1):
            if not isinstance(message, dict):
                continue
            subtype = message.get("subtype")
            if subtype == "message_changed" and isinstance(
                message.get("message"), dict
            ):
                message = {**message["message"], "edited": message["message"].get(
                    "edited") or {"ts": message.get("ts")}}  # fmt: skip
            elif subtype in SYSTEM_SUBTYPES:
                self.skipped[str(subtype)] += 1
                continue
            fields = self._fields(channel, message)
            unlinked = None
            if not fields["account_ref"]:
                unlinked = "the message mentions no account's name or web domain"
            yield RawRecord("chat_messages", path, position, fields, unlinked=unlinked)

    def _fields(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        text = self._text(message)
        edited = (message.get("edited") or {}).get("ts")
        return {
            "message_id": f"{channel}:{message.get('ts')}",
            "channel": channel,
            "ts": _moment(message.get("ts")),
            "updated_at": _moment(edited or message.get("ts")),
            "author": self._author(message),
            "text": text,
            "thread_ts": message.get("thread_ts"),
            "account_ref": self.mentions.account(text) if text else None,
        }

    def _author(self, message: dict[str, Any]) -> str | None:
        user = message.get("user")
        if user and str(user) in self.users:
            return self.users[str(user)]
        profile = message.get("user_profile") or {}
        bot = message.get("bot_profile") or {}
        return (
            profile.get("display_name")
            or profile.get("real_name")
            or message.get("username")
            or bot.get("name")
            or user
            or message.get("bot_id")
        )

    def _text(self, message: dict[str, Any]) -> str | None:
        text = message.get("text") or ""
        text = _USER.sub(lambda found: "@" + self._mentioned(found), text)
        text = _CHANNEL.sub(lambda found: "#" + found.group(1), text)
        text = _SPECIAL.sub(lambda found: "@" + found.group(1), text)
        text = _LINK.sub(lambda found: found.group(2) or found.group(1), text)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        titles = [
            str(item.get("title") or item.get("name"))
            for item in message.get("files") or []
            if isinstance(item, dict) and (item.get("title") or item.get("name"))
        ]
        parts = [text.strip(), *(f"[file: {title}]" for title in titles)]
        return "\n".join(part for part in parts if part) or None

    def _mentioned(self, found: re.Match[str]) -> str:
        return self.users.get(found.group(1)) or found.group(2) or found.group(1)


Loader = Any


def _export_files(paths: Sequence[Path]) -> Iterator[tuple[str, Path, Loader]]:
    """(name inside the export, file, loader) for every JSON file of the export."""
    given = {path.resolve() for path in paths}
    for path in paths:
        if path.suffix.lower() == ".zip":
            yield from _zip_files(path)
            continue
        name = (
            f"{path.parent.name}/{path.name}"
            if _DAY_FILE.match(path.name)
            else (path.name)
        )
        yield name, path, _json_loader(path)
        if path.name == "channels.json" and not any(
            _DAY_FILE.match(other.name) for other in paths
        ):
            yield from _beside(path, given)


def _beside(channels: Path, given: set[Path]) -> Iterator[tuple[str, Path, Loader]]:
    users = channels.with_name("users.json")
    if users.is_file() and users.resolve() not in given:
        yield "users.json", users, _json_loader(users)
    for folder in sorted(channels.parent.iterdir()):
        if folder.is_dir():
            for day in sorted(folder.glob("*.json")):
                if _DAY_FILE.match(day.name):
                    yield f"{folder.name}/{day.name}", day, _json_loader(day)


def _zip_files(path: Path) -> Iterator[tuple[str, Path, Loader]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path}: not a readable zip file") from exc
    for name in sorted(archive.namelist()):
        if name.endswith(".json"):
            yield name, path, _zip_loader(path, archive, name)


def _json_loader(path: Path) -> Loader:
    def load() -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceError(f"{path}: not valid JSON: {exc}") from exc

    return load


def _zip_loader(path: Path, archive: zipfile.ZipFile, name: str) -> Loader:
    def load() -> Any:
        try:
            return json.loads(archive.read(name).decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceError(f"{path}: {name} is not valid JSON: {exc}") from exc

    return load


def _user_names(path: Path, users: Any) -> dict[str, str]:
    if not isinstance(users, list):
        raise SourceError(f"{path}: users.json holds a list of users")
    names = {}
    for user in users:
        profile = user.get("profile") or {}
        name = (
            str(profile.get("display_name") or "").strip()
            or str(profile.get("real_name") or "").strip()
            or str(user.get("real_name") or "").strip()
            or user.get("name")
        )
        if user.get("id") and name:
            names[str(user["id"])] = str(name)
    return names


def _moment(ts: Any) -> str | None:
    try:
        return epoch_text(float(ts)) if ts is not None else None
    except ValueError:
        return None
