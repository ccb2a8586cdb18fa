# Every target sets up .venv when needed; a stamp keyed to pyproject.toml keeps it fast afterwards.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
DEMO_DB ?= $(CURDIR)/.demo/handoff-demo.db
export QT_QPA_PLATFORM_PLUGIN_PATH :=

.PHONY: run test bench lint screenshots translations package smoke demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

translations: $(STAMP)
	$(PY) -m ui.i18n_build

demo: $(STAMP)
	test -f $(DEMO_DB) || $(PY) -m terminal demo --db $(DEMO_DB)

run: $(STAMP) translations demo
	$(PY) -m ui.main run --db $(DEMO_DB) --demo

# The label tests check our ZPL with an independent renderer (zpl-renderer-js) run by Node.js.
LABEL_RENDERER := tests/labels_node/node_modules/.package-lock.json
$(LABEL_RENDERER): tests/labels_node/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm for the label tests (apt install nodejs npm)."; exit 1; }
	npm ci --silent --no-audit --no-fund --prefix tests/labels_node

test: $(STAMP) translations lint $(LABEL_RENDERER)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check terminal ui backend tests bench tools
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

bench: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m tools.screenshots

package: $(STAMP) translations
	$(PY) -m pip install -q 'pyinstaller>=6.10,<7'
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/handoff.spec

# The built bundle starts: --version, demo, diagnose, and each role window offscreen (packaging/smoke.sh).
smoke: package
	packaging/smoke.sh dist/handoff

clean:
	rm -rf $(VENV) .demo build dist
