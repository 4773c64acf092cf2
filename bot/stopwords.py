"""Per-language function words and filler that carry no topic.

Kept short on purpose: only words that never decide which offer someone needs. They are stored
normalised (see `normalize`), and the union is used because the user's language is not always
known and a German word in an Arabic message must not count either.
"""

from __future__ import annotations

import unicodedata

from bot.normalize import normalize

_RAW: dict[str, str] = {
    "de": "ich du er sie es wir ihr mich mir dich dir mein meine meinen meinem meiner dein deine "
          "der die das den dem des ein eine einen einem einer und oder aber wo wie was wer wann "
          "warum welche welcher welches ist sind bin bist war habe hast hat haben kann kannst "
          "konnen muss musst mussen will willst mochte mochten soll brauche brauchen bitte hallo "
          "hi in im an am auf fur mit von zu zum zur bei nach aus uber gibt es man nicht kein "
          "keine ja nein auch noch so hier da dort gut danke gerne sehr viel mal jetzt wieder "
          "magdeburg hilfe helfen frage fragen",
    "en": "i me my you your he she it we they them a an the and or but where how what who when "
          "why which is are am was be have has had can could must should will would want need "
          "please hello hi in on at for with from to of by about there here do does not no yes "
          "also so get find some any this that it's im thanks thank very much now again "
          "magdeburg help question",
    "ar": "انا انت هو هی نحن هم فی من الی علی عن مع هل ما ماذا این کیف متی لماذا ای هذا هذه ذلک "
          "التی الذی او و یا لو ممکن اریده ارید اود احتاج عندی لدی لی کان یکون شکرا مرحبا السلام "
          "علیکم اهلا مساعده ساعدنی ساعدونی من فضلک رجاء ماجدبورغ ماغدبورغ اعرف اجد",
    "fa": "من تو او ما شما انها این ان در از به با برای که را و یا هم اما کجا چطور چگونه چه چی "
          "کی چرا ایا است هست هستم بود باید میخواهم میخوام خواهم می خواهم میتوانم میتونم "
          "لطفا سلام ممنون مرسی کمک ماگدبورگ دارم داره کنم کنیم کردن کرد بکنم",
    "ps": "زه ته هغه موږ مونږ تاسو دوی دا هغه په له ته سره د او یا خو چیرته چیری څنګه څه ولی "
          "کله ایا ده دی یم وم وو باید غواړم کولی شم کولای شی مهربانی سلام مننه مرسته "
          "ماګدبورګ لري لرم کوم",
    "uk": "я ти він вона воно ми ви вони мене мені мій моя моє мої твій в у на з із до від для "
          "про за по і та й або але де як що хто коли чому який яка яке це є бути треба потрібно "
          "хочу можу можна будь ласка привіт дякую допомога допоможіть магдебург мені мене "
          "знайти",
    "ru": "я ты он она оно мы вы они меня мне мой моя мое мои твой в на с со к ко от для про за "
          "по и или но а где как что кто когда почему какой какая какое это есть быть надо нужно "
          "хочу могу можно пожалуйста привет здравствуйте спасибо помощь помогите магдебург "
          "найти",
    "tr": "ben sen o biz siz onlar beni bana benim senin bir ve veya ama nerede nasil ne kim "
          "ne zaman neden hangi bu su var yok mi mu mı mü icin ile de da ki lazim istiyorum "
          "yapabilirim lutfen merhaba selam tesekkurler yardim magdeburg bulmak",
    "ro": "eu tu el ea noi voi ei ele ma mie meu mea mei mele un o si sau dar unde cum ce cine "
          "cand de ce care este sunt am ai are pot poti vreau trebuie imi in la cu pentru din "
          "pe va te rog buna salut multumesc ajutor magdeburg gasesc gasi",
    "pl": "ja ty on ona ono my wy oni mnie mi moj moja moje twoj w na z ze do od dla o i lub "
          "albo ale gdzie jak co kto kiedy dlaczego jaki jaka jakie to jest sa byc trzeba musze "
          "chce moge mozna prosze czesc dzien dobry dziekuje pomoc pomocy magdeburg znalezc sie",
    "vi": "toi ban anh chi em no chung ta ho cua mot va hoac nhung o dau nhu the nao gi ai khi "
          "tai sao la co the can muon phai xin vui long chao cam on giup do magdeburg tim duoc "
          "cho voi trong khong",
    "ku": "ez tu ew em hun min te me yek u an le li ku kengi cawa ci kî kengê cima kijan ev ew "
          "e ne heye hene dikarim dixwazim divê bi ji ra ser re spas silav alikari magdeburg "
          "bibinim ji kerema xwe",
    "fr": "je j me tu te toi il elle on nous vous ils elles le la les l un une des du de d et "
          "ou mais où comment quoi que qu qui quand pourquoi quel quelle quels quelles est sont "
          "suis es ai as avons avez ont peux peut pouvez veux voudrais veut dois faut besoin "
          "svp plait bonjour salut merci aide aider trouver cherche ici là pas ne n en ce c "
          "cette ces ma mes ta sa avec pour sur par chez au aux magdeburg",
    "so": "aniga adiga isaga iyada annaga idinka iyaga waxaan waxan waa ma ka ku u oo la in ay uu "
          "aan iyo ee sidee xagee halkee maxaa yaa goorma maxay caawimaad caawin fadlan "
          "mahadsanid salaan haa maya rabaa doonayaa karaa baahanahay ahay tahay yahay jira "
          "halkan magdeburg loo lagu laga jirtaa",
    "bg": "аз ти той тя то ние вие те мен ме ми мой моя мое мои твой в във на с със към от за по "
          "и или но а къде как какво кой коя кога защо какъв каква това този тази е са съм си "
          "сме сте да не ли има няма трябва искам мога може моля здравей здравейте благодаря "
          "помощ помогнете магдебург намеря",
    "ti": "ኣነ ንስኻ ንስኺ ንሱ ንሳ ንሕና ንስኻትኩም ንሳቶም እዚ እዚኣ እቲ እታ ኣብ ካብ ናብ ምስ ከመይ ኣበይ "
          "እንታይ መን መዓስ ስለምንታይ እዩ እያ እየ ኣሎ ኣሎኹ ኣለዉ ዶ ድዩ ድያ እንተ ግን ወይ ከኣ ሰላም "
          "የቐንየለይ በጃኹም በጃኻ ሓገዝ ማግደቡርግ እኽእል ትኽእል ይኽእል ክኽእል ንኽእል ትኽእሉ እደሊ ደልየ "
          "ይደሊ ትደሊ ክረክብ ይርከብ ምርካብ ክገብር ይገብር ኣለኒ ኣለና ኣሎ ዘሎ ኣሎዶ ገይረ ናበይ ብኸመይ "
          "ክኸይድ ዝኸይድ እኸይድ",
}

