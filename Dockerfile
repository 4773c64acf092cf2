# syntax=docker/dockerfile:1
# Build stage: install the app and its dependencies into a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .
COPY locales ./locales
# compiled catalogs ship in the image; fuzzy entries are never compiled
RUN python -c "import sys; sys.path.insert(0, '.'); from bot.i18n_tools import compile_all; compile_all()"

# Runtime stage: the venv, the data the bot reads, a non-root user.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/lotsenbot.db KNOWLEDGE_DIR=/app/knowledge \
    MPLCONFIGDIR=/tmp/matplotlib
RUN useradd --create-home --uid 10001 lotse && mkdir /data && chown lotse /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build /app/locales ./locales
COPY knowledge ./knowledge
COPY db ./db
USER 10001
VOLUME ["/data"]
EXPOSE 8080
# the bot answers on its database and scheduler; `lotsenbot db upgrade` touches nothing when current
HEALTHCHECK --interval=60s --timeout=10s --retries=3 CMD ["lotsenbot", "db", "upgrade"]
CMD ["lotsenbot", "run"]
