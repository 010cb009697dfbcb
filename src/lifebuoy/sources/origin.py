"""What a file shows of the system it comes from, read without loading it whole.

Before an import reads anything into the workspace, each file given is
sampled: a CSV, XLSX or Parquet file by its header, a JSON document whole
(API pages are small) or, when it is large or JSON lines, by its first
objects, and a zip by its member names. Every source says whether a
sample plainly comes from its own system (``Source.recognises``), so a
Salesforce extract given to ``lifebuoy import hubspot`` is refused with the
importer to use instead of being loaded as HubSpot companies.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ijson  # type: ignore[import-untyped]

from lifebuoy.errors import LifebuoyError
from lifebuoy.sources.events import json_lines
from lifebuoy.sources.mapping import fold
from lifebuoy.sources.readers import open_tabular, read_json

TABULAR_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet"})
LINES_SUFFIXES = frozenset({".jsonl", ".ndjson", ".gz"})
WHOLE_JSON_BYTES = 32 << 20
"""A JSON file up to this size is parsed whole to sample it; a larger one
only by its first objects."""
FIRST_OBJECTS = 3
FIRST_LINE_BYTES = 1 << 20


@dataclass(frozen=True)
class FileSample:
    """A file's header (tabular files), a JSON sample (the document, or a list
    of its first objects), or a zip's member names."""

    headers: tuple[str, ...] = ()
    page: Any = None
    members: tuple[str, ...] = ()

    @property
    def tabular(self) -> bool:
        return bool(self.headers)

    def headers_among(self, names: Collection[str]) -> list[str]:
        """The headers whose folded form is one of NAMES, as the file writes them."""
        return [header for header in self.headers if fold(header) in names]

    def objects(self, key: str | None = None) -> list[dict[str, Any]]:
        """The page's objects: the page when it is a list, else its list under
        KEY; only the dicts, [] when there is no such list."""
        found = self.page.get(key) if isinstance(self.page, dict) and key else None
        if isinstance(self.page, list):
            found = self.page
        if not isinstance(found, list):
            return []
        return [item for item in found if isinstance(item, dict)]


def sample_file(path: Path) -> FileSample | None:
    """PATH's sample; None for a folder, another kind of file, or one that
    cannot be read (its importer then says why)."""
    suffix = path.suffix.lower()
    try:
        if suffix in TABULAR_SUFFIXES:
            return _tabular_sample(path)
        if suffix == ".zip":
            return _zip_sample(path)
        if suffix in LINES_SUFFIXES:
            return FileSample(page=_first_objects(path))
        if suffix == ".json":
            return FileSample(page=_json_sample(path))
    except (LifebuoyError, OSError, ValueError, zipfile.BadZipFile):
        return None
    return None


def listed(words: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _tabular_sample(path: Path) -> FileSample:
    tabular = open_tabular(path)
    tabular.close()
    return FileSample(headers=tuple(header for header in tabular.headers if header))


def _zip_sample(path: Path) -> FileSample:
    with zipfile.ZipFile(path) as archive:
        members = tuple(archive.namelist())
    page = None
    if not any(Path(member).name == "channels.json" for member in members):
        page = _first_objects(path)
    return FileSample(page=page, members=members)


def _first_objects(path: Path) -> list[Any]:
    objects: list[Any] = []
    for _, _, found in json_lines(path):
        objects.append(found)
        if len(objects) == FIRST_OBJECTS:
            break
    return objects


def _json_sample(path: Path) -> Any:
    """The document when it is small and valid; else its first objects (an
    array's first item, or the first JSON line)."""
    if path.stat().st_size <= WHOLE_JSON_BYTES:
        try:
            return read_json(path)
        except LifebuoyError:
            pass
    with path.open("rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \r\n\t")
        handle.seek(0)
        try:
            if start.startswith(b"["):
                first = ijson.items(handle, "item", use_float=True)
                return [next(iter(first), None)]
            return [json.loads(handle.readline(FIRST_LINE_BYTES))]
        except ijson.JSONError:
            return None
