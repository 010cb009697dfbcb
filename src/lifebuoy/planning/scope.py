"""The scope language: plain words in, a typed ``Scope`` out, never a guess.

The grammar is ``scope.lark`` (an LALR grammar run by Lark); the words are
in ``scope_words``. ``parse_scope`` raises ``ScopeError`` for anything it
does not understand exactly, with the part it could not read and the
closest known values, so an interface can ask the user again.

Read these ways:
- "renewing before D" excludes D; "renewing by D" and "until D" include it.
- "next N days/weeks/months" runs from the as-of date to N units after it,
  both included; quarters are calendar quarters.
- "ARR over X" and "under X" are inclusive bounds (X itself is in scope),
  and are echoed so: "ARR $50,000 or more", with the currency symbol written.
- A minus sign before a count or an amount is refused, never dropped.
- Errors speak plain words: what could not be read, the closest known
  values, and (for a word of an account's name) the ``health`` command.
- Signals named together ("with payment issues or usage decline") mean any
  of them; other clauses narrow the scope further. "with risk flags" means a
  signal other than renewal_soon: an upcoming renewal is context, not a risk.
- Tiers may be written as teams write them on their lists ("crit", "red",
  "P1", "amber"; ``model.TIER_WORDS``), and counts up to twenty as words
  ("top ten by ARR"). "low" stays the signal word of "low health".
- "churned accounts" is answered plainly (they are never planned), and
  "risky" alone with the two scopes it may mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Literal

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedToken

from lifebuoy.errors import ScopeError
from lifebuoy.planning import scope_dates
from lifebuoy.planning.model import RunRef, Scope, Tier
from lifebuoy.planning.scope_words import (
    CHURNED,
    KEYWORDS,
    MAX_TEXT,
    TERMINAL_WORDS,
    Entry,
    ValueKind,
    Vocabulary,
    fold,
    known_words,
    tier_of,
    tokenize,
    value_index,
    words,
)
from lifebuoy.signals.model import SignalName

__all__ = ["EXAMPLES", "QUESTION", "Vocabulary", "parse_scope", "suggest"]

QUESTION = "Which accounts should I plan interventions for?"
EXAMPLES = (
    "Critical/High from last at-risk run",
    "accounts renewing in next 60 days with risk flags",
    "Enterprise at-risk accounts",
    "owned by Dana Ruiz, ARR over $50k",
    "all accounts",
)

SIGNAL_PHRASES: dict[str, frozenset[SignalName]] = {
    "payment_issues": frozenset({SignalName.PAYMENT_FAILED, SignalName.PAYMENT_LATE}),
    "payment_failed": frozenset({SignalName.PAYMENT_FAILED}),
    "payment_late": frozenset({SignalName.PAYMENT_LATE}),
    "usage_decline": frozenset({SignalName.USAGE_DECLINE}),
    "escalation": frozenset({SignalName.ESCALATION}),
    "evaluating_alternatives": frozenset({SignalName.EVALUATING_ALTERNATIVES}),
    "nps_detractor": frozenset({SignalName.NPS_DETRACTOR}),
    "champion_left": frozenset({SignalName.CHAMPION_LEFT}),
    "support_spike": frozenset({SignalName.SUPPORT_SPIKE}),
    "low_health": frozenset({SignalName.LOW_HEALTH}),
    "no_exec_touch": frozenset({SignalName.NO_EXEC_TOUCH}),
    "slow_response": frozenset({SignalName.SLOW_RESPONSE}),
}
"""Signal phrases of the grammar → the signals they stand for."""

SCALES = {"k": 1000, "thousand": 1000, "m": 1000000, "mm": 1000000}
SCALES["million"] = 1000000
MAX_TOP = 1_000_000
SHOWN = 80
"""Characters of the user's text an error quotes at most."""
NEGATIVE = re.compile(
    r"(?<![\w.,])[-−–](?=[$€£]?[0-9])[$€£]?[0-9][0-9,.]*[kKmM]?"
    r"|[$€£][-−–][0-9][0-9,.]*[kKmM]?"
)
"""A minus sign before a number or amount (a range like "10k-50k" is not)."""
CLAUSES = (
    "A scope names accounts by tier (Critical, High, Medium, Watch), segment, "
    "region, owner, renewal window, signal or ARR."
)
YEARS = range(1900, 2200)
RISKY = (
    'Did you mean "at-risk accounts" (every account with a tier) or "with risk '
    'flags" (a signal other than an upcoming renewal)?'
)
"""The answer to "risky" alone: the two scopes it may stand for."""


