"""Pure scoring of the health score: raw measures to 0-100, dimensions to a score.

Each measure maps to 0-100 through a piecewise-linear curve: straight lines
between the listed points, flat beyond the first and last. Every curve is
monotonic, so more of a bad thing never raises a score and more of a good
thing never lowers it.

| dimension | measure | curve: measure → score |
|---|---|---|
| usage | active users, % change (see below) | ≤−50 → 0, −30 → 30, 0 → 70, ≥20 → 100 |
| usage | events, % change (see below) | ≤−50 → 0, −30 → 30, 0 → 70, ≥20 → 100 |
| usage | days since the last active day | ≤3 → 100, 14 → 60, 30 → 20, ≥60 → 0 |
| support | tickets, last 30 days | 0 → 100, 2 → 80, 5 → 50, 10 → 20, ≥20 → 0 |
| support | escalated or urgent tickets, 90 days | 0 → 100, 1 → 50, 2 → 25, ≥3 → 0 |
| support | reopens of tickets from the last 90 days | 0 → 100, 3 → 60, ≥10 → 0 |
| support | average CSAT (1-5), last 90 days | ≤1 → 0, 3 → 40, 4 → 70, ≥5 → 100 |
| satisfaction | latest NPS response (0-10) | 0 → 0, 6 → 40, 7 → 60, 8 → 75, 10 → 100 |
| satisfaction | average NPS, last 365 days | 0 → 0, 6 → 40, 7 → 60, 8 → 75, 10 → 100 |
| commercial | unpaid invoices past due | 0 → 100, 1 → 50, ≥3 → 0 |
| commercial | most days an invoice is past due | 0 → 100, 14 → 50, ≥60 → 0 |
| commercial | failed payments, last 90 days | 0 → 100, 1 → 30, ≥2 → 0 |
| commercial | days to renewal | ≤0 → 50, 90 → 80, ≥180 → 100 |
| relationship | days since a meeting or call | ≤30 → 100, 60 → 70, 90 → 40, ≥180 → 0 |
| relationship | days since the last executive touch | ≤30 → 100, 90 → 50, ≥180 → 0 |
| relationship | active champions or sponsors | 0 → 40, 1 → 80, ≥2 → 100 |
| relationship | champions or sponsors gone, 180 days | 0 → 100, 1 → 40, ≥2 → 0 |
| relationship | days outreach waits for an answer | 0 → 100, 14 → 50, ≥30 → 0 |

Days to renewal counts only beside billing data (alone, a renewal date
says nothing about health). Changes compare the last 30 days with the 30
before. CSAT above 5 is read as a percentage and divided by 20. "Days
since" something that never happened counts as 10,000 days.

A dimension's score is the average of two numbers: the mean score of its
measures that have data, and the worst of them, so that one bad measure is
not hidden by several good ones (both are monotonic, so the average is). The
account's score is the weighted mean of its dimensions that have data, so
a missing dimension is left out and the other weights are rescaled. Weights
come from ``health.weights``, or ``health.segment_weights[SEGMENT]`` when the
account's segment has its own. Colours: 70 and above green, 40-69 yellow,
under 40 red.

Factors fall in three groups: a measure scoring 80 or more is positive,
60-79 is one to watch (worse than the best, not yet bad: "2 reopens in
last 90 days" scores 73), under 60 negative.

The one-line reading starts from the account's risk flags when it has any
("Scores 78 (green) but has 1 risk flag: Escalation 30 Sep (#47913)"), and
then never says "Healthy": a fired signal outweighs a good score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from lifebuoy.errors import ConfigError
from lifebuoy.workspace.settings import HealthSettings


class Dimension(StrEnum):
    """The five dimensions of the health score, in the order they are shown."""

    USAGE = "usage"
    SUPPORT = "support"
    SATISFACTION = "satisfaction"
    COMMERCIAL = "commercial"
    RELATIONSHIP = "relationship"


class Colour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


GREEN_FROM = 70
YELLOW_FROM = 40
POSITIVE_FROM = 80.0
WATCH_FROM = 60.0
THIN_DATA = 3
"""Fewer dimensions with data than this, and the reading says so."""
NEVER = 10_000.0
"""The measure of "days since" something that never happened."""


@dataclass(frozen=True)
class Curve:
    """A piecewise-linear map from a raw measure to 0-100."""

    points: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        if len(xs) < 2 or xs != sorted(xs) or len(set(xs)) != len(xs):
            raise ValueError(f"curve points must rise strictly: {self.points}")
        if ys != sorted(ys) and ys != sorted(ys, reverse=True):
            raise ValueError(f"curve must be monotonic: {self.points}")
        if min(ys) < 0 or max(ys) > 100:
            raise ValueError(f"curve scores must lie in 0-100: {self.points}")

    def __call__(self, value: float) -> float:
        (x0, y0), (xn, yn) = self.points[0], self.points[-1]
        if value <= x0:
            return y0
        if value >= xn:
            return yn
        for (left, low), (right, high) in zip(
            self.points, self.points[1:], strict=False
        ):
            if left <= value <= right:
                return low + (high - low) * (value - left) / (right - left)
        return yn

    @property
    def increasing(self) -> bool:
        return self.points[-1][1] >= self.points[0][1]


@dataclass(frozen=True)
class Measure:
    """One raw measure behind a dimension, with its curve and how to say it."""

    name: str
    dimension: Dimension
    curve: Curve
    describe: Callable[[float], str]


def _count(one: str, many: str, window: str = "") -> Callable[[float], str]:
    def describe(value: float) -> str:
        number = int(value)
        noun = one if number == 1 else many
        return f"{number} {noun}{window}"

    return describe


def _change(label: str) -> Callable[[float], str]:
    def describe(value: float) -> str:
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return f"{label} {sign}{abs(value):.0f}% (last 30 days vs 30 before)"

    return describe


def _days(template: str, *, never: str = "", none: str = "") -> Callable[[float], str]:
    """TEMPLATE with "N days"; NEVER for never, NONE (when given) for 0 days."""

    def describe(value: float) -> str:
        if value >= NEVER:
            return never
        if value <= 0 and none:
            return none
        number = int(value)
        return template.format("1 day" if number == 1 else f"{number} days")

    return describe


def _renewal(value: float) -> str:
    days = int(value)
    if days < 0:
        return f"renewal date passed {-days} days ago; update it in the CRM"
    return "renewal today" if days == 0 else f"renewal in {days} days"


CHANGE = Curve(((-50, 0), (-30, 30), (0, 70), (20, 100)))
NPS = Curve(((0, 0), (6, 40), (7, 60), (8, 75), (10, 100)))

MEASURES: dict[str, Measure] = {
    measure.name: measure
    for measure in (
        Measure(
            "active_users_change", Dimension.USAGE, CHANGE, _change("active users")
        ),
        Measure("events_change", Dimension.USAGE, CHANGE, _change("events")),
        Measure(
            "days_since_active",
            Dimension.USAGE,
            Curve(((3, 100), (14, 60), (30, 20), (60, 0))),
            _days(
                "last active day {} ago",
                never="no active day recorded",
                none="active today",
            ),
        ),
        Measure(
            "tickets_30",
            Dimension.SUPPORT,
            Curve(((0, 100), (2, 80), (5, 50), (10, 20), (20, 0))),
            _count("ticket", "tickets", " in last 30 days"),
        ),
        Measure(
            "escalations_90",
            Dimension.SUPPORT,
            Curve(((0, 100), (1, 50), (2, 25), (3, 0))),
            _count(
                "escalated or urgent ticket",
                "escalated or urgent tickets",
                " in last 90 days",
            ),
        ),
        Measure(
            "reopens_90",
            Dimension.SUPPORT,
            Curve(((0, 100), (3, 60), (10, 0))),
            _count("reopen", "reopens", " in last 90 days"),
        ),
        Measure(
            "csat_90",
            Dimension.SUPPORT,
            Curve(((1, 0), (3, 40), (4, 70), (5, 100))),
            lambda value: f"CSAT {value:.1f} of 5 (last 90 days)",
        ),
        Measure(
            "nps_latest",
            Dimension.SATISFACTION,
            NPS,
            lambda value: f"latest NPS {int(value)}",
        ),
        Measure(
            "nps_average",
            Dimension.SATISFACTION,
            NPS,
            lambda value: f"NPS average {value:.1f} (last 365 days)",
        ),
        Measure(
            "overdue_invoices",
            Dimension.COMMERCIAL,
            Curve(((0, 100), (1, 50), (3, 0))),
            _count("unpaid invoice past due", "unpaid invoices past due"),
        ),
        Measure(
            "days_overdue",
            Dimension.COMMERCIAL,
            Curve(((0, 100), (14, 50), (60, 0))),
            _days("oldest unpaid invoice {} past due"),
        ),
        Measure(
            "failed_payments_90",
            Dimension.COMMERCIAL,
            Curve(((0, 100), (1, 30), (2, 0))),
            _count("failed payment", "failed payments", " in last 90 days"),
        ),
        Measure(
            "days_to_renewal",
            Dimension.COMMERCIAL,
            Curve(((0, 50), (90, 80), (180, 100))),
            _renewal,
        ),
        Measure(
            "days_since_meeting",
            Dimension.RELATIONSHIP,
            Curve(((30, 100), (60, 70), (90, 40), (180, 0))),
            _days("last meeting {} ago", never="no meeting or call recorded"),
        ),
        Measure(
            "days_since_exec_touch",
            Dimension.RELATIONSHIP,
            Curve(((30, 100), (90, 50), (180, 0))),
            _days("last executive touch {} ago", never="no executive touch recorded"),
        ),
        Measure(
            "active_champions",
            Dimension.RELATIONSHIP,
            Curve(((0, 40), (1, 80), (2, 100))),
            _count("active champion or sponsor", "active champions or sponsors"),
        ),
        Measure(
            "champions_departed_180",
            Dimension.RELATIONSHIP,
            Curve(((0, 100), (1, 40), (2, 0))),
            _count(
                "champion or sponsor departed",
                "champions or sponsors departed",
                " in last 180 days",
            ),
        ),
        Measure(
            "days_unanswered",
            Dimension.RELATIONSHIP,
            Curve(((0, 100), (14, 50), (30, 0))),
            _days(
                "outreach unanswered for {}", none="no outreach waiting for an answer"
            ),
        ),
    )
}
"""Every measure, in the order factors are listed."""


@dataclass(frozen=True)
class Factor:
    """One measure of an account, scored."""

    measure: str
    dimension: Dimension
    value: float
    score: float
    text: str

    @property
    def positive(self) -> bool:
        return self.score >= POSITIVE_FROM

    @property
    def negative(self) -> bool:
        return self.score < WATCH_FROM

    @property
    def watch(self) -> bool:
        """Neither positive nor negative: worse than the best, not yet bad."""
        return not self.positive and not self.negative


@dataclass(frozen=True)
class Scored:
    """An account's dimensions and overall score; None when nothing has data."""

    score: int | None
    dimensions: dict[Dimension, int]
    weights: dict[Dimension, Decimal]
    """The weights actually used, rescaled to sum to 1."""
    factors: tuple[Factor, ...]


