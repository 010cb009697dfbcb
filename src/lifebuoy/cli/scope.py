"""Reading a scope at the command line: ask again on a terminal, else exit 2.

On a terminal an unreadable scope leads to the question "Which accounts
should I plan interventions for?" with the unread part underlined and the
closest known values, and the answer is parsed again (three tries). Without
a terminal (pipes, CI) the question is the message of a ``ScopeError``
(exit 2), as ``lifebuoy.planning.scope_errors.read_scope`` raises it.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TextIO

from rich.console import Console
from rich.prompt import Prompt

from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import Scope
from lifebuoy.planning.scope import QUESTION, Vocabulary
from lifebuoy.planning.scope_errors import explain, question, read_scope
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

__all__ = ["explain", "question", "resolve_scope"]

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

    def read(answer: str) -> Scope:
        return read_scope(
            answer,
            workspace=workspace,
            as_of=as_of,
            vocabulary=vocabulary,
            settings=settings,
        )

    try:
        return read(text)
    except ScopeError as asked:
        if interactive is None:
            interactive = sys.stdin.isatty() and sys.stdout.isatty()
        if not interactive:
            raise
        last = asked

    console = console or Console(highlight=False)
    for _ in range(TRIES):
        console.print(last.hint or last.message, markup=False, highlight=False)
        try:
            answer = Prompt.ask(QUESTION, console=console, stream=stream)
        except EOFError:
            break
        try:
            return read(answer)
        except ScopeError as asked:
            last = asked
    raise last
