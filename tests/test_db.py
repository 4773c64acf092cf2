"""The schema: Alembic migrations produce exactly the models (no drift), on SQLite and, in the
PostgreSQL run, on PostgreSQL."""

from __future__ import annotations

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.db import Database, make_engine, upgrade
from bot.models import Base


def _url(tmp_path) -> str:
    url = os.environ.get("LOTSENBOT_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path}/schema.db"
    engine = make_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return url


def test_migrations_match_models(tmp_path):
    url = _url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_twice_is_harmless_and_tables_exist(tmp_path):
    url = _url(tmp_path)
    db = Database(url)
    Database(url).dispose()
    names = set(inspect(db.engine).get_table_names())
    assert {"users", "questions", "kb_entries", "kb_snapshots", "guide_requests"} <= names
    db.dispose()
