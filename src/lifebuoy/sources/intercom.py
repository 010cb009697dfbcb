"""Intercom: conversations into tickets, companies into accounts (API JSON).

- ``GET /conversations`` pages (``conversation.list``) and single
  conversations (``GET /conversations/{id}``, with ``conversation_parts``).
  A conversation given twice (a list and its own page) is read once:
  the newest copy, keeping the parts and values only the other copy has.
  State, priority, tags, ``statistics.count_reopens`` and the rating map to
  the ticket columns; the text is the opening message followed by the
  comment parts (HTML removed). Intercom's "priority" flag is high
  priority; a tag among the escalation tags (the ``signals.escalation_tags``
  setting) marks the ticket escalated.
- ``GET /companies`` or ``/companies/scroll`` pages: each company becomes an
  account (matched to the CRM's by website domain, then name).
- ``GET /contacts`` pages, when given, link each contact to its company.

A conversation links to its contact's company, else to the e-mail domain of
the person who opened it; failing both it is kept and counted as unmatched.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
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
    epoch_text,
    missing_pages,
)
from lifebuoy.sources.readers import read_json
from lifebuoy.workspace.settings import Settings, SignalSettings

PRIORITIES = {"priority": "high", "not_priority": "normal"}
AUTHORS = frozenset({"user", "lead", "contact"})
"""Author types that are people of a customer (not admins or bots)."""
TEXT_PARTS = frozenset({"comment", "note", "assignment"})
_TAG = re.compile(r"<[^>]+>")


class Intercom(Source):
    name: ClassVar[str] = "intercom"
    label: ClassVar[str] = "Intercom"
    tables: ClassVar[tuple[str, ...]] = ("accounts", "tickets")
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "accounts": {"source_id": ("id",)},
        "tickets": {"account_ref": ("accountref",)},
    }

    def __init__(self) -> None:
        self.escalation_tags = {tag.lower() for tag in SignalSettings().escalation_tags}
        self.contact_companies: dict[str, str] = {}

    def bind(self, accounts: AccountIndex, *, settings: Settings) -> None:
        self.escalation_tags = {tag.lower() for tag in settings.signals.escalation_tags}

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        page = sample.page
        kind = page.get("type") if isinstance(page, dict) else None
        if kind in {"conversation.list", "conversation"}:
            return f"it is an Intercom response of type {kind!r}"
        types = {item.get("type") for item in sample.objects("data")}
        if kind == "list" and types and types <= {"company", "contact", "admin"}:
            return f"it is an Intercom list of {listed(sorted(map(str, types)))}s"
        return None

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        pages = [(path, _kind(path, page), page) for path, page in _pages(paths)]
        for _, kind, page in pages:
            if kind == "contacts":
                self.contact_companies.update(_contact_companies(page["data"]))

        for path, kind, page in pages:
            if kind == "companies":
                context.start_file(path)
                for position, company in enumerate(page["data"], 1):
                    yield RawRecord("accounts", path, position, _company(company))
        merged = _merged_conversations(pages)
        for position, (path, item) in enumerate(merged.values(), 1):
            context.start_file(path)
            fields = self._ticket(item)
            unlinked = None if fields["account_ref"] else _unlinked(item)
            yield RawRecord("tickets", path, position, fields, unlinked=unlinked)
        context.missing_pages.extend(_missing_pages(pages))

    def _ticket(self, item: dict[str, Any]) -> dict[str, Any]:
        source = item.get("source") or {}
        tags = [tag.get("name") for tag in (item.get("tags") or {}).get("tags", [])]
        priority = PRIORITIES.get(str(item.get("priority")))
        rating = item.get("conversation_rating") or {}
        return {
            "ticket_id": item.get("id"),
            "created_at": epoch_text(item.get("created_at")),
            "updated_at": epoch_text(item.get("updated_at")),
            "status": item.get("state"),
            "priority": priority,
            "escalated": any(str(tag).lower() in self.escalation_tags for tag in tags),
            "reopens": (item.get("statistics") or {}).get("count_reopens"),
            "csat": rating.get("rating"),
            "subject": _text(item.get("title")) or _text(source.get("subject")),
            "body": _body(item),
            "tags": ", ".join(str(tag) for tag in tags if tag),
            "assignee": item.get("admin_assignee_id"),
            "account_ref": self._account_ref(item),
        }

    def _account_ref(self, item: dict[str, Any]) -> str | None:
        contacts = (item.get("contacts") or {}).get("contacts") or []
        for contact in contacts:
            company = self.contact_companies.get(str(contact.get("id")))
            if company:
                return company
        author = (item.get("source") or {}).get("author") or {}
        if author.get("type") in AUTHORS:
            return email_domain(author.get("email"))
        return None


def _unlinked(item: dict[str, Any]) -> str:
    """Why a conversation names no account: neither a contact's company nor
    its author's e-mail domain is known."""
    contacts = (item.get("contacts") or {}).get("contacts") or []
    who = "it names no contact"
    if contacts:
        who = (
            f"its contact {contacts[0].get('id')} has no company among the "
            "contacts given (GET /contacts)"
        )
    author = (item.get("source") or {}).get("author") or {}
    email = author.get("email") if author.get("type") in AUTHORS else None
    if email:
        return f"{who}, and its author {email} has no company e-mail domain"
    return f"{who}, and its author is no contact with an e-mail"


