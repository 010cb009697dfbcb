"""The text signal, evaluating_alternatives, and the chat contacts.

Competitor names and "evaluating alternatives" phrases come from the
settings and match case-insensitively on word boundaries, so a competitor
called "Front" matches "Front" and "front," but not "frontend". The match
runs in the backend; only each account's latest matching text is fetched,
and the matched phrase and its snippet are cut from it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import ibis

from lifebuoy.signals.context import (
    Context,
    Outcome,
    day_label,
    gap,
    grouped_contacts,
    latest_per_account,
    own_id,
    plural,
    snippet,
    text_id,
)
from lifebuoy.signals.model import Contact, Evidence, Signal, SignalName
from lifebuoy.signals.windows import Window, last_days

if TYPE_CHECKING:
    import ibis.expr.types as ir

NO_TEXT = "no tickets, activities or chat data"
KIND_LABELS = {"email_in": "email", "email_out": "email", "qbr": "QBR"}
"""How a text's kind reads in a reason: "(email 3 Nov)"."""


@dataclass(frozen=True)
class Term:
    """One configured competitor or phrase, with its word-boundary pattern."""

    text: str
    competitor: bool

    @property
    def words(self) -> str:
        """The words, any run of spaces between them, without word boundaries."""
        return r"\s+".join(re.escape(word) for word in self.text.split())

    @property
    def pattern(self) -> str:
        words = self.words
        left = r"\b" if re.match(r"\w", self.text) else ""
        right = r"\b" if re.search(r"\w$", self.text) else ""
        return f"{left}{words}{right}"


def terms(context: Context) -> tuple[Term, ...]:
    settings = context.settings
    named = [Term(name, True) for name in settings.competitors if name.strip()]
    phrases = [
        Term(text, False) for text in settings.alternative_phrases if text.strip()
    ]
    return (*named, *phrases)


def any_term_pattern(found: tuple[Term, ...]) -> str:
    """One case-insensitive pattern for every term (RE2 and Python alike)."""
    return "(?i)(?:" + "|".join(term.pattern for term in found) + ")"


def any_words_pattern(found: tuple[Term, ...]) -> str:
    """Like any_term_pattern without word boundaries: cheaper, and never stricter.

    Every text the full pattern matches also matches this one, so it can sift
    texts first and leave the boundaries to the few that pass.
    """
    return "(?i)(?:" + "|".join(term.words for term in found) + ")"


def evaluating_alternatives(context: Context) -> Outcome:
    texts = _texts(context)
    if texts is None:
        return gap(SignalName.EVALUATING_ALTERNATIVES, NO_TEXT)
    found = terms(context)
    if not found:
        return []

    pattern = any_term_pattern(found)
    hits = texts.filter(
        texts.text.re_search(any_words_pattern(found)), texts.text.re_search(pattern)
    )
    latest = latest_per_account(
        hits, hits.at.desc(), hits.kind.asc(), hits.item_id.asc()
    )
    rows = context.fetch(latest)

    matcher = re.compile(pattern)
    each = {term: re.compile(term.pattern, re.IGNORECASE) for term in found}
    return [(row["account_id"], _signal(row, matcher, each, context)) for row in rows]


def _texts(context: Context) -> ir.Table | None:
    """Every text in the window: account_id, kind, item_id, at, dated, text."""
    window = last_days(context.as_of, context.settings.text_days)
    parts = [
        part
        for part in (
            _ticket_texts(context, window),
            _activity_texts(context, window),
            _chat_texts(context, window),
        )
        if part is not None
    ]
    if not parts:
        return None
    union = parts[0]
    for part in parts[1:]:
        union = union.union(part)
    return union.filter(union.account_id.notnull(), union.text.notnull())


def _ticket_texts(context: Context, window: Window) -> ir.Table | None:
    tickets = context.table("tickets")
    if tickets is None:
        return None
    rows = tickets.filter(window.holds_instant(tickets.created_at, context.zone))
    return rows.select(
        account_id=rows.account_id,
        kind=ibis.literal("ticket"),
        item_id=rows.ticket_id,
        at=rows.created_at.cast("timestamp"),
        dated=ibis.literal(False),
        text=_joined(rows.subject, rows.body),
    )


