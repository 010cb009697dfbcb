"""Delighted: NPS survey responses and people, from API JSON.

- ``GET /v1/survey_responses.json``: a JSON array of responses (``score``,
  ``comment``, epoch ``created_at``, ``person`` as an id or, with
  ``expand[]=person``, the person object).
- ``GET /v1/people.json``: a JSON array of people (``id``, ``name``,
  ``email``); they give each respondent's e-mail.

A response links to the account of its respondent's company: a
``company``/``company_domain`` person property, else the e-mail domain.
A respondent with neither is kept and counted as unmatched. Scores outside
0–10 are rejected with the reason; a blank score stays blank (never 0).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.nps import response_fields
from lifebuoy.sources.origin import FileSample
from lifebuoy.sources.payloads import email_domain, epoch_text, items
from lifebuoy.sources.readers import read_json

COMPANY_PROPERTIES = ("company_domain", "Company Domain", "company", "Company")


class Delighted(Source):
    name: ClassVar[str] = "delighted"
    label: ClassVar[str] = "Delighted"
    tables: ClassVar[tuple[str, ...]] = ("nps",)
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "nps": {"account_ref": ("accountref",)},
    }

    def __init__(self) -> None:
        self.people: dict[str, dict[str, Any]] = {}

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        items = sample.objects("survey_responses")
        if items and all("survey_type" in item and "score" in item for item in items):
            return "it holds Delighted survey responses (survey_type, score)"
        if items and all({"email", "last_sent_at"} <= item.keys() for item in items):
            return "it holds Delighted people (email, last_sent_at)"
        return None

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        pages = [(path, _objects(path)) for path in paths]
        for _, objects in pages:
            for item in objects:
                if "score" not in item and "email" in item:
                    self.people[str(item.get("id"))] = item

        for path, objects in pages:
            context.start_file(path)
            for position, item in enumerate(objects, 1):
                if "score" in item:
                    fields = self._response(item)
                    unlinked = None if fields["account_ref"] else self._unlinked(item)
                    yield RawRecord("nps", path, position, fields, unlinked=unlinked)

    def _response(self, item: dict[str, Any]) -> dict[str, Any]:
        person = item.get("person")
        if not isinstance(person, dict):
            person = self.people.get(str(person), {"id": person})
        properties = item.get("person_properties") or {}
        email = person.get("email")
        company = next(
            (properties[name] for name in COMPANY_PROPERTIES if properties.get(name)),
            None,
        )
        return response_fields(
            response_id=item.get("id"),
            score=item.get("score"),
            responded_at=epoch_text(item.get("created_at")),
            comment=item.get("comment"),
            respondent=email or person.get("name") or person.get("id"),
            account_ref=company or email_domain(email),
        )

    def _unlinked(self, item: dict[str, Any]) -> str:
        """Why a response names no account."""
        person = item.get("person")
        if person is None:
            return "the response names no respondent"
        if not isinstance(person, dict):
            if str(person) not in self.people:
                return (
                    f"respondent {person} is not among the people given "
                    "(GET /v1/people.json gives their e-mail)"
                )
            person = self.people[str(person)]
        email = person.get("email")
        if not email:
            return f"respondent {person.get('id')} has no e-mail"
        return f"respondent {email} has no company e-mail domain"


def _objects(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() != ".json":
        raise SourceError(
            f"{path}: Delighted responses and people are read from API JSON",
            hint="For a CSV of NPS responses, use 'lifebuoy import nps FILE'.",
        )
    page = read_json(path)
    return items(path, page, "survey_responses" if isinstance(page, dict) else "")
