"""Records: built like plain classes, compared by value, read-only to mypy."""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path

import pytest
from mypy import api as mypy_api

from lifebuoy.records import record
from lifebuoy.signals.model import Account, Evidence, Signal, SignalName


@record
class Point:
    x: int
    y: int = 0
    tags: dict[str, int] = field(default_factory=dict)


def test_records_compare_and_hash_by_value() -> None:
    first = Account("A1", "Acme", arr=None, strategic=True)
    same = Account("A1", "Acme", arr=None, strategic=True)

    assert first == same
    assert hash(first) == hash(same)
    assert {first, same} == {first}
    assert first != Account("A1", "Acme")


def test_records_keep_defaults_factories_and_replace() -> None:
    point = Point(1)
    other = Point(2)

    point.tags["a"] = 1  # the dictionary inside is the caller's, as in dataclasses
    assert other.tags == {}
    assert replace(point, y=5) == Point(1, 5, {"a": 1})


def test_records_hold_no_instance_dictionary() -> None:
    signal = Signal(SignalName.ESCALATION, Evidence("Escalation", "ticket #1"))

    assert not hasattr(signal, "__dict__")
    with pytest.raises(AttributeError):
        signal.extra = 1  # type: ignore[attr-defined]


def test_mypy_rejects_assigning_a_field(tmp_path: Path) -> None:
    source = tmp_path / "assign.py"
    source.write_text(
        "from lifebuoy.signals.model import Account\n"
        "account = Account('A1', 'Acme')\n"
        "account.name = 'Other'\n",
        encoding="utf-8",
    )

    report, _, status = mypy_api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            "",
            str(source),
        ],
    )

    assert status == 1
    assert 'Property "name" defined in "Account" is read-only' in report
