"""The shape every source has: a name, the tables it feeds, ``read`` and ``map``.

A source module defines one subclass of :class:`Source`:

- ``read(paths, context)`` yields a :class:`RawRecord` per record found in
  the files, as the system wrote it (a flat field → value mapping), with
  the table it feeds and the file and line it came from;
- ``map(record, row)`` gets the row the common header mapping made from the
  record (canonical and helper columns, values still raw) and adjusts what
  only this system knows, e.g. an owner id into the owner's name;
- ``recognises(sample)`` says why a file plainly comes from this system (its
  headers, or its API pages' shape), so that another importer refuses it.

Everything else (typing values, matching accounts, upserting, rejects, the
report) is the pipeline's job, the same for every source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from lifebuoy.sources.readers import ProgressCallback
from lifebuoy.sources.values import DateOrder

if TYPE_CHECKING:
    from lifebuoy.sources.matching import AccountIndex
    from lifebuoy.sources.origin import FileSample
    from lifebuoy.workspace.settings import Settings


@dataclass(frozen=True)
class RawRecord:
    table: str
    file: Path
    line: int | None
    """The line a CSV row starts on; for JSON, the record's place in its page."""
    fields: Mapping[str, Any]
    decimal_comma: bool = False
    problem: str | None = None
    """Why the record cannot be read at all (e.g. a row with too many values)."""
    key: str | None = None
    """The record's identity when it is not its row's key (e.g. a deal's id)."""
    counted_as: str | None = None
    """What the report counts the record as when it only updates rows of its
    table (a HubSpot deal updates an account: "deals")."""
    unlinked: str | None = None
    """Why the record names no account, when its source can tell ("respondent
    98 is not among the people given"); the report shows it."""
    headers: tuple[str, ...] | None = None
    """The file's header row as written, a repeated header twice; FIELDS
    keeps one of the two. None when the record's file has no header row."""


@dataclass
class ReadContext:
    """What a source's reader may use and tell: options, notes, progress."""

    table: str | None = None
    date_order: DateOrder = "mdy"
    notes: list[str] = field(default_factory=list)
    empty_files: list[Path] = field(default_factory=list)
    """Files read that hold no rows (empty, or a header only)."""
    missing_pages: list[str] = field(default_factory=list)
    """Per query whose pages say more follow than were given, what to say."""
    progress: ProgressCallback | None = None
    on_file: Callable[[Path], None] | None = None
    known_headers: Callable[[str, list[str]], int] | None = None
    """How many cells of a row are headers of a table the import knows (by
    synonym or the --map file): it finds the header row of a workbook."""

    def start_file(self, path: Path) -> None:
        if self.on_file is not None:
            self.on_file(path)


class Source:
    """Base of every source; subclasses set the class attributes and ``read``."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    """The system's name in messages: "HubSpot"."""
    tables: ClassVar[tuple[str, ...]] = ()
    synonyms: ClassVar[Mapping[str, Mapping[str, tuple[str, ...]]]] = {}
    prefix_ids: ClassVar[bool] = True
    """Whether ids are made unique per system ("hubspot:512") or kept as given."""
    generic: ClassVar[bool] = False
    """Whether the source reads a table of any system (csv): a file of a known
    system is then read with a note rather than refused."""
    helper_tables: ClassVar[bool] = False
    """Whether the CSV/XLSX files given to this source only help it (a user →
    account mapping) rather than hold its records; such files are not checked
    for another system's headers."""

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        """Why SAMPLE plainly comes from this system ("its columns ISDELETED and
        SYSTEMMODSTAMP are Salesforce fields"); None when it does not."""
        return None

    def files(self, paths: Sequence[Path]) -> list[Path]:
        """The files to read for PATHS; a source whose export is a folder
        turns the folder into the files it holds."""
        return list(paths)

    def bind(self, accounts: AccountIndex, *, settings: Settings) -> None:
        """Called before ``read`` with the workspace's accounts and settings, for
        sources that link records by the names they mention or read a setting."""

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        raise NotImplementedError

    def map(self, record: RawRecord, row: dict[str, Any]) -> dict[str, Any]:
        return row