def _activity_texts(context: Context, window: Window) -> ir.Table | None:
    activities = context.table("activities")
    if activities is None:
        return None
    rows = activities.filter(window.holds_date(activities.date))
    return rows.select(
        account_id=rows.account_id,
        kind=rows.type.fill_null("activity"),
        item_id=rows.activity_id,
        at=rows.date.cast("timestamp"),
        dated=ibis.literal(True),
        text=_joined(rows.subject, rows.body),
    )


def _chat_texts(context: Context, window: Window) -> ir.Table | None:
    chat = context.table("chat_messages")
    if chat is None:
        return None
    rows = chat.filter(window.holds_instant(chat.ts, context.zone))
    return rows.select(
        account_id=rows.account_id,
        kind=ibis.literal("chat"),
        item_id=rows.message_id,
        at=rows.ts.cast("timestamp"),
        dated=ibis.literal(False),
        text=rows.text,
    )


def _joined(subject: ir.StringValue, body: ir.StringValue) -> ir.StringValue:
    return subject.fill_null("") + "\n" + body.fill_null("")


def _signal(
    row: dict[str, Any],
    matcher: re.Pattern[str],
    found: dict[Term, re.Pattern[str]],
    context: Context,
) -> Signal:
    text: str = row["text"]
    term, start, end = _first_match(text, matcher, found)
    at: datetime = row["at"]
    day = at.date() if row["dated"] else context.local_day(at)
    where = f"{KIND_LABELS.get(row['kind'], row['kind'])} {day_label(day)}"
    count = int(row["matches"])

    if term is not None and term.competitor:
        reason = f"Mentions {term.text} ({where})"
    else:
        reason = f"Evaluating alternatives ({where})"
    evidence = Evidence(
        reason=reason,
        detail=(
            f"{row['kind'].capitalize()} {own_id(row['item_id'])} "
            f"on {day.isoformat()} says {text[start:end]!r} "
            f"({plural(count, 'matching text')} in the last "
            f"{context.settings.text_days} days)"
        ),
        ids=(text_id(row["item_id"]),),
        dates=(day,),
        numbers={"matching_texts": count},
        snippet=snippet(text, start, end),
        source=_source(row["kind"]),
    )
    return Signal(SignalName.EVALUATING_ALTERNATIVES, evidence)


def _first_match(
    text: str, matcher: re.Pattern[str], found: dict[Term, re.Pattern[str]]
) -> tuple[Term | None, int, int]:
    """The term to show: the first competitor named, else the first phrase."""
    for term, pattern in found.items():
        match = pattern.search(text) if term.competitor else None
        if match:
            return term, match.start(), match.end()
    match = matcher.search(text)
    if match is None:
        return None, 0, 0
    return _term_of(match.group(), found), match.start(), match.end()


def _term_of(matched: str, found: dict[Term, re.Pattern[str]]) -> Term | None:
    for term, pattern in found.items():
        if pattern.fullmatch(matched):
            return term
    return None


def _source(kind: str) -> str:
    if kind == "ticket":
        return "tickets"
    if kind == "chat":
        return "chat_messages"
    return "activities"


def chat_contacts(context: Context) -> dict[str, list[Contact]]:
    """People who wrote in chat about the account within the text window."""
    chat = context.table("chat_messages")
    if chat is None:
        return {}

    window = last_days(context.as_of, context.settings.text_days)
    rows = chat.filter(
        chat.account_id.notnull(),
        chat.author.notnull(),
        window.holds_instant(chat.ts, context.zone),
    )
    pairs = (
        rows.select("account_id", "author").distinct().order_by("account_id", "author")
    )
    columns = context.fetch_columns(pairs)
    return grouped_contacts(columns["account_id"], columns["author"], role="chat")