def parse_scope(
    text: str, *, vocabulary: Vocabulary, as_of: date, soon_days: int = 90
) -> Scope:
    """The scope TEXT names, with every relative date resolved against AS_OF.

    SOON_DAYS is what "renewing soon" means (the renewal_soon window).
    Raises ScopeError, and nothing else, for text it cannot read exactly.
    """
    if len(text) > MAX_TEXT:
        raise _error(
            f"the scope is longer than {MAX_TEXT} characters",
            text=text,
            span=(MAX_TEXT, len(text)),
        )
    _refuse_negative(text)
    tokens = tokenize(text, vocabulary)
    if not tokens:
        raise _error("no accounts were named", text=text, span=(0, len(text)))

    _check_words(tokens, text=text, vocabulary=vocabulary)
    try:
        tree = _parse(tokens, text)
    except ScopeError as error:
        raise _with_top_order(error, tokens=tokens, vocabulary=vocabulary) from None
    builder = _Builder(text, vocabulary=vocabulary, as_of=as_of, soon_days=soon_days)
    return builder.build(tree)


def _refuse_negative(text: str) -> None:
    """Counts and amounts are never negative; a minus sign is not dropped."""
    found = NEGATIVE.search(text)
    if found is None:
        return
    start, end = found.span()
    raise _error(
        f'"{text[start:end]}" is a negative number',
        hint="Counts of days, weeks or months and ARR amounts are positive, as in "
        '"renewing in next 5 days" or "ARR over $5k".',
        text=text,
        span=(start, end),
    )


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files("lifebuoy.planning").joinpath("scope.lark")
    # Building the LALR tables takes longer than a whole plan's queries; lark
    # keeps them in a file in the temporary folder, keyed by the grammar.
    return Lark(
        grammar.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="basic",
        propagate_positions=True,
        cache=True,
    )


def _parse(tokens: list[Token], text: str) -> Tree[Token]:
    interactive = _parser().parse_interactive("")
    try:
        for token in tokens:
            interactive.feed_token(token)
        result = interactive.feed_eof(tokens[-1])  # type: ignore[no-untyped-call]
    except UnexpectedToken as exc:
        raise _unexpected(exc, tokens=tokens, text=text) from None
    except LarkError as exc:  # anything else the parser reports is still unreadable
        raise _error(f"cannot read the scope: {exc}", text=text) from None
    if not isinstance(result, Tree):
        raise _error("cannot read the scope", text=text)
    return result


def _unexpected(exc: UnexpectedToken, *, tokens: list[Token], text: str) -> ScopeError:
    token = exc.token
    risky = _risk_alone(token, tokens)
    if risky is not None:
        return _error(
            f'"{risky.value}" does not say which accounts',
            hint=RISKY,
            text=text,
            span=_token_span(risky),
            suggestions=("at-risk accounts", "with risk flags"),
        )
    if token.type == "$END":
        last = tokens[-1]
        return _error(
            f'the scope stops short after "{_clip(text[: last.end_pos].strip())}"',
            hint=_what_comes_next(exc.expected),
            text=text,
            span=(last.start_pos or 0, last.end_pos or len(text)),
        )
    start, end = token.start_pos or 0, token.end_pos or len(text)
    if all(item.type in {"NUMBER", "MONEY"} for item in tokens):
        return _error(
            f'"{_clip(text.strip())}" is only a number',
            hint="Write the scope in words; a number goes with words, as in "
            '"top 10 by ARR", "renewing in next 60 days" or "ARR over $50k".',
            text=text,
            span=(start, end),
        )
    return _error(
        f'"{_clip(text[start:end])}" does not fit here',
        hint=_what_comes_next(exc.expected),
        text=text,
        span=(start, end),
    )


def _with_top_order(
    error: ScopeError, *, tokens: list[Token], vocabulary: Vocabulary
) -> ScopeError:
    """ERROR, offering the scope with "top N by ARR" together when that reads."""
    order = _top_order(tokens, error.text)
    if order is None:
        return error
    try:
        _parse(tokenize(order, vocabulary), order)
    except ScopeError:
        return error

    advice = (
        f'Did you mean "{order}"? "top N by ARR" is one phrase, before or after '
        "the other words."
    )
    return _error(
        error.message,
        hint=f"{error.hint} {advice}" if error.hint else advice,
        text=error.text,
        span=error.span,
        suggestions=(order, *error.suggestions),
    )


