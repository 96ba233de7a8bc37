# The README's commands. Each sets up the local virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site serve test validate schema lock bench clean

site: $(INSTALLED)
	$(BIN)/joinedup build

serve: $(INSTALLED)
	$(BIN)/joinedup serve

# The browser-test tools from npm: axe-core, pa11y, the Nu HTML checker (vnu-jar) and Lighthouse.
NODE_TOOLS := tests/browser/node_modules/.package-lock.json

test: $(INSTALLED) $(NODE_TOOLS)
	$(BIN)/pytest

# Build time, page weight, editing and search cost at 1,000, 5,000 and 20,000 records (SIZES=1000,5000
# to choose): benchmarks/results.md, exit status 1 if a budget is missed;
# Lighthouse scores per page kind on a phone: benchmarks/lighthouse.md; search relevance of the
# everyday query set on the CLI and the site: benchmarks/relevance.md; the 5,000-example site
# built with Zensical and ProperDocs (portability at scale)
bench: $(INSTALLED) $(NODE_TOOLS)
	$(BIN)/python benchmarks/bench.py $(if $(SIZES),--sizes $(SIZES))
	$(BIN)/python benchmarks/lighthouse.py
	$(BIN)/python benchmarks/relevance.py
	$(BIN)/python benchmarks/portability.py

validate: $(INSTALLED)
	$(BIN)/joinedup validate

schema: $(INSTALLED)
	$(BIN)/joinedup schema

# Installs exactly the versions in requirements.lock (the audited set). pip is asked to print
# errors only: a machine's pip configuration may name package folders that are not there, and
# pip warns about each of them on every install.
PIP_INSTALL := $(BIN)/python -m pip install -qq

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip
	$(PIP_INSTALL) -c requirements.lock -e '.[test]'
	touch $(INSTALLED)

# Skipped, with a message, without npm. The system's CA bundle is passed explicitly so that npm
# works with any HOME (as in CI). Puppeteer (under pa11y) and Lighthouse drive Debian's Chromium:
# no browser is downloaded.
NPM_CA := $(wildcard /etc/ssl/certs/ca-certificates.crt)

$(NODE_TOOLS): tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error $(if $(NPM_CA),--cafile $(NPM_CA)); \
	else echo "npm not found: the accessibility and HTML checks will be skipped"; fi

# Re-resolve the dependency set after changing pyproject.toml, then review and commit the lock.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^joinedup' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf build site
