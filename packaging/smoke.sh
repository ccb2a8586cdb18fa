#!/usr/bin/env bash
# Smoke test of the bundle `make package` built: it must start outside the source tree and the venv.
# Usage: packaging/smoke.sh [dist/handoff]. Checks --version, demo, diagnose (modules load, versions
# known), the bundled translations and Qt platform plugins, then opens each role window offscreen
# with --quit-after and expects it to leave by itself with exit code 0 and "<role> window shown" logged.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="$(cd "${1:-dist/handoff}" && pwd)"
exe="$bundle/handoff"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "smoke: $*" >&2; exit 1; }

# A clean environment: no settings file, logs in the scratch folder, no venv on the path.
export HANDOFF_CONFIG="$work/none.toml" HANDOFF_LOGGING__DIR="$work/logs" QT_QPA_PLATFORM=offscreen
unset PYTHONPATH VIRTUAL_ENV
cd "$work"

expected="handoff $(sed -n 's/^version = "\(.*\)"/\1/p' "$OLDPWD/pyproject.toml" | head -n 1)"
got="$("$exe" --version)"
[ "$got" = "$expected" ] || fail "--version said '$got', expected '$expected'"

internal="$bundle/_internal"
ls "$internal"/resources/translations/*.qm >/dev/null 2>&1 || fail "no compiled translations (.qm) in the bundle"
for plugin in offscreen xcb; do
  [ -f "$internal/PySide6/Qt/plugins/platforms/libq$plugin.so" ] || fail "Qt platform plugin $plugin missing"
done

"$exe" demo --db "$work/demo.db" >/dev/null
[ -s "$work/demo.db" ] || fail "handoff demo made no database"
"$exe" db check --db "$work/demo.db" >/dev/null

"$exe" diagnose --db "$work/demo.db" -o "$work/diagnose.json" >/dev/null
for module in zxing-cpp opencv pyserial; do
  grep -q "\"$module\": \"ok\"" "$work/diagnose.json" || fail "diagnose: $module does not load in the bundle"
done
grep -q '"PySide6": "not installed"' "$work/diagnose.json" && fail "diagnose: package versions missing from the bundle"

for role in station kiosk supervisor; do
  if ! timeout 120 "$exe" run --role "$role" --db "$work/demo.db" --quit-after 2 >"$work/$role.out" 2>&1; then
    cat "$work/$role.out" >&2
    fail "the $role window did not start and quit cleanly"
  fi
  grep -q "Traceback" "$work/$role.out" && { cat "$work/$role.out" >&2; fail "the $role window printed a traceback"; }
  grep -q "\"$role window shown\"" "$work/logs/handoff.log" || fail "the $role window never showed"
done
echo "smoke: $expected bundle OK (version, translations, Qt plugins, demo, diagnose, station, kiosk, supervisor)"
