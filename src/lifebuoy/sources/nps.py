"""Any NPS survey export as CSV/XLSX: one response a row.

Headers are matched by the usual synonyms ("Score", "Email", "Date",
"Comment", "Company"…). A row links to its account by a company/account
column, else by the respondent's e-mail domain; a row without either is
kept and counted as unmatched. When the file has no response id, a row's
id is its respondent and time ("ann@acme.io@2026-01-05T10:00"), so
importing the file again finds the same responses. Scores outside 0–10 are
rejected with the reason; a blank score stays blank, never 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.payloads import email_domain
from lifebuoy.sources.tabular import tabular_records
from lifebuoy.sources.values import clean_text, is_blank


class Nps(Source):
    name: ClassVar[str] = "nps"
    label: ClassVar[str] = "NPS"
    tables: ClassVar[tuple[str, ...]] = ("nps",)
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "nps": {
            "score": ("likelihoodtorecommend", "howlikely", "rating"),
            "respondent": ("emailaddress", "respondentemail", "personemail"),
            "account_ref": ("accountref", "companydomain"),
        },
    }

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        for path in paths:
            yield from tabular_records(path, "nps", context)

    def map(self, record: RawRecord, row: dict[str, Any]) -> dict[str, Any]:
        respondent = clean_text(row.get("respondent"))
        if is_blank(row.get("account_ref")):
            row["account_ref"] = email_domain(respondent)
        if is_blank(row.get("response_id")):
            moment = clean_text(row.get("responded_at"))
            row["response_id"] = (
                f"{respondent}@{moment}"
                if respondent and moment
                else f"{record.file.name}:{record.line}"
            )
        return row


def response_fields(
    *,
    response_id: Any,
    score: Any,
    responded_at: Any,
    comment: Any,
    respondent: Any,
    account_ref: Any,
) -> dict[str, Any]:
    """One NPS response in the canonical column names."""
    return {
        "response_id": response_id,
        "score": score,
        "responded_at": responded_at,
        "comment": comment,
        "respondent": respondent,
        "account_ref": account_ref,
    }
