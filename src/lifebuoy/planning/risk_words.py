"""Risk text from a team's own list, read into signals.

A list's "why" column holds phrases such as "escalation last month; invoice
20 days late". The text is cut into clauses (at ";", ", ", " and ", " but ",
line breaks and bullets); each clause is read with the scope language's
signal words (``scope_words.KEYWORDS``) plus a few words only risk notes
use, and the thresholds of the signal settings ("NPS 4" is a detractor
because 4 is at most ``nps_detractor_max``). A clause that names no signal
is kept verbatim as "not understood": it is never dropped.

A clause that negates its risk names no signal and says no risk, as "all
good" does: a negation before a risk word ("no escalation", "champion has
not left", "no longer evaluating alternatives", "never missed a payment",
"no risk of churn"), or "ruled out" beside one ("Gainsight ruled out").
Some risks are written as a negation and stay risks ("no login in 45
days", "no exec contact", "no response"), and a negated subject without a
risk word stays unread ("no champion", "no budget"). Cutting at " but "
keeps "no escalation but usage down 40%" a usage decline.

Clauses are cut only where no bracket or quote is open, so "detractor (NPS
3, said so twice)" stays whole; a signal's reason is shortened to
``REASON_LIMIT`` characters at a phrase boundary, its evidence keeps every
word.

Some phrasings are decided here rather than left unread:

- "no login in 45 days", "no usage", "low usage", "usage dropping" are
  ``usage_decline``; "support tickets spiking", "ticket spike" are
  ``support_spike``; "lost champion", "champion gone", "sponsor left" are
  ``champion_left`` (but "sponsor gone quiet" is silence, not a departure).
- "downgrade requested", "cancellation notice", "asked to cancel" and
  "budget cuts" are ``evaluating_alternatives``: the customer is weighing
  whether to keep paying, and that signal's value conversation at executive
  level is the answer. No other signal speaks of intent to leave or shrink.
- "NPS 9" (a score above ``nps_detractor_max``), "happy", "promoter", "all
  good", "stable" are understood and name no signal: they are neither risks
  nor unread words, and are kept to be said as such ("promoter (NPS 9)").
- "CSAT 2.1", "low CSAT" are ``nps_detractor``: like NPS, CSAT is the
  customer's own answer to a survey, and a poor one asks for what that
  signal's action says: understand the feedback, act, record it for Product.
  No other signal fits: support_spike is a count of tickets, low_health the
  CRM's own score. CSAT is read on 1-5, a score above 5 as a percentage (as
  the health score reads it); under 3, where the health score's CSAT curve
  turns red, is a detractor, 3 or more says no risk.
- "exec sponsor unhappy", "CFO frustrated" are ``no_exec_touch``, not
  ``nps_detractor``: a sponsor's or executive's displeasure is a
  relationship to repair at executive level, which is that signal's
  action (strategic check-in or QBR), not survey feedback for Product.
  "Customer unhappy", naming no one, stays ``nps_detractor``.
- "renewal in 20 days" is ``renewal_soon`` with its date counted from the
  as-of date (weeks as 7 days, months as calendar months).
- "reorg in progress" and "budget review" stay not understood: a
  reorganisation may cost a champion and a review may cut the budget, but
  until either happens they name no signal. ``unread_hint`` says what to
  write instead, for these and other near misses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from lifebuoy.planning.phrases import balanced, shorten, split_outside, unwrapped
from lifebuoy.planning.scope_words import KEYWORDS, fold
from lifebuoy.signals.model import Evidence, Signal, SignalName
from lifebuoy.workspace.settings import SignalSettings

LIST_SOURCE = "list"
REASON_LIMIT = 60
"""Characters of a signal's reason in a plan's Why; the evidence keeps all."""
READ_EXAMPLES = (
    "escalated",
    "invoice 20 days late",
    "usage down 40%",
    "champion left",
    "NPS 4",
)
"""Risk words read as signals, for messages about words that are not."""
UNREAD_TIER = "tier"
"""How a written tier that is no tier is kept among the unread words."""

_CLAUSE_BREAK = re.compile(r"[;\n\r•·|]+|,\s+|\s+(?:and|but|&|\+)\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(%|percent)?")
_DURATION = re.compile(
    r"(\d+)\s*(day|days|d|week|weeks|wk|wks|month|months|mo|mos)\b", re.IGNORECASE
)
_CLAUSE_EDGES = " \t-–—.:"
_MINUS_NUMBER = re.compile(r"[-−–]\s*\d")
_UNIT_DAYS = {"d": 1, "day": 1, "w": 7, "week": 7, "wk": 7, "m": 30, "month": 30}
_UNIT_DAYS["mo"] = 30
PROMOTER_FROM = 9
"""NPS's own bands: 9–10 promoters, 7–8 passives (detractors come from settings)."""
CSAT_POOR_BELOW = Decimal(3)
"""A CSAT (1-5) under this is a detractor: the health score's CSAT curve gives
3 a score of 40, the line under which it calls a measure red."""
CSAT_TOP = 5
"""CSAT's scale; a score above it is a percentage, divided by 20."""
_REORG = frozenset(
    {"reorg", "reorganisation", "reorganization", "restructuring", "restructure",
     "merger", "acquired", "acquisition", "layoffs", "layoff"}
)  # fmt: skip

