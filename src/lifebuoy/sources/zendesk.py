"""Zendesk: tickets and organizations, from API pages or a tickets CSV.

- Tickets: ``GET /api/v2/tickets.json`` pages (offset pages with
  ``next_page``, or cursor pages with ``meta``/``links``) and the
  incremental export ``GET /api/v2/incremental/tickets.json`` (the same
  ticket may come on several pages: the newest copy by ``updated_at`` is
  kept; deleted tickets are kept with status ``deleted`` and never counted
  as escalations).
- Organizations: ``GET /api/v2/organizations.json`` pages; each becomes an
  account (matched to the CRM's by domain, then name) and its tickets link
  to it.
- Users: ``GET /api/v2/users.json`` pages, or users side-loaded into ticket
  pages (``include=users``), give each requester's e-mail and organization.

A ticket with no organization is linked by its requester's organization,
else by the requester's e-mail domain; failing both it is kept and counted
as unmatched. Ticket ids are only unique within one Zendesk instance, so
they are qualified by the instance's subdomain when the ticket's ``url``
gives it ("acme/42"). The escalation tags are the workspace's
``signals.escalation_tags`` setting (default "escalated", "escalation").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.matching import AccountIndex
from lifebuoy.sources.origin import FileSample, listed
from lifebuoy.sources.payloads import (
    Page,
    count,
    email_domain,
    items,
    missing_pages,
    subdomain,
)
from lifebuoy.sources.readers import read_json
from lifebuoy.sources.tabular import tabular_records
from lifebuoy.workspace.settings import Settings, SignalSettings

SATISFACTION = {"good": 5.0, "bad": 1.0}
"""Zendesk's good/bad rating on the 1–5 CSAT scale; offered/unoffered is no rating."""


@dataclass(frozen=True)
class Requester:
    email: str | None
    name: str | None
    organization_id: str | None


PAGE_KEYS = ("tickets", "organizations", "users")
"""The list a Zendesk page holds, in the order a page is told by."""
PAGING_KEYS = ("next_page", "previous_page", "end_of_stream", "end_time")
"""Keys only Zendesk's offset pages and incremental exports have."""


