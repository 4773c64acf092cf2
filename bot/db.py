"""Engine, sessions and migrations.

SQLite gets WAL and foreign keys (off by default there); PostgreSQL is used as is. The schema is
owned by Alembic (`db/`), and the bot upgrades it at start so an operator never forgets.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "db"


def make_engine(url: str, **kwargs: Any) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if u.database and u.database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, pool_pre_ping=True, **kwargs)


def alembic_config(url: str):  # -> alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


STARTUP_LOCK = 72_615_001  # advisory lock id: one process at a time migrates and seeds


def startup_lock(conn_or_session: Any) -> None:
    """Serialise start-up work between processes sharing a PostgreSQL database (released at
    the end of the transaction); SQLite serialises writers by itself."""
    from sqlalchemy import text

    bind = conn_or_session.get_bind() if hasattr(conn_or_session, "get_bind") else conn_or_session
    if bind.dialect.name == "postgresql":
        conn_or_session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": STARTUP_LOCK})


def upgrade(url: str, revision: str = "head", engine: Engine | None = None) -> None:
    from alembic import command

    cfg = alembic_config(url)
    eng = engine or make_engine(url)
    with eng.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys on,
            # that drop would cascade and delete the rows of every child table
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                startup_lock(conn)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    if engine is None:
        eng.dispose()


class Database:
    """One engine and its session factory; one session per update or job."""

    def __init__(self, url: str, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if migrate:
            upgrade(url, engine=self.engine)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
