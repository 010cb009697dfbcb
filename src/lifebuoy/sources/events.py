"""Raw product events into daily usage per account, streamed.

Product analytics exports (Amplitude, Segment) hold one row per event;
the ``usage`` table holds one row per account and day. :class:`DailyUsage`
sits between them: each event adds one to its (account, user, day) count,
so memory grows with the distinct active user-days, never with the number
of events. Users are linked to accounts by the event itself (a group on the
event), by a group call seen anywhere in the export, or by a mapping file
(user → account); events whose user has no account are counted and told in
a note, not loaded. Events are counted on their day in the workspace time
zone (a time without a zone is taken as UTC).

Rows are per account reference as written (a domain, a name, an id): name
each account one way within an import, since two references to one
account on one day would give two rows for one (account, day) key, and the
last would win. An import replaces the usage of the days it holds, so give
each day's events in one import.

A mapping file is a CSV/XLSX with a user column ("user_id", "userId",
"email", …) and an account column ("account", "account_id", "company",
"domain", "group_id", …).
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, ClassVar, cast
from zoneinfo import ZoneInfo

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.mapping import MappingFile, fold
from lifebuoy.sources.matching import AccountIndex, AccountMatcher
from lifebuoy.sources.readers import open_tabular
from lifebuoy.workspace.settings import Settings

USER_HEADERS = ("userid", "user", "email", "distinctid", "amplitudeid", "deviceid",
                "anonymousid")  # fmt: skip
ACCOUNT_HEADERS = ("account", "accountid", "company", "companyid", "domain",
                   "groupid", "group", "organization", "organizationid",
                   "accountref")  # fmt: skip
USER_BITS = 32
DAY_BITS = 22
"""Day ordinals (days since 0001-01-01) are below 2**22 until the year 11,000."""
ACCOUNT_SHIFT = USER_BITS + DAY_BITS

MAPPING_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".parquet"})


@dataclass
class DailyUsage:
    """Event counts per (account, user, day), keyed by small integers."""

    users: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)
    user_accounts: dict[int, int] = field(default_factory=dict)
    counts: Counter[int] = field(default_factory=Counter)
    days: dict[str, int] = field(default_factory=dict)
    events: int = 0
    zone: ZoneInfo | None = None
    """The workspace time zone days are counted in; None is UTC."""

    def add_event(self, user: str, moment: str, account: str | None = None) -> None:
        """One event of USER at MOMENT (ISO text), on ACCOUNT when the event says."""
        day = self._day(moment)
        user_key = self._user(user)
        if account is None:
            account_key = self.user_accounts.get(user_key, 0)
        else:
            account_key = self._account(account)
        self.counts[_pack(account_key, user_key, day)] += 1
        self.events += 1

    def _day(self, moment: str) -> int:
        """The local day of MOMENT, cached by its UTC day (or minute, off UTC)."""
        cacheable = _is_utc(moment)
        key = moment[: 10 if self.zone is None else 16]
        day = self.days.get(key) if cacheable else None
        if day is None:
            day = _local_day(moment, self.zone)
            if cacheable:
                self.days[key] = day
        return day

    def link_user(self, user: str, account: str) -> None:
        """USER belongs to ACCOUNT (a group call or a mapping row)."""
        self.user_accounts[self._user(user)] = self._account(account)

    def _user(self, user: str) -> int:
        key = self.users.get(user)
        if key is None:
            key = self.users[user] = len(self.users)
        return key

    def _account(self, account: str) -> int:
        key = self.accounts.get(account)
        if key is None:
            key = self.accounts[account] = len(self.accounts) + 1
        return key

    def rows(
        self, resolve: Callable[[str], str | None] | None = None
    ) -> Iterator[tuple[str, date, int, int]]:
        """(account, day, active users, events); counts the unlinked events.

        Names RESOLVE finds to be one account ("Acme" and "acme.com") are
        counted as that account, each user once a day.
        """
        self._link_events()
        names, merged = self._account_names(resolve)
        folded = set(merged.values())
        seen: set[int] = set()
        daily: defaultdict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
        while self.counts:
            packed, count = self.counts.popitem()
            account, user, day = _unpack(packed)
            account = merged.get(account, account)
            totals = daily[(account, day)]
            if account in folded:
                first = _pack(account, user, day)
                totals[0] += first not in seen
                seen.add(first)
            else:
                totals[0] += 1
            totals[1] += count

        for (account, day), (users, events) in sorted(daily.items()):
            yield names[account], date.fromordinal(day), users, events

    def _account_names(
        self, resolve: Callable[[str], str | None] | None
    ) -> tuple[dict[int, str], dict[int, int]]:
        """Each account key's name, and which keys fold into another's account."""
        names = {key: name for name, key in self.accounts.items()}
        if resolve is None:
            return names, {}
        first_key: dict[str, int] = {}
        merged: dict[int, int] = {}
        for key, name in sorted(names.items()):
            account_id = resolve(name)
            if account_id is None:
                continue
            if account_id in first_key:
                merged[key] = first_key[account_id]
            else:
                first_key[account_id] = key
        for account_id, key in first_key.items():
            names[key] = account_id
        return names, merged

    def _link_events(self) -> None:
        """Give events without an account their user's; set the rest aside."""
        self.unlinked_users: set[int] = set()
        self.unlinked_events = 0
        orphans = [packed for packed in self.counts if not packed >> ACCOUNT_SHIFT]
        for packed in orphans:
            count = self.counts.pop(packed)
            _, user, day = _unpack(packed)
            account = self.user_accounts.get(user, 0)
            if account:
                self.counts[_pack(account, user, day)] += count
            else:
                self.unlinked_users.add(user)
                self.unlinked_events += count

    def unlinked_note(self, source: str) -> str | None:
        if not self.unlinked_events:
            return None
        return (
            f"{self.unlinked_events} {source} events of {len(self.unlinked_users)} "
            "users are not in usage: no group call or mapping links those users "
            "to an account. Pass a mapping file beside the export, e.g. "
            f"'lifebuoy import {source.lower()} EXPORT users.csv': a CSV (or XLSX) "
            "with a column user_id (the user id in the events) and a column "
            "account (the account's id, name or domain), one row per user."
        )