# Time words and small talk: "tomorrow", "actually", "you are" never say which offer is meant.
_SMALLTALK: dict[str, str] = {
    "de": "morgen heute gestern ubermorgen jetzt gleich eigentlich mal erzahl erzahle sag wer "
          "bist du wie gehts geht's tschuss tschus ok okay",
    "en": "tomorrow today yesterday tonight now actually tell who are you how's fine okay ok "
          "bye thanks lol",
    "ar": "بکره بکرا بکرة غدا اليوم امس هلق هلا حالیا انت مین شلونک کیفک کیف حالک تمام باي",
    "fa": "فردا امروز دیروز الان اکنون تو کی هستی خوبی خوبم چطوری مرسی خداحافظ",
    "ps": "سبا نن پرون اوس ته یی یې یم یو څوک ښه یم",
    "uk": "завтра сьогодні вчора зараз ти хто як справи привіт бувай",
    "ru": "завтра сегодня вчера сейчас ты кто как дела привет пока будет",
    "tr": "yarin bugun dun simdi sen kimsin nasilsin iyiyim tamam",
    "ro": "maine azi ieri acum tu cine esti ce faci bine",
    "pl": "jutro dzisiaj dzis wczoraj teraz ty kim jestes co slychac",
    "vi": "mai hom nay qua gio ban la ai khoe",
    "ku": "sibe iro duh niha tu kî yî çawa baş",
}