def _top_order(tokens: list[Token], text: str) -> str | None:
    """TEXT with its top-N words moved together to the end, or None."""
    top = next((i for i, token in enumerate(tokens) if token.type == "TOP"), None)
    if top is None:
        return None
    numbers = [i for i, token in enumerate(tokens) if token.type == "NUMBER"]
    place = min(numbers, key=lambda i: abs(i - top), default=None)
    count = tokens[place].value if place is not None else "10"

    moved = {top} | ({place} if place is not None else set())
    for i, token in enumerate(tokens):
        after = tokens[i + 1].type if i + 1 < len(tokens) else "$END"
        if token.type == "BY" and after in {"ARR", "$END"}:
            moved |= {i, i + 1} if after == "ARR" else {i}
    rest = text
    for i in sorted(moved, reverse=True):
        start, end = _token_span(tokens[i])
        rest = rest[:start] + " " + rest[end:]
    return " ".join([*rest.split(), "top", count, "by", "ARR"])


def _risk_alone(token: Token, tokens: list[Token]) -> Token | None:
    """The "risk" or "risky" the parser stopped after, with no "at" or "flags"."""
    place = len(tokens)
    if token.type != "$END":
        place = next(i for i, item in enumerate(tokens) if item is token)
    if place == 0 or tokens[place - 1].type != "RISK":
        return None
    if place > 1 and tokens[place - 2].type == "AT":
        return None
    return tokens[place - 1]


def _what_comes_next(expected: set[str]) -> str:
    """What may follow, in plain words; the kinds of clause when anything may."""
    plain = [
        TERMINAL_WORDS[name] for name in sorted(expected) if name in TERMINAL_WORDS
    ]
    if plain and len(expected) <= 3:
        return f"Next should come {' or '.join(plain)}."
    return CLAUSES


def _clip(phrase: str) -> str:
    """PHRASE cut to about SHOWN characters, with "…" when cut."""
    return phrase if len(phrase) <= SHOWN else phrase[:SHOWN] + "…"


NEGATIONS = frozenset(
    {"not", "excluding", "exclude", "except", "without", "non", "but"}
)
"""Words that would leave accounts out, which the scope language does not do."""


def _check_words(tokens: list[Token], *, text: str, vocabulary: Vocabulary) -> None:
    """Fail on the first word that is neither a scope word nor a known name."""
    known = known_words(vocabulary)
    for token in tokens:
        if token.type == "UNKNOWN":
            raise _error(
                f'cannot read "{token.value}"',
                text=text,
                span=_token_span(token),
            )
        if token.type == "NAME" and fold(token.value) in CHURNED - known:
            raise _churned(token, text=text)
        if token.type == "NAME" and fold(token.value) in NEGATIONS - known:
            raise _negation(
                tokens, tokens.index(token), text=text, vocabulary=vocabulary
            )
        if token.type == "NAME" and fold(token.value) not in known:
            run = _name_run(tokens, tokens.index(token))
            raise _unknown_name(run, text=text, vocabulary=vocabulary, whole=False)


def _churned(token: Token, *, text: str) -> ScopeError:
    return _error(
        "churned accounts are never planned: a plan is for accounts that can "
        "still be kept",
        hint="A plan's summary counts the churned accounts its other words "
        'select. For the active ones, try "at-risk accounts" or "all accounts".',
        text=text,
        span=_token_span(token),
    )


def _negation(
    tokens: list[Token], at: int, *, text: str, vocabulary: Vocabulary
) -> ScopeError:
    """A word that leaves accounts out: say so, and name what to include instead."""
    token = tokens[at]
    after = tokens[at + 1 :]
    if fold(token.value) == "but" and after and fold(after[0].value) in NEGATIONS:
        after = after[1:]  # "but not EMEA"
    kind, others = _other_values(after, vocabulary)
    suggestions = (_and_list(others),) if others else ()
    hint = (
        f'For every account but those, name the others: "{suggestions[0]}" '
        f"(an account with no {kind} is then left out)."
        if suggestions
        else 'Name what to include, e.g. "with payment issues", or plan "all accounts".'
    )
    return _error(
        f'"{token.value}" cannot be read: a scope names the accounts to include, '
        "not those to leave out",
        hint=hint,
        text=text,
        span=_token_span(token),
        suggestions=suggestions,
    )


