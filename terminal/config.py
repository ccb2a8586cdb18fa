"""Settings: one TOML file plus environment overrides, with paths from platformdirs.

The file is `$HANDOFF_CONFIG` or `<user config dir>/handoff/config.toml`. Any key can be overridden
from the environment: `HANDOFF_SCANNING__DECODER=pyzbar` sets `[scanning] decoder`. Each capability
keeps its own defaults next to its code and reads them with `settings.get("section.key", default)`,
so no central list has to know every setting."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from terminal.errors import ConfigError

APP = "handoff"
ENV_PREFIX = "HANDOFF_"
T = TypeVar("T")


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP))


def default_config_path() -> Path:
    env = os.environ.get("HANDOFF_CONFIG")
    return Path(env) if env else config_dir() / "config.toml"


def default_db_path() -> Path:
    env = os.environ.get("HANDOFF_DB")
    return Path(env) if env else data_dir() / "terminal.db"


def _env_value(text: str) -> Any:
    """Read an environment value as a TOML scalar when it is one (numbers, booleans), else text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


@dataclass
class Settings:
    """Merged settings; `get` walks dotted keys and checks the type against the default."""

    values: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None

    def get(self, key: str, default: T) -> T:
        node: Any = self.values
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        if default is not None and not _compatible(node, default):
            where = f" in {self.source}" if self.source else ""
            raise ConfigError(
                f"Setting {key}{where} should be {type(default).__name__}, not {node!r}; fix it or remove it."
            )
        return node

    def section(self, name: str) -> dict[str, Any]:
        node = self.values.get(name, {})
        return dict(node) if isinstance(node, Mapping) else {}

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        merged = _deep_copy(self.values)
        for key, value in overrides.items():
            _set_dotted(merged, key, value)
        return Settings(merged, self.source)


def _compatible(value: Any, default: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, type(default))


def _deep_copy(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, Mapping) else v for k, v in values.items()}


def _set_dotted(values: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = values
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the TOML file (a missing file means defaults) and apply environment overrides."""
    path = path or default_config_path()
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"The configuration file {path} has an error: {exc}. Fix that line.") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"The configuration file {path} cannot be read: {exc}.") from exc
    settings = Settings(values, path if path.exists() else None)
    overrides = {
        name[len(ENV_PREFIX) :].lower().replace("__", "."): _env_value(raw)
        for name, raw in environ.items()
        if name.startswith(ENV_PREFIX) and "__" in name
    }
    return settings.with_overrides(overrides)
