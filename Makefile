# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-search-fallback lint format install install-dev migrate demo messages bench faults stack stack-check stack-bench stack-stop screenshots clean vnu

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# The Spanish catalogue is compiled here, not committed (polib, no gettext needed; docs/translation-strings.md).
CATALOGUES := locale/es/LC_MESSAGES/django.mo
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/python -m hwcollab.catalogue compile

install: $(VENV)/.installed $(CATALOGUES)
install-dev: $(VENV)/.installed-dev $(CATALOGUES)

# Refresh the .po from the sources (needs GNU gettext: apt-get install gettext), then translate what is new.
# --no-location: line numbers would change the .po on every edit elsewhere and make merges conflict.
MESSAGES_IGNORE := tests/* bench/* collected_static/* test-media/* test-results/* static/* node_modules/*
messages: install-dev
	@command -v xgettext >/dev/null || { echo "make messages needs GNU gettext: apt-get install -y gettext"; exit 1; }
	$(MANAGE) makemessages -l es --no-location --no-obsolete $(addprefix --ignore=,$(MESSAGES_IGNORE))
	$(BIN)/python -m hwcollab.catalogue compile
	-$(BIN)/python -m hwcollab.catalogue check

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	LOG_LEVEL=WARNING $(MANAGE) load_demo_content

run: demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-dev vnu
	$(BIN)/pytest $(PYTEST_ARGS)

# The Nu HTML checker (vnu-jar from npm, runs on Java) for tests/markup/. Without npm or java the HTML
# validation test skips, unless REQUIRE_BROWSER is set (CI): then this target fails.
VNU_VERSION := 26.9.27
VNU_STAMP := .vnu/.installed-$(VNU_VERSION)
$(VNU_STAMP):
	npm install --silent --no-audit --no-fund --prefix .vnu vnu-jar@$(VNU_VERSION)
	touch $@

vnu:
	@if command -v npm >/dev/null && command -v java >/dev/null; then $(MAKE) --no-print-directory $(VNU_STAMP); \
	elif [ -n "$$REQUIRE_BROWSER" ] && [ "$$REQUIRE_BROWSER" != 0 ]; then echo "vnu: npm and java are required (REQUIRE_BROWSER is set)"; exit 1; \
	else echo "vnu: npm or java not found; the HTML validation test (tests/markup/) will skip"; fi

# The search tests again on a second backend: modelsearch's generic database backend, on SQLite (docs/search.md).
SEARCH_TEST_PATHS ?= tests/search tests/directory tests/api
test-search-fallback: install-dev
	env -u DATABASE_URL WAGTAILSEARCH_BACKEND=modelsearch.backends.database.fallback \
		$(BIN)/pytest -m search_backend $(SEARCH_TEST_PATHS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m hwcollab.catalogue check

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Load test with gunicorn + PostgreSQL + locust; writes docs/benchmarks.md (docs/benchmarks.md says how).
bench: install-dev
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Fault test: gunicorn + PostgreSQL + its own Redis and SMTP sink, one fault at a time (docs/reliability.md).
faults: install-dev
	$(BIN)/python -m bench.faults $(FAULTS_ARGS)

# The production stack on this machine: Varnish -> HAProxy -> 2 gunicorn, PostgreSQL, Redis, S3 (docs/deployment.md).
stack: install-dev
	$(BIN)/python -m bench.stack start

# Publish a change and measure how soon Varnish serves it; both app servers must serve it.
stack-check: install-dev
	$(BIN)/python -m bench.stack check

# The career page through Varnish, the page cache, uncached and nginx, on the running stack (docs/benchmarks.md).
stack-bench: install-dev
	$(BIN)/python -m bench.front_cache $(STACK_BENCH_ARGS)

# Stops exactly what `make stack` started (pid files in .stack/pids/).
stack-stop:
	$(PYTHON) -m bench.stack stop

# docs/screenshots/: each public page type at 320 and 1280 px, from the demo content on a throwaway database.
screenshots: install-dev
	$(BIN)/python -m bench.screenshots $(SCREENSHOTS_ARGS)

clean:
	rm -rf $(VENV) collected_static test-media test-results .stack .vnu $(CATALOGUES)
