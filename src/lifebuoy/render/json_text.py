"""Documents as JSON text: indented by two, UTF-8 as is, a newline at the end.

The text is byte for byte what ``json.dumps(document, indent=2,
ensure_ascii=False)`` writes, plus the newline, several times faster on a
large plan (``benchmarks/plan.py`` measures both). orjson encodes; the
standard library encodes instead where orjson cannot (integers past 64 bits,
text with lone surrogates, keys that are not strings, nesting past 254
levels) or where it writes a float its own way (under 1e-4 in magnitude:
0.00001 and 1e-7 for the standard 1e-05 and 1e-07).
Values JSON lacks (Decimal, dates, dataclasses) raise TypeError, as before.

One difference stays: a NaN or infinite float is written null, not the
NaN or Infinity that JSON does not allow. No document holds one: money is
text, and the only floats, health measures, are rounded finite values.
"""

from __future__ import annotations

import json
import re

import orjson

OPTIONS = (
    orjson.OPT_INDENT_2
    | orjson.OPT_APPEND_NEWLINE
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
"""Dates and dataclasses pass through to the standard library, which refuses
them, instead of being written in orjson's own form."""

SMALL_FLOATS = (re.compile(rb"\.0000"), re.compile(rb"e-[5-9]"))
"""How orjson writes floats under 1e-4 in magnitude. Searched apart: each has
a literal start, which the regex engine finds fast; text that merely holds
one of them is encoded by the standard library too, at no cost but time."""


def json_text(document: object) -> str:
    """DOCUMENT as indented JSON text ending in a newline."""
    try:
        encoded = orjson.dumps(document, option=OPTIONS)
    except orjson.JSONEncodeError:
        return standard_json_text(document)

    if any(pattern.search(encoded) for pattern in SMALL_FLOATS):
        return standard_json_text(document)
    return encoded.decode()


def standard_json_text(document: object) -> str:
    """The same text from the standard library's encoder, slow on large plans."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