_EXTRA_WORDS: dict[str, tuple[str, ...]] = {
    "ESCALATION": ("escalate", "p1", "p0", "sev1", "sev0", "sev"),
    "PAYMENT": ("card", "pay", "paid", "bill", "ar", "receivable"),
    "FAILED": ("bounced", "chargeback", "rejected"),
    "LATE": ("unpaid", "outstanding", "past", "missed"),
    "USAGE": ("login", "logins", "active", "user", "seat", "dau", "mau", "wau"),
    "DECLINE": ("down", "fell", "fallen", "lower", "reduced", "shrinking", "declined"),
    "COMPETITOR": ("rfp", "switching", "switch", "shopping"),
    "EVALUATING": ("trialing", "trialling", "piloting", "demoing", "evaluate"),
    "ALTERNATIVE": ("vendor", "option"),
    "CHAMPION": ("champion",),
    "LEFT": ("quit", "resigned", "leaving", "moved", "churned"),
    "EXEC": ("qbr", "ebr", "vp", "cxo", "ceo", "cfo", "cio", "cto"),
    "TOUCH": ("contact", "call", "sync", "touchbase", "relationship"),
    "RESPONSE": ("respond", "responding", "answer", "answering", "replie"),
    "SILENT": ("unresponsive", "ghosting", "ghosted", "dark", "silent", "quiet"),
    "SPIKE": (
        "up",
        "increase",
        "increasing",
        "rising",
        "flood",
        "volume",
        "many",
        "spiking",
        "spiked",
        "spikes",
        "surge",
        "surging",
        "jump",
    ),
    "INTENT": (
        "downgrade",
        "downgrading",
        "downgraded",
        "cancel",
        "cancelling",
        "canceling",
        "cancellation",
        "cancelation",
        "terminate",
        "termination",
        "nonrenewal",
    ),
    "BUDGET": ("budget", "budgets"),
    "CUT": ("cut", "cuts", "cutting", "slashed", "freeze", "frozen"),
    "POSITIVE": (
        "happy",
        "promoter",
        "satisfied",
        "delighted",
        "good",
        "fine",
        "ok",
        "okay",
        "great",
        "healthy",
        "stable",
    ),
    "RED": ("red",),
    "NEGATION": (
        "no",
        "not",
        "none",
        "never",
        "nor",
        "without",
        "haven't",
        "hasn't",
        "hadn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "hasnt",
        "isnt",
        "dont",
        "doesnt",
        "didnt",
    ),
    "RISK": ("risk", "churn", "churning"),
    "GROWTH": ("expansion", "expand", "upsell", "upgrade", "upgrading"),
    "DETRACTOR": ("detractor",),
    "DISPLEASED": (
        "unhappy",
        "dissatisfied",
        "frustrated",
        "upset",
        "annoyed",
        "angry",
        "displeased",
    ),
    "CSAT": ("csat",),
}
_RISK_WORDS = frozenset(
    {"ESCALATION", "FAILED", "LATE", "COMPETITOR", "EVALUATING", "ALTERNATIVE",
     "INTENT", "CUT", "SPIKE", "DECLINE", "LEFT", "DETRACTOR", "DISPLEASED", "RISK"}
)  # fmt: skip
"""Words a negation before them denies: "not escalated", "has not left".

Not the words of risks written as a negation ("no login", "no exec contact",
"no response"), nor subjects ("no champion", "no payment", "no budget")."""
_RULED_OUT = re.compile(
    r"\brul(?:ed|es|e)\s+out\b|\boff\s+the\s+table\b", re.IGNORECASE
)
_SIGNAL_TERMINALS = frozenset(
    {
        "ESCALATION", "PAYMENT", "FAILED", "LATE", "USAGE", "DECLINE", "COMPETITOR",
        "EVALUATING", "ALTERNATIVE", "NPS", "DETRACTOR", "HEALTH", "CHAMPION",
        "LEFT", "SUPPORT", "SPIKE", "EXEC", "TOUCH", "SLOW", "RESPONSE",
        "RENEWING", "SILENT", "INTENT", "BUDGET", "CUT", "POSITIVE",
    }
)  # fmt: skip


