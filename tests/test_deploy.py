"""The container files are checked here, since no Docker engine runs in CI: the compose file
is valid YAML with the services a deployment needs, and the image runs as a non-root user."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_is_valid_and_complete():
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(data["services"]) == {"db", "bot"}
    bot = data["services"]["bot"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "pgdata" in data["volumes"]


def test_dockerfile_is_multistage_non_root_with_healthcheck():
    text = (ROOT / "Dockerfile").read_text()
    assert text.count("FROM ") == 2
    assert "USER 10001" in text and "HEALTHCHECK" in text
    assert "compile_all" in text  # translations are compiled into the image
