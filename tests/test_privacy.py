"""/mydata holds everything stored about a person; after /delete no row in any table (scanned
generically over the schema) holds their id, name or texts."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot import appointments as A
from bot import cases as C
from bot import questions, users
from bot.db import Database
from bot.models import Base, Guide, Question, User
from bot.search import SearchResult

UID, GUIDE = 424242, 515151
NAME = "Soraya"
TEXTS = ["my secret question about my residence", "meine private Notiz zum Fall",
         "hallo, ich bin Soraya und brauche Hilfe beim Amt", "ich komme gerne mit",
         "Termin bei der Ausländerbehörde", "Reisepass"]


def fill(db: Database) -> None:
    with db.session() as s:
        u = users.get_or_create(s, UID)
        users.set_language(u, "fa")
        users.give_consent(u, 1, NAME)
        g = users.get_or_create(s, GUIDE)
        g.role, g.first_name, g.lang = "guide", "Lena", "de"
        s.flush()
        s.add(Guide(user_id=GUIDE, status="active", languages={"fa": 3}, districts=["Altstadt"],
                    topics=["residence-asylum"], availability=[1], max_cases=2))
        s.flush()
        questions.record(s, UID, TEXTS[0], SearchResult([], False, "fa"), keep_text=True)
        req = C.draft_request(s, u)
        req.languages, req.topics, req.district = ["fa"], ["residence-asylum"], "Altstadt"
        req.note, req.share_consent = TEXTS[2], True
        step = C.submit_request(s, req, 24)
        case = C.accept(s, step.proposal.id, GUIDE)
        C.relay(s, case.id, u, TEXTS[2])
        C.relay(s, case.id, g, TEXTS[3])
        C.add_note(s, case.id, g, TEXTS[1])
        A.create(s, case.id, g, dt.datetime.now(dt.UTC) + dt.timedelta(days=3), TEXTS[4],
                 bring=[TEXTS[5]])


def test_mydata_contains_everything_put_in(db):
    fill(db)
    with db.session() as s:
        data = json.dumps(users.export_user(s, UID), ensure_ascii=False)
    for t in (NAME, TEXTS[0], TEXTS[2], TEXTS[3], TEXTS[4], TEXTS[5], "Altstadt", "fa"):
        assert t in data, t
    assert TEXTS[1] not in data  # the guide's private note is the guide's, not the newcomer's
    with db.session() as s:
        gdata = json.dumps(users.export_user(s, GUIDE), ensure_ascii=False)
    assert TEXTS[1] in gdata and "residence-asylum" in gdata


def test_delete_leaves_nothing_in_any_table(db):
    fill(db)
    with db.session() as s:
        ended = users.erase_user(s, UID)
        assert ended and ended[0][0] == GUIDE  # the guide is told their case closed
    needles = [str(UID), NAME, *TEXTS[:5]]
    found = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for col, value in row._mapping.items():
                    if value is None:
                        continue
                    as_text = (str(value) if isinstance(value, str | int)
                               else json.dumps(value, ensure_ascii=False, default=str))
                    for needle in needles:
                        if needle == as_text or (len(needle) > 8 and needle in as_text):
                            found.append((table.name, col, needle))
    assert found == []
    with db.session() as s:
        # the anonymous count survives for the yearly figures
        assert s.scalar(select(Question).where(Question.user_id.is_(None))) is not None
        assert s.get(User, GUIDE) is not None


def test_retention_erases_old_question_texts(db):
    fill(db)
    with db.session() as s:
        n = users.purge_old_question_texts(s, 90, now=dt.datetime.now(dt.UTC)
                                           + dt.timedelta(days=91))
        assert n == 1
        assert s.scalar(select(Question.text)) is None


def test_answered_texts_are_kept_only_while_feedback_is_likely(db):
    now = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
    with db.session() as s:
        for text, answered, helpful in (("fine answer", True, None), ("liked", True, True),
                                        ("not helpful", True, False), ("no answer", False, None)):
            s.add(Question(lang="de", text=text, answered=answered, helpful=helpful,
                           hit_ids=[], top_score=0, created_at=now))
        s.commit()
        assert users.purge_old_question_texts(s, 90, now=now + dt.timedelta(days=1)) == 0
        users.purge_old_question_texts(s, 90, now=now + dt.timedelta(days=3))
        kept = set(s.scalars(select(Question.text).where(Question.text.is_not(None))))
        assert kept == {"not helpful", "no answer"}  # what coordinators work on, for 90 days
        users.purge_old_question_texts(s, 90, now=now + dt.timedelta(days=91))
        assert not list(s.scalars(select(Question.text).where(Question.text.is_not(None))))