def _and_list(values: tuple[str, ...]) -> str:
    """ "A, B and C"."""
    if len(values) == 1:
        return values[0]
    return f"{', '.join(values[:-1])} and {values[-1]}"


def _other_values(
    after: list[Token], vocabulary: Vocabulary
) -> tuple[str, tuple[str, ...]]:
    """The other segments (or regions) when AFTER starts with one of them, with
    their kind."""
    index = value_index(vocabulary)
    while after and after[0].type in {"IN", "SEGMENT", "REGION"}:
        after = after[1:]  # "not in EMEA"
    for length in range(len(after), 0, -1):
        key = tuple(fold(token.value) for token in after[:length])
        entries = index.get(key, ())
        kinds = {entry.kind for entry in entries}
        if len(kinds) == 1 and kinds <= {"segment", "region"}:
            kind = kinds.pop()
            named = {entry.value for entry in entries}
            values = vocabulary.segments if kind == "segment" else vocabulary.regions
            return kind, tuple(value for value in values if value not in named)
    return "", ()


def _name_run(tokens: list[Token], first: int) -> list[Token]:
    """The names from FIRST on, as far as they follow each other (an account?)."""
    run = [tokens[first]]
    for token in tokens[first + 1 :]:
        if token.type != "NAME":
            break
        run.append(token)
    return run


def _unknown_name(
    names: list[Token], *, text: str, vocabulary: Vocabulary, whole: bool = True
) -> ScopeError:
    """NAMES match nothing; only the first is unread unless WHOLE."""
    start, end = _token_span(names[0])[0], _token_span(names[-1])[1]
    phrase = text[start:end]
    accounts = account_matches(phrase, vocabulary)
    if not accounts:
        end = end if whole else _token_span(names[0])[1]
        phrase = text[start:end]
        accounts = account_matches(phrase, vocabulary)
    if accounts:
        suggestions = suggest(phrase, vocabulary)
        return _error(
            f'"{_clip(phrase)}" looks like an account name; '
            "accounts are not a scope here",
            hint=_health_hint(accounts, suggestions),
            text=text,
            span=(start, end),
            suggestions=suggestions,
        )
    suggestions = suggest(phrase, vocabulary)
    return _error(
        f'"{_clip(phrase)}" matches no segment, region or owner in this workspace, '
        "and no scope word",
        hint=_did_you_mean(suggestions),
        text=text,
        span=(start, end),
        suggestions=suggestions,
    )


def account_matches(
    phrase: str, vocabulary: Vocabulary, *, limit: int = 3
) -> tuple[str, ...]:
    """Account names PHRASE could stand for: a word of the name, or close to it."""
    wanted = " ".join(words(phrase))
    if not wanted:
        return ()
    named = {" ".join(words(name)): name for name in vocabulary.accounts}
    found = [name for key, name in named.items() if f" {wanted} " in f" {key} "]
    found += [
        named[key]
        for key in difflib.get_close_matches(wanted, list(named), n=limit, cutoff=0.8)
    ]
    found += [name for key, name in named.items() if key.startswith(wanted)]
    return tuple(dict.fromkeys(found))[:limit]


def _health_hint(accounts: tuple[str, ...], suggestions: tuple[str, ...]) -> str:
    commands = " or ".join(f'`lifebuoy health "{name}"`' for name in accounts)
    hint = f"To see one account, run {commands}."
    if suggestions:
        hint += " " + (_did_you_mean(suggestions) or "")
    return hint


def suggest(phrase: str, vocabulary: Vocabulary, *, limit: int = 3) -> tuple[str, ...]:
    """The known values and scope words closest to PHRASE."""
    pool = _suggestion_pool(vocabulary)
    found: list[str] = []
    for match in difflib.get_close_matches(fold(phrase), pool, n=8, cutoff=0.7):
        if pool[match] not in found:
            found.append(pool[match])
    return tuple(found[:limit])


@lru_cache(maxsize=16)
def _suggestion_pool(vocabulary: Vocabulary) -> dict[str, str]:
    """Folded word or phrase → how a suggestion shows it."""
    pool: dict[str, str] = {}
    for key, entries in value_index(vocabulary).items():
        display = entries[0].value
        pool.setdefault(" ".join(key), display)
        for word in key:
            pool.setdefault(word, display)
    for word in KEYWORDS:
        tier = tier_of(word).value if KEYWORDS[word] == "TIER" else None
        pool.setdefault(word, tier or word)
    return pool