def measure_score(name: str, value: float) -> float:
    return MEASURES[name].curve(value)


def dimension_scores(values: Mapping[str, float]) -> dict[Dimension, float]:
    """Per dimension, the mean of its measures' scores averaged with the worst."""
    collected: dict[Dimension, list[float]] = {}
    for name, value in values.items():
        measure = MEASURES[name]
        collected.setdefault(measure.dimension, []).append(measure.curve(value))
    return {
        dimension: (sum(scores) / len(scores) + min(scores)) / 2
        for dimension in Dimension
        if (scores := collected.get(dimension))
    }


def weights_for(
    settings: HealthSettings, segment: str | None
) -> dict[Dimension, Decimal]:
    """The configured weights of the account's segment, else the general ones."""
    chosen, key = settings.weights, "health.weights"
    for name, weights in settings.segment_weights.items():
        if segment is not None and name.casefold() == segment.casefold():
            chosen, key = weights, f"health.segment_weights.{name}"
    return _validated(chosen, key)


def _validated(weights: Mapping[str, Decimal], key: str) -> dict[Dimension, Decimal]:
    """WEIGHTS by dimension; the settings have refused unknown dimension names."""
    for name, weight in weights.items():
        if weight < 0:
            raise ConfigError(f"setting '{key}.{name}' = {weight}: must be 0 or more")
    return {Dimension(name): weight for name, weight in weights.items()}


