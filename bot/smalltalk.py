"""Recognising a message that is only a greeting, a thank-you or a question about the bot
itself, in any of the 16 languages.

Many people start with "Salam" or "Привіт", end with "شكرا", and first ask "who are you?".
Searched as questions, these got "Sorry, I have no good answer" and landed in the coordinators'
inbox as knowledge gaps, or worse, matched a random entry ("navê te çi ye", what is your name,
met a discrimination question about one's name); the bot greets back, says "you're welcome" or
says what it is instead, and nothing is recorded.
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
| bonjour | bonsoir | coucou | slt | bjr | bonjour à tous | bonjour madame | bonjour monsieur
| здравей | здравейте | здрасти | добър ден | добро утро | добър вечер | zdravei | zdraveite
| zdrasti | dobar den | dobro utro
| salaan | asc | ascw | assalaamu calaykum | salaamu calaykum | subax wanaagsan
| galab wanaagsan | habeen wanaagsan | nabad
| ሰላም | ሰላም ኩን | ሰላማት | selam | selamat | ከመይ ሓዲርኩም | ከመይ ውዒልኩም | ከመይ ሓዲርካ
| kemey hadirkum | kemey wielkum
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
| ça va | ca va | comment ça va | comment ca va | comment vas tu | comment allez vous | cv
| tu vas bien | vous allez bien
| как си | как сте | как е | как върви | kak si | kak ste
| see tahay | sidee tahay | iska warran | ma nabad baa | nabad miyaa | ma fiicantahay
| ከመይ ኣለኻ | ከመይ ኣለኺ | ከመይ ኣለኹም | ከመይ ኣለኹ | kemey aleka | kemey aleki | kemey alekum
| ደሓን ዲኻ | ደሓን ዲኺ | dehan dika
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
| merci beaucoup | merci bien | je vous remercie | mrc | mci
| благодаря | благодаря ви | много благодаря | мерси | blagodarya | blagodaria
| mahadsanid | mahad sanid | mahadsantahay | aad baad u mahadsantahay | mahadsnd
| የቐንየለይ | የቐንየልና | ብጣዕሚ የቐንየለይ | yekenyeley | yeqenyeley | yekenieley
"""

