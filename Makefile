# One entry point for every task. `make run` starts the assistant on embedded defaults;
# `make test` sets everything up and runs every test. Both work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON310 := $(shell deploy/find-python310)
BOT := .venv-bot/bin
SVC := .venv-svc/bin
MODEL := models/assistant.tar.gz
RASA_DATA := --domain bot/domain --data bot/data nlu/data --config config.yml
# languages/folding.py: the tokenizer's lemmas (the model's features) are folded by it.
MODEL_INPUTS := config.yml languages/folding.py $(wildcard bot/domain/*.yml bot/data/*.yml nlu/data/*/*.yml nlu/components/*.py)
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false

help:
	@echo "make run    set up and start the assistant (web page on http://127.0.0.1:8000/)"
	@echo "make test   set up and run every test"
	@echo "make bench  run the benchmarks"

python310:
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: Rasa 3.6 needs it. Install it (e.g. 'pyenv install 3.10') or put python3.10 on PATH." >&2; exit 1; }

# py3langid (language identification, nlu/components/detection.py) declares numpy>=2, which
# Rasa 3.6's numpy<1.25 rules out, yet runs unchanged on numpy 1.2x (issue 7 found identical
# predictions on 61,000 texts; bench/language_id measures it here). So it is installed with
# --no-deps, pinned in constraints/bot.txt and kept out of pyproject's bot extra, whose
# resolution would fail. Its model ships inside the wheel: nothing is downloaded at run time.
$(BOT)/.installed: pyproject.toml constraints/bot.txt | python310
	rm -rf .venv-bot && $(PYTHON310) -m venv .venv-bot
	$(BOT)/pip install -q --upgrade 'pip<25'
	$(BOT)/pip install -q -c constraints/bot.txt -e '.[bot,bot-test]'
	$(BOT)/pip install -q --no-deps -c constraints/bot.txt py3langid
	touch $@

$(SVC)/.installed: pyproject.toml constraints/services.txt | python310
	rm -rf .venv-svc && $(PYTHON310) -m venv .venv-svc
	$(SVC)/pip install -q --upgrade 'pip<25'
	$(SVC)/pip install -q -c constraints/services.txt -e '.[services,test]'
	touch $@

WIDGET_VENDOR := knowledge/web/static/vendor/socket.io.min.js
$(WIDGET_VENDOR): web/package.json web/package-lock.json web/build.sh
	sh web/build.sh

system-deps:
	deploy/system-deps

setup: system-deps $(BOT)/.installed $(SVC)/.installed $(WIDGET_VENDOR)

# Rasa keeps the previous model's unchanged parts (fingerprints), so retraining is cheap.
$(MODEL): $(MODEL_INPUTS) $(BOT)/.installed
	$(BOT)/rasa train $(RASA_DATA) --out models --fixed-model-name assistant

model: $(MODEL)

run: setup $(MODEL)
	$(SVC)/python -m deploy.stack

validate: $(BOT)/.installed
	$(BOT)/rasa data validate $(RASA_DATA)

test: setup $(MODEL)
	deploy/system-deps test
	$(SVC)/ruff check .
	$(SVC)/mypy --cache-dir .mypy_cache/services knowledge actions
	$(BOT)/mypy --cache-dir .mypy_cache/bot connectors nlu
	$(BOT)/python -m bot.sync_domain --check
	$(BOT)/rasa data validate $(RASA_DATA)
	$(BOT)/rasa test core --model $(MODEL) --stories bot/tests --fail-on-prediction-errors --out var/test-results
	$(BOT)/python -m pytest tests/languages tests/conversation tests/bot tests/nlu tests/connectors -q
	$(SVC)/python -m pytest tests/languages tests/actions tests/knowledge tests/security tests/e2e -q

bench: setup $(MODEL)
	$(BOT)/python -m bench.language_id.run
	$(SVC)/python -m bench.overhead
	$(SVC)/python -m bench.connectors
	$(SVC)/python -m bench.conversations.run
	$(SVC)/python -m bench.matching_scale.run
	$(SVC)/python -m bench.matching.run
	$(SVC)/python -m bench.load.run

.PHONY: help python310 system-deps setup model run validate test bench
