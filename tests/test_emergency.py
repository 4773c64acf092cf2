"""A bare call for help, in any of the languages, is recognised; a question that contains one
is not (it goes to the search)."""

from __future__ import annotations

import pytest

from bot.emergency import is_emergency


@pytest.mark.parametrize("text", [
    "help", "112", "Hilfe!", "کمک", "допоможіть", "помогите", "imdat", "ajutor", "ratunku",
    "cứu", "hawar", "au secours", "aidez-moi", "помощ", "помогнете", "caawimaad", "gargaar",
    "ሓገዝ", "ሓግዙኒ", "hagez",
])
def test_a_bare_call_for_help_is_an_emergency(text):
    assert is_emergency(text)


@pytest.mark.parametrize("text", [
    "", "🙂", "wo finde ich hilfe beim jobcenter", "aide pour remplir le formulaire du jobcenter",
    "помощ за наема", "caawimaad xagga guriga", "ሓገዝ ንገዛ ክረክብ", "hello",
])
def test_a_question_with_a_help_word_is_not(text):
    assert not is_emergency(text)
