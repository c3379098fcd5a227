# Quick start: `make demo` and `make test`; each creates .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_OUT := demo-output

.PHONY: demo test lint install clean bench

$(BIN)/evaltool: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/evaltool

demo: install
	@mkdir -p $(DEMO_OUT)
	$(BIN)/evaltool check examples/案卷登记表.xlsx --review-date 2024-06-30 --fail-on never \
		--format json -o $(DEMO_OUT)/results.json
	@echo "演示完成。评查结果：$(DEMO_OUT)/results.json（格式见 docs/results.md）"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DEMO_OUT) build *.egg-info .pytest_cache .ruff_cache

bench: install
	$(BIN)/python benchmarks/run.py