# Everyday filler of questions ("I am looking for", "where can I", "is there"): these words say
# that something is asked, never what.
_FILLER: dict[str, str] = {'de': "suche suchen finde finden brauch braucht gibt's geht gehen machen mache tun kriege bekommen bekomme bitte jemand etwas was wissen weiss sagen sag nahe nahe gerade immer schon einfach dann denn weil wenn dass ob hier hin her wohin woher sollte sollen darf durfen konnte kann's", 'en': "looking look search find need needs want get got do does did make go going where's what's how's someone somebody something thing know tell give any anyone near nearby just really still already then because if that whether should could would may might please help", 'ar': 'وین فین شو ایش لازم بدی بدنا بقدر بقدری ممکن حدا احد شی شیء هون هنا هناک فی بس کمان یعنی عشان لان اذا انه ان اعمل اسوی بیحکوا مکان محل عندی عنده حدا تبعی کیف کیفاش',
    'fa': 'کجا میتونم میخوام میخواهم باید یه یک کسی چیزی اینجا انجا هست هستش دارد داره چطوری چجوری اگر چون که بلد باشد شده میشه میشود کنم کنید کن بگید بگویید جای جایی',
    'ps': 'چیرته چېرته څنګه زما زموږ دلته هلته شته یو څوک څه که ځکه چې کیږی کیږي وکړم کړم غواړم شي شی',
    'uk': 'робити зробити справи де куди як що треба потрібен потрібна потрібно можна можу хочу хтось щось тут там є чи бо якщо що щоб мені мене знайти шукаю отримати звернутися дуже вже ще',
    'ru': 'делать сделать дела делаю где куда как что надо нужен нужна нужно нужны можно могу хочу ктото чтото тут здесь там есть ли если чтобы потому мне меня найти ищу получить обратиться очень уже еще',
    'tr': 'nerede nereye nasil ne lazim gerek istiyorum var yok mi mu misin burada orada biri birisi bir sey eger cunku icin ariyorum bulabilirim olurum yapabilirim',
    'ro': 'unde cum ce trebuie vreau pot poate cineva ceva aici acolo este sunt daca pentru ca caut gasesc gasi stiti vreun vreo imi ma',
    'pl': 'gdzie jak co trzeba potrzebuje chce moge mozna ktos cos tutaj tam jest czy jesli bo zeby szukam znalezc mam',
    'vi': 'o dau nhu the nao gi can muon co the ai do cai nay day kia la khong neu vi de tim',
    'ku': 'li ku cawa ci divê dixwazim dikarim kesek tiştek vir li vir heye tune ger ji ber ku bo ez dixwazim bibînim'}

# Auxiliaries, negation and contractions typed without the apostrophe: grammar, not topic.
_GRAMMAR: dict[str, str] = {
    "ku": "ye di heke dike bikim bike bikin dikare dikarin wî ka se em me hûn",
    # Persian suffixes that people join with a ZWNJ, which normalisation turns into a space
    # ("بچه‌ام" -> "بچه ام"), and light verbs
    "fa": "ها های ام ات اش مان تان شان ای نمی کند کنه میکنه میکند شود شه نیستم نیست هستند",
    "ar": "فینی فیه فیها لانی لانه کل",
    "tr": "almak bulurum miyim misin musun mıyım muyum hep beri bize size bana sana kimse "
          "olarak olan oldu",
    # pronouns, relative pronouns, particles and adverbs of degree
    "de": "wird werden wurde wurden wurde wurdest ne nen sich ihn ihm ihr ihre seinen seine "
          "sein seiner uns euch ganz hatte hatten seit schon etwa vielleicht bisschen gern",
    "en": "whats hows wheres whos im ive dont cant doesnt isnt pls plz thx ur us our been "
          "being its his her him their anymore ever never all every everyone everybody nobody "
          "anybody says tells",
    "pl": "nie jako ktory ktora ktore ktorej ktorego ktorym ktorzy jestem jestes po jakis "
          "jakas jakies sobie mnie nam wam ich jego jej",
    "ru": "был была было были не нет то тот та те нам вам их его ее какие каких который "
          "которая которые",
    "uk": "буде будуть було був була не ні нам вам їх його її теж який яка які десь",
    "ro": "nu ii fost doar stiu sa il le lui ei nostru noastra",
}

# Numbers, spans of time and words that place a story in it ("two years ago", "for half a
# year", "both of us"): the story's frame, never what is asked.
_STORY: dict[str, str] = {
    "de": "letzte letzten letztem letztes ganze ganzen genau allein",
    "en": "ago months weeks years",
    "uk": "тому пів обом обоє досі майже цей ця ці два дві двома три рік року роки років "
          "місяць місяці сама сам самі",
    "ru": "назад пол оба обе обоим почти этот эта эти два две три год года лет месяц месяца "
          "сама сам сами",
    "ro": "doua trei zece ani luni",
    "tr": "once iki uc ay yil birlikte",
    "ar": "کنت هیک لوین قدام",
    "ku": "bere gelek",
}

