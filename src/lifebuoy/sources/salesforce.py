"""Salesforce: Account, Case and User records, from SOQL query pages or Data Loader.

- Query pages: the JSON of ``/services/data/vXX.X/query`` and of each
  ``nextRecordsUrl`` (``records`` with ``attributes.type``; ``done``). Give
  every page; a record found on two pages is kept once, the newest copy
  (``SystemModstamp``/``LastModifiedDate``).
- Data Loader extracts: CSV with upper-case API names as headers, every
  field quoted, often Windows-1252. The object is told by its headers
  (``CASENUMBER`` for Case, ``USERNAME`` for User, else Account).

Accounts go to ``accounts``, cases to ``tickets`` (linked by ``AccountId``),
users only turn ``OwnerId`` into a name. A case's ``Origin`` and ``Reason``
become its tags ("origin:Phone, reason:Performance"); ``IsEscalated`` is
its escalated flag.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.origin import FileSample, listed
from lifebuoy.sources.payloads import Page, count, missing_pages
from lifebuoy.sources.readers import open_tabular, read_json
from lifebuoy.sources.tabular import tabular_records

TABLES = {"Account": "accounts", "Case": "tickets"}
CASE_TAG_FIELDS = ("Origin", "Reason")
SYSTEM_FIELDS = frozenset({"isdeleted", "systemmodstamp", "masterrecordid",
                           "createdbyid", "lastmodifiedbyid", "ownerid"})  # fmt: skip
"""Fields every Salesforce object has (folded): two in a header say Salesforce."""


class Salesforce(Source):
    name: ClassVar[str] = "salesforce"
    label: ClassVar[str] = "Salesforce"
    tables: ClassVar[tuple[str, ...]] = ("accounts", "tickets")
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "accounts": {"owner_id": ("ownerid",), "region": ("salesregion",)},
        "tickets": {"owner_id": ("ownerid",), "ticket_id": ("id",)},
    }

    def __init__(self) -> None:
        self.users: dict[str, str] = {}
        self.unknown_users: set[str] = set()

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        found = sample.headers_among(SYSTEM_FIELDS)
        if len(found) >= 2:
            return f"its columns {listed(found)} are Salesforce system fields"
        page = sample.page
        if isinstance(page, dict) and {"totalSize", "done", "records"} <= page.keys():
            return "it is a Salesforce query result (totalSize, done and records)"
        return None

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        pages = [(path, read_json(path)) for path in paths if _is_json(path)]
        extracts = [
            (path, _extract_object(path)) for path in paths if not _is_json(path)
        ]
        for path, page in pages:
            self.users.update(_user_names(_records(path, page, "User")))
        for path, kind in extracts:
            if kind == "User":
                self.users.update(_user_names(_csv_users(path, context)))

        for kind in TABLES:
            yield from self._records_of(kind, pages, extracts, context)
        context.missing_pages.extend(_missing_pages(pages))

        if self.unknown_users:
            context.notes.append(
                f"{len(self.unknown_users)} Salesforce owner "
                f"{'id has' if len(self.unknown_users) == 1 else 'ids have'} no user "
                f"name ({', '.join(sorted(self.unknown_users)[:5])}); kept as ids. "
                "Import a User query or extract (Id, Name) to show names."
            )

    def _records_of(
        self,
        kind: str,
        pages: list[tuple[Path, Any]],
        extracts: list[tuple[Path, str]],
        context: ReadContext,
    ) -> Iterator[RawRecord]:
        table = TABLES[kind]
        for path, page in pages:
            records = _records(path, page, kind)
            if records:
                context.start_file(path)
            for position, record in records:
                unlinked = None
                if kind == "Case" and not record.get("AccountId"):
                    unlinked = "the case has no AccountId"
                yield RawRecord(table, path, position, record, unlinked=unlinked)
        for path, extract_kind in extracts:
            if extract_kind == kind:
                yield from tabular_records(path, table, context)

    def map(self, record: RawRecord, row: dict[str, Any]) -> dict[str, Any]:
        if record.table == "tickets" and not row.get("tags"):
            row["tags"] = _case_tags(record.fields)
        owner_id = row.pop("owner_id", None)
        column = "owner" if record.table == "accounts" else "assignee"
        if owner_id is not None and not row.get(column):
            owner_id = str(owner_id)
            if owner_id not in self.users:
                self.unknown_users.add(owner_id)
            row[column] = self.users.get(owner_id, owner_id)
        return row


def _missing_pages(pages: list[tuple[Path, Any]]) -> Iterator[str]:
    """Per object queried, a note when its pages say more records follow."""
    by_kind: dict[str, list[Page]] = {}
    for path, page in pages:
        records = page["records"]
        kind = (records[0].get("attributes") or {}).get("type") if records else None
        follows = None
        if page.get("done") is False:
            follows = f"nextRecordsUrl {page.get('nextRecordsUrl') or 'not given'}"
        by_kind.setdefault(str(kind), []).append(
            Page(path, len(records), count(page.get("totalSize")), follows)
        )
    for found in by_kind.values():
        note = missing_pages(found)
        if note:
            yield note


def _case_tags(fields: Any) -> str | None:
    """A case's origin (Phone, Web…) and reason, as tags ("origin:Phone")."""
    tags = []
    for name in CASE_TAG_FIELDS:
        value = fields.get(name) or fields.get(name.upper())
        if value:
            tags.append(f"{name.lower()}:{value}")
    return ", ".join(tags) or None


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def _records(path: Path, page: Any, kind: str) -> list[tuple[int, dict[str, Any]]]:
    """The page's records of object KIND, flattened, with their place in the page."""
    if not isinstance(page, dict) or not isinstance(page.get("records"), list):
        raise SourceError(
            f"{path}: not a Salesforce query result (no 'records')",
            hint="Pass the JSON of /query and of each nextRecordsUrl as returned.",
        )
    found = []
    for position, record in enumerate(page["records"], start=1):
        attributes = record.get("attributes") or {}
        if attributes.get("type") == kind:
            found.append((position, _flatten(record)))
    return found


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Owner: {Name: …} becomes "Owner.Name"; attributes are dropped."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key == "attributes":
            continue
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _user_names(records: Iterator[dict[str, Any]] | list[Any]) -> dict[str, str]:
    names = {}
    for item in records:
        record = item[1] if isinstance(item, tuple) else item
        user_id = record.get("Id") or record.get("ID")
        name = record.get("Name") or record.get("NAME")
        if user_id and name:
            names[str(user_id)] = str(name)
    return names


def _extract_object(path: Path) -> str:
    tabular = open_tabular(path)
    tabular.close()
    headers = {header.upper() for header in tabular.headers}
    if "CASENUMBER" in headers:
        return "Case"
    if "USERNAME" in headers:
        return "User"
    return "Account"


def _csv_users(path: Path, context: ReadContext) -> Iterator[dict[str, Any]]:
    for record in tabular_records(path, "accounts", context):
        yield dict(record.fields)
