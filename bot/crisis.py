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
("не хочу жить" ends a cry for help, "не хочу жить в общежитии" is a housing question). Where a
language puts the place before the verb (Tigrinya "ኣብዚ ካምፕ ክነብር ኣይደልን", I don't want to
live in this camp) only the "any more" form is listed.
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
| rabaa inaan dhinto | rabaa inan dhinto | rabaa in aan dhinto | raba inaan dhinto
| raba inan dhinto | raba in aan dhinto | doonayaa inaan dhinto | doonayaa inan dhinto
| doonayaa in aan dhinto | doonaya inaan dhinto | doonaya inan dhinto | doonaya in aan dhinto
| jeclahay inaan dhinto | jeclahay inan dhinto | jeclahay in aan dhinto
| jeclaan lahaa inaan dhinto | jeclaan lahaa inan dhinto | jeclaan lahaa in aan dhinto
| jeclaan laha inaan dhinto | jeclaan laha inan dhinto | jeclaan laha in aan dhinto | dhiman rabaa
| dhiman raba | dhiman doonayaa | dhiman doonaya | dhinto ayaan rabaa | dhinto ayan rabaa
| dhinto ayaan doonayaa | dhinto ayan doonaya | inaan is dilo | inaan isdilo | inan is dilo
| inan isdilo | in aan is dilo | in aan isdilo | waan is dilayaa | waan is dilaya | waan isdilayaa
| waan isdilaya | waan is dilaa | waan is dila | waan is dili | wan is dilayaa | wan is dilaya
| wan isdilayaa | wan isdilaya | wan is dilaa | wan is dila | wan is dili | is dili doonaa
| is dili doona | isdili doonaa | isdili doona | naftayda ayaan dil* | naftayda ayan dil*
| naftayda dil* | naftayda qaad* | naftayda qaat* | nafteyda ayaan dil* | nafteyda ayan dil*
| nafteyda dil* | nafteyda qaad* | nafteyda qaat* | naftaydaa ayaan dil* | naftaydaa ayan dil*
| naftaydaa dil* | naftaydaa qaad* | naftaydaa qaat* | isdil* | is dilid* | is dilka
| ma rabo inaan nool*$ | ma rabo inaan nol*$ | ma rabo inan nool*$ | ma rabo inan nol*$
| ma rabo in aan nool*$ | ma rabo in aan nol*$ | marabo inaan nool*$ | marabo inaan nol*$
| marabo inan nool*$ | marabo inan nol*$ | marabo in aan nool*$ | marabo in aan nol*$
| ma doonayo inaan nool*$ | ma doonayo inaan nol*$ | ma doonayo inan nool*$ | ma doonayo inan nol*$
| ma doonayo in aan nool*$ | ma doonayo in aan nol*$ | ma rabo inaan sii nool*
| ma rabo inaan sii nol* | ma rabo inan sii nool* | ma rabo inan sii nol*
| ma rabo in aan sii nool* | ma rabo in aan sii nol* | marabo inaan sii nool*
| marabo inaan sii nol* | marabo inan sii nool* | marabo inan sii nol* | marabo in aan sii nool*
| marabo in aan sii nol* | ma doonayo inaan sii nool* | ma doonayo inaan sii nol*
| ma doonayo inan sii nool* | ma doonayo inan sii nol* | ma doonayo in aan sii nool*
| ma doonayo in aan sii nol* | sii noolaan ma rabo | sii noolaan maayo | sii nolaan ma rabo
| sii nolaan maayo | mar dambe noolaan ma rabo | mar dambe noolaan maayo | mar dambe nolaan ma rabo
| mar dambe nolaan maayo | mar danbe noolaan ma rabo | mar danbe noolaan maayo
| mar danbe nolaan ma rabo | mar danbe nolaan maayo
| ክመውት ደልየ | ክመውት ደሊየ | ክመውት እደሊ | ክሞት ደልየ | ክሞት ደሊየ | ክሞት እደሊ | ሞት ደልየ | ሞት ደሊየ | ሞት እደሊ | ምማት ደልየ
| ምማት ደሊየ | ምማት እደሊ | ሞት እየ ዝደሊ | ክመውት እየ ዝደሊ | ርእሰይ ክቐት* | ርእሰይ ክቀት* | ርእሰይ ክቕት* | ርእሰይ ክቅት*
| ርእሰይ ከጥፍ* | ርእሰይ ኣጥፍ* | ነብሰይ ክቐት* | ነብሰይ ክቀት* | ነብሰይ ክቕት* | ነብሰይ ክቅት* | ነብሰይ ከጥፍ* | ነብሰይ ኣጥፍ*
| ነፍሰይ ክቐት* | ነፍሰይ ክቀት* | ነፍሰይ ክቕት* | ነፍሰይ ክቅት* | ነፍሰይ ከጥፍ* | ነፍሰይ ኣጥፍ* | ህይወተይ ከብቅዕ | ሂወተይ ከብቅዕ
| ርእሰ ቕትለ* | ርእሰ ቅትለ* | ርእሰቕትለ* | ርእሰቅትለ* | ደጊም ክነብር ኣይደ* | ደጊም ክነብር አይደ* | ድሕሪ ሕጂ ክነብር ኣይደ*
| ድሕሪ ሕጂ ክነብር አይደ*
| kmewt delye | kmewt deleye | kmewt deliye | kmewt edeli | kmewt edelli | kmewt idelli
| kimewt delye | kimewt deleye | kimewt deliye | kimewt edeli | kimewt edelli | kimewt idelli
| kmewit delye | kmewit deleye | kmewit deliye | kmewit edeli | kmewit edelli | kmewit idelli
| kmwt delye | kmwt deleye | kmwt deliye | kmwt edeli | kmwt edelli | kmwt idelli | kemewt delye
| kemewt deleye | kemewt deliye | kemewt edeli | kemewt edelli | kemewt idelli | kmot delye
| kmot deleye | kmot deliye | kmot edeli | kmot edelli | kmot idelli | mot delye | mot deleye
| mot deliye | mot edeli | mot edelli | mot idelli | resey kqet* | resey kqt* | resey kket*
| resey kkhet* | resey kqat* | resey kiqet* | resey ketfe* | resey ktfe* | r'esey kqet*
| r'esey kqt* | r'esey kket* | r'esey kkhet* | r'esey kqat* | r'esey kiqet* | r'esey ketfe*
| r'esey ktfe* | reesey kqet* | reesey kqt* | reesey kket* | reesey kkhet* | reesey kqat*
| reesey kiqet* | reesey ketfe* | reesey ktfe* | riesey kqet* | riesey kqt* | riesey kket*
| riesey kkhet* | riesey kqat* | riesey kiqet* | riesey ketfe* | riesey ktfe* | nebsey kqet*
| nebsey kqt* | nebsey kket* | nebsey kkhet* | nebsey kqat* | nebsey kiqet* | nebsey ketfe*
| nebsey ktfe* | nfsey kqet* | nfsey kqt* | nfsey kket* | nfsey kkhet* | nfsey kqat* | nfsey kiqet*
| nfsey ketfe* | nfsey ktfe* | nefsey kqet* | nefsey kqt* | nefsey kket* | nefsey kkhet*
| nefsey kqat* | nefsey kiqet* | nefsey ketfe* | nefsey ktfe* | rese qtle* | rese ktle*
| rese qitle* | rese kitle* | r'ese qtle* | r'ese ktle* | r'ese qitle* | r'ese kitle* | reese qtle*
| reese ktle* | reese qitle* | reese kitle* | riese qtle* | riese ktle* | riese qitle*
| riese kitle* | reseqtle* | resektle* | degim knbr ayd* | degim kneber ayd* | degim knebr ayd*
| degim kinebir ayd* | degim kinbr ayd* | degim kineber ayd* | dgim knbr ayd* | dgim kneber ayd*
| dgim knebr ayd* | dgim kinebir ayd* | dgim kinbr ayd* | dgim kineber ayd*
"""

_VI_MARKS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]")
_NONWORD = re.compile(r"[^\w']+")


def _marked(text: str) -> str:
    """Lower case with marks kept, words separated by one space."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_NONWORD.sub(" ", text).split())


