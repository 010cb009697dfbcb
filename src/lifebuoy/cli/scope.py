"""Reading a scope at the command line: ask again on a terminal, else exit 2.

On a terminal an unreadable scope leads to the question "Which accounts
should I plan interventions for?" with the unread part underlined and the
closest known values, and the answer is parsed again (three tries). Without
a terminal (pipes, CI, the MCP server) the same text is the message of a
``ScopeError`` (exit 2).
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TextIO

from rich.console import Console
from rich.prompt import Prompt

from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import Scope
from lifebuoy.planning.scope import EXAMPLES, QUESTION, Vocabulary, parse_scope
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

TRIES = 3


def resolve_scope(
    text: str,
    *,
    workspace: Workspace | None,
    as_of: date,
    interactive: bool | None = None,
    console: Console | None = None,
    stream: TextIO | None = None,
    vocabulary: Vocabulary | None = None,
    settings: Settings | None = None,
) -> Scope:
    """The scope TEXT names; on a terminal, ask until it is clear.

    INTERACTIVE defaults to whether stdin and stdout are both terminals.
    CONSOLE and STREAM are where the question goes and the answer comes
    from (the terminal by default). VOCABULARY and SETTINGS replace the
    workspace's (a plan from a team's list may have no workspace).
    """
    if vocabulary is None:
        vocabulary = Vocabulary.from_workspace(workspace) if workspace else Vocabulary()
    if settings is None:
        settings = workspace.settings if workspace else Settings()
    soon_days = settings.signals.renewal_soon_days
    try:
        return parse_scope(
            text, vocabulary=vocabulary, as_of=as_of, soon_days=soon_days
        )
    except ScopeError as error:
        if interactive is None:
            interactive = sys.stdin.isatty() and sys.stdout.isatty()
        if not interactive:
            raise question(error) from None
        last = error

    console = console or Console(highlight=False)
    for _ in range(TRIES):
        console.print(explain(last), markup=False, highlight=False)
        answer = Prompt.ask(QUESTION, console=console, stream=stream)
        try:
            return parse_scope(
                answer, vocabulary=vocabulary, as_of=as_of, soon_days=soon_days
            )
        except ScopeError as error:
            last = error
    raise question(last)


def question(error: ScopeError) -> ScopeError:
    """ERROR reworded as the question, with everything needed to answer it."""
    return ScopeError(
        QUESTION,
        hint=explain(error),
        text=error.text,
        span=error.span,
        suggestions=error.suggestions,
    )


def explain(error: ScopeError) -> str:
    """The scope with the unread part underlined, why, close matches, examples."""
    lines = [*underline(error.text, error.span), error.message]
    if error.hint:
        lines.append(error.hint)
    if error.suggestions and not (error.hint and "Did you mean" in error.hint):
        quoted = " or ".join(f'"{item}"' for item in error.suggestions)
        lines.append(f"Did you mean {quoted}?")
    examples = ", ".join(f'"{example}"' for example in EXAMPLES)
    lines.append(f"For example: {examples}.")
    return "\n".join(lines)


def underline(text: str, span: tuple[int, int] | None) -> list[str]:
    """TEXT on one line and a line of ^ under SPAN; nothing for empty text."""
    shown = "".join(" " if char in "\r\n\t\v\f" else char for char in text)
    if not shown.strip():
        return []
    if span is None:
        return [f"  {shown}"]
    start, end = span
    width = max(end - start, 1)
    return [f"  {shown}", "  " + " " * start + "^" * width]
