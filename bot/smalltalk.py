"""Recognising a message that is only a greeting or a thank-you, in any of the 12 languages.

Many people start with "Salam" or "Привіт" and end with "شكرا". Searched as questions, these
got "Sorry, I have no good answer" and landed in the coordinators' inbox as knowledge gaps; the
bot greets back or says "you're welcome" instead, and nothing is recorded.
"""

from __future__ import annotations

from typing import Literal

from bot.normalize import normalize

_GREETINGS = """
hallo | hi | hey | hei | hej | moin | servus | guten tag | guten morgen | guten abend | gruss gott
| grüß gott | hello | hiya | hallo zusammen | good morning | good afternoon | good evening
| greetings | مرحبا | مرحبًا | مرحباً | اهلا | أهلا | أهلاً | اهلين | هلا | هاي | هلو
| السلام عليكم | سلام عليكم | السلام عليكم ورحمة الله | السلام | سلام | صباح الخير | مساء الخير
| marhaba | marhaban | ahlan | salam | salaam | salam alaikum | salam aleikum | salamu alaikum
| assalamu alaikum | asalamu alaikum | as salamu alaykum | sabah el kheir | sabah al khair
| привіт | вітаю | добрий день | доброго дня | добрий ранок | доброго ранку | добрий вечір
| доброго вечора | здрастуйте | вітання | pryvit | vitaiu | vitayu | dobryi den | dobryj den
| привет | здравствуйте | здрасте | добрый день | доброе утро | добрый вечер | приветствую
| privet | zdravstvuyte | zdravstvuite | dobryy den | dobryi vecher
| درود | سلام علیکم | صبح بخیر | روز بخیر | عصر بخیر | وقت بخیر | خسته نباشید | dorood | dorud
| ستړي مه شې | ستړی مه شی | پخير راغلې | staray ma shay | starri ma she
| merhaba | meraba | mrb | selam | selamlar | slm | selamun aleykum | selamünaleyküm | günaydın
| gunaydin | iyi günler | iyi gunler | iyi akşamlar | iyi aksamlar
| salut | bună | buna | bună ziua | buna ziua | bună dimineața | buna dimineata | bună seara
| buna seara
| cześć | czesc | dzień dobry | dzien dobry | witam | siema | dobry wieczór | dobry wieczor
| xin chào | chào | chào bạn | chào anh | chào chị | chào em | chào mọi người | alo
| silav | merheba | rojbaş | roj baş | rojbas | êvarbaş | evarbas | êvar baş
"""

#: "how are you" is a greeting too: people open with it, and searched as a question it landed
#: on random entries
_HOW_ARE_YOU = """
wie gehts | wie geht's | wie geht es | wie geht es dir | wie geht es ihnen | wie geht's dir
| alles gut | alles klar
| how are you | how are u | how r u | how is it going | hows it going | how's it going
| what's up | whats up | sup
| كيفك | كيفكم | كيف حالك | كيف الحال | كيف حالكم | شلونك | شلونكم | شو الاخبار | شو اخبارك
| kifak | kifik | keefak | kif halak | kif el hal | shlonak | shu l akhbar
| як справи | як ти | як ви | yak spravy | yak ty
| как дела | как ты | как вы | как поживаешь | kak dela | kak ty
| چطوری | خوبی | خوب هستی | حالت چطوره | حالت خوبه | چطور هستی | چطور استی | خوب استی | چه حال
| chetori | khubi | khoobi | chetor asti | khob asti
| څنګه یې | ته څنګه یې | ښه یې | جوړ یې | ستاسو حال | sanga ye | kha ye | jor ye
| nasılsın | nasilsin | nasılsınız | nasilsiniz | naber | ne haber | iyi misin | iyimisin
| ce faci | ce mai faci | cum ești | cum esti | cum o duci | ce mai zici
| jak się masz | jak sie masz | co słychać | co slychac | jak leci
| khỏe không | bạn khỏe không | bạn có khỏe không | khoe khong | ban khoe khong
| tu çawa yî | çawa yî | cawa yi | tu cawa yi | tu baş î | baş î | tu bas i
"""

_THANKS = """
danke | danke schön | dankeschön | danke sehr | vielen dank | vielen lieben dank | merci
| thanks | thank you | thank you very much | thanks a lot | many thanks | thx | ty
| شكرا | شكرًا | شكراً | شكرا جزيلا | شكرا كتير | مشكور | مشكورة | تسلم | تسلمي | يعطيك العافية
| الله يعطيك العافية | shukran | shokran | shukran jazilan | mashkour | mashkur
| дякую | дуже дякую | дякую вам | спасибі | dyakuyu | diakuiu | dyakuju
| спасибо | спасибо большое | большое спасибо | благодарю | спс | spasibo
| مرسی | ممنون | ممنونم | خیلی ممنون | سپاس | سپاسگزارم | تشکر | تشکر میکنم | دست شما درد نکنه
| mamnoon | mamnun | mersi | tashakor | tashakkur | sepas
| مننه | ډېره مننه | ډیره مننه | manana | manena | dera manana
| teşekkürler | teşekkür ederim | çok teşekkürler | sağ ol | sağol | sağolun | eyvallah | tşk
| tesekkurler | tesekkur ederim | sag ol | sagol
| mulțumesc | multumesc | mulțumesc mult | multumesc mult | mulțumesc frumos | multumesc frumos
| dziękuję | dziekuje | dzięki | dzieki | dziękuję bardzo | dziekuje bardzo
| cảm ơn | cám ơn | cảm ơn bạn | cảm ơn nhiều | cám ơn nhiều | cảm ơn anh | cảm ơn chị
| spas | spas dikim | gelek spas | zor spas | sipas | sipas dikim
"""

#: words that may stand beside a greeting or thanks without making it a question
_FILLERS = ("ok okay okey ок окей tamam bot lotsenbot lotse everyone all"
            " und and و і и ve și si i và"
            # how people address each other in a greeting: "مرحبا اخي", "salam ورور", "привет
            # брат", "merhaba abi" are greetings, not questions about one's brother
            " brother sister bro friend dear my bruder schwester freund اخي اخوي خيي اختي يا"
            " حبيبي habibi akhi khayi ورور خور ملګری برادر خواهر جان عزیز رفیق brat брат брате"
            " братан друг друже сестра abi abla kardeşim kardesim hocam frate prietene"
            " bracie stary przyjacielu anh chị em bạn bira heval birayê xwişk")


def _phrases(block: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(normalize(p).split()) for p in block.split("|") if normalize(p))


GREETINGS = _phrases(_GREETINGS) | _phrases(_HOW_ARE_YOU)
THANKS = _phrases(_THANKS)
FILLERS = frozenset(normalize(_FILLERS).split())
_LONGEST = max(len(p) for p in GREETINGS | THANKS)
MAX_WORDS = 8

Kind = Literal["greeting", "thanks"]


def smalltalk(text: str) -> Kind | None:
    """"greeting" or "thanks" when the message is made only of such phrases (and a filler
    such as "ok"); None for anything that may be a question, e.g. "hallo, wo ist das Jobcenter"."""
    toks = normalize(text).split()
    if not toks or len(toks) > MAX_WORDS:
        return None
    i, greeted, thanked = 0, False, False
    while i < len(toks):
        for n in range(min(_LONGEST, len(toks) - i), 0, -1):
            phrase = tuple(toks[i : i + n])
            if phrase in THANKS:
                thanked = True
                break
            if phrase in GREETINGS:
                greeted = True
                break
        else:
            if toks[i] not in FILLERS:
                return None
            n = 1
        i += n
    if thanked:
        return "thanks"
    return "greeting" if greeted else None