def _vocabulary() -> dict[str, str]:
    words = {
        word: terminal
        for word, terminal in KEYWORDS.items()
        if terminal in _SIGNAL_TERMINALS | {"LOW", "NO"}
    }
    for terminal, extra in _EXTRA_WORDS.items():
        for word in extra:
            words[fold(word)] = terminal
    words["no"] = "NEGATION"
    return words


VOCABULARY = _vocabulary()
"""Folded word → what it stands for in risk text."""


@dataclass(frozen=True)
class RiskReading:
    """The signals read from one account's risk text, and what stayed unread."""

    signals: tuple[Signal, ...]
    not_understood: tuple[str, ...]
    no_risk: tuple[str, ...] = ()
    """Clauses read as saying all is well, in words: "promoter (NPS 9)"."""


@dataclass(frozen=True)
class _Clause:
    text: str
    terms: frozenset[str]
    words: tuple[str, ...]
    number: Decimal | None
    days: int | None


def read_risks(text: str, *, settings: SignalSettings, as_of: date) -> RiskReading:
    """Every clause of TEXT as signals (source "list"), or as not understood."""
    found: dict[SignalName, list[str]] = {}
    unread: list[str] = []
    well: list[str] = []
    for raw in clauses(text):
        names = clause_signals(raw, settings=settings)
        if not names and names_no_risk(raw, settings=settings):
            well.append(_no_risk_words(raw))
        elif not names:
            unread.append(raw)
        for name in names:
            found.setdefault(name, []).append(raw)

    ordered = sorted(found, key=lambda name: name.severity)
    return RiskReading(
        tuple(_signal(name, found[name], as_of=as_of) for name in ordered),
        tuple(unread),
        tuple(well),
    )


def clauses(text: str) -> list[str]:
    """The clauses of TEXT as written, trimmed, empty ones left out.

    Text is cut only where no bracket or quote is open; a clause wrapped in
    brackets loses them ("(NPS 3)" → "NPS 3") and one left open is closed.
    """
    parts = (_trimmed(part) for part in split_outside(text, _CLAUSE_BREAK))
    return [part for part in parts if part]


def _trimmed(part: str) -> str:
    text = unwrapped(part.strip(_CLAUSE_EDGES))
    return balanced(text.strip(_CLAUSE_EDGES))


