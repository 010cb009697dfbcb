"""Owners: who carries an account's action (DESIGN.md "Owners")."""

from __future__ import annotations

from lifebuoy.records import record
from lifebuoy.signals.model import Account

TBD = "TBD"
ASSIGN_NOTE = "assign an owner in the CRM"


@record
class Owner:
    name: str
    is_tbd: bool
    source: str
    """"csm", "account owner" or "none"."""


def choose_owner(account: Account) -> Owner:
    """The CSM, else the account owner, else TBD with the note to assign one."""
    csm = _clean(account.csm)
    if csm is not None:
        return Owner(csm, is_tbd=False, source="csm")
    owner = _clean(account.owner)
    if owner is not None:
        return Owner(owner, is_tbd=False, source="account owner")
    return Owner(TBD, is_tbd=True, source="none")


def _clean(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join(name.split())
    return name or None
