"""The words of the scope language: tokens, keywords and the workspace's names.

``tokenize`` turns the user's text into the terminals of ``scope.lark``. It
ignores case, punctuation and filler words, folds plurals, and keeps every
token's place in the text so an error can point at it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Literal

from lark import Token

from lifebuoy.planning.model import TIER_WORDS, Tier

if TYPE_CHECKING:
    from lifebuoy.workspace.store import Workspace

ValueKind = Literal["segment", "region", "owner"]

MAX_TEXT = 500
"""Longer scopes are refused, which bounds the parser's time and memory."""

_TOKEN = re.compile(
    r"""
    (?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![0-9]))
    |(?P<money>[$€£]\ ?[0-9][0-9,]*(?:\.[0-9]+)?(?:\ ?[kKmM](?![^\W_]))?
      |[0-9]+(?:\.[0-9]+)?[kKmM](?![^\W_])
      |[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9]))
    |(?P<number>[0-9]+(?:\.[0-9]+)?)
    |(?P<compare>[<>≤≥]=?)
    |(?P<word>[^\W\d_][^\W_]*(?:['’][^\W\d_]+)*)
    |(?P<other>\S)
    """,
    re.VERBOSE,
)

_WORDS: dict[str, tuple[str, ...]] = {
    "TIER": tuple(word for word in TIER_WORDS if word != "low"),
    "FROM": ("from",),
    "LAST": ("last", "latest", "previous", "recent", "prior"),
    "MOST": ("most",),
    "FIND": ("find",),
    "AT": ("at",),
    "RISK": ("risk", "risky"),
    "LIST": ("list",),
    "RUN": ("run",),
    "PLAN": ("plan",),
    "RENEWING": ("renewing", "renewal", "renew", "renews", "renewed"),
    "IN": ("in",),
    "WITHIN": ("within",),
    "NEXT": ("next", "coming"),
    "THIS": ("this", "current"),
    "BEFORE": ("before",),
    "BY": ("by",),
    "UNTIL": ("until", "till", "through", "thru"),
    "AFTER": ("after",),
    "BETWEEN": ("between",),
    "SOON": ("soon",),
    "UNIT": ("day", "week", "month", "quarter", "year"),
    "WITH": ("with", "having", "showing"),
    "FLAG": ("flag", "flagged", "signal"),
    "ANY": ("any",),
    "PAYMENT": ("payment", "billing", "invoice"),
    "ISSUE": ("issue", "problem", "trouble"),
    "FAILED": ("failed", "failure", "failing"),
    "LATE": ("late", "overdue", "delayed"),
    "USAGE": ("usage", "adoption"),
    "DECLINE": (
        "decline",
        "declining",
        "drop",
        "dropping",
        "dropped",
        "falling",
        "decrease",
        "decreasing",
    ),
    "ESCALATION": ("escalation", "escalated"),
    "COMPETITOR": ("competitor", "competition", "competitive"),
    "EVALUATING": ("evaluating", "considering", "exploring"),
    "ALTERNATIVE": ("alternative",),
    "NPS": ("nps",),
    "DETRACTOR": ("detractor",),
    "LOW": ("low", "poor"),
    "HEALTH": ("health",),
    "CHAMPION": ("champion", "sponsor"),
    "LEFT": ("left", "departed", "gone", "lost"),
    "SUPPORT": ("support", "ticket"),
    "SPIKE": ("spike", "surge"),
    "NO": ("no",),
    "EXEC": ("exec", "executive"),
    "TOUCH": ("touch", "touchpoint", "meeting", "engagement"),
    "SLOW": ("slow",),
    "RESPONSE": ("response", "reply", "responsiveness"),
    "OWNED": ("owned", "managed", "handled"),
    "OWNER": ("owner", "csm"),
    "SEGMENT": ("segment",),
    "REGION": ("region", "geo", "territory"),
    "ARR": ("arr", "revenue"),
    "OVER": ("over", "above", "more", "greater", "exceeding"),
    "UNDER": ("under", "below", "less", "fewer"),
    "LEAST": ("least",),
    "TOP": ("top", "largest", "biggest"),
    "ALL": ("all", "every", "everything", "everyone"),
    "SCALE": ("k", "thousand", "m", "mm", "million"),
    "MONTH": (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ),
}

FILLER = frozenset(
    {
        "the", "a", "an", "please", "account", "customer", "client", "company",
        "and", "or", "for", "of", "to", "than", "that", "which", "who", "are",
        "is", "tier", "score", "date", "only", "just", "also", "equal", "show",
        "me", "up", "those", "ones", "them", "whose", "where", "their",
        "churn", "churning",
    }
)  # fmt: skip
"""Words that say nothing of which accounts ("at risk of churning" is at risk)."""

