"""The Linux integration files in packaging/ say what they claim, and their commands really parse.

The systemd units' ExecStart lines go through the real `handoff` and `handoff-backend` parsers, the
nginx example must point at the port the backend unit serves, and every udev rule gives its device a
group and a stable name. `systemd-analyze verify` checks the units' syntax where it exists."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from backend.cli import build_parser as backend_parser
from terminal.cli import build_parser, discover

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "packaging" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str   # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def exec_args(service: configparser.SectionProxy, key: str = "ExecStart") -> list[str]:
    env = dict(line.split("=", 1) for line in service.get("Environment", "").splitlines() if "=" in line)
    words = shlex.split(service[key])
    return [re.sub(r"\$\{(\w+)\}", lambda m: env[m[1]], word) for word in words[1:]]


def test_kiosk_unit_is_watched_restarted_and_full_screen():
    kiosk = unit("handoff-kiosk.service")
    service = kiosk["Service"]
    assert service["Type"] == "notify" and service["NotifyAccess"] == "main"
    assert int(service["WatchdogSec"]) > 0 and service["Restart"] in ("always", "on-failure")
    assert "dialout" in service["SupplementaryGroups"].split()
    assert kiosk["Install"]["WantedBy"] == "graphical.target"
    args = build_parser(discover("ui.commands")).parse_args(exec_args(service))
    assert args.command == "run" and args.role == "kiosk" and args.fullscreen


def test_backend_unit_runs_several_workers_on_postgresql_behind_the_nginx_example():
    service = unit("handoff-backend.service")["Service"]
    args = backend_parser().parse_args(exec_args(service))
    assert args.command == "serve" and args.workers > 1 and args.db.startswith("postgresql://")
    assert args.host == "127.0.0.1"   # only nginx faces the network
    assert backend_parser().parse_args(exec_args(service, "ExecStartPre")).command == "migrate"
    nginx = (ROOT / "packaging" / "nginx" / "handoff-backend.conf").read_text(encoding="utf-8")
    assert f"server 127.0.0.1:{args.port};" in nginx and "proxy_pass http://handoff_backend" in nginx
    assert nginx.count("{") == nginx.count("}")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_units_pass_systemd_analyze_verify(tmp_path):
    copies = []
    for path in sorted(UNITS.glob("*.service")):   # the real binaries live under /opt only once installed
        text = re.sub(r"(Exec\w+=)/opt/\S+", r"\1/bin/true", path.read_text(encoding="utf-8"))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
        copies.append(str(tmp_path / path.name))
    result = subprocess.run(["systemd-analyze", "verify", *copies], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "handoff" not in result.stderr, result.stderr


def test_udev_rules_give_group_and_stable_name():
    rules = [line for line in (ROOT / "packaging" / "udev" / "99-handoff.rules").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    kinds = set()
    for rule in rules:
        pairs = re.findall(r'([A-Z_]+(?:\{[^}]+\})?)\s*(==|\+=|=)\s*"([^"]*)"', rule)
        assert ", ".join(f'{k}{op}"{v}"' for k, op, v in pairs) == rule, f"unparsed part in: {rule}"
        keys = {k: v for k, _, v in pairs}
        link = keys["SYMLINK"]
        assert link.startswith("handoff/") and "%n" not in link   # kernel numbers change with plug order
        kinds.add(re.sub(r"-.*", "", link.removeprefix("handoff/")))
        if keys["SUBSYSTEM"] == "tty":
            assert keys["GROUP"] == "dialout" and keys["MODE"] == "0660"
            assert keys["ENV{ID_MM_DEVICE_IGNORE}"] == "1"
        else:
            assert keys["GROUP"] == "video"
    assert kinds == {"lockboard", "scanner", "scale", "camera"}


def test_desktop_entry_and_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str   # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / "handoff.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"].split()[:2] == ["handoff", "run"]
    assert (ROOT / "resources" / "icons" / f"{desktop['Icon']}.svg").exists()


def test_nginx_example_rate_limits_unauthenticated_routes_and_sends_hsts_and_security_headers():
    nginx = (ROOT / "packaging" / "nginx" / "handoff-backend.conf").read_text(encoding="utf-8")
    enroll = nginx.split("location = /v1/enroll {")[1].split("}")[0]
    fallback = nginx.split("location / {")[1].split("}")[0]
    assert "limit_req zone=handoff_enroll" in enroll and "limit_req zone=handoff_open" in fallback
    assert "limit_req_status 429;" in nginx
    for header in ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options",
                   "Content-Security-Policy", "Referrer-Policy"):
        line = next(x for x in nginx.splitlines() if x.strip().startswith(f"add_header {header} "))
        assert line.rstrip().endswith('" always;'), header   # also on error answers
    assert "return 301 https://" in nginx and "server_tokens off;" in nginx


def _copy_source_without_qm(target: Path) -> Path:
    """The project as a fresh clone has it: sources and .ts, no compiled .qm (make never ran)."""
    ignore = shutil.ignore_patterns("*.qm", "__pycache__", "node_modules", "*.egg-info")
    for name in ("pyproject.toml", "build_hooks.py", "MANIFEST.in", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, target / name)
    for package in ("terminal", "ui", "backend", "resources"):
        shutil.copytree(ROOT / package, target / package, ignore=ignore)
    assert not list(target.rglob("*.qm"))
    return target


def test_the_package_build_compiles_the_translations(tmp_path: Path) -> None:
    """Defect: `pip install` without make had no .qm, so the app had no compiled translation to load.
    The wheel, built from a tree with no .qm at all, carries handoff_pl.qm and it translates."""
    import sys
    import zipfile

    from PySide6.QtCore import QTranslator

    (tmp_path / "src").mkdir()
    source = _copy_source_without_qm(tmp_path / "src")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                           "-w", str(tmp_path / "dist")], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("handoff-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "resources/translations/handoff_pl.qm" in names and "build_hooks.py" not in names
        (tmp_path / "handoff_pl.qm").write_bytes(archive.read("resources/translations/handoff_pl.qm"))
    translator = QTranslator()
    assert translator.load(str(tmp_path / "handoff_pl.qm"))
    assert translator.translate("RoleWindow", "Pack station") == "Stanowisko pakowania"


def test_the_build_hook_is_wired_into_every_build() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["setuptools"]["cmdclass"]["build_py"] == "build_hooks.BuildPy"
    assert any(r.lower().startswith("pyside6-essentials") for r in project["build-system"]["requires"])
    assert "include build_hooks.py" in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