def clause_signals(text: str, *, settings: SignalSettings) -> tuple[SignalName, ...]:
    """The signals one clause names, most severe first; () for none."""
    if _negated(text, settings=settings):
        return ()

    clause = _read_clause(text)
    names = {name for name, test in _RULES if test(clause, settings)}
    if _competitor_mentions(text, settings):
        names.add(SignalName.EVALUATING_ALTERNATIVES)
    if SignalName.PAYMENT_FAILED in names:
        names.discard(SignalName.PAYMENT_LATE)
    return tuple(sorted(names, key=lambda name: name.severity))


def names_no_risk(text: str, *, settings: SignalSettings) -> bool:
    """Whether a clause is read and says all is well: "NPS 9", "happy", or a
    negated risk ("not escalated")."""
    if _negated(text, settings=settings):
        return True

    clause = _read_clause(text)
    if "NEGATION" in clause.terms:
        return False
    if "POSITIVE" in clause.terms:
        return True
    if "CSAT" in clause.terms:
        return _csat(clause) is not None and not _poor_csat(clause)
    score = clause.number
    promoter = score is not None and settings.nps_detractor_max < score <= 10
    return "NPS" in clause.terms and promoter and not clause.terms & {"LOW", "RED"}


def _negated(text: str, *, settings: SignalSettings) -> bool:
    """Whether the clause denies its risk: a negation before a risk word or a
    competitor ("champion has not left"), or "ruled out" beside one."""
    risks = _word_positions(text, _RISK_WORDS)
    risks += _competitor_mentions(text, settings)
    if not risks:
        return False

    negations = _word_positions(text, {"NEGATION"})
    if negations and min(negations) < max(risks):
        return True
    return _RULED_OUT.search(text) is not None


def _word_positions(text: str, terms: Collection[str]) -> list[int]:
    """Where in TEXT the words standing for any of TERMS start."""
    return [
        match.start()
        for match in _WORD.finditer(text)
        if VOCABULARY.get(fold(match.group())) in terms
    ]


def _read_clause(text: str) -> _Clause:
    words = tuple(fold(word) for word in _WORD.findall(text))
    terms = frozenset(VOCABULARY[word] for word in words if word in VOCABULARY)
    numbers = [
        Decimal(match.group(1))
        for match in _NUMBER.finditer(text)
        if not _is_duration(text, match.start())
    ]
    return _Clause(
        text=text,
        terms=terms,
        words=words,
        number=numbers[0] if numbers else None,
        days=_days(text),
    )


def _is_duration(text: str, start: int) -> bool:
    match = _DURATION.match(text, start)
    return match is not None


def _days(text: str) -> int | None:
    match = _DURATION.search(text)
    if match is None:
        return None
    unit = fold(match.group(2).casefold())
    per = _UNIT_DAYS.get(unit) or _UNIT_DAYS.get(unit[:1], 1)
    return int(match.group(1)) * per


def _competitor_mentions(text: str, settings: SignalSettings) -> list[int]:
    """Where TEXT names a configured competitor or alternative phrase."""
    found = []
    for term in (*settings.competitors, *settings.alternative_phrases):
        pattern = r"\b" + r"\s+".join(map(re.escape, term.split())) + r"\b"
        if term.strip() and (match := re.search(pattern, text, re.IGNORECASE)):
            found.append(match.start())
    return found


def _escalation(clause: _Clause, settings: SignalSettings) -> bool:
    return "ESCALATION" in clause.terms


def _payment_failed(clause: _Clause, settings: SignalSettings) -> bool:
    if "chargeback" in clause.words:
        return True
    if not clause.terms & {"PAYMENT", "LATE"}:
        return False
    # "declined" is a failed card beside a payment word, a fall beside usage.
    if "FAILED" in clause.terms or "declined" in clause.words:
        return True
    late = _payment_late(clause, settings)
    overdue = settings.payment_failed_overdue_days
    return late and clause.days is not None and clause.days > overdue