_NUMBERS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty",
)  # fmt: skip
NUMBER_WORDS = {word: number for number, word in enumerate(_NUMBERS, start=1)}
"""Numbers written as words ("top ten by ARR"), read as their digits."""

CHURNED = frozenset({"churned"})
"""Words for accounts already lost: never planned, so a scope naming them is
answered in those words rather than as an unknown name."""

KEYWORDS: dict[str, str] = {
    word: terminal for terminal, words in _WORDS.items() for word in words
}
"""Every scope word (folded) and its terminal in scope.lark."""

_COMPARE = {"<": "UNDER", "<=": "UNDER", "≤": "UNDER", ">": "OVER", ">=": "OVER"}
_COMPARE |= {"≥": "OVER", "≤=": "UNDER", "≥=": "OVER"}

TERMINAL_WORDS: dict[str, str] = {
    "NAME": "a segment, region or owner",
    "NUMBER": "a number",
    "MONEY": "an amount such as $50k",
    "DATE": "a date such as 2027-03-31",
    "QUARTER": "a quarter such as Q1",
    "UNIT": "days, weeks, months, quarters or years",
    "TIER": "Critical, High, Medium or Watch",
    "MONTH": "a month such as March",
    "FLAG": '"flags"',
}
"""How an error names what was expected, beyond the plain keywords."""


def tier_of(word: str) -> Tier:
    """The tier a TIER word stands for ("crit", "P1", "reds")."""
    lowered = word.casefold()
    return TIER_WORDS.get(lowered) or TIER_WORDS[fold(lowered)]


def fold(word: str) -> str:
    """A word as matched: case-folded, with a plural "s" removed."""
    word = word.casefold().replace("’", "'")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    """The folded words of a name, as the scope's tokens would spell them."""
    found = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup in {"word", "number"}:
            found.append(fold(_strip_possessive(match.group())[0]))
    return tuple(found)


@dataclass(frozen=True)
class Entry:
    """A known value a phrase can stand for."""

    kind: ValueKind
    value: str
    partial: bool = False
    """True for an owner's first or last name alone."""


@dataclass(frozen=True)
class Vocabulary:
    """The segments, regions and owners known in a workspace."""

    segments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    """Account owners and CSMs."""
    accounts: tuple[str, ...] = ()
    """Account names: not a scope, but named in errors so health can be offered."""

    @classmethod
    def from_workspace(cls, workspace: Workspace) -> Vocabulary:
        """The distinct values of the accounts table, in one plain query.

        Plain SQL rather than Ibis: the scope is read before the signals, and
        compiling expressions here would only add to every command's start.
        """
        found: dict[str, set[str]] = {kind: set() for kind in _VOCABULARY_COLUMNS}
        for kind, value in workspace.connection.execute(_VOCABULARY_QUERY).fetchall():
            if isinstance(value, str) and value.strip():
                found[kind].add(value.strip())
        return cls(
            segments=tuple(sorted(found["segment"])),
            regions=tuple(sorted(found["region"])),
            owners=tuple(sorted(found["owner"])),
            accounts=tuple(sorted(found["name"])),
        )


_VOCABULARY_COLUMNS = {
    "segment": ("segment",),
    "region": ("region",),
    "owner": ("owner", "csm"),
    "name": ("name",),
}
"""Each kind of known value and the accounts columns it is read from."""

_VOCABULARY_QUERY = " UNION ".join(
    f"SELECT '{kind}' AS kind, \"{column}\" AS value FROM accounts"
    for kind, columns in _VOCABULARY_COLUMNS.items()
    for column in columns
)


@lru_cache(maxsize=16)
def value_index(vocabulary: Vocabulary) -> dict[tuple[str, ...], tuple[Entry, ...]]:
    """Folded phrase → the values it names (several when it is ambiguous)."""
    index: dict[tuple[str, ...], list[Entry]] = {}
    for kind, values in (
        ("segment", vocabulary.segments),
        ("region", vocabulary.regions),
        ("owner", vocabulary.owners),
    ):
        for value in values:
            keys = _keys(value, owner=kind == "owner")
            if kind == "region":
                keys = chain(keys, _region_aliases(value))
            for key, partial in keys:
                entries = index.setdefault(key, [])
                entry = Entry(kind, value, partial)  # type: ignore[arg-type]
                if entry not in entries:
                    entries.append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


def _keys(value: str, *, owner: bool) -> Iterator[tuple[tuple[str, ...], bool]]:
    key = words(value)
    if not key:
        return
    yield key, False
    if owner and len(key) > 1:
        yield key[:1], True
        yield key[-1:], True


REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "na": ("north america",),
    "noram": ("north america",),
    "amer": ("americas", "north america"),
    "emea": ("europe",),
    "eu": ("europe",),
    "apac": ("asia pacific", "asia"),
    "apj": ("asia pacific", "asia"),
    "latam": ("latin america", "south america"),
    "anz": ("australia",),
}
"""Plain names of the region codes teams use: "North America" finds "NA"."""


