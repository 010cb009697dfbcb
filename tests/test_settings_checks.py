"""Currency codes, where a bad value came from, and dict settings in the environment."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import MakeWorkspace
from lifebuoy.errors import ConfigError
from lifebuoy.signals import SignalName, signals
from lifebuoy.signals.health_scoring import Dimension
from lifebuoy.sources.demo import DEMO_CONFIG
from lifebuoy.workspace.settings import (
    HEALTH_DIMENSIONS,
    MAX_DAYS,
    SignalSettings,
    load_settings,
)


@pytest.mark.parametrize("code", ["XY", "US1", "EURO", "", "€"])
def test_reporting_currency_must_be_three_letters(code: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(options={"reporting_currency": code}, environ={})

    assert "is not an ISO 4217 currency code" in caught.value.message
    assert "from command options" in caught.value.message


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("XYZ", "check the code"),
        ("EUO", "did you mean EUR?"),
        ("usd ", None),
        ("CHF", None),
        ("JPY", None),
    ],
)
def test_three_letters_must_also_be_an_iso_4217_currency(
    code: str, hint: str | None
) -> None:
    if hint is None:
        settings = load_settings(options={"reporting_currency": code}, environ={})
        assert settings.reporting_currency == code.strip().upper()
        return

    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"LIFEBUOY_REPORTING_CURRENCY": code})

    assert f"{code!r} is not an ISO 4217 currency code; {hint}" in caught.value.message
    assert "LIFEBUOY_REPORTING_CURRENCY" in caught.value.message


def test_currency_codes_are_upper_cased() -> None:
    settings = load_settings(
        options={"reporting_currency": "eur", "currency_rates": {"gbp": "1.2"}},
        environ={},
    )

    assert settings.reporting_currency == "EUR"
    assert settings.currency_rates == {"GBP": Decimal("1.2")}


def test_rate_keys_must_be_currency_codes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[currency_rates]\ntimezone = 5\n", encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=path, environ={})

    assert "'timezone' is not an ISO 4217 currency code" in caught.value.message
    assert str(path) in caught.value.message


def test_a_bad_list_item_names_its_environment_variable() -> None:
    environ = {"LIFEBUOY_CALENDAR__WORKING_DAYS": "xyz"}

    with pytest.raises(ConfigError) as caught:
        load_settings(environ=environ)

    message = caught.value.message
    assert "setting 'calendar.working_days.0' = 'xyz'" in message
    assert "from environment variable LIFEBUOY_CALENDAR__WORKING_DAYS:" in message
    assert "shipped defaults" not in message


def test_a_bad_list_item_names_its_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[calendar]\nworking_days = ["mon", "xyz"]\n', encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=path, environ={})

    assert f"'calendar.working_days.1' = 'xyz' from {path}:" in caught.value.message


def test_dict_settings_from_the_environment_as_pairs() -> None:
    environ = {
        "LIFEBUOY_HEALTH__WEIGHTS": "usage=0.4, support=0.6",
        "LIFEBUOY_CURRENCY_RATES": "eur=1.08,GBP=1.27",
    }

    settings = load_settings(environ=environ)

    assert settings.health.weights == {
        "usage": Decimal("0.4"),
        "support": Decimal("0.6"),
    }
    assert settings.currency_rates == {"EUR": Decimal("1.08"), "GBP": Decimal("1.27")}


def test_dict_settings_from_the_environment_as_json() -> None:
    settings = load_settings(environ={"LIFEBUOY_HEALTH__WEIGHTS": '{"usage": 1}'})

    assert settings.health.weights == {"usage": Decimal(1)}


def test_unreadable_dict_from_the_environment_shows_the_format() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"LIFEBUOY_HEALTH__WEIGHTS": "usage:0.4"})

    message = caught.value.message
    assert "from environment variable LIFEBUOY_HEALTH__WEIGHTS:" in message
    assert "LIFEBUOY_HEALTH__WEIGHTS=usage=0.4,support=0.2" in message


def test_a_bad_value_inside_an_environment_dict_names_the_variable() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"LIFEBUOY_HEALTH__WEIGHTS": "usage=lots"})

    assert (
        "setting 'health.weights.usage' = 'lots' from environment variable "
        "LIFEBUOY_HEALTH__WEIGHTS:" in caught.value.message
    )


def test_demo_config_keeps_appended_keys_top_level() -> None:
    text = DEMO_CONFIG + 'timezone = "Europe/Berlin"\n'

    values = tomllib.loads(text)

    assert values["timezone"] == "Europe/Berlin"
    assert values["currency_rates"] == {"EUR": 1.08, "GBP": 1.27}
    first_table = next(
        (line for line in text.splitlines() if line.startswith("[")), None
    )
    assert first_table is None


DAY_SETTINGS = sorted(
    name for name in SignalSettings.model_fields if name.endswith("_days")
)


@given(
    name=st.sampled_from(DAY_SETTINGS),
    days=st.integers(min_value=-(10**30), max_value=10**30),
)
def test_any_number_of_days_loads_or_is_a_configuration_error(
    name: str, days: int
) -> None:
    environ = {f"LIFEBUOY_SIGNALS__{name.upper()}": str(days)}
    try:
        settings = load_settings(environ=environ)
    except ConfigError as caught:
        assert f"setting 'signals.{name}'" in caught.message
        return

    assert getattr(settings.signals, name) == days
    assert days <= MAX_DAYS


def test_the_longest_windows_still_compute_signals(
    make_workspace: MakeWorkspace,
) -> None:
    longest = "\n".join(f"{name} = {MAX_DAYS}" for name in DAY_SETTINGS)
    workspace = make_workspace(
        config=f"[signals]\n{longest}\n",
        accounts=[{"account_id": "A1", "name": "Acme",
                   "renewal_date": date(2030, 1, 1)}],
        tickets=[{"ticket_id": "T1", "account_id": "A1",
                  "created_at": datetime(2020, 1, 1), "escalated": True}],
    )  # fmt: skip

    report = signals(workspace, as_of=date(2026, 12, 3))

    names = {signal.name for signal in report.accounts[0].signals}
    assert {SignalName.ESCALATION, SignalName.RENEWAL_SOON} <= names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[signals]\nescalation_days = true\n",
            "setting 'signals.escalation_days' = True from config.toml: expected a "
            "number, got true",
        ),
        (
            "[signals]\nsupport_spike_ratio = false\n",
            "setting 'signals.support_spike_ratio' = False from config.toml: "
            "expected a number, got false",
        ),
        (
            "lock_wait_seconds = true\n",
            "setting 'lock_wait_seconds' = True from config.toml: expected a "
            "number, got true",
        ),
    ],
)
def test_a_number_setting_refuses_true_or_false(
    tmp_path: Path, text: str, expected: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=config, environ={})

    assert expected in caught.value.message.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (
            {"usaje": "10"},
            "the weights: unknown health dimension 'usaje' (did you mean "
            "'usage'?); use one of usage, support, satisfaction, commercial, "
            "relationship",
        ),
        (
            {"usage": "1", "vibes": "1"},
            "the weights: unknown health dimension 'vibes'; use one of usage, "
            "support, satisfaction, commercial, relationship",
        ),
    ],
)
def test_health_weights_name_known_dimensions(
    weights: dict[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(options={"health": {"weights": weights}}, environ={})

    assert expected in caught.value.message


def test_segment_weights_name_known_dimensions_too() -> None:
    options = {"health": {"segment_weights": {"SMB": {"suport": "1"}}}}

    with pytest.raises(ConfigError) as caught:
        load_settings(options=options, environ={})

    assert "the weights of segment 'SMB': unknown health dimension 'suport'" in (
        caught.value.message
    )


def test_the_settings_know_the_health_scores_dimensions() -> None:
    assert tuple(dimension.value for dimension in Dimension) == HEALTH_DIMENSIONS
