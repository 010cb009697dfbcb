"""Actions: the playbook's mapping from signals to a primary and secondary action."""

from __future__ import annotations

from lifebuoy.planning.playbook import ActionEntry
from lifebuoy.records import record
from lifebuoy.signals.model import SignalName


@record
class ChosenActions:
    primary: ActionEntry
    secondary: ActionEntry | None


def choose_actions(
    entries: tuple[ActionEntry, ...], signals: frozenset[SignalName]
) -> ChosenActions | None:
    """The first entry the signals satisfy, then the next that adds a signal.

    Entries are most severe first, so the primary action comes from the most
    severe signal (or combination) and the secondary from the next one.
    """
    primary: ActionEntry | None = None
    for entry in entries:
        if not entry.signals <= signals:
            continue
        if primary is None:
            primary = entry
        elif not entry.signals <= primary.signals:
            return ChosenActions(primary, entry)
    if primary is None:
        return None
    return ChosenActions(primary, None)