def _region_aliases(value: str) -> Iterator[tuple[tuple[str, ...], bool]]:
    for alias in REGION_ALIASES.get(fold(value), ()):
        yield words(alias), False


@lru_cache(maxsize=16)
def _phrase_starts(vocabulary: Vocabulary) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word → the multi-word values starting with it, longest first."""
    starts: dict[str, list[tuple[str, ...]]] = {}
    for key in value_index(vocabulary):
        if len(key) > 1:
            starts.setdefault(key[0], []).append(key)
    return {
        word: tuple(sorted(keys, key=len, reverse=True))
        for word, keys in starts.items()
    }


@lru_cache(maxsize=16)
def known_words(vocabulary: Vocabulary) -> frozenset[str]:
    """Every folded word of every known value."""
    return frozenset(word for key in value_index(vocabulary) for word in key)


def tokenize(text: str, vocabulary: Vocabulary) -> list[Token]:
    """The scope's tokens, with their place in TEXT."""
    raw = list(_raw_tokens(text))
    names = _name_positions(raw, vocabulary)
    known = known_words(vocabulary)
    tokens: list[Token] = []
    for position, (kind, value, start, end) in enumerate(raw):
        as_name = position in names or (
            _after_name_prefix(tokens) and fold(value) in known
        )
        terminal = _terminal(kind, value, as_name=as_name)
        if terminal == "NUMBER" and kind == "word":
            value = str(NUMBER_WORDS[value.casefold()])
        if terminal is not None:
            tokens.append(_token(terminal, value, start, end))
    return tokens


def _raw_tokens(text: str) -> Iterator[tuple[str, str, int, int]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        start, end = match.span()
        if kind != "word":
            yield kind, match.group(), start, end
            continue
        word, possessive = _strip_possessive(match.group())
        yield "word", word, start, start + len(word)
        if possessive:
            yield "possessive", possessive, start + len(word), end


def _strip_possessive(word: str) -> tuple[str, str]:
    if len(word) > 2 and word[-2:].casefold() in {"'s", "’s"}:
        return word[:-2], word[-2:]
    return word, ""


def _name_positions(
    raw: list[tuple[str, str, int, int]], vocabulary: Vocabulary
) -> set[int]:
    """Positions of words that belong to a multi-word known value.

    Such words are names even when one of them is also a scope word, so a
    segment called "High Touch" is not read as the tier High.
    """
    starts = _phrase_starts(vocabulary)
    names: set[int] = set()
    position = 0
    while position < len(raw):
        length = _phrase_length(raw, position, starts)
        names.update(range(position, position + length))
        position += max(length, 1)
    return names


def _phrase_length(
    raw: list[tuple[str, str, int, int]],
    position: int,
    starts: dict[str, tuple[tuple[str, ...], ...]],
) -> int:
    kind, value, _, _ = raw[position]
    if kind != "word":
        return 0
    for key in starts.get(fold(value), ()):
        following = raw[position : position + len(key)]
        folded = tuple(
            fold(item[1]) for item in following if item[0] in {"word", "number"}
        )
        if len(following) == len(key) and folded == key:
            return len(key)
    return 0


def _terminal(kind: str, value: str, *, as_name: bool) -> str | None:
    """The terminal for one raw token; None when it is ignored."""
    if kind == "word":
        return _word_terminal(value, as_name=as_name)
    if kind == "possessive":
        return "POSS"
    if kind == "compare":
        return _COMPARE[value]
    if kind in {"date", "money", "number"}:
        return kind.upper()
    category = unicodedata.category(value)
    if category[0] in {"P", "S", "Z", "C"} and category != "Co":
        return None
    return "UNKNOWN"


def _word_terminal(value: str, *, as_name: bool) -> str | None:
    if as_name:
        return "NAME"
    lowered = value.casefold()
    if len(lowered) == 2 and lowered[0] == "q" and lowered[1] in "1234":
        return "QUARTER"
    if lowered in FILLER or fold(lowered) in FILLER:
        return None
    if lowered in NUMBER_WORDS:
        return "NUMBER"
    return KEYWORDS.get(lowered) or KEYWORDS.get(fold(lowered)) or "NAME"


def _after_name_prefix(tokens: list[Token]) -> bool:
    """Right after "segment", "region", "owner" or "owned by" comes a name."""
    if not tokens:
        return False
    last = tokens[-1].type
    if last in {"SEGMENT", "REGION", "OWNER"}:
        return True
    return last == "BY" and len(tokens) > 1 and tokens[-2].type == "OWNED"


def _token(terminal: str, value: str, start: int, end: int) -> Token:
    return Token(
        terminal,
        value,
        start_pos=start,
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        end_pos=end,
    )
