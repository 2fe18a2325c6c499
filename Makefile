# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test venv messages lint serve clean

# Recreate the environment only when the requirements change.
$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

venv: $(STAMP)

run: venv
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Production-style serving: gunicorn + whitenoise (+ psycopg pool and Redis when configured).
serve: venv
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi

# axe-core for the browser tests' accessibility checks, when npm is there (no lock file:
# the version is pinned in package.json).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json
	@if command -v npm >/dev/null; then npm install --no-package-lock --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

test: venv $(AXE)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

# Regenerate the message catalogues after changing user-facing strings.
messages: venv
	$(PY) manage.py makemessages -l ru -l be --no-obsolete --ignore=.venv --ignore=var --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var

clean:
	rm -rf $(VENV) var/test-artifacts