# Function words of Arabic, Persian, Pashto, Russian and Ukrainian typed in Latin letters (chat
# alphabets): "wen fi", "koja ast", "gde mne", "de meni". Only words no listed language uses for
# a topic.
_TRANSLIT: dict[str, str] = {
    "ar": "ana enta inta fi fe wen wein ween fen shu shou sho esh eh kif kef keef kaif bade badi "
          "bdi biddi baddi 3andi andi ma3 lal lel hon hone hona hun ya3ni momken mumken mmkn "
          "3ala 3an hal fih fiha fiya",
    "fa": "man shoma dar az baraye ke ra ham koja kojast chetor chetori chi chera aya ast hast "
          "hastam bayad mikham mikhaham mikhastam mitunam mitavanam lotfan mamnun merci daram "
          "dare konam konim kardan chikar chekar mikonam mikoni yek ye",
    "ps": "zama zma sta pa sara cherta chiri tsanga tsa wali kala ghwaram kawalay sham "
          "mehrabani manana",
    "ru": "ya mne menya gde kak chto shto kto nuzhno nuzhen nuzhna nado hochu khochu mogu mozhno "
          "est dlya pro pozhaluysta",
    "uk": "de yak shcho scho treba potribno potriben meni mene dlia chy mozhu mozhna",
    "bg": "kade kak kakvo iskam moga tryabva triabva imam",
    "ti": "ane kemey kemay abey entay ab kab nab eyu eya alo selam yekenyeley bejaka hagez "
          "geyre geire nabey",
}

# Vietnamese with its tone marks. Stripping the marks merges function words with content words
# ("đâu" where ~ "đau" pain, "thể" can ~ "thẻ" card, "vậy" so ~ "vay" loan), so a Vietnamese
# word that still carries its marks is judged on its accented form: a function word only if it
# is listed here, a content word otherwise (even if its bare form is a stop word above).
_VI_ACCENTED = (
    "tôi tui mình bạn anh chị em cô chú bác ông bà nó chúng ta họ của một các những và hoặc hay "
    "với cho trong ở tại đâu như thế nào gì ai khi sao tại sao là có thể được không cần muốn "
    "phải xin vui lòng chào cảm ơn giúp đỡ giùm hộ tìm đó cái này đây kia nếu vì để mai hôm nay "
    "qua giờ khỏe khoẻ vậy thì mà rồi đã đang sẽ cũng ạ nhé nhỉ ơi à ừ vâng dạ hả chứ nữa lắm "
    "rất quá bị bao nhiêu lâu chỉ biết ra vào về"
)
#: Letters only Vietnamese uses among the listed languages (hook, dot below, horn, đ, ĩ ũ ỹ): a
#: word with one of them is Vietnamese. Marks other languages share (ó in Polish "mój", à, é)
#: leave the word to the bare-form stop words.
VI_LETTERS: frozenset[str] = frozenset(
    "đơưạảấầẩẫậắằẳẵặẹẻẽếềểễệĩỉịọỏốồổỗộớờởỡợũụủứừửữựỳỵỷỹ"
)
VI_ACCENTED_STOPWORDS: frozenset[str] = frozenset(
    w for w in unicodedata.normalize("NFC", _VI_ACCENTED).split() if VI_LETTERS & set(w))

STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(normalize(" ".join((words, _FILLER.get(lang, ""), _SMALLTALK.get(lang, ""),
                                        _GRAMMAR.get(lang, ""), _STORY.get(lang, ""),
                                        _TRANSLIT.get(lang, "")))).split())
    for lang, words in _RAW.items()
}
# "is" would swallow Turkish "iş" (work), which normalises to the same letters
ALL_STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS.values()) - {"is"}
#: Stop words only as typed in plain ASCII: English "is", but not Turkish "iş" (work).
ASCII_STOPWORDS: frozenset[str] = frozenset({"is"})
#: Words one language lists as function words that are what another language asks about:
#: Kurdish "ev" (this) is Turkish "ev" (house), Romanian "care" (which) is English "care". The
#: stop words are one set for all languages (people mix them, and the language picked in the
#: bot is not always the one typed), so "ev arıyorum" had no content word left at all; in text
#: of the language named here, these words count.
OWN_CONTENT_WORDS: dict[str, frozenset[str]] = {
    "tr": frozenset({"ev"}),
    "en": frozenset({"care"}),
}
#: The city's name in any script and case ending says nothing about the topic.
CITY_PREFIXES: tuple[str, ...] = tuple(normalize(
    "magdeburg magdbourg магдебург ماگدبورگ ماغدبورغ ماجدبورج ماگډبورګ").split())
