# Two commands on a fresh machine:  make run   (dashboard on the demo data)   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
FIXTURES ?= ../shared/fixtures
PORT ?= 8501

.PHONY: run test lint demo-data bench schedule clean

# (Re)create the virtualenv when it is missing or a requirements file changed.
$(READY): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(READY)

run: $(READY)
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT)

lint: $(READY)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

# Regenerate the embedded demo data from the recorded source files.
demo-data: $(READY)
	rm -rf data/demo.new
	$(BIN)/python -m collectors backfill --from $(FIXTURES) --data-dir data/demo.new
	rm -rf data/demo && mv data/demo.new data/demo

bench: $(READY)
	$(BIN)/python -m benchmarks.run

schedule: $(READY)
	$(BIN)/python -m collectors schedule

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