def combine(
    dimensions: Mapping[Dimension, float], weights: Mapping[Dimension, Decimal]
) -> tuple[float | None, dict[Dimension, Decimal]]:
    """The weighted mean over dimensions with data, and the rescaled weights."""
    used = {dimension: weights.get(dimension, Decimal(0)) for dimension in dimensions}
    total = sum(used.values(), Decimal(0))
    if total <= 0:
        return None, {}
    rescaled = {dimension: weight / total for dimension, weight in used.items()}
    score = sum(float(rescaled[d]) * dimensions[d] for d in dimensions)
    return min(100.0, max(0.0, score)), rescaled


def score(values: Mapping[str, float], weights: Mapping[Dimension, Decimal]) -> Scored:
    """Score one account from its raw measures."""
    dimensions = dimension_scores(values)
    overall, rescaled = combine(dimensions, weights)
    factors = tuple(
        Factor(
            measure=name,
            dimension=measure.dimension,
            value=values[name],
            score=measure.curve(values[name]),
            text=measure.describe(values[name]),
        )
        for name, measure in MEASURES.items()
        if name in values
    )
    return Scored(
        score=None if overall is None else round_half_up(overall),
        dimensions={d: round_half_up(s) for d, s in dimensions.items()},
        weights=rescaled,
        factors=factors,
    )


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def colour(score: int) -> Colour:
    if score >= GREEN_FROM:
        return Colour.GREEN
    if score >= YELLOW_FROM:
        return Colour.YELLOW
    return Colour.RED


