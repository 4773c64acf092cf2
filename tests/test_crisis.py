"""A message about wanting to die is recognised in every language; everyday messages that share
its words are not."""

from __future__ import annotations

import pytest

from bot.crisis import is_crisis


@pytest.mark.parametrize("text", [
    "ich will nicht mehr leben", "Ich will mich umbringen!!", "habe suizidgedanken",
    "i want to kill myself", "I want to end my life 😢", "i dont want to live", "suicidal",
    "بدي انتحر", "سأنتحر", "بفكر بالانتحار", "ما بدي عيش بعد",
    "хочу покінчити з собою", "не хочу більше жити", "думаю про самогубство",
    "хочу покончить с собой", "не хочу жить", "думаю о самоубийстве",
    "میخواهم خودکشی کنم", "دیگه نمیخوام زندگی کنم", "آیا خودکشی گناه است",
    "غواړم ځان ووژنم",
    "intihar etmek istiyorum", "artık yaşamak istemiyorum",
    "vreau să mă sinucid", "nu mai vreau sa traiesc",
    "chce sie zabic", "nie chcę już żyć", "myślę o samobójstwie",
    "tôi muốn tự tử", "toi khong muon song nua",
    "ez dixwazim xwe bikujim", "ez naxwazim êdî bijîm",
    "je veux mourir", "j'ai envie de me suicider", "je veux en finir avec la vie",
    "je ne veux plus vivre",
    "искам да умра", "мисля за самоубийство", "не искам да живея",
    "waxan raba inan isdilo", "wallaahi waan dhiman rabaa", "ma rabo in'aan noolaado",
    "fikrado is-dilid ayaa i haya", "waxaan ka fikirayaa inaan naftayda qaato caawa",
    "ክመውት ደልየ ኣለኹ ደኺመ", "ሎሚ ለይቲ ርእሰይ ክቐትል እየ", "ደጊም ክነብር ኣይደልን", "ብዛዕባ ርእሰ-ቕትለት እሓስብ ኣለኹ",
    "kmewt delye alekhu",
])
def test_wanting_to_die_is_recognised(text):
    assert is_crisis(text)


@pytest.mark.parametrize("text", [
    "từ từ thôi", "tu tu thoi",  # "slowly": the same letters as "tự tử" without marks
    "ich bringe die kinder um acht zur schule", "kill the lights",
    "i want to live in magdeburg", "i dont want to live in this heim",
    "не хочу жить в общежитии", "не хочу жити в гуртожитку", "nie chce zyc w tym mieszkaniu",
    "burada yaşamak istemiyorum çünkü oda küçük", "ich will nicht mehr in diesem heim leben",
    "mein leben in magdeburg", "wo ist das jobcenter", "", "🙂",
    "je ne veux pas vivre dans ce foyer", "je ne veux plus vivre dans ce foyer", "je veux vivre à magdeburg",
    "не искам да живея в общежитие", "искам да живея в магдебург",
    "ma rabo inaan noolaado kaamkan", "filimka labada nin way is dileen",
    "waxaan rabaa inaan dilo jiirka gurigayga ku jira", "naftayda ayaan u baqayaa dhakhtar",
    # Tigrinya puts the place first: "in this camp I don't want to live" is a housing question
    "ኣብዚ ካምፕ ክነብር ኣይደልን", "ab kamp knbr aydlen", "ኣደይ ሓሚማ ኣላ ክትመውት ኣይደልን",
    "ኣብ ገዛይ ኣንጭዋ ኣለዉ ክቐትሎም ደልየ", "ርእሰይ ይሕመመኒ ኣሎ ሓኪም ክረክብ ደልየ",
])
def test_everyday_messages_are_not(text):
    assert not is_crisis(text)