class Zendesk(Source):
    name: ClassVar[str] = "zendesk"
    label: ClassVar[str] = "Zendesk"
    tables: ClassVar[tuple[str, ...]] = ("accounts", "tickets")
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "accounts": {"source_id": ("id",)},
        "tickets": {"account_ref": ("accountref",)},
    }

    def __init__(self, *, escalation_tags: Sequence[str] | None = None) -> None:
        tags = (
            SignalSettings().escalation_tags
            if escalation_tags is None
            else (escalation_tags)
        )
        self.escalation = _tag_pattern(tags)
        self.users: dict[str, Requester] = {}
        self.organizations: set[str] = set()

    def bind(self, accounts: AccountIndex, *, settings: Settings) -> None:
        self.escalation = _tag_pattern(settings.signals.escalation_tags)

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        page = sample.page
        if not isinstance(page, dict):
            return None
        key = next((key for key in PAGE_KEYS if isinstance(page.get(key), list)), None)
        if key is None:
            return None
        marks = [name for name in PAGING_KEYS if name in page]
        if not marks and {"meta", "links"} <= page.keys():
            marks = ["meta", "links"]
        return f"it is a Zendesk page of {key} ({listed(marks)})" if marks else None

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        pages = [(path, read_json(path)) for path in paths if _is_json(path)]
        for path, page in pages:
            if isinstance(page, dict) and "users" in page:
                self.users.update(_requesters(items(path, page, "users")))

        for path, page in pages:
            if isinstance(page, dict) and "organizations" in page:
                context.start_file(path)
                yield from self._organization_records(path, page)
        for path, page in pages:
            if _kind(path, page) == "tickets":
                context.start_file(path)
                yield from self._ticket_records(path, page)
        for path in paths:
            if not _is_json(path):
                yield from tabular_records(path, "tickets", context)
        context.missing_pages.extend(_missing_pages(pages))

    def _organization_records(self, path: Path, page: Any) -> Iterator[RawRecord]:
        for position, item in enumerate(items(path, page, "organizations"), 1):
            domains = item.get("domain_names") or []
            self.organizations.add(str(item.get("id")))
            fields = {
                "id": item.get("id"),
                "name": item.get("name"),
                "domain": domains[0] if domains else None,
                "updated_at": item.get("updated_at"),
            }
            yield RawRecord("accounts", path, position, fields)

    def _ticket_records(self, path: Path, page: Any) -> Iterator[RawRecord]:
        for position, item in enumerate(items(path, page, "tickets"), 1):
            fields = self._ticket_fields(item)
            unlinked = None if fields["account_ref"] else self._unlinked(item)
            yield RawRecord("tickets", path, position, fields, unlinked=unlinked)

    def _ticket_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        status = str(item.get("status") or "").lower() or None
        priority = item.get("priority")
        tags = [str(tag) for tag in item.get("tags") or []]
        channel = (item.get("via") or {}).get("channel")
        rating = (item.get("satisfaction_rating") or {}).get("score")
        escalated = status != "deleted" and (
            str(priority).lower() == "urgent" or any(map(self.escalation.match, tags))
        )
        return {
            "ticket_id": _ticket_id(item),
            "created_at": item.get("created_at"),
            "updated_at": item.get("updated_at"),
            "status": status,
            "priority": priority,
            "escalated": escalated,
            "csat": SATISFACTION.get(str(rating).lower()),
            "subject": item.get("subject") or item.get("raw_subject"),
            "body": item.get("description"),
            "tags": ", ".join([*tags, f"via:{channel}"] if channel else tags),
            "assignee": self._person(item.get("assignee_id")),
            "account_ref": self._account_ref(item),
        }

    def _unlinked(self, item: dict[str, Any]) -> str:
        """Why a ticket names no account: no organization, and none or no
        company e-mail domain for its requester."""
        requester = self.users.get(str(item.get("requester_id")))
        if requester is None:
            return (
                f"it has no organization, and its requester {item.get('requester_id')} "
                "is not among the users given (GET /api/v2/users.json)"
            )
        who = requester.email or requester.name or item.get("requester_id")
        return (
            f"it has no organization, and its requester {who} has neither an "
            "organization nor a company e-mail domain"
        )

    def _person(self, user_id: Any) -> str | None:
        if user_id is None:
            return None
        user = self.users.get(str(user_id))
        return (user.name or user.email) if user else str(user_id)

    def _account_ref(self, item: dict[str, Any]) -> str | None:
        """The ticket's organization, else its requester's, else their domain."""
        if item.get("organization_id") is not None:
            return str(item["organization_id"])
        requester = self.users.get(str(item.get("requester_id")))
        if requester is None:
            email = (item.get("requester") or {}).get("email")
            return email_domain(email or _from_address(item))
        if requester.organization_id is not None:
            return requester.organization_id
        return email_domain(requester.email)


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def _missing_pages(pages: list[tuple[Path, Any]]) -> Iterator[str]:
    """Per list (tickets, organizations, users), a note when more pages follow."""
    by_key: dict[str, list[Page]] = {}
    for path, page in pages:
        key = next((key for key in PAGE_KEYS if key in page), None)
        if key is None or not isinstance(page[key], list):
            continue
        by_key.setdefault(key, []).append(_page(path, page, len(page[key])))
    for found in by_key.values():
        note = missing_pages(found)
        if note:
            yield note


def _page(path: Path, page: dict[str, Any], records: int) -> Page:
    """An incremental export, a cursor page or an offset page, as a Page."""
    if "end_of_stream" in page:
        follows = None
        if page["end_of_stream"] is False:
            follows = f"end_of_stream false, next_page {page.get('next_page')}"
        return Page(path, records, None, follows)
    meta = page.get("meta")
    if isinstance(meta, dict) and "has_more" in meta:
        links = page.get("links") or {}
        follows = f"meta.has_more, links.next {links.get('next')}"
        return Page(path, records, None, follows if meta["has_more"] else None)
    next_page = page.get("next_page")
    follows = f"next_page {next_page}" if next_page else None
    return Page(path, records, count(page.get("count")), follows)


def _kind(path: Path, page: Any) -> str:
    if isinstance(page, dict) and "tickets" in page:
        return "tickets"
    if isinstance(page, dict) and ({"organizations", "users"} & page.keys()):
        return "other"
    raise SourceError(
        f"{path}: not a Zendesk page of tickets, organizations or users",
        hint="Pass /api/v2/tickets.json, /incremental/tickets.json, "
        "/organizations.json or /users.json responses as returned.",
    )


def _tag_pattern(tags: Sequence[str]) -> re.Pattern[str]:
    words = "|".join(re.escape(tag) for tag in tags) or "(?!)"
    return re.compile(rf"(?i)^({words})$")


def _requesters(users: list[dict[str, Any]]) -> dict[str, Requester]:
    found = {}
    for user in users:
        organization = user.get("organization_id")
        found[str(user.get("id"))] = Requester(
            user.get("email"),
            user.get("name"),
            None if organization is None else str(organization),
        )
    return found


def _ticket_id(item: dict[str, Any]) -> str | None:
    if item.get("id") is None:
        return None
    instance = subdomain(item.get("url"))
    return f"{instance}/{item['id']}" if instance else str(item["id"])


def _from_address(item: dict[str, Any]) -> str | None:
    source = (item.get("via") or {}).get("source") or {}
    address = (source.get("from") or {}).get("address")
    return address if isinstance(address, str) else None
