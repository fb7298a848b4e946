# Two commands from a fresh clone (Python 3.10+ and make are all you need):
#   make serve   build the site and serve it at http://127.0.0.1:8000
#   make test    run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pip would compile the installed modules to bytecode on one core (a third of
# the install); compileall does it on every core. It skips the packages' own
# tests, and a module that does not compile is left as source, as pip leaves it.
COMPILE := $(BIN)/python -m compileall -qq -j 0 -x 'site-packages/.*/tests?/'
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build lint format lock screenshots bench audit clean offline

# The virtual environment is rebuilt whenever the lock file changes.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(COMPILE) $(VENV)/lib || true
	touch $(STAMP)

# --dirty: a rebuild renders only the pages an edit changed (hooks/serve_dirty.py).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# DLNOTES_FULL_RERUN=1 make build: run every snippet and notebook, ignoring the caches.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

# The ten slowest tests are listed at the end of every run.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest --durations=10

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole site as one PDF (build/dlnotes.pdf), via mkdocs.print.yml and Chromium.
pdf: $(STAMP)
	$(BIN)/python tools/make_pdf.py --out build/dlnotes.pdf

# The whole site as a zip that works from file://, search included
# (build/dlnotes-offline.zip), via mkdocs.offline.yml and Material's offline plugin.
offline: $(STAMP)
	$(BIN)/python tools/make_offline.py --out build/dlnotes-offline.zip

# A PNG of every page in the light and the dark theme, for review.
screenshots: build
	$(BIN)/python tools/screenshots.py --site site --out screenshots

# Build speed and dlnotes against PyTorch (when installed); writes bench/results.json.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# Lighthouse (pinned in package-lock.json, needs Node and Debian's chromium) on
# five pages, mobile profile; writes bench/audit.json for the Performance page.
audit: build
	npm ci --no-audit --no-fund
	$(BIN)/python tools/audit.py --site site --out bench/audit.json

# Re-pin every dependency (needs network access to PyPI).
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile --universal --python-version 3.10 requirements.in -o requirements.txt

clean:
	rm -rf site .site-staging .cache
