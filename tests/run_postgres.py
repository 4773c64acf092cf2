"""Run the database-facing tests again on PostgreSQL, in a fresh database created and dropped here.

Used by `make test` after the SQLite run. PostgreSQL is taken from TEST_POSTGRES_URL, else
127.0.0.1:5432 is tried. When CI expects PostgreSQL (LOTSENBOT_EXPECT_POSTGRES=1) and none
answers, this fails loudly instead of skipping quietly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import psycopg
from sqlalchemy.engine import make_url

CANDIDATES = ["postgresql://postgres@127.0.0.1:5432/postgres",
              "postgresql://root@127.0.0.1:5432/test"]
TEST_PATHS = ["tests/test_db.py", "tests/test_cases.py", "tests/test_appointments.py",
              "tests/test_privacy.py", "tests/test_kb_edit.py", "tests/test_stats.py",
              "tests/e2e"]


def _admin_url() -> str | None:
    urls = [os.environ["TEST_POSTGRES_URL"]] if os.environ.get("TEST_POSTGRES_URL") else CANDIDATES
    for url in urls:
        try:
            with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=3):
                return url
        except psycopg.Error:
            continue
    return None


def main() -> int:
    admin = _admin_url()
    if admin is None:
        if os.environ.get("LOTSENBOT_EXPECT_POSTGRES") == "1":
            print("PostgreSQL run expected but no server answered (TEST_POSTGRES_URL or "
                  "127.0.0.1:5432)", file=sys.stderr)
            return 1
        print("PostgreSQL not available: PostgreSQL run skipped")
        return 0
    name = f"lotsenbot_test_{uuid.uuid4().hex[:10]}"
    plain = admin.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(drivername="postgresql+psycopg", database=name)
    env = dict(os.environ, LOTSENBOT_TEST_DATABASE_URL=url.render_as_string(hide_password=False))
    print(f"PostgreSQL run in database {name}")
    try:
        return subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                *TEST_PATHS], env=env)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
