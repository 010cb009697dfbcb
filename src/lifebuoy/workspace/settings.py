"""Typed settings, layered: options over environment over config.toml over defaults.

Every setting has a shipped default here. A workspace's ``config.toml`` may
override any of them, environment variables (``LIFEBUOY_<SECTION>__<KEY>``)
override the file, and command options override everything. The merged
result is validated once; a bad value is reported with its key and the
layer it came from.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from lifebuoy.errors import ConfigError

ENV_PREFIX = "LIFEBUOY_"
ENV_NESTING = "__"

CURRENCY_CODE = re.compile(r"[A-Z]{3}")
"""An ISO 4217 code's form: three letters (upper-cased before the check)."""

MAPPING_EXAMPLES: dict[str, str] = {
    "currency_rates": "EUR=1.08,GBP=1.27",
    "health.weights": "usage=0.4,support=0.2",
}
"""How a dict setting is written in one environment variable."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


HEALTH_DIMENSIONS = ("usage", "support", "satisfaction", "commercial", "relationship")
"""The dimensions health weights may name (the health score's own, in order)."""
NUMBERS = (int, float, Decimal)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_truth_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """A number setting refuses true or false (TOML's booleans read as 1 or 0)."""
        field = cls.model_fields.get(info.field_name or "")
        if (
            isinstance(value, bool)
            and field is not None
            and field.annotation in NUMBERS
        ):
            raise ValueError(f"expected a number, got {str(value).lower()}")
        return value


class CalendarSettings(_Section):
    """Working days and holidays used for due dates."""

    country: str | None = None
    subdivision: str | None = None
    working_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    extra_holidays: tuple[date, ...] = ()

    @field_validator("working_days")
    @classmethod
    def _at_least_one(cls, value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        if not value:
            raise ValueError("at least one working day is needed")
        return value


DEFAULT_COMPETITORS: tuple[str, ...] = (
    "Gainsight",
    "ChurnZero",
    "Totango",
    "Vitally",
    "Planhat",
)

DEFAULT_ALTERNATIVE_PHRASES: tuple[str, ...] = (
    "evaluating alternatives",
    "evaluating other vendors",
    "looking at alternatives",
    "looking at competitors",
    "considering alternatives",
    "considering switching",
    "switching to another",
    "comparing vendors",
    "request for proposal",
    "RFP",
    "cheaper option",
    "cheaper alternative",
)


MAX_DAYS = 3650
"""The longest window or threshold in days a setting may hold: ten years."""


class SignalSettings(_Section):
    """Windows and thresholds of the twelve signals (DESIGN.md defaults)."""

    escalation_days: int = Field(90, gt=0, le=MAX_DAYS)
    escalation_tags: tuple[str, ...] = ("escalated", "escalation")
    payment_failed_overdue_days: int = Field(14, ge=0, le=MAX_DAYS)
    text_days: int = Field(90, gt=0, le=MAX_DAYS)
    competitors: tuple[str, ...] = DEFAULT_COMPETITORS
    alternative_phrases: tuple[str, ...] = DEFAULT_ALTERNATIVE_PHRASES
    support_spike_days: int = Field(30, gt=0, le=MAX_DAYS)
    support_spike_baseline_days: int = Field(90, gt=0, le=MAX_DAYS)
    support_spike_ratio: Decimal = Field(Decimal(2), gt=0, le=1000)
    support_spike_min_tickets: int = Field(3, ge=1, le=1_000_000)
    usage_decline_days: int = Field(30, gt=0, le=MAX_DAYS)
    usage_decline_percent: Decimal = Field(Decimal(30), gt=0, lt=100)
    usage_stale_days: int = Field(3, ge=0, le=MAX_DAYS)
    no_exec_touch_days: int = Field(90, gt=0, le=MAX_DAYS)
    nps_detractor_max: int = Field(6, ge=0, le=10)
    slow_response_days: int = Field(14, gt=0, le=MAX_DAYS)
    champion_left_days: int = Field(180, gt=0, le=MAX_DAYS)
    low_health_below: int = Field(40, ge=0, le=100)
    renewal_soon_days: int = Field(90, ge=0, le=MAX_DAYS)
    health_score_stale_days: int = Field(90, gt=0, le=MAX_DAYS)


class HealthSettings(_Section):
    """Weights of the health score's dimensions, overall and per segment."""

    weights: dict[str, Decimal] = Field(
        default_factory=lambda: {
            "usage": Decimal("0.35"),
            "support": Decimal("0.25"),
            "satisfaction": Decimal("0.20"),
            "commercial": Decimal("0.10"),
            "relationship": Decimal("0.10"),
        }
    )
    segment_weights: dict[str, dict[str, Decimal]] = Field(default_factory=dict)

    @field_validator("weights")
    @classmethod
    def _some_weight(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        return _weighted(value, what="the weights")

    @field_validator("segment_weights")
    @classmethod
    def _some_segment_weight(
        cls, value: dict[str, dict[str, Decimal]]
    ) -> dict[str, dict[str, Decimal]]:
        for segment, weights in value.items():
            _weighted(weights, what=f"the weights of segment {segment!r}")
        return value


def _weighted(weights: dict[str, Decimal], *, what: str) -> dict[str, Decimal]:
    """WEIGHTS when they name known dimensions and sum to more than 0."""
    for name in weights:
        if name not in HEALTH_DIMENSIONS:
            close = difflib.get_close_matches(name, HEALTH_DIMENSIONS, n=1)
            guess = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(
                f"{what}: unknown health dimension {name!r}{guess}; use one of "
                f"{', '.join(HEALTH_DIMENSIONS)}"
            )
    if sum(weights.values(), Decimal(0)) <= 0:
        raise ValueError(
            f"{what} must sum to more than 0; give at least one dimension a "
            "weight, e.g. usage = 0.35"
        )
    return weights


class ImportSettings(_Section):
    """How ambiguous input is read."""

    date_order: Literal["mdy", "dmy", "ymd"] = "mdy"


class Settings(_Section):
    """Every setting lifebuoy reads."""

    timezone: str = "UTC"
    reporting_currency: str = "USD"
    currency_rates: dict[str, Decimal] = Field(default_factory=dict)
    playbook: Path | None = None
    lock_wait_seconds: float = Field(default=30, ge=0, le=3600)
    """How long a command waits for another one (an import) to free the data."""
    calendar: CalendarSettings = CalendarSettings()
    signals: SignalSettings = SignalSettings()
    health: HealthSettings = HealthSettings()
    imports: ImportSettings = ImportSettings()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as "
                "'Europe/Berlin' or 'America/New_York'"
            ) from None
        return value

    @field_validator("reporting_currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        return currency_code(value)

    @field_validator("currency_rates")
    @classmethod
    def _positive_rates(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for code, rate in value.items():
            if rate <= 0:
                raise ValueError(f"rate for {code} must be positive, got {rate}")
        return {currency_code(code): rate for code, rate in value.items()}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def currency_code(text: str) -> str:
    """TEXT as an upper-case ISO 4217 code; ValueError when it is not one."""
    code = text.strip().upper()
    if not CURRENCY_CODE.fullmatch(code):
        raise ValueError(
            f"{text!r} is not an ISO 4217 currency code; write three letters "
            "such as 'USD', 'EUR' or 'GBP'"
        )
    if code not in iso_currencies():
        close = difflib.get_close_matches(code, sorted(iso_currencies()), n=3)
        hint = f"did you mean {' or '.join(close)}?" if close else "check the code"
        raise ValueError(f"{text!r} is not an ISO 4217 currency code; {hint}")
    return code


@cache
def iso_currencies() -> frozenset[str]:
    """Every ISO 4217 currency code."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


Layer = tuple[str, Mapping[str, Any]]
"""A named source of raw settings: ("config.toml", {...})."""


def load_settings(
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> Settings:
    """Merge every layer and validate the result once."""
    layers: list[Layer] = []
    if config_file is not None and config_file.exists():
        layers.append((str(config_file), read_config_file(config_file)))
    env = environment_layer(os.environ if environ is None else environ)
    if env:
        layers.append(("environment", env))
    if options:
        layers.append(("command options", _nest(options)))
    return validate_layers(layers)


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML: {exc}",
            hint="Fix the file or delete it to use the shipped defaults.",
        ) from exc


def environment_layer(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings from ``LIFEBUOY_SECTION__KEY`` variables; lists as commas."""
    flat: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == "LIFEBUOY_WORKSPACE":
            continue
        key = name[len(ENV_PREFIX) :].lower().replace(ENV_NESTING, ".")
        flat[key] = _env_value(key, value)
    return _nest(flat)


def validate_layers(layers: list[Layer]) -> Settings:
    merged: dict[str, Any] = {}
    for _, values in layers:
        _deep_merge(merged, values)
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, layers)) from exc


def _env_value(key: str, value: str) -> Any:
    annotation = _annotation(key)
    if annotation.startswith("tuple"):
        return [item.strip() for item in value.split(",") if item.strip()]
    if annotation.startswith("dict"):
        return _mapping_value(value)
    return value


def _mapping_value(value: str) -> Any:
    """``usage=0.4,support=0.2`` (or a JSON object) as a dict; else VALUE as is."""
    text = value.strip()
    if text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return value

    pairs: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        key, equals, number = item.partition("=")
        if not equals or not key.strip():
            return value
        pairs[key.strip()] = number.strip()
    return pairs


def _annotation(dotted: str) -> str:
    """The type of the setting at DOTTED, as text; "" when there is none."""
    model: type[BaseModel] = Settings
    parts = dotted.split(".")
    for part in parts[:-1]:
        field = model.model_fields.get(part)
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        model = annotation
    field = model.model_fields.get(parts[-1])
    return str(field.annotation) if field is not None else ""


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for dotted, value in flat.items():
        node = nested
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return nested


def _deep_merge(into: dict[str, Any], values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        elif isinstance(value, Mapping):
            into[key] = {}
            _deep_merge(into[key], value)
        else:
            into[key] = value


def _describe(exc: ValidationError, layers: list[Layer]) -> str:
    lines = []
    for error in exc.errors():
        path = [str(part) for part in error["loc"]]
        dotted = ".".join(path)
        origin = _origin(path, layers)
        if error["type"] == "extra_forbidden":
            lines.append(f"unknown setting '{dotted}' in {origin}{_closest_key(path)}")
            continue
        value = error.get("input")
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "dict_type" and origin.startswith("environment"):
            message += _mapping_hint(path)
        lines.append(f"setting '{dotted}' = {value!r} from {origin}: {message}")
    return "invalid configuration:\n  " + "\n  ".join(lines)


def _mapping_hint(path: list[str]) -> str:
    dotted = ".".join(_setting_path(path))
    example = MAPPING_EXAMPLES.get(dotted, "key=value,key=value")
    return (
        "; in the environment write it as key=value pairs separated by commas, "
        f"for example {_variable(path)}={example}"
    )


def _origin(path: list[str], layers: list[Layer]) -> str:
    for name, values in reversed(layers):
        if not _holds(values, path):
            continue
        if name == "environment":
            return f"environment variable {_variable(path)}"
        return name
    return "the shipped defaults"


def _holds(values: Mapping[str, Any], path: list[str]) -> bool:
    """Whether a layer sets the value at PATH, or the list or value holding it."""
    node: Any = values
    for part in path:
        if not isinstance(node, Mapping):
            # An index or key inside a value this layer set: the layer's.
            return True
        if part not in node:
            return False
        node = node[part]
    return True


def _variable(path: list[str]) -> str:
    """The environment variable that sets the value at PATH."""
    return ENV_PREFIX + ENV_NESTING.join(_setting_path(path)).upper()


def _setting_path(path: list[str]) -> list[str]:
    """PATH down to its setting: sections, then the key; no list index or dict key."""
    model: type[BaseModel] = Settings
    for depth, part in enumerate(path):
        field = model.model_fields.get(part)
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return path[: depth + 1]
        model = annotation
    return path


def _closest_key(path: list[str]) -> str:
    model: type[BaseModel] = Settings
    for part in path[:-1]:
        field = model.model_fields.get(part)
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        model = annotation
    close = difflib.get_close_matches(path[-1], list(model.model_fields), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
