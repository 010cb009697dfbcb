"""Next steps: the commands an output suggests, to run as pasted.

A workspace other than the default ``./.lifebuoy`` is named in every
suggested command (``-w DIR``, quoted for a shell); pasted without it, a
command would look for the default workspace and not find it.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

Step = tuple[str, str]
"""(what to do, the command that does it)"""


def on_workspace(steps: Sequence[Step], workspace: Path | None) -> list[Step]:
    """STEPS with WORKSPACE named in each command; as they are for None."""
    if workspace is None:
        return list(steps)
    option = f" -w {shlex.quote(str(workspace))}"
    return [(text, command + option) for text, command in steps]
