"""A team's written words, cut into phrases and shortened without breaking them.

Risk notes are shown back in a plan's Why, so every cut made here keeps
brackets and quotes whole: text is split only where no bracket or quote is
open, a shortened text is cut at a phrase boundary (";", ", ", " - ", ": ")
before a word boundary and ends in "…", and a bracket the writer left open
is closed. Brackets are (), [], {}; quotes are straight double quotes, “”
and «». Single quotes are left alone: "customer's" is not a quote.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»", '"': '"'}
_CLOSERS = {close: opener for opener, close in PAIRS.items() if close != opener}
_PHRASE_BOUNDARY = re.compile(r"\s*;\s*|,\s+|\s+[-–—]\s+|:\s+")
_WORD_BOUNDARY = re.compile(r"\s+")
_TRAILING = " \t,;:-–—"


def split_outside(text: str, breaks: re.Pattern[str]) -> list[str]:
    """TEXT cut at each match of BREAKS where no bracket or quote is open."""
    closed = _closed_at(text)
    parts: list[str] = []
    start = 0
    for match in breaks.finditer(text):
        if closed[match.start()] and match.end() > match.start():
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def balanced(text: str) -> str:
    """TEXT with stray closing brackets dropped and open ones closed at the end."""
    stack: list[int] = []
    dropped: set[int] = set()
    for index, char in enumerate(text):
        top = text[stack[-1]] if stack else None
        if top is not None and PAIRS[top] == char:
            stack.pop()
        elif char in PAIRS:
            stack.append(index)
        elif char in _CLOSERS:
            dropped.add(index)
    if not stack and not dropped:
        return text

    kept = "".join(char for index, char in enumerate(text) if index not in dropped)
    closing = "".join(PAIRS[text[index]] for index in reversed(stack))
    return " ".join(kept.split()) + closing


def unwrapped(text: str) -> str:
    """TEXT without one pair of brackets around all of it: "(NPS 3)" → "NPS 3"."""
    if len(text) < 2 or PAIRS.get(text[0]) != text[-1]:
        return text
    inner = text[1:-1]
    return inner if _closed_at(inner)[-1] and balanced(inner) == inner else text


def shorten(text: str, limit: int) -> str:
    """TEXT, balanced, in at most LIMIT characters, ending in "…" when cut.

    The cut is at the last phrase boundary that fits when it keeps at least
    half of LIMIT, else at the last word boundary that fits, else inside a
    word. A bracket or quote open at the cut is closed after the "…":
    "evaluating Gainsight (demo booked…)".
    """
    text = balanced(text)
    if len(text) <= limit:
        return text

    phrase = _last_fit(text, _PHRASE_BOUNDARY, limit=limit)
    if phrase is not None and len(phrase) >= limit // 2:
        return phrase
    word = _last_fit(text, _WORD_BOUNDARY, limit=limit)
    if word is not None:
        return word if phrase is None or len(word) > len(phrase) else phrase
    return phrase or _hard_cut(text, limit)


def _last_fit(text: str, boundary: re.Pattern[str], *, limit: int) -> str | None:
    """TEXT cut at its last BOUNDARY whose shortened form fits in LIMIT."""
    cuts = [match.start() for match in boundary.finditer(text, 0, limit)]
    for cut in reversed(cuts):
        kept = text[:cut].rstrip(_TRAILING)
        shortened = balanced(kept + ELLIPSIS)
        if kept and len(shortened) <= limit:
            return shortened
    return None


def _hard_cut(text: str, limit: int) -> str:
    """TEXT cut inside a word, a bracket open there closed after the "…"."""
    for size in range(limit - len(ELLIPSIS), 0, -1):
        shortened = balanced(text[:size].rstrip(_TRAILING) + ELLIPSIS)
        if len(shortened) <= limit:
            return shortened
    return ELLIPSIS


def _closed_at(text: str) -> list[bool]:
    """For each position of TEXT (and its end), whether nothing is open there."""
    stack: list[str] = []
    closed: list[bool] = []
    for char in text:
        closed.append(not stack)
        if stack and PAIRS[stack[-1]] == char:
            stack.pop()
        elif char in PAIRS:
            stack.append(char)
    closed.append(not stack)
    return closed