def _did_you_mean(suggestions: tuple[str, ...]) -> str | None:
    if not suggestions:
        return None
    quoted = " or ".join(f'"{item}"' for item in suggestions)
    return f"Did you mean {quoted}?"


def _error(
    message: str,
    *,
    text: str,
    hint: str | None = None,
    span: tuple[int, int] | None = None,
    suggestions: tuple[str, ...] = (),
) -> ScopeError:
    return ScopeError(message, hint=hint, text=text, span=span, suggestions=suggestions)


def _token_span(token: Token) -> tuple[int, int]:
    start = token.start_pos or 0
    end = token.end_pos if token.end_pos is not None else start + len(token.value)
    return start, end


def _tokens(tree: Tree[Token]) -> Iterator[Token]:
    yield from tree.scan_values(lambda value: isinstance(value, Token))


def _tree_span(tree: Tree[Token]) -> tuple[int, int]:
    spans = [_token_span(token) for token in _tokens(tree)]
    return min(start for start, _ in spans), max(end for _, end in spans)


def _children(tree: Tree[Token], terminal: str) -> list[Token]:
    return [
        child
        for child in tree.children
        if isinstance(child, Token) and child.type == terminal
    ]


def _subtrees(tree: Tree[Token]) -> list[Tree[Token]]:
    return [child for child in tree.children if isinstance(child, Tree)]


Context = Literal["values", "segment", "region", "owner"]


