"""Greetings, thanks and questions about the bot itself in every language are recognised;
anything that may be a question is not (it goes to the search)."""

from __future__ import annotations

import pytest

from bot.smalltalk import smalltalk


@pytest.mark.parametrize("text", [
    "Hallo", "hi!", "Guten Morgen", "مرحبا", "السلام عليكم", "salam", "Привіт 👋", "Добрый день",
    "سلام", "ستړي مه شې", "Merhaba", "selam", "Bună ziua", "Cześć", "dzien dobry", "Xin chào",
    "chao", "Silav", "hallo bot", "hi everyone", "Assalamu alaikum!",
    # "how are you", and greetings with the way people address each other
    "مرحبا اخي كيفك", "merhaba abi nasılsın", "buna ziua ce mai faci", "سلام ورور څنګه یې",
    "privet kak dela", "how are you", "hallo wie geht es dir", "cześć jak się masz",
    "xin chào bạn khỏe không", "silav tu çawa yî", "Привіт, як справи?", "salam khubi",
    "hi bro", "selam kardeşim",
    "Bonjour", "salut ça va ?", "здравейте", "как си", "asc", "see tahay", "ሰላም", "ከመይ ኣለኹም",
    "selam kemey aleka",
])
def test_greetings(text):
    assert smalltalk(text) == "greeting"


@pytest.mark.parametrize("text", [
    "Danke!", "thank you very much", "شكرا", "shukran", "Дякую", "спасибо большое", "ممنون",
    "مننه", "teşekkürler", "Mulțumesc", "dziękuję", "cảm ơn", "spas", "ok thanks",
    "hallo und danke",  # thanks wins: the conversation is ending
    "merci beaucoup", "благодаря", "mahadsanid", "የቐንየለይ", "yekenyeley",
])
def test_thanks(text):
    assert smalltalk(text) == "thanks"


@pytest.mark.parametrize("text", [
    "who are you?", "Wer bist du?", "are you a bot", "what's your name", "hi, what can you do",
    "مين انت", "شو اسمك", "хто ти?", "ты бот?", "как тебя зовут", "اسمت چیه", "ته څوک یې",
    "sen kimsin", "cine te-a facut", "kim jesteś", "bạn là ai", "ban ten gi", "navê te çi ye",
    "hallo, wer bist du", "thanks, who made you",  # the question about the bot wins
    "qui es-tu ?", "кой си ти", "yaad tahay", "መን ኢኻ",
])
def test_questions_about_the_bot_itself(text):
    assert smalltalk(text) == "about"


@pytest.mark.parametrize("text", [
    "", "   ", "🙂", "ok", "hallo, wo ist das Jobcenter", "salam, kita platz", "hi i need a doctor",
    "Привіт, де вивчити німецьку", "danke für nichts, wo ist die Ausländerbehörde",
    "hallo " * 9, "hilfe",
    # the address words alone, or with a need, are not a greeting
    "my brother", "brat", "مرحبا اخي بدي اسأل عن الكيندرغيلد", "merhaba abi kindergeld ne zaman",
    "salam ورور زه کار غواړم",
    # a question about the bot with a need in it is searched
    "who are you and where is the jobcenter", "wie heißt du, ich brauche einen kitaplatz",
    "bonjour où est le jobcenter", "здравейте търся лекар", "salaan shaqo xagee laga helaa",
    "ሰላም ኣበይ ሓኪም ክረክብ",
])
def test_anything_that_may_be_a_question_is_not_smalltalk(text):
    assert smalltalk(text) is None
