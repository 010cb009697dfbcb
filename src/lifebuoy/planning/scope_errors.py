"""Reading a scope without asking: the question, its explanation, the underline.

``read_scope`` parses a scope against a workspace and, when the text cannot
be read exactly, raises the question "Which accounts should I plan
interventions for?" as a ``ScopeError`` whose hint shows the unread part,
why, the closest known values and examples. Interfaces that can ask again
(the command line on a terminal) use ``explain`` between tries.
"""

from __future__ import annotations

from datetime import date

from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import Scope
from lifebuoy.planning.scope import EXAMPLES, QUESTION, Vocabulary, parse_scope
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

SHOWN = 80
"""Characters of the scope shown around the unread part in an error."""


def read_scope(
    text: str,
    *,
    workspace: Workspace | None,
    as_of: date,
    vocabulary: Vocabulary | None = None,
    settings: Settings | None = None,
) -> Scope:
    """The scope TEXT names; raises the question as ScopeError when unclear.

    VOCABULARY and SETTINGS replace the workspace's (a plan from a team's
    list may have no workspace).
    """
    if vocabulary is None:
        vocabulary = Vocabulary.from_workspace(workspace) if workspace else Vocabulary()
    if settings is None:
        settings = workspace.settings if workspace else Settings()

    try:
        return parse_scope(
            text,
            vocabulary=vocabulary,
            as_of=as_of,
            soon_days=settings.signals.renewal_soon_days,
        )
    except ScopeError as error:
        raise question(error) from None


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
    """TEXT on one line and a line of ^ under SPAN; nothing for empty text.

    Long text is cut to about SHOWN characters from where the unread part
    starts, with "…" for what is left out.
    """
    shown = "".join(" " if char in "\r\n\t\v\f" else char for char in text)
    if not shown.strip():
        return []
    start, end = span if span is not None else (0, len(shown))
    offset = max(0, start - SHOWN // 4) if len(shown) > SHOWN else 0
    window = shown[offset : offset + SHOWN]
    before = "…" if offset else ""
    after = "…" if offset + SHOWN < len(shown) else ""
    line = f"  {before}{window}{after}"
    if span is None:
        return [line]
    width = max(min(end, offset + SHOWN) - start, 1)
    return [line, "  " + " " * (len(before) + start - offset) + "^" * width]
