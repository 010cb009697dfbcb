"""The playbook: tier rules, the action mapping and timelines, as validated data.

The shipped default (``playbook.toml`` next to this module) follows DESIGN.md.
A workspace may point ``settings.playbook`` at its own file; each top-level
section that file holds (``rules``, ``actions``, ``timelines``) replaces the
default's section.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from lifebuoy.errors import ConfigError
from lifebuoy.planning.model import Tier
from lifebuoy.signals.model import SignalName

DEFAULT_FILE = "playbook.toml"
SECTIONS = ("rules", "actions", "timelines")
COMBINE = "+"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _tier_name(value: Any) -> Any:
    """Accept tier names in any case: "critical" → "Critical"."""
    return value.strip().title() if isinstance(value, str) else value


class TierRule(_Model):
    """One ordered rule: the first that matches an account decides its tier."""

    tier: Tier
    any_of: frozenset[SignalName] = frozenset()
    all_of: frozenset[SignalName] = frozenset()
    renewal_within_days: int | None = Field(None, ge=0)
    no_renewal_within_days: int | None = Field(None, ge=0)
    no_other_signals: bool = False

    _tier = field_validator("tier", mode="before")(_tier_name)

    @model_validator(mode="after")
    def _some_signal(self) -> TierRule:
        if not self.any_of and not self.all_of:
            raise ValueError("a rule needs signals in 'any_of' or 'all_of'")
        return self

    @property
    def signals(self) -> frozenset[SignalName]:
        return self.any_of | self.all_of

    def describe(self) -> str:
        """The rule in words, for the JSON output: "escalation or payment_failed"."""
        parts = []
        if self.any_of:
            parts.append(
                " or ".join(name.value for name in sorted(self.any_of, key=_severity))
            )
        if self.all_of:
            parts.append(
                " and ".join(name.value for name in sorted(self.all_of, key=_severity))
            )
        text = " with ".join(parts)
        if self.renewal_within_days is not None:
            text += f", renewal within {self.renewal_within_days} days"
        if self.no_renewal_within_days is not None:
            text += f", no renewal within {self.no_renewal_within_days} days"
        if self.no_other_signals:
            text += ", no other signal"
        return text


class Timeline(_Model):
    """How a tier's due date is computed."""

    rule: Literal["end_of_week", "days_after", "before_renewal"]
    days: int = Field(0, ge=0)
    label: str = Field(min_length=1)


class _PlaybookFile(_Model):
    version: Literal[1] = 1
    rules: tuple[TierRule, ...] = Field(min_length=1)
    actions: dict[str, str]
    timelines: dict[Tier, Timeline]

    @field_validator("timelines", mode="before")
    @classmethod
    def _tier_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {_tier_name(key): item for key, item in value.items()}
        return value


@dataclass(frozen=True)
class ActionEntry:
    """One row of the action mapping: signals that must all be present."""

    signals: frozenset[SignalName]
    action: str


@dataclass(frozen=True)
class Playbook:
    """The validated playbook the planner uses."""

    rules: tuple[TierRule, ...]
    actions: tuple[ActionEntry, ...]
    """Most severe first."""
    timelines: dict[Tier, Timeline]
    source: str
    """Where it was read from, for messages and the JSON output."""


def load_playbook(path: Path | None = None) -> Playbook:
    """The shipped playbook, with the sections of PATH replacing its own."""
    default_text = resources.files("lifebuoy.planning").joinpath(DEFAULT_FILE)
    raw = _parse(default_text.read_text(encoding="utf-8"), source="shipped playbook")
    source = "shipped playbook"
    if path is not None:
        override = _read(path)
        unknown = sorted(set(override) - {*SECTIONS, "version"})
        if unknown:
            raise ConfigError(
                f"playbook {path}: unknown key '{unknown[0]}'{_closest(unknown[0])}",
                hint=f"A playbook holds the sections {', '.join(SECTIONS)}.",
            )
        raw.update(override)
        source = str(path)
    return _validate(raw, source=source)


def workspace_playbook(folder: Path, setting: Path | None) -> Playbook:
    """The playbook a workspace uses: ``settings.playbook`` read from FOLDER."""
    if setting is None:
        return load_playbook()
    path = setting if setting.is_absolute() else folder / setting
    if not path.exists():
        raise ConfigError(
            f"setting 'playbook' = '{setting}': no such file {path}",
            hint="Fix the path in config.toml or remove it to use the shipped one.",
        )
    return load_playbook(path)


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"playbook {path}: cannot read: {exc.strerror}") from exc
    return _parse(text, source=str(path))


def _parse(text: str, *, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"playbook {source}: not valid TOML: {exc}") from exc


def _validate(raw: dict[str, Any], *, source: str) -> Playbook:
    try:
        model = _PlaybookFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source=source)) from exc
    missing = [tier.value for tier in Tier if tier not in model.timelines]
    if missing:
        raise ConfigError(
            f"playbook {source}: key 'timelines.{missing[0]}' is missing",
            hint="Every tier needs a timeline: Critical, High, Medium and Watch.",
        )
    return Playbook(
        rules=model.rules,
        actions=_action_entries(model.actions, source=source),
        timelines=dict(model.timelines),
        source=source,
    )


def _action_entries(actions: dict[str, str], *, source: str) -> tuple[ActionEntry, ...]:
    entries = []
    for key, action in actions.items():
        names = []
        for part in key.split(COMBINE):
            name = part.strip()
            if name not in SignalName.__members__.values():
                raise ConfigError(
                    f"playbook {source}: key 'actions.{key}': "
                    f"'{name}' is not a signal{_closest_signal(name)}",
                    hint="Signals: " + ", ".join(SignalName),
                )
            names.append(SignalName(name))
        if not action.strip():
            raise ConfigError(f"playbook {source}: key 'actions.{key}' is empty")
        entries.append(ActionEntry(frozenset(names), action.strip()))
    covered = {
        name for entry in entries if len(entry.signals) == 1 for name in entry.signals
    }
    for name in SignalName:
        if name not in covered:
            raise ConfigError(
                f"playbook {source}: key 'actions.{name}' is missing",
                hint="Every signal needs an action of its own.",
            )
    return tuple(entries)


def _describe(exc: ValidationError, *, source: str) -> str:
    lines = []
    for error in exc.errors():
        dotted = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            lines.append(f"unknown key '{dotted}'")
        elif error["type"] == "missing":
            lines.append(f"key '{dotted}' is missing")
        else:
            lines.append(f"key '{dotted}' = {error.get('input')!r}: {message}")
    return f"invalid playbook {source}:\n  " + "\n  ".join(lines)


SEVERITY: dict[SignalName, int] = {name: name.severity for name in SignalName}
"""Each signal's severity (0 for the most severe), looked up once."""


def _severity(name: SignalName) -> int:
    return SEVERITY[name]


def _closest(key: str) -> str:
    close = difflib.get_close_matches(key, SECTIONS, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _closest_signal(name: str) -> str:
    close = difflib.get_close_matches(name, list(SignalName), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
