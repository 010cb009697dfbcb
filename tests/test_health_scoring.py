"""Health scoring: curves, dimensions, weights and their invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from lifebuoy.signals.health_scoring import (
    MEASURES,
    Colour,
    Dimension,
    colour,
    combine,
    dimension_scores,
    measure_score,
    reading,
    score,
    weights_for,
)
from lifebuoy.workspace.settings import HealthSettings

DEFAULT = weights_for(HealthSettings(), None)
HIGHER_IS_BETTER = {
    "active_users_change",
    "events_change",
    "csat_90",
    "nps_latest",
    "nps_average",
    "days_to_renewal",
    "active_champions",
}

measure_names = st.sampled_from(sorted(MEASURES))
raw = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
measure_values = st.dictionaries(measure_names, raw, max_size=len(MEASURES))
weight = st.decimals(min_value=0, max_value=10, places=2)
weight_maps = st.fixed_dictionaries({d: weight for d in Dimension})


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("tickets_30", 0, 100),
        ("tickets_30", 2, 80),
        ("tickets_30", 3.5, 65),
        ("tickets_30", 25, 0),
        ("escalations_90", 1, 50),
        ("csat_90", 3.5, 55),
        ("nps_latest", 6, 40),
        ("nps_latest", 9, 87.5),
        ("active_users_change", -40, 15),
        ("active_users_change", 10, 85),
        ("active_users_change", 500, 100),
        ("days_to_renewal", 45, 65),
        ("days_since_meeting", 10, 100),
        ("days_since_meeting", 135, 20),
        ("days_unanswered", 7, 75),
        ("champions_departed_180", 1, 40),
    ],
)
def test_curves_at_hand_computed_points(
    name: str, value: float, expected: float
) -> None:
    assert measure_score(name, value) == pytest.approx(expected)


@given(name=measure_names, low=raw, high=raw)
def test_every_measure_is_monotonic_in_its_direction(
    name: str, low: float, high: float
) -> None:
    low, high = min(low, high), max(low, high)
    before, after = measure_score(name, low), measure_score(name, high)

    assert 0 <= before <= 100 and 0 <= after <= 100
    if name in HIGHER_IS_BETTER:
        assert after >= before
    else:
        assert after <= before


@given(values=measure_values, name=measure_names, worse=st.floats(0, 1e4))
def test_a_worse_measure_never_raises_its_dimension(
    values: dict[str, float], name: str, worse: float
) -> None:
    step = -worse if name in HIGHER_IS_BETTER else worse
    base = {**values, name: values.get(name, 0.0)}
    changed = {**base, name: base[name] + step}
    dimension = MEASURES[name].dimension

    assert (
        dimension_scores(changed)[dimension] <= dimension_scores(base)[dimension] + 1e-9
    )
    assert (score(changed, DEFAULT).score or 0) <= (score(base, DEFAULT).score or 0)


@given(values=measure_values, weights=weight_maps)
def test_scores_stay_within_0_and_100(
    values: dict[str, float], weights: dict[Dimension, Decimal]
) -> None:
    scored = score(values, weights)

    assert scored.score is None or 0 <= scored.score <= 100
    assert all(0 <= value <= 100 for value in scored.dimensions.values())
    if scored.weights:
        assert sum(scored.weights.values()) == pytest.approx(Decimal(1))


@given(values=measure_values, extra=measure_values)
def test_adding_a_missing_dimension_keeps_the_other_dimensions(
    values: dict[str, float], extra: dict[str, float]
) -> None:
    before = dimension_scores(values)
    added = {
        name: value
        for name, value in extra.items()
        if MEASURES[name].dimension not in before
    }
    after = dimension_scores({**values, **added})

    assert {d: after[d] for d in before} == before


def test_missing_dimensions_are_dropped_and_weights_rescaled() -> None:
    # support 100 (weight .25) and satisfaction 40 (weight .20):
    # (.25 * 100 + .20 * 40) / .45 = 33 / .45 = 73.33
    dimensions = {Dimension.SUPPORT: 100.0, Dimension.SATISFACTION: 40.0}

    overall, used = combine(dimensions, DEFAULT)

    assert overall == pytest.approx(73.3333, abs=1e-3)
    assert used[Dimension.SUPPORT] == pytest.approx(Decimal(25) / Decimal(45))
    assert set(used) == set(dimensions)


def test_no_dimension_with_data_gives_no_score() -> None:
    scored = score({}, DEFAULT)

    assert scored.score is None
    assert reading(scored) == "Not enough data to score this account."


def test_segment_weights_apply_to_their_segment_only() -> None:
    settings = HealthSettings(
        segment_weights={"Enterprise": {"usage": Decimal(1), "support": Decimal(0)}}
    )

    assert weights_for(settings, "enterprise") == {
        Dimension.USAGE: Decimal(1),
        Dimension.SUPPORT: Decimal(0),
    }
    assert weights_for(settings, "SMB") == DEFAULT


def test_an_unknown_dimension_in_the_weights_is_refused_with_the_settings() -> None:
    with pytest.raises(ValidationError, match="unknown health dimension 'usgae'"):
        HealthSettings(weights={"usgae": Decimal(1)})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, Colour.GREEN),
        (70, Colour.GREEN),
        (69, Colour.YELLOW),
        (40, Colour.YELLOW),
        (39, Colour.RED),
        (0, Colour.RED),
    ],
)
def test_colour_bands(value: int, expected: Colour) -> None:
    assert colour(value) is expected


def test_reading_names_the_weakest_dimensions() -> None:
    # tickets 10 → 20, nps 6 → 40: support 20, satisfaction 40; days to renewal
    # 180 → 100. (.25*20 + .20*40 + .10*100) / .55 = 23 / .55 = 41.8 → 42.
    scored = score({"tickets_30": 10, "nps_latest": 6, "days_to_renewal": 180}, DEFAULT)

    assert scored.score == 42
    assert reading(scored) == (
        "At risk: support (20) and satisfaction (40) pull the score down; "
        "commercial (100) holds up."
    )


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("days_to_renewal", -5, "renewal date passed 5 days ago; update it in the CRM"),
        ("days_to_renewal", 0, "renewal today"),
        ("days_since_meeting", 1, "last meeting 1 day ago"),
        ("days_since_meeting", 10_000, "no meeting or call recorded"),
        ("days_unanswered", 0, "no outreach waiting for an answer"),
        ("tickets_30", 1, "1 ticket in last 30 days"),
        ("events_change", 12.4, "events +12% (last 30 days vs 30 before)"),
    ],
)
def test_factor_texts(name: str, value: float, text: str) -> None:
    assert MEASURES[name].describe(value) == text


def test_reading_says_when_few_dimensions_have_data() -> None:
    # Only commercial: 180 days to renewal scores 100.
    scored = score({"days_to_renewal": 180}, DEFAULT)

    assert reading(scored) == (
        "Healthy: every dimension holds up. Based on only 1 of 5 dimensions."
    )


def test_a_flagged_account_reads_its_flags_first_never_healthy() -> None:
    # tickets 10 → 20 (support 20); 180 days to renewal → 100; usage +20% → 100
    # twice. Weighted: (.35*100 + .25*20 + .10*100) / .70 = 50 / .70 = 71.4 → 71.
    values = {
        "active_users_change": 20,
        "events_change": 20,
        "tickets_30": 10,
        "days_to_renewal": 180,
    }
    scored = score(values, DEFAULT)

    assert scored.score == 71
    assert reading(scored, flags=("Escalation 30 Sep (#47913)",)) == (
        "Scores 71 (green) but has 1 risk flag: Escalation 30 Sep (#47913). "
        "Weakest: support (20)."
    )
    assert reading(scored, flags=("A", "B", "C")) == (
        "Scores 71 (green) but has 3 risk flags: A; B; and 1 more. "
        "Weakest: support (20)."
    )


@pytest.mark.parametrize(
    ("name", "value", "group"),
    [
        # reopens: 0 → 100, 3 → 60; 2 reopens = 100 - 40 * 2/3 = 73.3
        ("reopens_90", 2, "watch"),
        ("reopens_90", 0, "positive"),
        # tickets: 2 → 80 exactly is positive; 3 → 70 to watch; 5 → 50 negative
        ("tickets_30", 2, "positive"),
        ("tickets_30", 3, "watch"),
        ("tickets_30", 5, "negative"),
        # champions: 0 → 40 negative; days to renewal 0 → 50 negative
        ("active_champions", 0, "negative"),
    ],
)
def test_factors_worse_than_good_are_not_positive(
    name: str, value: float, group: str
) -> None:
    factor = score({name: value}, DEFAULT).factors[0]

    groups = {
        "positive": factor.positive,
        "watch": factor.watch,
        "negative": factor.negative,
    }
    assert [key for key, held in groups.items() if held] == [group]
