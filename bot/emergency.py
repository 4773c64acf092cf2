"""Recognising a bare call for help in any language, so emergency numbers come at once."""

from __future__ import annotations

from bot.normalize import normalize

_WORDS = """
help sos emergency urgent hilfe notfall notruf hilf 110 112 помогите помощь спасите срочно
допоможіть допомога рятуйте терміново مساعده ساعدونی ساعدنی النجده طوارئ نجده مساعده
کمک فوری اضطراری کومک مرسته بیړنی imdat yardim acil ajutor urgenta urgent pomocy pomoc ratunku
cuu giup toi khan cap alikari arikari hawar lezgin help me hilfe bitte
aide aidez moi au secours urgence помощ помогнете спешно спасете caawimaad caawi caawiya
gargaar degdeg ሓገዝ ሓግዙኒ ህጹጽ hagez hagzuni
"""
EMERGENCY_WORDS = frozenset(normalize(_WORDS).split())


def is_emergency(text: str) -> bool:
    """True for a short message made only of help words or emergency numbers."""
    toks = normalize(text).split()
    return 0 < len(toks) <= 3 and all(t in EMERGENCY_WORDS for t in toks)