def _pages(paths: Sequence[Path]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in paths:
        page = read_json(path)
        if not isinstance(page, dict):
            raise SourceError(
                f"{path}: not an Intercom API response",
                hint="Pass /conversations, /companies or /contacts responses.",
            )
        yield path, page


def _missing_pages(pages: list[tuple[Path, str, dict[str, Any]]]) -> Iterator[str]:
    """Per kind of list page, a note when the pages say more follow."""
    by_kind: dict[str, list[Page]] = {}
    for path, kind, page in pages:
        found = (
            page.get("conversations") if kind == "conversations" else page.get("data")
        )
        if kind == "conversation" or not isinstance(found, list):
            continue
        total = count(page.get("total_count"))
        follows = _follows(page, found)
        by_kind.setdefault(kind, []).append(Page(path, len(found), total, follows))
    for kind_pages in by_kind.values():
        note = missing_pages(kind_pages)
        if note:
            yield note


def _follows(page: dict[str, Any], found: list[Any]) -> str | None:
    """What says another page follows: ``pages.next``, or a scroll page that
    still held records (scrolling ends with the first empty page)."""
    after = (page.get("pages") or {}).get("next")
    if after:
        return f"pages.next {json.dumps(after)}"
    scroll = page.get("scroll_param")
    if scroll and found:
        return f"scroll_param {json.dumps(scroll)}"
    return None


def _merged_conversations(
    pages: list[tuple[Path, str, dict[str, Any]]],
) -> dict[str, tuple[Path, dict[str, Any]]]:
    """One copy per conversation: the newest, keeping the parts another had."""
    merged: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path, kind, page in pages:
        found = page.get("conversations") or [] if kind == "conversations" else []
        for item in [page] if kind == "conversation" else found:
            key = str(item.get("id"))
            if key in merged:
                item = _newer(merged[key][1], item)
            merged[key] = (path, item)
    return merged


def _newer(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    older, newer = first, second
    if (first.get("updated_at") or 0) > (second.get("updated_at") or 0):
        older, newer = second, first
    combined = {**older, **{k: v for k, v in newer.items() if v is not None}}
    return combined


def _kind(path: Path, page: dict[str, Any]) -> str:
    if page.get("type") == "conversation.list":
        return "conversations"
    if page.get("type") == "conversation":
        return "conversation"
    data = page.get("data")
    if isinstance(data, list):
        types = {item.get("type") for item in data if isinstance(item, dict)}
        if types <= {"company"}:
            return "companies"
        if types <= {"contact"}:
            return "contacts"
    raise SourceError(
        f"{path}: not an Intercom page of conversations, companies or contacts",
        hint="Pass /conversations, /companies/scroll or /contacts responses.",
    )


def _contact_companies(contacts: list[dict[str, Any]]) -> dict[str, str]:
    found = {}
    for contact in contacts:
        companies = (contact.get("companies") or {}).get("data") or []
        if companies:
            found[str(contact.get("id"))] = str(companies[0].get("id"))
    return found


def _company(company: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": company.get("id"),
        "name": company.get("name"),
        "domain": company.get("website"),
        "updated_at": epoch_text(company.get("updated_at")),
    }


def _body(item: dict[str, Any]) -> str | None:
    texts = [_text((item.get("source") or {}).get("body"))]
    parts = (item.get("conversation_parts") or {}).get("conversation_parts") or []
    texts.extend(_text(part.get("body")) for part in parts if _is_text(part))
    joined = "\n\n".join(text for text in texts if text)
    return joined or None


def _is_text(part: dict[str, Any]) -> bool:
    return part.get("part_type") in TEXT_PARTS and bool(part.get("body"))


def _text(markup: Any) -> str | None:
    if not isinstance(markup, str):
        return None
    text = html.unescape(_TAG.sub(" ", markup))
    return " ".join(text.split()) or None
