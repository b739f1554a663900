# The Rasa server: the bot environment installed from pyproject.toml with the pinned versions,
# as the Makefile does, and the model trained while the image is built. Build from the
# repository root:  docker build -f deploy/docker/bot.Dockerfile -t tna-bot:0.1.0 .
FROM python:3.10-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    HOME=/tmp \
    RASA_TELEMETRY_ENABLED=false \
    SANIC_REGISTER=False \
    PTB_TIMEDELTA=true
WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. py3langid goes in without
# its dependencies, as in the Makefile (it declares numpy>=2 but runs on Rasa's numpy).
COPY pyproject.toml ./
COPY constraints/bot.txt constraints/bot.txt
RUN pip install 'pip<25' \
 && pip install -c constraints/bot.txt '.[bot]' \
 && pip install --no-deps -c constraints/bot.txt py3langid

COPY config.yml credentials.yml endpoints.yml ./
COPY deploy/endpoints.scale.yml deploy/endpoints.scale.yml
COPY languages languages
COPY nlu nlu
COPY connectors connectors
COPY conversation conversation
COPY bot bot
RUN rasa train --domain bot/domain --data bot/data nlu/data --config config.yml \
        --out models --fixed-model-name assistant \
 && rm -rf .rasa

USER 10001
EXPOSE 5005
# The scale-out endpoints: PostgreSQL tracker store, Redis lock store (variables in its header).
CMD ["python", "-m", "bot.server", "--model", "models/assistant.tar.gz", "--enable-api", \
     "--interface", "0.0.0.0", "--port", "5005", \
     "--endpoints", "deploy/endpoints.scale.yml", "--credentials", "credentials.yml"]