def _payment_late(clause: _Clause, settings: SignalSettings) -> bool:
    if "LATE" not in clause.terms:
        return False
    payment = "PAYMENT" in clause.terms
    # "late" alone may be about anything; "overdue", "unpaid" are about money.
    specific = {"overdue", "unpaid", "outstanding", "past"} & set(clause.words)
    return payment or (bool(specific) and "EXEC" not in clause.terms)


def _evaluating(clause: _Clause, settings: SignalSettings) -> bool:
    if "GROWTH" in clause.terms:
        return False
    if clause.terms & {"COMPETITOR", "EVALUATING", "INTENT"}:
        return True
    if {"BUDGET", "CUT"} <= clause.terms:
        return True
    # "other options" alone is too vague; "looking at other vendors" is not.
    return "ALTERNATIVE" in clause.terms and "looking" in clause.words


def _usage_decline(clause: _Clause, settings: SignalSettings) -> bool:
    if "USAGE" not in clause.terms:
        return False
    if "NEGATION" in clause.terms:
        # "no login in 45 days" is a decline; "no usage drop" is not.
        return not clause.terms & {"DECLINE", "LOW"}
    if clause.terms & {"DECLINE", "LOW"}:
        return True
    return _MINUS_NUMBER.search(clause.text) is not None


def _nps_detractor(clause: _Clause, settings: SignalSettings) -> bool:
    if "DETRACTOR" in clause.terms:
        return True
    if "DISPLEASED" in clause.terms and not _names_a_sponsor(clause):
        return True
    if "CSAT" in clause.terms:
        return _poor_csat(clause)
    if "NPS" not in clause.terms:
        return False
    if clause.terms & {"LOW", "RED"}:
        return True
    score = clause.number
    return score is not None and score <= settings.nps_detractor_max


def _csat(clause: _Clause) -> Decimal | None:
    """The clause's CSAT on its 1-5 scale: "CSAT 2.1" is 2.1, "CSAT 80%" is 4."""
    score = clause.number
    if score is None:
        return None
    return score / 20 if score > CSAT_TOP else score


def _poor_csat(clause: _Clause) -> bool:
    if clause.terms & {"LOW", "RED"}:
        return True
    score = _csat(clause)
    return score is not None and score < CSAT_POOR_BELOW


def _names_a_sponsor(clause: _Clause) -> bool:
    """Whether the clause is about an executive, sponsor or champion."""
    return bool(clause.terms & {"EXEC", "CHAMPION"})


def _champion_left(clause: _Clause, settings: SignalSettings) -> bool:
    # "sponsor gone quiet" is silence, not a departure.
    left = "LEFT" in clause.terms and "SILENT" not in clause.terms
    return "CHAMPION" in clause.terms and left


def _no_exec_touch(clause: _Clause, settings: SignalSettings) -> bool:
    if "DISPLEASED" in clause.terms and _names_a_sponsor(clause):
        return True
    if "EXEC" not in clause.terms and "TOUCH" not in clause.terms:
        return False
    if "NEGATION" in clause.terms:
        return True
    # "QBR overdue", "exec sponsor gone quiet"
    return "EXEC" in clause.terms and bool(clause.terms & {"LATE", "SILENT"})


def _slow_response(clause: _Clause, settings: SignalSettings) -> bool:
    if "SILENT" in clause.terms and "EXEC" not in clause.terms:
        return True
    if "RESPONSE" not in clause.terms:
        return False
    return bool(clause.terms & {"SLOW", "NEGATION", "LATE"})


def _support_spike(clause: _Clause, settings: SignalSettings) -> bool:
    return "SUPPORT" in clause.terms and "SPIKE" in clause.terms


def _low_health(clause: _Clause, settings: SignalSettings) -> bool:
    if "HEALTH" not in clause.terms:
        return False
    if clause.terms & {"LOW", "RED"}:
        return True
    score = clause.number
    return score is not None and score < settings.low_health_below


def _renewal_soon(clause: _Clause, settings: SignalSettings) -> bool:
    if "RENEWING" not in clause.terms and not _contract_end(clause):
        return False
    if {"soon", "upcoming", "imminent"} & set(clause.words):
        return True
    return clause.days is not None and clause.days <= settings.renewal_soon_days