#: questions about the bot itself: what it is, its name, who made it, what it can do
_ABOUT = """
wer bist du | wer sind sie | was bist du | bist du ein bot | bist du ein roboter
| bist du ein mensch | bist du echt | wie heisst du | wie heißt du | wie ist dein name
| wer hat dich gemacht | wer hat dich programmiert | wer hat dich erstellt | was kannst du
| was kannst du alles | was machst du | wie funktionierst du | was ist das hier
| who are you | what are you | are you a bot | are you a robot | are you human | are you a human
| are you real | are you a real person | what is your name | whats your name | what s your name
| your name | who made you | who created you | who built you | who programmed you
| what can you do | what do you do | how do you work
| مين انت | مين إنت | من انت | من أنت | انت مين | شو انت | انت بوت | انت روبوت | هل انت روبوت
| هل انت انسان | انت انسان | انت حقيقي | شو اسمك | ما اسمك | ايش اسمك | شو اسمك انت
| مين عملك | مين صنعك | من صنعك | من برمجك | شو بتعمل | شو بتقدر تعمل | شو فيك تعمل
| ماذا تفعل | ماذا تستطيع ان تفعل | min enta | meen enta | shu ismak | shu esmak | shu btaamel
| хто ти | хто ви | що ти таке | ти бот | ти робот | ти людина | ти справжній | як тебе звати
| як вас звати | хто тебе створив | хто тебе зробив | що ти вмієш | що ти можеш
| khto ty | yak tebe zvaty
| кто ты | кто вы | что ты такое | ты бот | ты робот | ты человек | ты настоящий
| как тебя зовут | как вас зовут | кто тебя создал | кто тебя сделал | что ты умеешь
| что ты можешь | kto ty | kak tebya zovut | ty bot
| تو کی هستی | شما کی هستید | کی هستی | تو چی هستی | تو ربات هستی | ربات هستی | آدم هستی
| انسان هستی | اسمت چیه | اسمت چیست | اسم تو چیست | نامت چیست | کی تو را ساخته | کی ساختت
| چه کار میتونی بکنی | چیکار میتونی بکنی | چی کار میکنی | چیکار میکنی | to ki hasti | esmet chie
| ته څوک یې | تاسو څوک یاست | ته روبوټ یې | ته انسان یې | ستا نوم څه دی | نوم دې څه دی
| ته څه کولی شې | ته څه کوې | ta sok ye | sta num sa de
| sen kimsin | siz kimsiniz | kimsin | sen nesin | bot musun | robot musun | insan mısın
| insan misin | adın ne | adin ne | ismin ne | senin adın ne | senin adin ne | seni kim yaptı
| seni kim yapti | ne yapabilirsin | neler yapabilirsin
| cine ești | cine esti | cine ești tu | cine esti tu | ești un bot | esti un bot | ești robot
| esti robot | ești om | esti om | cum te cheamă | cum te cheama | cine te-a făcut
| cine te-a facut | cine te a facut | ce poți face | ce poti face
| kim jesteś | kim jestes | czym jesteś | czym jestes | jesteś botem | jestes botem
| jesteś robotem | jestes robotem | jesteś człowiekiem | jestes czlowiekiem | jak masz na imię
| jak masz na imie | jak się nazywasz | jak sie nazywasz | kto cię stworzył | kto cie stworzyl
| co potrafisz | co umiesz
| bạn là ai | ban la ai | bạn là gì | ban la gi | bạn là người thật hay robot
| ban la nguoi that hay robot | bạn là robot | ban la robot | bạn là bot | ban la bot
| bạn tên gì | ban ten gi | tên bạn là gì | ten ban la gi | ai tạo ra bạn | ai tao ra ban
| bạn làm được gì | ban lam duoc gi | bạn có thể làm gì | ban co the lam gi
| tu kî yî | tu ki yi | kî yî | ki yi | tu çi yî | tu ci yi | tu bot î | tu bot i | tu robot î
| tu robot i | tu mirov î | tu mirov i | navê te çi ye | nave te ci ye | navê te çi ye
| kê tu çêkir | ke tu cekir | tu dikarî çi bikî | tu dikari ci biki
| qui es tu | qui êtes vous | tu es un robot | tu es un bot | es tu un robot | tu es humain
| es tu humain | comment tu t'appelles | comment t'appelles tu | quel est ton nom
| qui t'a créé | qui t'a fait | que peux tu faire | tu sers à quoi
| кой си ти | кой си | ти бот ли си | бот ли си | робот ли си | човек ли си | как се казваш
| как ти е името | кой те е направил | какво можеш | какво можеш да правиш | koi si ti
| kak se kazvash
| yaad tahay | adigu yaad tahay | ma robot baad tahay | ma bot baad tahay | ma qof baad tahay
| magacaa | magacaa waa maxay | yaa ku sameeyay | maxaad qaban kartaa
| መን ኢኻ | መን ኢኺ | ንስኻ መን ኢኻ | ሮቦት ዲኻ | ሰብ ዲኻ | ሽምካ መን እዩ | መን ሰሪሑካ
| እንታይ ክትገብር ትኽእል | men ika | shimka men eyu
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
ABOUT = _phrases(_ABOUT)
FILLERS = frozenset(normalize(_FILLERS).split())
MAX_WORDS = 8

Kind = Literal["greeting", "thanks", "about"]

#: every phrase with its kind; a phrase in two lists takes the later one (about over thanks over
#: greeting)
_KIND: dict[tuple[str, ...], Kind] = {
    **dict.fromkeys(GREETINGS, "greeting"), **dict.fromkeys(THANKS, "thanks"),
    **dict.fromkeys(ABOUT, "about")}
_LONGEST = max(map(len, _KIND))
#: when a message holds several kinds, the first of these wins: "hi, who are you?" wants the
#: answer, not a greeting; "hallo und danke" ends the conversation
_PRIORITY: tuple[Kind, ...] = ("about", "thanks", "greeting")


def smalltalk(text: str) -> Kind | None:
    """"greeting", "thanks" or "about" (a question about the bot itself) when the message is
    made only of such phrases (and a filler such as "ok"); None for anything that may be a
    question for the search, e.g. "hallo, wo ist das Jobcenter"."""
    toks = normalize(text).split()
    if not toks or len(toks) > MAX_WORDS:
        return None
    seen: set[Kind] = set()
    i = 0
    while i < len(toks):
        for n in range(min(_LONGEST, len(toks) - i), 0, -1):
            kind = _KIND.get(tuple(toks[i : i + n]))
            if kind is not None:
                seen.add(kind)
                break
        else:
            if toks[i] not in FILLERS:
                return None
            n = 1
        i += n
    return next((k for k in _PRIORITY if k in seen), None)