def _is_utc(moment: str) -> bool:
    """ISO text with no offset (taken as UTC) or with Z."""
    tail = moment[19:]
    return "+" not in tail and "-" not in tail


def _local_day(moment: str, zone: ZoneInfo | None) -> int:
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(zone or UTC).toordinal()


def _pack(account: int, user: int, day: int) -> int:
    return (account << ACCOUNT_SHIFT) | (user << DAY_BITS) | day


def _unpack(packed: int) -> tuple[int, int, int]:
    day = packed & ((1 << DAY_BITS) - 1)
    user = (packed >> DAY_BITS) & ((1 << USER_BITS) - 1)
    return packed >> ACCOUNT_SHIFT, user, day


def usage_records(
    usage: DailyUsage,
    path: Path,
    *,
    resolve: Callable[[str], str | None] | None = None,
) -> Iterator[RawRecord]:
    """One usage record per account and day; PATH names the import's first file."""
    for account, day, users, events in usage.rows(resolve):
        fields = {
            "account_ref": account,
            "date": day.isoformat(),
            "active_users": users,
            "events": events,
        }
        yield RawRecord("usage", path, None, fields)


def is_mapping(path: Path) -> bool:
    return path.suffix.lower() in MAPPING_SUFFIXES


def read_mapping(path: Path, usage: DailyUsage, context: ReadContext) -> None:
    """Link users to accounts from a mapping file's two columns."""
    context.start_file(path)
    tabular = open_tabular(path)
    folded = [fold(header) for header in tabular.headers]
    user_column = _column(folded, USER_HEADERS)
    account_column = _column(folded, ACCOUNT_HEADERS)
    if user_column is None or account_column is None:
        tabular.close()
        raise SourceError(
            f"{path}: a user mapping needs a user column and an account column "
            f"(found {', '.join(tabular.headers)})",
            hint="Name them e.g. 'user_id' and 'account'.",
        )
    for _, values in tabular.rows:
        if len(values) <= max(user_column, account_column):
            continue
        user, account = values[user_column], values[account_column]
        if user not in (None, "") and account not in (None, ""):
            usage.link_user(str(user).strip(), str(account).strip())


def _column(folded: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def json_lines(path: Path) -> Iterator[tuple[str, int, Any]]:
    """(member, line, object or None) for each line of a JSONL file.

    Plain, gzip (.gz) and zip files (an Amplitude export zip of .json.gz
    members) are read as streams. A line that is not JSON gives None.
    """
    if path.suffix.lower() == ".zip":
        yield from _zip_lines(path)
        return
    with _open_text(path) as handle:
        yield from _lines(path.name, handle)


def _zip_lines(path: Path) -> Iterator[tuple[str, int, Any]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path}: not a readable zip file") from exc
    with archive:
        for member in sorted(archive.namelist()):
            if member.endswith("/"):
                continue
            raw: IO[bytes] = archive.open(member)
            if member.endswith(".gz"):
                raw = cast(IO[bytes], gzip.GzipFile(fileobj=raw))
            with io.TextIOWrapper(raw, encoding="utf-8") as handle:
                yield from _lines(member, handle)


def _open_text(path: Path) -> IO[str]:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def _lines(member: str, handle: IO[str]) -> Iterator[tuple[str, int, Any]]:
    try:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield member, line_number, json.loads(line)
            except json.JSONDecodeError:
                yield member, line_number, None
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise SourceError(f"{member}: cannot be read: {exc}") from exc


class EventSource(Source):
    """A product analytics source: raw events streamed into daily usage.

    Subclasses name the system and read one file's events into the
    :class:`DailyUsage`, yielding a rejected record for each event that
    cannot be read. Mapping files (user → account) are read first.
    """

    tables: ClassVar[tuple[str, ...]] = ("usage",)
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "usage": {"account_ref": ("accountref",)},
    }
    helper_tables: ClassVar[bool] = True

    def __init__(self) -> None:
        self.zone: ZoneInfo | None = None
        self.matcher: AccountMatcher | None = None

    def bind(self, accounts: AccountIndex, *, settings: Settings) -> None:
        self.zone = None if settings.timezone == "UTC" else settings.zone
        self.matcher = AccountMatcher(accounts, MappingFile())

    def resolve(self, account: str) -> str | None:
        """The workspace account an event's account names, as the import finds it."""
        if self.matcher is None:
            return None
        return self.matcher.resolve(account, source=self.name)

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        usage = DailyUsage(zone=self.zone)
        for path in paths:
            if is_mapping(path):
                read_mapping(path, usage, context)

        for path in paths:
            if not is_mapping(path):
                context.start_file(path)
                yield from self.read_events(path, usage)

        if paths:
            yield from usage_records(usage, paths[0], resolve=self.resolve)
        note = usage.unlinked_note(self.label)
        if note:
            context.notes.append(note)

    def read_events(self, path: Path, usage: DailyUsage) -> Iterator[RawRecord]:
        raise NotImplementedError
