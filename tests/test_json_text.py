"""JSON text is byte for byte what the standard library's encoder writes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifebuoy.planning import Scope, build_plan, load_playbook
from lifebuoy.render.json import plan_document, plan_schema, render_json
from lifebuoy.render.json_text import json_text
from lifebuoy.signals.model import (
    Account,
    AccountSignals,
    Contact,
    Evidence,
    Signal,
    SignalName,
    SignalReport,
)
from plan_helpers import AS_OF, GOLDEN_SCOPE, SETTINGS, golden_report

GOLDEN = Path(__file__).parent / "golden"
PLAYBOOK = load_playbook()


def standard(document: object) -> str:
    """The text as the standard library's encoder wrote it before."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"empty": [], "none": {}}, '{\n  "empty": [],\n  "none": {}\n}\n'),
        ([1e-05, 2.5e-07, 0.0001], "[\n  1e-05,\n  2.5e-07,\n  0.0001\n]\n"),
        ([1e16, -0.0, 0.1], "[\n  1e+16,\n  -0.0,\n  0.1\n]\n"),
        ({"big": 2**70}, '{\n  "big": 1180591620717411303424\n}\n'),
        (
            [-(2**63), 2**64 - 1],
            "[\n  -9223372036854775808,\n  18446744073709551615\n]\n",
        ),
        ({"name": "Zoë\x00\t😀"}, '{\n  "name": "Zoë\\u0000\\t😀"\n}\n'),
        (
            {"note": 'a "b" \\ \x1f\x7f'},
            '{\n  "note": "a \\"b\\" \\\\ \\u001f\x7f"\n}\n',
        ),
        ({1: "one", None: True}, '{\n  "1": "one",\n  "null": true\n}\n'),
        (("a", ("b",)), '[\n  "a",\n  [\n    "b"\n  ]\n]\n'),
        ("\ud800", '"\ud800"\n'),
    ],
)
def test_text_written_by_hand(document: object, expected: str) -> None:
    assert json_text(document) == expected


def test_nan_is_written_null_which_json_allows() -> None:
    assert json_text({"score": float("nan")}) == '{\n  "score": null\n}\n'


@pytest.mark.parametrize(
    "value", [Decimal("1.50"), date(2026, 12, 3), Contact("Dana", "chat")]
)
def test_values_json_lacks_are_refused_as_before(value: object) -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_text({"value": value})


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.name)
def test_golden_documents_are_written_as_before(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))

    assert json_text(document) == standard(document)


def test_golden_plan_is_written_as_before() -> None:
    plan = build_plan(
        golden_report(),
        scope=GOLDEN_SCOPE,
        settings=SETTINGS,
        playbook=PLAYBOOK,
        as_of=AS_OF,
    )

    assert render_json(plan) == standard(plan_document(plan))


TRICKY = st.sampled_from(
    ["", "\x00", "\x1f", "\x7f", "\u2028", "é", "😀", "\ud800", ":warning:", "e-7"]
)
TEXT = st.text(st.characters(exclude_categories=())) | TRICKY
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.floats(min_value=-1e-3, max_value=1e-3, allow_nan=False)
    | TEXT
)
KEYS = TEXT | st.integers() | st.booleans() | st.none()
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(TEXT, inner, max_size=5)
        | st.dictionaries(KEYS, inner, max_size=3)
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_any_document_is_written_as_before(document: Any) -> None:
    assert json_text(document) == standard(document)


MONEY = st.decimals(min_value=0, max_value=Decimal("1e24"), allow_nan=False, places=4)
NUMBER = st.integers() | st.decimals(allow_nan=False, allow_infinity=False)


@st.composite
def signals(draw: st.DrawFn) -> Signal:
    evidence = Evidence(
        reason=draw(TEXT),
        detail=draw(TEXT),
        ids=tuple(draw(st.lists(TEXT, max_size=3))),
        dates=tuple(draw(st.lists(st.dates(), max_size=3))),
        numbers=draw(st.dictionaries(TEXT, NUMBER, max_size=3)),
        snippet=draw(st.none() | TEXT),
        source=draw(st.none() | TEXT),
    )
    return Signal(draw(st.sampled_from(list(SignalName))), evidence)


@st.composite
def accounts(draw: st.DrawFn, index: int) -> AccountSignals:
    renewal = draw(st.none() | st.integers(min_value=-40, max_value=400))
    account = Account(
        account_id=f"A{index}",
        name=draw(TEXT),
        segment=draw(st.none() | TEXT),
        arr=draw(st.none() | MONEY),
        currency=draw(st.sampled_from(["USD", "EUR"])),
        renewal_date=None if renewal is None else AS_OF + timedelta(days=renewal),
        csm=draw(st.none() | TEXT),
        health_score=draw(st.none() | st.integers(min_value=0, max_value=100)),
    )
    found = draw(st.lists(signals(), min_size=1, max_size=3))
    contacts = draw(st.lists(st.builds(Contact, TEXT, TEXT), max_size=2))
    ordered = sorted(found, key=lambda signal: signal.name.severity)
    return AccountSignals(account, tuple(ordered), tuple(contacts))


@st.composite
def reports(draw: st.DrawFn) -> SignalReport:
    count = draw(st.integers(min_value=0, max_value=6))
    return SignalReport(AS_OF, tuple(draw(accounts(index)) for index in range(count)))


@settings(max_examples=100, deadline=None)
@given(reports())
def test_any_plan_is_written_as_before_and_follows_the_schema(
    report: SignalReport,
) -> None:
    plan = build_plan(
        report,
        scope=Scope(text="at-risk accounts"),
        settings=SETTINGS,
        playbook=PLAYBOOK,
        as_of=AS_OF,
    )

    text = render_json(plan)

    assert text == standard(plan_document(plan))
    jsonschema.validate(json.loads(text), plan_schema())


def test_nesting_deeper_than_orjson_goes_is_written_as_before() -> None:
    document: list[Any] = []
    for _ in range(299):
        document = [document]

    assert json_text(document) == standard(document)
