# The README's commands. Each sets up the local virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site serve test validate schema lock clean

site: $(INSTALLED)
	$(BIN)/joinedup build

serve: $(INSTALLED)
	$(BIN)/joinedup serve

test: $(INSTALLED)
	$(BIN)/pytest

validate: $(INSTALLED)
	$(BIN)/joinedup validate

schema: $(INSTALLED)
	$(BIN)/joinedup schema

# Installs exactly the versions in requirements.lock (the audited set).
$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(INSTALLED)

# Re-resolve the dependency set after changing pyproject.toml, then review and commit the lock.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^joinedup' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf build site
