# The README's commands. Each sets up the local virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site serve test validate schema clean

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

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

clean:
	rm -rf build site
