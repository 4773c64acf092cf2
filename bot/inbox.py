"""What the bot could not answer: unanswered questions and answers marked "not helpful",
grouped by similarity so a coordinator fixes a recurring gap once.

Only texts kept with consent are here (and only for the retention period); no user id leaves
this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.guides import require_coordinator
from bot.models import Question, User
from bot.normalize import normalize

SIMILAR = 80  # token_set_ratio of normalised texts at or above this: the same question
MAX_OPEN = 2000  # newest open questions looked at; older ones wait for the next pass


@dataclass
class Group:
    question_id: int  # the representative (the newest)
    text: str
    lang: str
    ids: list[int] = field(default_factory=list)
    langs: dict[str, int] = field(default_factory=dict)
    not_helpful: int = 0
    last: dt.datetime | None = None

    @property
    def count(self) -> int:
        return len(self.ids)


_OPEN = (Question.text.is_not(None), Question.inbox.is_(None),
         or_(Question.answered.is_(False), Question.helpful.is_(False)))
#: the last grouping, keyed by the fingerprint of the open questions it was made from
_last: tuple[int, list[Group]] = (0, [])


def _open(session: Session) -> list[Question]:
    return list(session.scalars(
        select(Question).where(*_OPEN).order_by(Question.id.desc()).limit(MAX_OPEN)))


def groups(session: Session, coordinator: User) -> list[Group]:
    """Groups, largest first (then most recent): each question joins the most similar group
    (compared with the group's first text, in rapidfuzz's C loop), which is enough for the
    short questions people type and stays fast with 2,000 open questions."""
    global _last
    require_coordinator(coordinator)
    questions = _open(session)
    # reading 2,000 rows is quick, grouping them is not: every inbox button would regroup
    fp = hash(tuple((q.id, q.text, q.lang, q.answered, q.helpful) for q in questions))
    if _last[0] == fp and _last[1]:
        return list(_last[1])
    out: list[Group] = []
    keys: list[str] = []
    for q in questions:
        key = normalize(q.text or "")
        best = process.extractOne(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR)
        g = out[best[2]] if best is not None else None
        if g is None:
            g = Group(question_id=q.id, text=q.text or "", lang=q.lang, last=q.created_at)
            out.append(g)
            keys.append(key)
        g.ids.append(q.id)
        g.langs[q.lang] = g.langs.get(q.lang, 0) + 1
        g.not_helpful += 1 if q.answered and q.helpful is False else 0
    out.sort(key=lambda g: (-g.count, -(g.question_id)))
    _last = (fp, out)
    return list(out)


def group_of(session: Session, coordinator: User, question_id: int) -> Group | None:
    for g in groups(session, coordinator):
        if question_id in g.ids:
            return g
    return None


def close_group(session: Session, coordinator: User, question_id: int, how: str) -> int:
    """Mark every question of the group as handled ("example", "entry" or "dismissed")."""
    g = group_of(session, coordinator, question_id)
    if g is None:
        return 0
    session.execute(update(Question).where(Question.id.in_(g.ids)).values(inbox=how))
    session.flush()
    return g.count
