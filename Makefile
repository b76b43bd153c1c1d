# Two commands on a fresh machine: `make report` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EVENT := astana-2017-05-04

.PHONY: install report test validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(VENV)/bin/framing report $(EVENT) --sources sources -o reports

test: $(STAMP)
	$(PY) -m pytest

validate: $(STAMP)
	$(PY) -m framing.validation --out validation

bench: $(STAMP)
	$(PY) -m benchmarks.run --parallel-size 100000

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
