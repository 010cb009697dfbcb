"""Settings: shipped defaults, layering, and messages for bad values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lifebuoy.errors import ConfigError
from lifebuoy.workspace.settings import Settings, load_settings


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        'timezone = "Europe/Berlin"\n'
        "[signals]\n"
        "escalation_days = 60\n"
        "usage_decline_days = 21\n",
        encoding="utf-8",
    )
    return path


def test_defaults_follow_the_design() -> None:
    settings = Settings()

    assert settings.timezone == "UTC"
    assert settings.signals.escalation_days == 90
    assert settings.signals.payment_failed_overdue_days == 14
    assert settings.signals.usage_decline_percent == Decimal(30)
    assert settings.signals.renewal_soon_days == 90
    assert settings.calendar.working_days == ("mon", "tue", "wed", "thu", "fri")
    assert settings.calendar.country is None


def test_file_overrides_defaults(config_file: Path) -> None:
    settings = load_settings(config_file=config_file, environ={})

    assert settings.timezone == "Europe/Berlin"
    assert settings.signals.escalation_days == 60
    assert settings.signals.champion_left_days == 180


def test_environment_overrides_file(config_file: Path) -> None:
    environ = {
        "LIFEBUOY_SIGNALS__ESCALATION_DAYS": "45",
        "LIFEBUOY_SIGNALS__COMPETITORS": "Acme CS, Front",
        "LIFEBUOY_WORKSPACE": "/elsewhere",
    }

    settings = load_settings(config_file=config_file, environ=environ)

    assert settings.signals.escalation_days == 45
    assert settings.signals.usage_decline_days == 21
    assert settings.signals.competitors == ("Acme CS", "Front")


def test_options_override_environment(config_file: Path) -> None:
    settings = load_settings(
        config_file=config_file,
        environ={"LIFEBUOY_TIMEZONE": "America/New_York"},
        options={"timezone": "Asia/Tokyo", "signals.escalation_days": 30},
    )

    assert settings.timezone == "Asia/Tokyo"
    assert settings.signals.escalation_days == 30


def test_bad_value_names_key_and_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[signals]\nescalation_days = -3\n", encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=path, environ={})

    message = str(caught.value)
    assert "'signals.escalation_days' = -3" in message
    assert f"from {path}" in message
    assert "greater than 0" in message


def test_bad_value_names_the_environment_variable(config_file: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(
            config_file=config_file,
            environ={"LIFEBUOY_SIGNALS__ESCALATION_DAYS": "soon"},
        )

    assert "environment variable LIFEBUOY_SIGNALS__ESCALATION_DAYS" in str(caught.value)


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[signals]\nescalaton_days = 30\n", encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=path, environ={})

    assert "unknown setting 'signals.escalaton_days'" in str(caught.value)
    assert "did you mean 'escalation_days'?" in str(caught.value)


def test_unknown_time_zone_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(options={"timezone": "Mars/Olympus"}, environ={})

    message = str(caught.value)
    assert "unknown time zone 'Mars/Olympus'" in message
    assert "from command options" in message


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("timezone = \n", encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=path, environ={})

    assert str(path) in str(caught.value)
    assert "not valid TOML" in str(caught.value)