def _trie(items: list[tuple[str, str]]) -> str:
    """One regular expression for many (literal, tail) pairs, factored by common prefixes.

    Why: a plain alternation of four hundred phrases is tried branch by branch at every
    position of the message (700 us a message); factored, the engine follows one path of
    letters from each word start (tens of microseconds)."""
    root: dict = {}
    for body, tail in items:
        node = root
        for ch in body:
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(tail)

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        alts += sorted(node.get("", ()))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root) if root else "(?!)"


def _compile() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One pattern for the phrases matched on normalised text, one for those matched on the
    text with its marks; each phrase starts at a word start."""
    found: dict[tuple[bool, bool], list[tuple[str, str]]] = {}
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
        tail = (r"\w*" if stem else "") + ("$" if anchored else r"(?: |$)")
        found.setdefault((needs_marks, prefix), []).append((body, tail))

    def pattern(marks: bool) -> re.Pattern[str]:
        return re.compile(r"(?:^| )(?:" + _trie(found.get((marks, False), [])) + r"|\w*"
                          + _trie(found.get((marks, True), [])) + ")")

    return pattern(False), pattern(True)


_PLAIN, _MARKED = _compile()


def is_crisis(text: str) -> bool:
    """True when the message says the writer wants to die or to kill themselves."""
    return bool(_PLAIN.search(normalize(text)) or _MARKED.search(_marked(text)))
