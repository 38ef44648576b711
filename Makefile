# Sideline: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sideline-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-sqlite test-postgres lint setup chromium demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned, so pip takes the CPU build on this machine's disk and not a CUDA one.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[embeddings,test,lint]'
	touch $(STAMP)

setup: $(STAMP)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: setup
	$(BIN)/sideline migrate --no-input
	SIDELINE_TRIAGE_COLD_START=word-model $(BIN)/sideline demo
	SIDELINE_TRIAGE_COLD_START=background $(BIN)/sideline serve 127.0.0.1:8000

demo: setup
	$(BIN)/sideline migrate --no-input
	$(BIN)/sideline demo

test: setup chromium
	$(BIN)/pytest -q -p no:cacheprovider
	@if [ -n "$$SIDELINE_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$SIDELINE_TEST_DATABASE_URL"; \
	  SIDELINE_DATABASE_URL="$$SIDELINE_TEST_DATABASE_URL" $(BIN)/pytest -q -p no:cacheprovider; \
	fi

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

bench: setup
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) var .pytest_cache
