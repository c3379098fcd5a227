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
	$(BIN)/evaltool run examples/district/evaltool.yaml -o $(DEMO_OUT)
	$(BIN)/evaltool trend examples/district/previous/2022年度评查结果.json $(DEMO_OUT)/results.json \
		--label 2022年度 --label 2023年度 --config examples/district/evaltool.yaml -o $(DEMO_OUT)/指数趋势
	@echo "演示完成：明湖区（虚构）22 个执法单位的评查结果、行政执法指数及其两年趋势、整改通知书、评查情况通报和整改台账都在 $(DEMO_OUT)/ 文件夹。"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DEMO_OUT) build *.egg-info .pytest_cache .ruff_cache

bench: install
	$(BIN)/python benchmarks/run.py
