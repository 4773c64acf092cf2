"""Greetings and thanks in every language are recognised; anything that may be a question is
not (it goes to the search)."""

from __future__ import annotations

import pytest

from bot.smalltalk import smalltalk


@pytest.mark.parametrize("text", [
    "Hallo", "hi!", "Guten Morgen", "مرحبا", "السلام عليكم", "salam", "Привіт 👋", "Добрый день",
    "سلام", "ستړي مه شې", "Merhaba", "selam", "Bună ziua", "Cześć", "dzien dobry", "Xin chào",
    "chao", "Silav", "hallo bot", "hi everyone", "Assalamu alaikum!",
])
def test_greetings(text):
    assert smalltalk(text) == "greeting"


@pytest.mark.parametrize("text", [
    "Danke!", "thank you very much", "شكرا", "shukran", "Дякую", "спасибо большое", "ممنون",
    "مننه", "teşekkürler", "Mulțumesc", "dziękuję", "cảm ơn", "spas", "ok thanks",
    "hallo und danke",  # thanks wins: the conversation is ending
])
def test_thanks(text):
    assert smalltalk(text) == "thanks"


@pytest.mark.parametrize("text", [
    "", "   ", "🙂", "ok", "hallo, wo ist das Jobcenter", "salam, kita platz", "hi i need a doctor",
    "Привіт, де вивчити німецьку", "danke für nichts, wo ist die Ausländerbehörde",
    "hallo " * 9, "hilfe",
])
def test_anything_that_may_be_a_question_is_not_smalltalk(text):
    assert smalltalk(text) is None
