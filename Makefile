# The one entry point: every target sets up .venv/ on a fresh machine by itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SITE_DEPS := $(VENV)/.site-installed
DEV_DEPS := $(VENV)/.dev-installed
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q

SITEURL ?= https://2i2c.org
QUICK ?=
# Processes a build may use (default: every core; JOBS=1 is the serial build).
JOBS ?=
export JOBS
PORT ?= 8000

.PHONY: html publish serve test bench update retire lock anchors import lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The project installs itself (editable), so sitekit and every plugin import by name;
# a new plugin folder reinstalls it.
$(SITE_DEPS): requirements.txt pyproject.toml $(wildcard plugins/*/__init__.py) | $(BIN)/python
	@echo "Installing dependencies into $(VENV)/ (first run: about a minute)"
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(DEV_DEPS): requirements-dev.txt $(SITE_DEPS)
	$(PIP) -r requirements-dev.txt
	touch $@

html: $(SITE_DEPS)
	$(BIN)/python -m sitekit.build pelicanconf.py

publish: $(SITE_DEPS)
	SITEURL=$(SITEURL) $(BIN)/python -m sitekit.build publishconf.py

# Preview on http://127.0.0.1:$(PORT), rebuilt (incrementally) by the same driver on each change.
serve: $(SITE_DEPS)
	$(BIN)/python -m sitekit.serve pelicanconf.py --port $(PORT)

# POST, TEXT, FILE, DATE and SETTINGS reach Python unexpanded, in the environment: no shell reads them.
update: export UPDATE_POST := $(value POST)
update: export UPDATE_TEXT := $(value TEXT)
update: export UPDATE_FILE := $(value FILE)
update: export UPDATE_DATE := $(value DATE)
update: export UPDATE_SETTINGS := $(value SETTINGS)
update: $(SITE_DEPS)
	$(BIN)/python -m post_updates.append

# make retire POST=content/blog/YYYY/post.md ANCHOR=old-id [TO=other-id]: values in the environment.
retire: export RETIRE_POST := $(value POST)
retire: export RETIRE_ANCHOR := $(value ANCHOR)
retire: export RETIRE_TO := $(value TO)
retire: $(SITE_DEPS)
	$(BIN)/python -m question_anchors.retire

# make import FROM=path/to/hugo-site [SECTION=blog] [OLD_SITE=https://old.example.org]
# [KEEP_SHORTCODES=1] [SETTINGS=pelicanconf.py]: values reach Python as arguments,
# through the environment, never parsed by the shell.
import: export IMPORT_FROM := $(value FROM)
import: export IMPORT_SECTION := $(value SECTION)
import: export IMPORT_OLD_SITE := $(value OLD_SITE)
import: export IMPORT_KEEP := $(value KEEP_SHORTCODES)
import: export IMPORT_SETTINGS := $(value SETTINGS)
import: $(SITE_DEPS)
	$(BIN)/python -m sitekit.hugo "$$IMPORT_FROM" --section "$$IMPORT_SECTION" \
		--old-site "$$IMPORT_OLD_SITE" --settings "$${IMPORT_SETTINGS:-pelicanconf.py}" \
		$${IMPORT_KEEP:+--keep-shortcodes}

lock anchors: $(SITE_DEPS)
	$(BIN)/python -m sitekit.lock publishconf.py

# Tests marked slow (the quick benchmark, real-process kills, the Nu checker...) run in CI
# (CI=true, as .ci/run runs) and with `make test SLOW=1`; the rest stays under 2 minutes.
test: $(DEV_DEPS) $(SITE_DEPS)
	$(BIN)/python -m pytest $(if $(or $(CI),$(SLOW)),,-m "not slow")

bench: $(DEV_DEPS)
	$(BIN)/python -m bench.run $(if $(QUICK),--quick --results bench/results-quick.md,)

# After reviewing the diff tests/test_golden.py printed: rebuild tests/expected/.
.PHONY: expected
expected: $(DEV_DEPS)
	cd tests && ../$(BIN)/python -m golden.regenerate

lint: $(DEV_DEPS)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf output .output.previous .output.building cache .pytest_cache
