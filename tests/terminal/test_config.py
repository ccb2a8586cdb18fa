"""Settings: TOML file, environment overrides, type checks, clear errors."""

from __future__ import annotations

import pytest

from terminal.config import load_settings
from terminal.errors import ConfigError


def test_missing_file_means_defaults(tmp_path):
    settings = load_settings(tmp_path / "none.toml", environ={})
    assert settings.get("picking.cart_totes", 8) == 8


def test_file_values_and_environment_overrides(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[scanning]\ndecoder = "zxing"\nwedge_max_avg_ms = 25\n', encoding="utf-8")
    settings = load_settings(path, environ={"HANDOFF_SCANNING__DECODER": "pyzbar", "HANDOFF_UI__SOUND": "false"})
    assert settings.get("scanning.decoder", "zxing") == "pyzbar"
    assert settings.get("scanning.wedge_max_avg_ms", 30) == 25
    assert settings.get("ui.sound", True) is False


def test_a_toml_error_names_the_file_and_says_to_fix_it(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[scanning\ndecoder = zxing\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="config.toml has an error"):
        load_settings(path, environ={})


def test_a_value_of_the_wrong_type_is_a_clear_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[picking]\ncart_totes = "eight"\n', encoding="utf-8")
    settings = load_settings(path, environ={})
    with pytest.raises(ConfigError, match="picking.cart_totes .* should be int"):
        settings.get("picking.cart_totes", 8)