def _contract_end(clause: _Clause) -> bool:
    ending = {"end", "expire", "expiring", "ending"}
    return "contract" in clause.words and bool(ending & set(clause.words))


_Rule = Callable[[_Clause, SignalSettings], bool]
_RULES: tuple[tuple[SignalName, _Rule], ...] = (
    (SignalName.EVALUATING_ALTERNATIVES, _evaluating),
    (SignalName.ESCALATION, _escalation),
    (SignalName.PAYMENT_FAILED, _payment_failed),
    (SignalName.USAGE_DECLINE, _usage_decline),
    (SignalName.CHAMPION_LEFT, _champion_left),
    (SignalName.LOW_HEALTH, _low_health),
    (SignalName.NO_EXEC_TOUCH, _no_exec_touch),
    (SignalName.NPS_DETRACTOR, _nps_detractor),
    (SignalName.SLOW_RESPONSE, _slow_response),
    (SignalName.SUPPORT_SPIKE, _support_spike),
    (SignalName.PAYMENT_LATE, _payment_late),
    (SignalName.RENEWAL_SOON, _renewal_soon),
)


def _signal(name: SignalName, written: list[str], *, as_of: date) -> Signal:
    """The signal with the first clause's figures; every clause in its reason.

    A renewal's reason gives the date it falls on: "renewal in 20 days
    (2026-12-23)".
    """
    text = "; ".join(written)
    clause = _read_clause(written[0])
    numbers: dict[str, Decimal | int] = {}
    dates: tuple[date, ...] = ()
    if clause.days is not None:
        numbers["days"] = clause.days
    if clause.number is not None:
        numbers["number"] = clause.number
    reason = shorten(text, REASON_LIMIT)
    renewal = _renewal_day(written[0], as_of=as_of)
    if name is SignalName.RENEWAL_SOON and renewal is not None:
        dates = (renewal,)
        day = f" ({renewal.isoformat()})"
        reason = shorten(text, REASON_LIMIT - len(day)) + day
    evidence = Evidence(
        reason=reason,
        detail=f'From the team\'s list: "{text}"',
        dates=dates,
        numbers=numbers,
        snippet=text,
        source=LIST_SOURCE,
    )
    return Signal(name, evidence)


def _renewal_day(text: str, *, as_of: date) -> date | None:
    """The day "in N days/weeks/months" of TEXT falls on, counted from AS_OF."""
    match = _DURATION.search(text)
    if match is None:
        return None
    count = int(match.group(1))
    unit = fold(match.group(2).casefold())[:1]
    if unit == "m":
        return as_of + relativedelta(months=count)
    return as_of + timedelta(days=count * _UNIT_DAYS.get(unit, 1))


def _no_risk_words(text: str) -> str:
    """A clause that says all is well, said plainly: "promoter (NPS 9)"."""
    clause = _read_clause(text)
    score = clause.number
    if "NPS" not in clause.terms or score is None:
        return text
    kind = "promoter" if score >= PROMOTER_FROM else "passive"
    return f"{kind} ({text})"


def unread_hint(words: str) -> str | None:
    """What to write instead of unread WORDS, when they nearly name a signal."""
    clause = _read_clause(words)
    if clause.words[:1] == (UNREAD_TIER,):
        return "a tier is Critical, High, Medium or Watch"
    if "CSAT" in clause.terms:
        return 'write its score, e.g. "CSAT 2.1": under 3 of 5 is a detractor'
    if "BUDGET" in clause.terms:
        return 'write "budget cuts" if spend is being cut'
    if _REORG & set(clause.words):
        return 'write "champion left" once someone leaves'
    if "RENEWING" in clause.terms or _contract_end(clause):
        return 'counts once inside the renewal window, e.g. "renews in 45 days"'
    if "EXEC" in clause.terms and "NEGATION" not in clause.terms:
        return 'write "no exec contact" until we meet them'
    return None
