"""Immutable records that are cheap to build, for results made per account.

A frozen dataclass sets every field through ``object.__setattr__`` in its
``__init__``, which makes it about ten times slower to build than a plain
class: seconds for a report of a hundred thousand accounts. A record is a
slotted dataclass at run time, so it builds at a plain class's speed, and a
frozen one to the type checker, which rejects any assignment to a field
(``mypy --strict`` runs on the whole package). Records compare and hash by
value, like frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """Make CLS a record: fields are never assigned once it is built."""
    return dataclass(slots=True, unsafe_hash=True)(cls)
