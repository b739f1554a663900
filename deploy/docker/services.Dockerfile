# The action server and the knowledge API (one image, two commands): the services environment
# installed from pyproject.toml with the pinned versions, as the Makefile does, and the web
# page's vendored scripts built by web/build.sh from the committed package-lock.json.
# Build from the repository root:  docker build -f deploy/docker/services.Dockerfile -t tna-services:0.1.0 .
FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY web web
RUN sh web/build.sh

FROM python:3.10-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    HOME=/tmp
WORKDIR /app

COPY pyproject.toml ./
COPY constraints/services.txt constraints/services.txt
RUN pip install 'pip<25' \
 && pip install -c constraints/services.txt '.[services]'

COPY alembic.ini ./
COPY languages languages
COPY connectors connectors
COPY conversation conversation
COPY actions actions
COPY knowledge knowledge
COPY --from=web /src/knowledge/web/static/vendor knowledge/web/static/vendor

USER 10001
EXPOSE 8000 5055
# The knowledge API; the action server runs the same image with
#   python -m actions.server --host 0.0.0.0 --port 5055
# --forwarded-allow-ips: only the load balancer reaches it, and sets X-Forwarded-For itself.
CMD ["python", "-m", "uvicorn", "knowledge.app:create_app", "--factory", \
     "--host", "0.0.0.0", "--port", "8000", "--ws", "none", "--forwarded-allow-ips", "*"]