def reading(scored: Scored, *, flags: tuple[str, ...] = ()) -> str:
    """One line a CSM can repeat: the colour, what drives it, how much data.

    FLAGS are the reasons of the account's risk flags, most severe first.
    """
    if scored.score is None:
        line = "Not enough data to score this account."
        return f"{_flagged(flags)}. {line}" if flags else line
    if flags:
        line = _flags_first(scored.score, scored.dimensions, flags)
    else:
        line = _drivers(scored.score, scored.dimensions)
    scored_count = len(scored.dimensions)
    if scored_count < THIN_DATA:
        line += f" Based on only {scored_count} of {len(Dimension)} dimensions."
    return line


def _flagged(flags: tuple[str, ...]) -> str:
    """'Has 1 risk flag: Escalation 30 Sep (#47913)'; two named, then a count."""
    shown = "; ".join(flags[:2])
    more = len(flags) - 2
    if more > 0:
        shown += f"; and {more} more"
    return f"Has {plural_word(len(flags), 'risk flag')}: {shown}"


def _flags_first(
    score: int, dimensions: Mapping[Dimension, int], flags: tuple[str, ...]
) -> str:
    """The flags, then the score and its weakest dimensions; never "Healthy"."""
    band = colour(score)
    ranked = sorted(dimensions.items(), key=lambda item: (item[1], item[0]))
    weak = [f"{d.value} ({s})" for d, s in ranked if s < GREEN_FROM][:2]
    flagged = _flagged(flags)
    line = f"Scores {score} ({band.value}) but h{flagged[1:]}."
    if band is not Colour.GREEN:
        line = f"Scores {score} ({band.value}) and h{flagged[1:]}."
    if weak:
        line += f" Weakest: {_and(weak)}."
    return line


def plural_word(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _drivers(score: int, dimensions: Mapping[Dimension, int]) -> str:
    ranked = sorted(dimensions.items(), key=lambda item: (item[1], item[0]))
    weak = [f"{d.value} ({s})" for d, s in ranked if s < GREEN_FROM][:2]
    strong = [f"{d.value} ({s})" for d, s in reversed(ranked) if s >= GREEN_FROM][:1]
    band = colour(score)
    if band is Colour.GREEN:
        return (
            f"Healthy overall; watch {_and(weak)}."
            if weak
            else ("Healthy: every dimension holds up.")
        )
    weak = weak or [f"{d.value} ({s})" for d, s in ranked[:1]]
    lead = "At risk" if band is Colour.YELLOW else "Unhealthy"
    verb = "pulls" if len(weak) == 1 else "pull"
    tail = f"; {_and(strong)} holds up" if strong else ""
    return f"{lead}: {_and(weak)} {verb} the score down{tail}."


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
