# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE := examples/microsoft-openai-2025.yaml
HISTORY := examples/microsoft-openai-history.yaml
OUT    := out
# The demo memo's date of issue: today (UTC), or SOURCE_DATE_EPOCH's day for a reproducible build;
# `make demo MEMO_DATE=2026-12-03` picks another.
MEMO_DATE ?= $(shell $(PYTHON) -c 'import datetime as d, os, time; print(d.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH") or time.time()), d.timezone.utc).date())')

.PHONY: demo test lint format bench clean check-system venv bytecode constraints

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "riskkit needs Python 3.11 or newer ($(PYTHON) is older); set PYTHON=python3.11"; exit 1; }
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@$(BIN)/python -m compileall -q riskkit >/dev/null
	@touch $(STAMP)

# Byte-compile the package as an installed wheel would be: imports then skip compiling,
# even where PYTHONDONTWRITEBYTECODE is set (it stops Python writing .pyc files, not reading them).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q riskkit >/dev/null

venv: $(STAMP)

# Re-pin constraints.txt to what the venv has now (after deliberately upgrading a dependency).
constraints: $(STAMP)
	@{ echo '# The versions riskkit is tested with; make installs through this file (pip install -c).'; \
	   echo '# Regenerate with: make constraints'; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -iv '^riskkit=='; } > constraints.txt

check-system: $(STAMP)
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || { \
	  echo "WeasyPrint cannot load its system libraries (Pango, HarfBuzz, fontconfig)."; \
	  echo "On Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core"; \
	  echo "On macOS: brew install pango"; exit 1; }

demo: $(STAMP) check-system bytecode
	@mkdir -p $(OUT)
	$(BIN)/riskkit score $(EXAMPLE) -o json:$(OUT)/microsoft-openai-2025.json -o table:- ; test $$? -le 1
	$(BIN)/riskkit memo $(EXAMPLE) --history $(HISTORY) --date $(MEMO_DATE) -o $(OUT)/microsoft-openai-2025.pdf
	$(BIN)/riskkit workbook $(EXAMPLE) --history $(HISTORY) -o $(OUT)/microsoft-openai-2025.xlsx
	@echo "demo outputs:"; ls -1 $(OUT)/microsoft-openai-2025.*
	@echo "riskkit is installed in $(VENV). To run the README's commands, first:  . $(VENV)/bin/activate"
	@echo "(or call it by path: $(BIN)/riskkit score examples/microsoft-openai-2025.yaml)"

# Two workers (pytest-xdist), each test file kept whole on one worker so its module fixtures run once:
# on a 2-core machine the suite takes about 60% of its one-process time. PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check riskkit tests bench tools
	$(BIN)/ruff format --check riskkit tests bench tools

format: $(STAMP)
	$(BIN)/ruff format riskkit tests bench tools
	$(BIN)/ruff check --fix riskkit tests bench tools

bench: $(STAMP) bytecode
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUT) build dist .pytest_cache
