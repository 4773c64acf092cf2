"""Recognising a message about wanting to die or to take one's own life, in the languages the bot
speaks.

Why not leave it to the search: the search answers most of these with the crisis line, but not
all ("хочу покончить с собой" met the women's helpline, "chcę się zabić" a job entry, both only
as "did you mean"). A person who writes this must get the crisis line at once, every time, so a
short list of unmistakable phrases is checked before anything else, like the emergency numbers.
What someone writes in such a moment is not stored: it is health data the bot does not need.

Phrase syntax: a phrase matches whole words anywhere in the message; "word*" matches any word
that starts with it (inflections), "*word*" any word that holds it (Arabic prefixes such as
"بال"); "phrase$" only at the end of the message
("не хочу жить" ends a cry for help, "не хочу жить в общежитии" is a housing question).
Phrases with Vietnamese marks are matched on the text with its marks: without them "tự tử"
(suicide) would be "từ từ" (slowly).
"""

from __future__ import annotations

import re
import unicodedata

from bot.normalize import normalize

_PHRASES = """
selbstmord* | suizid* | umbringen | umzubringen | bringe mich um | mich töten | mir das leben nehmen
| will nicht mehr leben | will sterben$ | nicht mehr leben$
| suicid* | kill myself | killing myself | end my life | want to die | wanna die
| don't want to live anymore | dont want to live anymore | do not want to live anymore
| don't want to live$ | dont want to live$ | no reason to live
| *انتحر* | *انتحار* | اقتل نفسي | بدي موت | بدي اموت | اريد ان اموت | ابي اموت | انهي حياتي
| ما بدي عيش$ | ما بدي عيش بعد | لا اريد ان اعيش$ | لا اريد العيش$ | ما بدي ضل عايش
| покінчити з собою | покінчу з собою | самогубств* | суїцид* | вбити себе | вб'ю себе
| не хочу більше жити | не хочу жити$ | хочу померти
| покончить с собой | покончу с собой | самоубийств* | суицид* | убить себя | убью себя
| не хочу больше жить | не хочу жить$ | хочу умереть
| خودکشی* | خودمو بکشم | خودم را بکشم | خودمو میکشم | میخوام بمیرم | میخواهم بمیرم
| می خواهم بمیرم | نمیخوام زندگی کنم | نمی خوام زندگی کنم | نمیخواهم زندگی کنم
| نمی خواهم زندگی کنم | دیگه نمیخوام زنده باشم
| ځان ووژنم | ځان وژنه | ځان وژنې | ځان ووژني | غواړم مړ شم
| intihar* | kendimi öldür* | yaşamak istemiyorum$ | artık yaşamak istemiyorum | ölmek istiyorum
| sinucid* | să mă omor | sa ma omor | nu mai vreau să trăiesc | nu mai vreau sa traiesc | vreau să mor
| vreau sa mor
| zabić się | zabic sie | się zabić | sie zabic | zabiję się | zabije sie | samobój* | samoboj* | nie chcę już żyć
| nie chce juz zyc | nie chcę żyć$ | nie chce zyc$ | chcę umrzeć | chce umrzec
| odebrać sobie życie | odebrac sobie zycie
| tự tử | tự sát | muốn chết | muon chet | không muốn sống nữa | khong muon song nua
| xwe bikujim | xwekuştin* | xwe kuştin | naxwazim êdî bijîm | êdî naxwazim bijîm | dixwazim bimirim
| veux mourir | envie de mourir | veux me tuer | vais me tuer | envie de me tuer | en finir avec la vie
| en finir avec ma vie | mettre fin à mes jours | mettre fin à ma vie | plus envie de vivre
| veux plus vivre$ | veux pas vivre$
| самоубий* | искам да умра | ще се убия | да се убия | не искам да живея$ | не искам повече да живея
| сложа край на живота си
"""

_VI_MARKS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]")
_NONWORD = re.compile(r"[^\w']+")


def _marked(text: str) -> str:
    """Lower case with marks kept, words separated by one space."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_NONWORD.sub(" ", text).split())


def _compile() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One alternation for the phrases matched on normalised text, one for those matched on the
    text with its marks."""
    plain: list[str] = []
    marked: list[str] = []
    for raw in _PHRASES.split("|"):
        raw = " ".join(raw.split())
        if not raw:
            continue
        needs_marks = bool(_VI_MARKS.search(raw))
        anchored = raw.endswith("$")
        raw = raw.rstrip("$")
        prefix, stem = raw.startswith("*"), raw.endswith("*")
        body = raw.strip("*")
        body = _marked(body) if needs_marks else normalize(body)
        (marked if needs_marks else plain).append(
            r"(?:^| )" + (r"\w*" if prefix else "") + re.escape(body)
            + (r"\w*" if stem else "") + ("$" if anchored else r"(?: |$)"))
    return (re.compile("|".join(f"(?:{p})" for p in plain)),
            re.compile("|".join(f"(?:{p})" for p in marked)))


_PLAIN, _MARKED = _compile()


def is_crisis(text: str) -> bool:
    """True when the message says the writer wants to die or to kill themselves."""
    return bool(_PLAIN.search(normalize(text)) or _MARKED.search(_marked(text)))
