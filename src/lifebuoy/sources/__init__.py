"""Sources: each system's exports turned into the canonical tables.

Every source is a :class:`Source` of the same shape (see ``base.py``) and
plugs into one pipeline, :func:`run_import` (see ``pipeline.py``).
"""

from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.pipeline import ImportReport, TableCounts, run_import
from lifebuoy.sources.registry import SOURCES, get_source

__all__ = [
    "SOURCES",
    "ImportReport",
    "RawRecord",
    "ReadContext",
    "Source",
    "TableCounts",
    "get_source",
    "run_import",
]