@dataclass
class _Builder:
    """Walks the parse tree once, collecting each clause into the scope."""

    text: str
    vocabulary: Vocabulary
    as_of: date
    soon_days: int
    tiers: set[Tier] = field(default_factory=set)
    from_run: RunRef | None = None
    segments: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)
    window: tuple[date, date | None] | None = None
    signals: set[SignalName] = field(default_factory=set)
    any_signal: bool = False
    arr_min: Decimal | None = None
    arr_max: Decimal | None = None
    arr_symbol: str = ""
    top_n: int | None = None
    everything: bool = False
    at_risk: bool = False

    def build(self, tree: Tree[Token]) -> Scope:
        for clause in _subtrees(tree):
            self._clause(clause)
        self._check_ranked(tree)

        filtered = bool(self.tiers or self.signals or self.any_signal)
        return Scope(
            text=self.text,
            tiers=frozenset(self.tiers),
            from_run=self.from_run,
            segments=frozenset(self.segments),
            regions=frozenset(self.regions),
            owners=frozenset(self.owners),
            renewal_from=self.window[0] if self.window else None,
            renewal_to=self.window[1] if self.window else None,
            signals=frozenset(self.signals),
            any_signal=self.any_signal,
            arr_min=self.arr_min,
            arr_max=self.arr_max,
            arr_symbol=self.arr_symbol,
            top_n=self.top_n,
            include_healthy=self.everything and not filtered,
            at_risk=self.at_risk,
        )

    def _clause(self, clause: Tree[Token]) -> None:
        kind = str(clause.data)
        if kind == "tiers":
            self.tiers.update(tier_of(token.value) for token in _tokens(clause))
        elif kind == "everything":
            self.everything = True
        elif kind == "at_risk":
            self.at_risk = True
        elif kind == "from_run":
            self._from_run(clause)
        elif kind == "renewal":
            self._renewal(clause)
        elif kind == "signals":
            self._signals(clause)
        elif kind == "arr":
            self._arr(clause)
        elif kind == "top":
            self._top(clause)
        elif kind in {"owner", "any_values", "segment_values", "region_values"}:
            self._names(clause)
        # "at_risk" narrows nothing a plan lists (every account that receives
        # a tier); it keeps healthy accounts out of a top N and a health table.

    def _fail(
        self,
        message: str,
        *,
        span: tuple[int, int] | None = None,
        hint: str | None = None,
        suggestions: tuple[str, ...] = (),
    ) -> ScopeError:
        if hint is None and suggestions:
            hint = _did_you_mean(suggestions)
        return _error(
            message, text=self.text, hint=hint, span=span, suggestions=suggestions
        )

    # -- from a saved run -------------------------------------------------

    def _from_run(self, clause: Tree[Token]) -> None:
        span = _tree_span(clause)
        numbers = _children(clause, "NUMBER")
        parts = {str(tree.data) for tree in _subtrees(clause)}
        kind = self._run_kind(clause)
        if not numbers and kind is None and "run_word" not in parts:
            raise self._fail(
                "say which saved run the accounts come from",
                span=span,
                suggestions=("from last at-risk list", "from run 12"),
            )

        run_id = self._whole(numbers[0], low=1) if numbers else None
        if kind is None:
            kind = "at-risk" if self._run_word(clause) == "LIST" else "any"
        reference = RunRef(kind=kind, run_id=run_id)  # type: ignore[arg-type]
        if self.from_run is not None and self.from_run != reference:
            raise self._fail("the scope names two different saved runs", span=span)
        self.from_run = reference

    def _run_kind(self, clause: Tree[Token]) -> str | None:
        if _children(clause, "FIND"):
            return "at-risk"
        for tree in _subtrees(clause):
            if tree.data == "run_kind":
                return "plan" if _children(tree, "PLAN") else "at-risk"
        return None

    def _run_word(self, clause: Tree[Token]) -> str | None:
        for tree in _subtrees(clause):
            if tree.data == "run_word":
                return next(_tokens(tree)).type
        return None

    # -- renewal windows --------------------------------------------------

    def _renewal(self, clause: Tree[Token]) -> None:
        start, end = self._window(_subtrees(clause)[0])
        self._narrow(start, end, span=_tree_span(clause))

    def _window(self, tree: Tree[Token]) -> tuple[date | None, date | None]:
        kind = str(tree.data)
        points = [self._point(item) for item in _subtrees(tree)]
        if kind == "next_n":
            count = self._whole(_children(tree, "NUMBER")[0], low=1)
            unit = fold(_children(tree, "UNIT")[0].value)
            return self._ahead(count, unit, tree)
        if kind in {"this_period", "next_period"}:
            unit = fold(_children(tree, "UNIT")[0].value)
            pick = (
                scope_dates.period_of
                if kind == "this_period"
                else scope_dates.following
            )
            return pick(self.as_of, unit)
        if kind == "soon":
            return scope_dates.ahead(self.as_of, self.soon_days, "day")
        if kind == "in_period":
            return points[0]
        if kind == "in_year":
            return scope_dates.year_of(self._year(_children(tree, "NUMBER")[0]))
        if kind == "before":
            return None, points[0][0] - timedelta(days=1)
        if kind == "by":
            return None, points[0][1]
        if kind == "after":
            return points[0][1] + timedelta(days=1), None
        return points[0][0], points[1][1]

    def _ahead(self, count: int, unit: str, tree: Tree[Token]) -> tuple[date, date]:
        days = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}[unit]
        if count * days > scope_dates.MAX_DAYS:
            raise self._fail(
                f"{count} {unit}s reaches more than ten years ahead",
                span=_tree_span(tree),
            )
        return scope_dates.ahead(self.as_of, count, unit)

    def _point(self, tree: Tree[Token]) -> tuple[date, date]:
        """A date, quarter or month: its first and last day."""
        kind = str(tree.data)
        numbers = _children(tree, "NUMBER")
        if kind in {"month_day", "day_month"} or (
            kind == "month" and numbers and _day_of_month(numbers[0])
        ):
            return self._month_day(tree, numbers)
        year = self._year(numbers[0]) if numbers else None
        if kind == "day":
            return self._date(_children(tree, "DATE")[0])
        if kind == "quarter":
            number = int(_children(tree, "QUARTER")[0].value[1])
            if year is None:
                return scope_dates.next_quarter_numbered(self.as_of, number)
            return scope_dates.quarter(year, number)
        number = _month_number(_children(tree, "MONTH")[0].value)
        if year is None:
            return scope_dates.next_month_numbered(self.as_of, number)
        return scope_dates.month(year, number)

    def _month_day(self, tree: Tree[Token], numbers: list[Token]) -> tuple[date, date]:
        """The day a month and a day name ("March 31", "31 March 2027");
        without a year, the next one on or after the as-of day."""
        month_number = _month_number(_children(tree, "MONTH")[0].value)
        day_token, *rest = numbers
        year = self._year(rest[0]) if rest else None
        day_number = int(day_token.value) if day_token.value.isdigit() else 0
        try:
            day = scope_dates.month_day(self.as_of, month_number, day_number, year=year)
        except ValueError:
            raise self._fail(
                f'"{self.text[slice(*_tree_span(tree))]}" is not a date',
                span=_tree_span(tree),
                hint="Write a day of the month that exists, or YYYY-MM-DD.",
            ) from None
        return day, day

    def _date(self, token: Token) -> tuple[date, date]:
        try:
            day = datetime.strptime(token.value, "%Y-%m-%d").date()
        except ValueError:
            raise self._fail(
                f'"{token.value}" is not a date',
                span=_token_span(token),
                hint="Write dates as YYYY-MM-DD, for example 2027-03-31.",
            ) from None
        if day.year not in YEARS:
            raise self._fail(f"{day.year} is out of range", span=_token_span(token))
        return day, day

    def _year(self, token: Token) -> int:
        if token.value.isdigit() and int(token.value) in YEARS:
            return int(token.value)
        raise self._fail(
            f'"{self._written(token)}" is not a year',
            span=_token_span(token),
            suggestions=(f"renewing in the next {token.value} days",)
            if token.value.isdigit()
            else (),
        )

    def _narrow(
        self, start: date | None, end: date | None, *, span: tuple[int, int]
    ) -> None:
        """Intersect the renewal window with START..END, never before as-of."""
        start = max(start or self.as_of, self.as_of)
        if self.window is not None:
            start = max(start, self.window[0])
            if self.window[1] is not None:
                end = self.window[1] if end is None else min(end, self.window[1])
        if end is not None and end < start:
            raise self._fail(
                f"no renewal can fall in this window as of {self.as_of.isoformat()}",
                span=span,
                hint="Renewal windows start on the as-of date (--as-of).",
            )
        self.window = (start, end)

    # -- signals ----------------------------------------------------------

    def _signals(self, clause: Tree[Token]) -> None:
        for signal in _subtrees(clause):
            if signal.data == "any_signal":
                self.any_signal = True
            else:
                self.signals.update(SIGNAL_PHRASES[str(signal.data)])

    # -- ARR and top N ----------------------------------------------------

    def _arr(self, clause: Tree[Token]) -> None:
        comparison = _subtrees(clause)[0]
        amounts = [self._amount(tree) for tree in _subtrees(comparison)]
        low = amounts[0] if comparison.data != "arr_under" else None
        high = amounts[-1] if comparison.data != "arr_over" else None
        if low is not None:
            self.arr_min = low if self.arr_min is None else max(self.arr_min, low)
        if high is not None:
            self.arr_max = high if self.arr_max is None else min(self.arr_max, high)
        if (
            self.arr_min is not None
            and self.arr_max is not None
            and self.arr_min > self.arr_max
        ):
            raise self._fail(
                f"no ARR can be both over {self.arr_symbol}{self.arr_min:,} "
                f"and under {self.arr_symbol}{self.arr_max:,}",
                span=_tree_span(clause),
            )

    def _amount(self, tree: Tree[Token]) -> Decimal:
        tokens = list(_tokens(tree))
        number = tokens[0]
        scales = [fold(token.value) for token in tokens[1:]]
        symbol = number.value[:1] if number.value[:1] in "$€£" else ""
        self.arr_symbol = self.arr_symbol or symbol
        digits = number.value.lstrip("$€£ ").replace(" ", "")
        multiplier = 1
        if digits[-1:] in {"k", "K", "m", "M"}:
            scales.insert(0, digits[-1].lower())
            digits = digits[:-1]
        if len(scales) > 1:
            raise self._fail(
                f'"{self.text[slice(*_tree_span(tree))]}" has two scales',
                span=_tree_span(tree),
            )
        if scales:
            multiplier = SCALES[scales[0]]
        return self._decimal(digits, multiplier, tree)

    def _decimal(self, digits: str, multiplier: int, tree: Tree[Token]) -> Decimal:
        whole = digits.split(".")[0]
        grouped = "," in whole
        groups = whole.split(",")
        if grouped and (
            not 1 <= len(groups[0]) <= 3 or any(len(part) != 3 for part in groups[1:])
        ):
            raise self._fail(
                f'"{self.text[slice(*_tree_span(tree))]}" is not an amount',
                span=_tree_span(tree),
                hint="Write amounts like $50k, 50,000 or 1.5 million.",
            )
        try:
            value = Decimal(digits.replace(",", "")) * multiplier
        except InvalidOperation:
            raise self._fail(
                f'"{self.text[slice(*_tree_span(tree))]}" is not an amount',
                span=_tree_span(tree),
            ) from None
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return value

    def _top(self, clause: Tree[Token]) -> None:
        count = self._whole(_children(clause, "NUMBER")[0], low=1, high=MAX_TOP)
        if self.top_n is not None and self.top_n != count:
            raise self._fail(
                "the scope names two top-N limits", span=_tree_span(clause)
            )
        self.top_n = count

    def _check_ranked(self, tree: Tree[Token]) -> None:
        """ "by ARR" ranks a top N; without one it says nothing."""
        ranked = [clause for clause in _subtrees(tree) if clause.data == "ranked"]
        if not ranked or self.top_n is not None:
            return
        raise self._fail(
            '"by ARR" ranks the top accounts: say how many',
            span=_token_span(next(_tokens(ranked[0]))),
            suggestions=("top 10 by ARR",),
        )

    def _whole(self, token: Token, *, low: int, high: int = 10**9) -> int:
        if token.value.isdigit() and low <= int(token.value) <= high:
            return int(token.value)
        raise self._fail(
            f'"{self._written(token)}" should be a whole number from {low} to {high:,}',
            span=_token_span(token),
        )

    def _written(self, token: Token) -> str:
        """TOKEN as the user wrote it ("ten", where the token holds "10")."""
        return self.text[slice(*_token_span(token))]

    # -- segments, regions and owners --------------------------------------

    def _names(self, clause: Tree[Token]) -> None:
        kind = str(clause.data)
        context: Context = {
            "owner": "owner",
            "any_values": "values",
            "segment_values": "segment",
            "region_values": "region",
        }[kind]  # type: ignore[assignment]
        names = next(tree for tree in _subtrees(clause) if tree.data == "names")
        for tokens, entries in self._split(list(_tokens(names))):
            entry = self._resolve(tokens, entries, context=context)
            {"segment": self.segments, "region": self.regions, "owner": self.owners}[
                entry.kind
            ].add(entry.value)

    def _split(self, names: list[Token]) -> list[tuple[list[Token], tuple[Entry, ...]]]:
        """Cut a run of names into known values, longest match first."""
        index = value_index(self.vocabulary)
        longest = max((len(key) for key in index), default=1)
        items: list[tuple[list[Token], tuple[Entry, ...]]] = []
        position = 0
        while position < len(names):
            for end in range(min(len(names), position + longest), position, -1):
                key = tuple(fold(token.value) for token in names[position:end])
                if key in index:
                    items.append((names[position:end], index[key]))
                    position = end
                    break
            else:
                raise _unknown_name(
                    names[position:], text=self.text, vocabulary=self.vocabulary
                )
        return items

    def _resolve(
        self, tokens: list[Token], entries: tuple[Entry, ...], *, context: Context
    ) -> Entry:
        span = (_token_span(tokens[0])[0], _token_span(tokens[-1])[1])
        phrase = self.text[span[0] : span[1]]
        owners = [entry for entry in entries if entry.kind == "owner"]
        owners = [entry for entry in owners if not entry.partial] or owners
        wanted: set[ValueKind] = (
            {"segment", "region"} if context in {"values", "owner"} else {context}  # type: ignore[arg-type]
        )
        places = [entry for entry in entries if entry.kind in wanted]

        if context == "owner" and owners:
            candidates = owners
        elif places:
            candidates = places
        else:
            others = tuple(_phrase_for(entry) for entry in entries)
            what = {"values": "segment or region"}.get(context, context)
            raise self._fail(
                f'"{phrase}" is not a {what} in this workspace',
                span=span,
                suggestions=others,
            )
        if len(candidates) > 1:
            raise self._fail(
                f'"{phrase}" could be several things',
                span=span,
                suggestions=tuple(_phrase_for(entry) for entry in candidates),
            )
        return candidates[0]


def _phrase_for(entry: Entry) -> str:
    """How to name ENTRY unambiguously in a scope."""
    if entry.kind == "owner":
        return f"owned by {entry.value}"
    return f"{entry.kind} {entry.value}"


_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip


def _month_number(word: str) -> int:
    return _MONTHS.index(word.casefold()[:3]) + 1


def _day_of_month(token: Token) -> bool:
    """Whether a number after a month names its day ("March 31"), not a year."""
    return token.value.isdigit() and 1 <= int(token.value) <= 31
