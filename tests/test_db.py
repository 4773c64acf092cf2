"""The schema: Alembic migrations produce exactly the models (no drift), on SQLite and, in the
PostgreSQL run, on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.db import Database, make_engine, upgrade
from bot.models import Base
from tests.conftest import fresh_db_url


def _url(tmp_path) -> str:
    return fresh_db_url(tmp_path)


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


def test_upgrade_keeps_rows_written_by_earlier_revisions(tmp_path):
    """A database filled under revision 001 (the first release) upgrades to head without losing
    rows; columns added later get their defaults."""
    url = _url(tmp_path)
    upgrade(url, "001")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (id, lang, role, consent_refused, active, created_at, last_seen)"
            " VALUES (7, 'ar', 'newcomer', false, true, '2026-01-01 10:00:00',"
            " '2026-01-01 10:00:00')"))
        conn.execute(text(
            "INSERT INTO guide_requests (user_id, lang, topic, status, created_at)"
            " VALUES (7, 'ar', 'housing', 'waiting', '2026-01-02 10:00:00')"))
        conn.execute(text(
            "INSERT INTO questions (user_id, lang, text, answered, hit_ids, top_score, created_at)"
            " VALUES (7, 'ar', 'سؤال', false, '[]', 12, '2026-01-02 10:00:00')"))
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        user = conn.execute(text("SELECT lang, digest FROM users WHERE id = 7")).one()
        req = conn.execute(text("SELECT topic, urgency, accepts_de_en FROM guide_requests")).one()
        q = conn.execute(text("SELECT text FROM questions")).one()
    engine.dispose()
    assert user[0] == "ar" and not user[1]
    assert req[0] == "housing" and req[1] == 1 and not req[2]
    assert q[0] == "سؤال"


def test_second_process_seeding_at_the_same_time_does_not_crash(tmp_path):
    """Two processes start on one new database: both may see an empty knowledge base (SQLite
    has no advisory lock); the one that writes second must start normally, not crash."""
    from pathlib import Path

    from sqlalchemy import func, select

    from bot.knowledge_store import seed_if_empty
    from bot.models import KbEntry

    knowledge = Path(__file__).resolve().parents[1] / "knowledge"
    total = len(list(knowledge.rglob("*.yaml")))
    db = Database(fresh_db_url(tmp_path))
    with db.session() as first, db.session() as second:
        second.scalar = lambda *a, **k: 0  # it looked before the first one wrote
        assert seed_if_empty(first, knowledge) == total
        first.commit()
        assert seed_if_empty(second, knowledge) == 0
        second.commit()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(KbEntry)) == total
    db.dispose()
