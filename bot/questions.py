"""Questions asked and the feedback on answers, kept for coordinators and the yearly figures."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.models import Question
from bot.search import SearchResult


def record(session: Session, user_id: int | None, text: str, result: SearchResult, *,
           keep_text: bool) -> Question:
    """Record one question. The text is kept only with consent: coordinators need it when the
    bot found no answer, or when the answer is marked "not helpful". Texts of answers nobody
    objected to are erased after FEEDBACK_DAYS (users.purge_old_question_texts)."""
    best = result.best
    q = Question(
        user_id=user_id,
        lang=result.lang,
        text=text if keep_text else None,
        answered=result.answered,
        topic=best.entry.topic if best and result.answered else None,
        hit_ids=[h.entry.id for h in result.hits],
        top_score=best.score if best else 0,
    )
    session.add(q)
    session.flush()
    return q


def owned(session: Session, question_id: int, user_id: int) -> Question | None:
    """The question if it belongs to this user; a forged or foreign id gives None."""
    q = session.get(Question, question_id)
    if q is None or q.user_id != user_id:
        return None
    return q


def set_feedback(session: Session, question_id: int, user_id: int, helpful: bool) -> bool:
    q = owned(session, question_id, user_id)
    if q is None:
        return False
    q.helpful = helpful
    return True
