"""Search: answer threshold, cross-language retrieval, limits, archived entries.

The fixture knowledge base is small and built here: the German-course entry from conftest plus
an emergency, a housing-benefit and a family-doctor entry, and an archived chess club, each in
all 12 required languages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.knowledge import entry_from_dict, load_dir, validate_dict
from bot.search import SUGGEST_MIN_SCORE, SearchIndex, answer_logit
from bot.topics import REQUIRED_LANGUAGES

# (title, answer, questions, keywords) per language
Texts = dict[str, tuple[str, str, list[str], list[str]]]

EMERGENCY: Texts = {
    "de": ("Notruf: Polizei 110, Feuerwehr und Rettungsdienst 112",
           "In einem Notfall rufen Sie kostenlos die Polizei unter 110 oder Feuerwehr und "
           "Krankenwagen unter 112 an. Die Nummern funktionieren rund um die Uhr.",
           ["polizei anrufen nummer", "notruf nummer", "krankenwagen rufen"],
           ["polizei", "notruf", "krankenwagen", "feuerwehr"]),
    "en": ("Emergency: police 110, fire brigade and ambulance 112",
           "In an emergency call the police on 110 or the fire brigade and ambulance on 112, "
           "free of charge. The numbers work day and night.",
           ["police phone number", "emergency number", "call an ambulance"],
           ["police", "emergency", "ambulance", "fire brigade"]),
    "ar": ("الطوارئ: الشرطة 110، الإطفاء والإسعاف 112",
           "في حالة الطوارئ اتصل مجانًا بالشرطة على 110 أو بالإطفاء والإسعاف على 112. "
           "الأرقام تعمل ليلًا ونهارًا.",
           ["رقم الشرطة", "رقم الطوارئ", "اتصل بالإسعاف"],
           ["شرطة", "طوارئ", "إسعاف"]),
    "uk": ("Екстрені виклики: поліція 110, пожежна і швидка 112",
           "У надзвичайній ситуації безкоштовно телефонуйте в поліцію за номером 110 або "
           "пожежникам і швидкій допомозі за номером 112. Номери працюють цілодобово.",
           ["номер поліції", "екстрений номер", "викликати швидку"],
           ["поліція", "швидка допомога", "пожежна"]),
    "ru": ("Экстренные вызовы: полиция 110, пожарные и скорая 112",
           "В экстренной ситуации бесплатно звоните в полицию по номеру 110 или пожарным и "
           "скорой помощи по номеру 112. Номера работают круглосуточно.",
           ["номер полиции", "экстренный номер", "вызвать скорую"],
           ["полиция", "скорая помощь", "пожарные"]),
    "fa": ("اضطراری: پلیس ۱۱۰، آتش‌نشانی و آمبولانس ۱۱۲",
           "در شرایط اضطراری به‌طور رایگان با پلیس به شماره ۱۱۰ یا با آتش‌نشانی و آمبولانس "
           "به شماره ۱۱۲ تماس بگیرید. این شماره‌ها شبانه‌روز کار می‌کنند.",
           ["شماره پلیس", "شماره اضطراری", "آمبولانس خبر کنم"],
           ["پلیس", "اضطراری", "آمبولانس"]),
    "ps": ("بیړني حالت: پولیس ۱۱۰، اور وژنه او امبولانس ۱۱۲",
           "په بیړني حالت کې پولیسو ته په ۱۱۰ یا اور وژونکو او امبولانس ته په ۱۱۲ وړیا زنګ "
           "ووهئ. دا شمېرې شپه او ورځ کار کوي.",
           ["د پولیسو شمېره", "بیړنۍ شمېره", "امبولانس وغواړم"],
           ["پولیس", "بیړنی", "امبولانس"]),
    "tr": ("Acil durum: polis 110, itfaiye ve ambulans 112",
           "Acil bir durumda polisi 110'dan, itfaiye ve ambulansı 112'den ücretsiz arayın. "
           "Numaralar gece gündüz çalışır.",
           ["polis numarası", "acil numara", "ambulans çağırmak"],
           ["polis", "acil", "ambulans", "itfaiye"]),
    "ro": ("Urgențe: poliția 110, pompierii și ambulanța 112",
           "În caz de urgență sunați gratuit la poliție la 110 sau la pompieri și ambulanță la "
           "112. Numerele funcționează zi și noapte.",
           ["numărul poliției", "număr de urgență", "chem ambulanța"],
           ["poliție", "urgență", "ambulanță", "pompieri"]),
    "pl": ("Numery alarmowe: policja 110, straż pożarna i pogotowie 112",
           "W nagłym wypadku zadzwoń bezpłatnie na policję pod 110 albo do straży pożarnej i "
           "pogotowia pod 112. Numery działają całą dobę.",
           ["numer na policję", "numer alarmowy", "wezwać karetkę"],
           ["policja", "pogotowie", "karetka", "straż pożarna"]),
    "vi": ("Khẩn cấp: cảnh sát 110, cứu hỏa và cấp cứu 112",
           "Khi khẩn cấp, hãy gọi miễn phí cho cảnh sát số 110 hoặc cứu hỏa và xe cấp cứu số "
           "112. Các số này hoạt động cả ngày lẫn đêm.",
           ["số điện thoại cảnh sát", "số khẩn cấp", "gọi xe cấp cứu"],
           ["cảnh sát", "khẩn cấp", "cấp cứu"]),
    "ku": ("Acîlî: polîs 110, agirkuj û ambulans 112",
           "Di rewşa acîl de bêpere li polîsê bi 110 an li agirkujan û ambulansê bi 112 "
           "bigerin. Ev hejmar şev û roj dixebitin.",
           ["hejmara polîsê", "hejmara acîl", "ambulans bang bikim"],
           ["polîs", "acîl", "ambulans"]),
}

HOUSING_BENEFIT: Texts = {
    "de": ("Wohngeld – Zuschuss zur Miete",
           "Wohngeld ist ein Zuschuss zur Miete für Menschen mit wenig Einkommen. Den Antrag "
           "stellen Sie bei der Wohngeldstelle der Stadt Magdeburg.",
           ["zuschuss zur miete beantragen", "wohngeld antrag", "miete zu teuer hilfe geld"],
           ["wohngeld", "mietzuschuss", "miete"]),
    "en": ("Housing benefit (Wohngeld) – help with the rent",
           "Wohngeld is a rent subsidy for people with a low income. You apply at the housing "
           "benefit office of the city of Magdeburg.",
           ["apply for housing benefit", "help paying rent", "rent too expensive"],
           ["housing benefit", "wohngeld", "rent subsidy", "rent"]),
    "ar": ("إعانة السكن (Wohngeld) – مساعدة في دفع الإيجار",
           "إعانة السكن هي دعم للإيجار للأشخاص ذوي الدخل المنخفض. تقدّم الطلب لدى مكتب إعانة "
           "السكن في مدينة ماغدبورغ.",
           ["كيف اقدم على اعانة السكن", "مساعدة في الايجار", "الايجار غالي"],
           ["إعانة السكن", "إيجار", "فونغيلد"]),
    "uk": ("Житлова допомога (Wohngeld) – доплата до оренди",
           "Wohngeld – це доплата до оренди для людей з низьким доходом. Заяву подають у відділ "
           "житлової допомоги міста Магдебург.",
           ["як отримати житлову допомогу", "допомога з орендою", "оренда дуже дорога"],
           ["житлова допомога", "оренда", "вонгельд"]),
    "ru": ("Жилищное пособие (Wohngeld) – доплата к аренде",
           "Wohngeld – это доплата к аренде для людей с низким доходом. Заявление подают в "
           "отдел жилищного пособия города Магдебург.",
           ["как получить жилищное пособие", "помощь с оплатой аренды",
            "аренда слишком дорогая"],
           ["жилищное пособие", "аренда", "квартплата", "вонгельд"]),
    "fa": ("کمک هزینه مسکن (Wohngeld) – کمک برای اجاره",
           "Wohngeld کمک هزینه اجاره برای افراد کم‌درآمد است. درخواست را در اداره کمک هزینه "
           "مسکن شهر ماگدبورگ ثبت کنید.",
           ["درخواست کمک هزینه مسکن", "کمک برای اجاره خانه", "اجاره خیلی گران است"],
           ["کمک هزینه مسکن", "اجاره", "وونگلد"]),
    "ps": ("د کور مرسته (Wohngeld) – د کرایې مرسته",
           "Wohngeld د لږ عاید لرونکو خلکو لپاره د کرایې مرسته ده. غوښتنلیک د ماګدبورګ ښار د "
           "Wohngeld دفتر ته ورکړئ.",
           ["د کرایې مرسته څنګه واخلم", "کرایه ډېره ګرانه ده", "د کور مرسته غوښتنلیک"],
           ["کرایه", "د کور مرسته", "وونګېلډ"]),
    "tr": ("Kira yardımı (Wohngeld)",
           "Wohngeld, düşük gelirli kişiler için kira yardımıdır. Başvuruyu Magdeburg "
           "belediyesinin Wohngeld bürosuna yaparsınız.",
           ["kira yardımı başvurusu", "kira çok pahalı yardım", "wohngeld nasıl alınır"],
           ["kira yardımı", "kira", "wohngeld"]),
    "ro": ("Ajutor pentru chirie (Wohngeld)",
           "Wohngeld este un ajutor pentru chirie pentru persoanele cu venituri mici. Cererea se "
           "depune la biroul Wohngeld al orașului Magdeburg.",
           ["cum cer ajutor pentru chirie", "chiria e prea scumpă", "cerere wohngeld"],
           ["ajutor chirie", "chirie", "wohngeld"]),
    "pl": ("Dodatek mieszkaniowy (Wohngeld)",
           "Wohngeld to dopłata do czynszu dla osób o niskich dochodach. Wniosek składa się w "
           "biurze dodatku mieszkaniowego miasta Magdeburg.",
           ["jak dostać dodatek mieszkaniowy", "czynsz za drogi pomoc", "wniosek wohngeld"],
           ["dodatek mieszkaniowy", "czynsz", "wohngeld"]),
    "vi": ("Trợ cấp nhà ở (Wohngeld) – hỗ trợ tiền thuê nhà",
           "Wohngeld là khoản hỗ trợ tiền thuê nhà cho người có thu nhập thấp. Bạn nộp đơn tại "
           "văn phòng Wohngeld của thành phố Magdeburg.",
           ["xin trợ cấp tiền thuê nhà", "tiền nhà đắt quá", "đơn wohngeld"],
           ["trợ cấp nhà ở", "tiền thuê nhà", "wohngeld"]),
    "ku": ("Alîkariya kirê (Wohngeld)",
           "Wohngeld ji bo kesên bi dahata kêm alîkariya kirê ye. Hûn serlêdanê li nivîsgeha "
           "Wohngeld a bajarê Magdeburgê dikin.",
           ["alîkariya kirê çawa bistînim", "kirê pir biha ye", "serlêdana wohngeld"],
           ["alîkariya kirê", "kirê", "wohngeld"]),
}

DOCTOR: Texts = {
    "de": ("Hausarzt finden",
           "Ein Hausarzt ist die erste Anlaufstelle, wenn Sie krank sind. Freie Praxen findet "
           "die Terminservicestelle unter 116 117.",
           ["wie finde ich einen arzt", "hausarzt suchen", "ich bin krank wohin"],
           ["hausarzt", "arzt", "praxis", "krank"]),
    "en": ("Finding a family doctor",
           "A family doctor (Hausarzt) is the first place to go when you are ill. The "
           "appointment service on 116 117 finds practices with free places.",
           ["how do i find a doctor", "looking for a gp", "i am sick where to go"],
           ["doctor", "family doctor", "gp", "sick"]),
    "ar": ("العثور على طبيب عام",
           "طبيب العائلة (Hausarzt) هو أول من تذهب إليه عندما تمرض. خدمة المواعيد على الرقم "
           "116 117 تجد لك عيادة لديها أماكن.",
           ["كيف القى دكتور", "ابحث عن طبيب", "انا مريض وين اروح"],
           ["طبيب", "دكتور", "عيادة", "مريض"]),
    "uk": ("Як знайти сімейного лікаря",
           "Сімейний лікар (Hausarzt) – перше місце, куди звертаються, коли ви хворі. Служба "
           "запису за номером 116 117 знаходить практики з вільними місцями.",
           ["як знайти лікаря", "шукаю сімейного лікаря", "я захворів куди йти"],
           ["лікар", "сімейний лікар", "хворий"]),
    "ru": ("Как найти семейного врача",
           "Семейный врач (Hausarzt) – первое место, куда обращаются, когда вы заболели. Служба "
           "записи по номеру 116 117 находит практики со свободными местами.",
           ["как найти врача", "ищу терапевта", "я заболел куда идти"],
           ["врач", "терапевт", "доктор", "болею"]),
    "fa": ("پیدا کردن پزشک خانواده",
           "پزشک خانواده (Hausarzt) اولین جایی است که وقتی بیمار هستید می‌روید. مرکز "
           "نوبت‌دهی به شماره ۱۱۶ ۱۱۷ مطب‌هایی با جای خالی پیدا می‌کند.",
           ["چطور دکتر پیدا کنم", "دنبال پزشک خانواده", "مریض هستم کجا بروم"],
           ["دکتر", "پزشک", "مطب", "مریض"]),
    "ps": ("د کورنۍ ډاکټر پیدا کول",
           "د کورنۍ ډاکټر (Hausarzt) لومړی ځای دی چې ناروغ یئ ورځئ. د وخت اخیستلو خدمت په "
           "۱۱۶ ۱۱۷ شمېره خالي ځایونه لرونکي کلینیکونه پیدا کوي.",
           ["ډاکټر څنګه پیدا کړم", "د کورنۍ ډاکټر لټوم", "ناروغ یم چیرته لاړ شم"],
           ["ډاکټر", "کلینیک", "ناروغ"]),
    "tr": ("Aile hekimi bulmak",
           "Hastalandığınızda ilk gideceğiniz yer aile hekimidir (Hausarzt). 116 117 numaralı "
           "randevu servisi boş yeri olan muayenehaneleri bulur.",
           ["nasıl doktor bulurum", "aile hekimi arıyorum", "hastayım nereye gideyim"],
           ["doktor", "aile hekimi", "hasta"]),
    "ro": ("Găsirea unui medic de familie",
           "Medicul de familie (Hausarzt) este primul loc unde mergeți când sunteți bolnav. "
           "Serviciul de programări 116 117 găsește cabinete cu locuri libere.",
           ["cum găsesc un doctor", "caut medic de familie", "sunt bolnav unde merg"],
           ["doctor", "medic de familie", "bolnav"]),
    "pl": ("Jak znaleźć lekarza rodzinnego",
           "Lekarz rodzinny (Hausarzt) to pierwsze miejsce, gdy jesteś chory. Serwis terminów "
           "pod numerem 116 117 znajduje gabinety z wolnymi miejscami.",
           ["jak znaleźć lekarza", "szukam lekarza rodzinnego", "jestem chory gdzie iść"],
           ["lekarz", "lekarz rodzinny", "chory"]),
    "vi": ("Tìm bác sĩ gia đình",
           "Bác sĩ gia đình (Hausarzt) là nơi đầu tiên bạn đến khi bị ốm. Dịch vụ đặt hẹn số "
           "116 117 tìm phòng khám còn chỗ.",
           ["làm sao tìm bác sĩ", "tìm bác sĩ gia đình", "tôi bị ốm đi đâu"],
           ["bác sĩ", "phòng khám", "ốm"]),
    "ku": ("Bijîşkê malbatê dîtin",
           "Bijîşkê malbatê (Hausarzt) cihê yekem e dema hûn nexweş in. Servîsa randevûyê bi "
           "116 117 muayenexaneyên bi cihê vala dibîne.",
           ["ez çawa bijîşk bibînim", "li bijîşkê malbatê digerim", "ez nexweş im biçim ku"],
           ["bijîşk", "doktor", "nexweş"]),
}

CHESS_CLUB: Texts = {  # archived: must never be returned
    "de": ("Schachclub im Stadtteiltreff",
           "Jeden Dienstag spielen Nachbarn im Stadtteiltreff Schach. Anfänger sind willkommen.",
           ["wo kann ich schach spielen", "schachclub"], ["schach", "schachclub"]),
    "en": ("Chess club at the neighbourhood centre",
           "Every Tuesday neighbours play chess at the neighbourhood centre. Beginners welcome.",
           ["where can i play chess", "chess club"], ["chess"]),
    "ar": ("نادي الشطرنج في مركز الحي",
           "كل يوم ثلاثاء يلعب الجيران الشطرنج في مركز الحي. المبتدئون مرحب بهم.",
           ["أين ألعب الشطرنج"], ["شطرنج"]),
    "uk": ("Шаховий клуб у районному центрі",
           "Щовівторка сусіди грають у шахи в районному центрі. Початківцям раді.",
           ["де пограти в шахи"], ["шахи"]),
    "ru": ("Шахматный клуб в районном центре",
           "Каждый вторник соседи играют в шахматы в районном центре. Новичкам рады.",
           ["где поиграть в шахматы"], ["шахматы"]),
    "fa": ("باشگاه شطرنج در مرکز محله",
           "هر سه‌شنبه همسایه‌ها در مرکز محله شطرنج بازی می‌کنند. تازه‌کارها خوش آمدند.",
           ["کجا شطرنج بازی کنم"], ["شطرنج"]),
    "ps": ("د ګاونډ په مرکز کې د شطرنج کلب",
           "هره سه شنبه ګاونډیان د ګاونډ په مرکز کې شطرنج کوي. نوي لوبغاړي ښه راغلاست.",
           ["شطرنج چیرته ولوبوم"], ["شطرنج"]),
    "tr": ("Mahalle merkezinde satranç kulübü",
           "Her salı komşular mahalle merkezinde satranç oynar. Yeni başlayanlar hoş karşılanır.",
           ["nerede satranç oynayabilirim"], ["satranç"]),
    "ro": ("Club de șah în centrul de cartier",
           "În fiecare marți vecinii joacă șah în centrul de cartier. Începătorii sunt "
           "bineveniți.",
           ["unde pot juca șah"], ["șah"]),
    "pl": ("Klub szachowy w centrum dzielnicy",
           "W każdy wtorek sąsiedzi grają w szachy w centrum dzielnicy. Początkujący mile "
           "widziani.",
           ["gdzie mogę grać w szachy"], ["szachy"]),
    "vi": ("Câu lạc bộ cờ vua ở nhà văn hóa khu phố",
           "Thứ ba hằng tuần hàng xóm chơi cờ vua ở nhà văn hóa khu phố. Người mới được chào "
           "đón.",
           ["chơi cờ vua ở đâu"], ["cờ vua"]),
    "ku": ("Klûba şetrencê li navenda taxê",
           "Her sêşemê cîran li navenda taxê şetrenc dilîzin. Destpêker bi xêr hatin.",
           ["ez li ku derê şetrencê bilîzim"], ["şetrenc"]),
}


def _i18n(texts: Texts) -> dict[str, Any]:
    return {lang: {"title": t, "answer": a, "questions": q, "keywords": k}
            for lang, (t, a, q, k) in texts.items()}


def _fixture_dicts(entry_dict) -> list[dict[str, Any]]:
    course = entry_dict()  # deutschkurs-vhs, language-courses (texts from conftest)
    course["i18n"]["de"]["keywords"] = ["deutschkurs", "volkshochschule", "deutsch lernen"]
    course["i18n"]["en"]["keywords"] = ["german course", "learn german"]
    return [
        course,
        entry_dict("polizei-notruf", "emergency", i18n=_i18n(EMERGENCY),
                   provider="Polizei, Feuerwehr", german_terms=["Notruf", "Polizei"]),
        entry_dict("wohngeld", "housing", i18n=_i18n(HOUSING_BENEFIT),
                   provider="Stadt Magdeburg, Wohngeldstelle", german_terms=["Wohngeld"]),
        entry_dict("hausarzt-finden", "health", i18n=_i18n(DOCTOR),
                   provider="Kassenärztliche Vereinigung", german_terms=["Hausarzt"]),
        entry_dict("schachclub-alt", "community-leisure", i18n=_i18n(CHESS_CLUB),
                   provider="Stadtteiltreff", archived=True),
    ]


@pytest.fixture
def kb_dicts(entry_dict) -> list[dict[str, Any]]:
    dicts = _fixture_dicts(entry_dict)
    for d in dicts:  # the fixture itself must be valid, or the tests below prove nothing
        assert validate_dict(d, d["id"]) == [], d["id"]
        assert set(REQUIRED_LANGUAGES) <= set(d["i18n"])
    return dicts


@pytest.fixture
def index(kb_dicts) -> SearchIndex:
    return SearchIndex([entry_from_dict(d) for d in kb_dicts], default_language="de")


@pytest.fixture(scope="module")
def real() -> SearchIndex:
    """The real knowledge base, for behaviour that depends on its actual wording."""
    return SearchIndex(load_dir(Path(__file__).resolve().parent.parent / "knowledge").entries)


# --- answered: exact, typo'd, other language --------------------------------------------------

EXACT = [
    ("wo kann ich deutsch lernen", "de", "deutschkurs-vhs"),
    ("where can i learn german", "en", "deutschkurs-vhs"),
    ("notruf nummer", "de", "polizei-notruf"),
    ("رقم الشرطة", "ar", "polizei-notruf"),
    ("apply for housing benefit", "en", "wohngeld"),
    ("kira yardımı başvurusu", "tr", "wohngeld"),
    ("как найти врача", "ru", "hausarzt-finden"),
    ("چطور دکتر پیدا کنم", "fa", "hausarzt-finden"),
    ("jak znaleźć lekarza", "pl", "hausarzt-finden"),
]


@pytest.mark.parametrize(("query", "lang", "expected"), EXACT)
def test_exact_example_question_is_answered_with_the_right_entry(index, query, lang, expected):
    res = index.search(query, lang)
    assert res.answered, [(h.entry.id, h.score) for h in res.hits]
    assert res.hits[0].entry.id == expected
    assert res.lang == lang


TYPOS = [
    ("wo kan ich deusch lernen", "de", "deutschkurs-vhs"),
    ("wohngelt antrag", "de", "wohngeld"),
    ("hausartz suchen", "de", "hausarzt-finden"),
    ("emergncy numbr", "en", "polizei-notruf"),
    ("how do i find a docter", "en", "hausarzt-finden"),
    ("как найти врачя", "ru", "hausarzt-finden"),
    ("polis numarasi", "tr", "polizei-notruf"),  # without the Turkish dotless ı
]


@pytest.mark.parametrize(("query", "lang", "expected"), TYPOS)
def test_typo_question_is_answered_with_the_right_entry(index, query, lang, expected):
    res = index.search(query, lang)
    assert res.answered, [(h.entry.id, h.score) for h in res.hits]
    assert res.hits[0].entry.id == expected


CROSS = [
    # (query, the user's chosen language, expected entry); the query is NOT in the chosen language
    ("where can i learn german", "ar", "deutschkurs-vhs"),
    ("hausarzt suchen", "uk", "hausarzt-finden"),
    ("wohngeld antrag", "vi", "wohngeld"),
    ("номер полиции", "de", "polizei-notruf"),
]


@pytest.mark.parametrize(("query", "lang", "expected"), CROSS)
def test_question_in_other_language_finds_entry_and_keeps_user_language(index, query, lang,
                                                                         expected):
    res = index.search(query, lang)
    assert res.answered, [(h.entry.id, h.score) for h in res.hits]
    assert res.hits[0].entry.id == expected
    assert res.lang == lang


def test_without_lang_the_script_decides_the_answer_language(index):
    res = index.search("رقم الشرطة")
    assert res.hits[0].entry.id == "polizei-notruf"
    assert res.lang == "ar"


# --- not answered: off-topic and noise ---------------------------------------------------------

OFF_TOPIC = [
    "what's the weather today",
    "hi",
    "😀😀😀",
    "tell me a joke",
    "2+2",
    "wie wird das wetter morgen",
    "hallo",
    "مرحبا",
    "привет как дела",
]


@pytest.mark.parametrize("query", OFF_TOPIC)
@pytest.mark.parametrize("lang", [None, "en", "de"])
def test_off_topic_is_not_answered(index, query, lang):
    res = index.search(query, lang)
    assert not res.answered, [(h.entry.id, h.score) for h in res.hits]


# --- result shape ------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["wo kann ich deutsch lernen", "polizei arzt miete deutsch",
                                   "help", "nummer 112 116 117"])
def test_hits_are_at_most_five_with_scores_0_to_100_sorted_descending(index, query):
    res = index.search(query, "de")
    assert len(res.hits) <= 5
    scores = [h.score for h in res.hits]
    assert all(isinstance(s, int) and 0 <= s <= 100 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert len({h.entry.id for h in res.hits}) == len(res.hits)  # one hit per entry


def test_many_matching_entries_are_cut_to_five(entry_dict):
    entries = [entry_from_dict(entry_dict(f"deutschkurs-{i}")) for i in range(8)]
    res = SearchIndex(entries).search("wo kann ich deutsch lernen", "de")
    assert len(res.hits) == 5
    scores = [h.score for h in res.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)


def test_answered_agrees_with_the_answer_model(index):
    for query, lang, _ in EXACT + TYPOS + [(q, "en", None) for q in OFF_TOPIC]:
        res = index.search(query, lang)
        if not res.hits:
            assert not res.answered
            continue
        assert res.answered == (answer_logit(res.hits[0].score, res.runner_up, res.words,
                                             res.agree) >= 0)
        others = [h.score for h in res.hits if h.entry.topic != res.hits[0].entry.topic]
        assert res.runner_up >= max(others, default=0)  # the best of another topic, hit or not


def test_the_answer_model_answers_a_lead_more_readily_than_a_crowd():
    # the same best score: standing far ahead of every other topic is an answer, a crowd of
    # near equals is not; and a long message needs a lower score than a two-word one
    assert answer_logit(60, 20, 4) > answer_logit(60, 55, 4)
    assert answer_logit(40, 10, 20) > answer_logit(40, 10, 2)
    assert answer_logit(100, 0, 1) >= 0  # an exact example question of one word
    assert answer_logit(30, 28, 2) < 0
    # the term-count ranking putting the same topic first is evidence of its own
    assert answer_logit(50, 35, 4, agree=True) > answer_logit(50, 35, 4, agree=False)


def test_the_term_count_ranking_confirms_a_plain_question_and_not_chatter(index):
    res = index.search("wohngeld antrag stellen", "de")
    assert res.agree and res.answered and res.hits[0].entry.topic == "housing"
    # a word no entry holds gives neither ranking anything to agree on
    assert not index.search("wie wird das wetter morgen", "de").agree


@pytest.mark.parametrize(("story", "lang", "expected"), [
    ("hallo ich bin mit meinem mann und zwei kindern seit einem halben jahr in magdeburg, "
     "die kleine ist jetzt drei und langweilt sich zu hause, wir suchen einen kitaplatz "
     "für sie und ich weiß nicht wie man den beantragt", "de",
     "kita-platz"),
    ("my landlord says i have to leave the flat at the end of the month because he wants it "
     "for his son, we have lived here two years with a normal contract and paid the rent every "
     "time, is that allowed and who can help me with this", "en", "mietprobleme"),
])
def test_a_long_story_with_one_clear_need_offers_its_entry(real, story, lang, expected):
    # a story explains little of itself with any single entry (its score stays near 20), and a
    # chatty story about one's day reaches the same scores: not an answer, but the entry it is
    # about must be among the "did you mean" buttons, first or tied for first (the rent story
    # ties with the flat search since the French entries have "cher", "contrat" and the like)
    res = real.search(story, lang)
    assert expected in [h.entry.id for h in res.hits if h.score == res.hits[0].score], [
        (h.entry.id, h.score) for h in res.hits]
    assert res.answered or expected in [h.entry.id for h in res.suggestions], (
        res.hits[0].score, res.runner_up, res.words)


def test_suggestions_are_offered_only_without_an_answer_and_only_near_ones(index):
    answered = index.search(EXACT[0][0], EXACT[0][1])
    assert answered.answered and answered.suggestions == []
    # a vague question: no answer, but the nearest offers (never more than three, none weak)
    res = index.search("i need a jop urgent any work pls", "en")
    assert not res.answered and 1 <= len(res.suggestions) <= 3
    assert all(h.score >= SUGGEST_MIN_SCORE for h in res.suggestions)  # a short question
    assert res.suggestions == [h for h in res.hits if h.score >= SUGGEST_MIN_SCORE][:3]
    assert index.search("🙂🙂", "en").suggestions == []

# --- archived entries ----------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "lang"), [
    ("wo kann ich schach spielen", "de"), ("schachclub", "de"), ("where can i play chess", "en"),
    ("nerede satranç oynayabilirim", "tr"), ("где поиграть в шахматы", "ru"),
    ("Schachclub im Stadtteiltreff", None),
])
def test_archived_entry_is_never_returned(index, query, lang):
    res = index.search(query, lang)
    assert "schachclub-alt" not in {h.entry.id for h in res.hits}
    assert "schachclub-alt" not in index.by_id


def test_archived_flag_from_yaml_keeps_entry_out_of_search(kb_dicts, write_entry, tmp_path):
    for d in kb_dicts:
        write_entry(d)
    res = load_dir(tmp_path / "kb")
    assert res.problems == []
    assert {e.id for e in res.entries if e.archived} == {"schachclub-alt"}
    idx = SearchIndex(res.entries)
    for lang in (None, "de"):
        hits = idx.search("wo kann ich schach spielen", lang).hits
        assert all(h.entry.id != "schachclub-alt" for h in hits)


# --- the index's cached tokenisation --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Wo kann ich in Magdeburg Deutsch lernen? Deutsch, deutsch, DEUTSCH 2024",
    "می\u200cخواهم کار پیدا کنم", "ta3lim almani", "Straße_Nr. 5 — Łódź", "",
    "Tôi bị đau răng, ở đâu? mất thẻ, có thể vậy", "mój dom, für dich", "is it iş?",
    " ".join(f"wort{i} wort{i}" for i in range(80)),  # more than MAX_QUERY_TOKENS distinct
])
def test_index_tokenises_strings_as_questions_are(text):
    # strings are tokenised word by word through process-wide caches, questions directly;
    # both must see the same tokens and skeleton keys, or a question could miss its string
    from bot.normalize import skeleton_tokens
    from bot.search import _WORDS, _text_ids, content_tokens

    nids, sids = _text_ids(text)
    toks = content_tokens(text)
    assert [_WORDS.native_words[i] for i in nids] == toks
    assert [_WORDS.skel_words[i] for i in sids] == list(dict.fromkeys(skeleton_tokens(toks)))


def test_rebuilt_index_answers_as_the_first(kb_dicts):
    entries = [entry_from_dict(d) for d in kb_dicts]
    first, again = SearchIndex(entries), SearchIndex(list(reversed(entries)))
    for query, lang, expected in EXACT + TYPOS:
        assert first.search(query, lang).hits[0].entry.id == expected
        assert again.search(query, lang).hits[0].entry.id == expected


# --- stop words and weak evidence ---------------------------------------------------------------

def test_persian_suffix_split_off_by_zwnj_is_not_a_content_word():
    from bot.search import content_tokens

    # "بچه‌ام" (my child) is typed with a ZWNJ, which normalisation turns into a space
    assert content_tokens("بچه\u200cام مریض است") == content_tokens("بچه مریض است")


@pytest.mark.parametrize("text, expected", [
    ("wen fi doktor", ["doktor"]),  # Arabizi
    ("koja ast doktor", ["doktor"]),  # Latin-typed Persian
    ("gde mne nayti vracha", ["nayti", "vracha"]),  # Latin-typed Russian
    ("whats the number", ["number"]),
    ("kindergeld kemey geire", ["kindergeld"]),  # Latin-typed Tigrinya: "how do I (do)"
])
def test_latin_typed_function_words_carry_no_topic(text, expected):
    from bot.search import content_tokens

    assert content_tokens(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ми тут два роки тому приїхали", ["приіхали"]),
    ("am venit acum doua luni", ["venit"]),
    ("seit letztem jahr genau", ["jahr"]),
    ("iki ay önce geldik", ["geldik"]),
])
def test_the_time_frame_of_a_story_carries_no_topic(text, expected):
    from bot.search import content_tokens

    assert content_tokens(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("tôi bị đau răng ở đâu", ["dau", "rang"]),  # đau (pain) stays, đâu (where) goes
    ("mất thẻ có thể không", ["mat", "the"]),  # thẻ (card) stays, thể (can) goes
    ("vay tiền vậy", ["vay", "tien"]),  # vay (loan) stays, vậy (so) goes
    ("toi o dau the", []),  # typed without marks: the bare stop words as before
    ("mój dom für dich", ["dom"]),  # marks of other languages: the bare stop words as before
    ("where is the bus", ["bus"]),  # English "is" carries no topic ...
    ("iş arıyorum", ["is"]),  # ... Turkish "iş" (work) does
])
def test_vietnamese_function_words_are_told_apart_by_their_marks(text, expected):
    from bot.search import content_tokens

    assert content_tokens(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "where do I go (for) WBS": "to where" and "I go" met a volunteer's "ናበይ ክኸይድ"
    ("WBS ናበይ እየ ዝኸይድ", ["wbs"]),
    # Somali "loo"/"lagu" (one does it for/with): "sidee loo qabsadaa" met every booking
    ("sidee loo qabsadaa ballan", ["qabsadaa", "ballan"]),
    ("meesha lagu barto jarmalka", ["meesha", "barto", "jarmalka"]),
])
def test_tigrinya_and_somali_question_words_carry_no_topic(text, expected):
    from bot.search import content_tokens

    assert content_tokens(text) == expected


def test_weak_evidence_scales_the_score_down_and_a_rare_word_keeps_it(real, monkeypatch):
    import bot.search as search


    def scores(query: str, lang: str) -> tuple[int, int]:
        monkeypatch.setattr(search, "EVIDENCE", 0.0)
        plain = real.search(query, lang).hits[0].score
        monkeypatch.undo()
        return plain, real.search(query, lang).hits[0].score

    plain, scaled = scores("kindergeld", "de")  # one rare word is evidence enough
    assert scaled == plain
    # "geld" alone: a word many entries use is weak evidence of any one of them
    plain, scaled = scores("geld", "de")
    assert scaled < plain
    assert not real.search("geld", "de").answered
    # "wetter" is only a near spelling of words the base holds ("weiter", "letter")
    assert not real.search("wie wird das wetter morgen", "de").answered



@pytest.mark.parametrize(("query", "lang", "expected"), [
    ("job", "en", "agentur-fuer-arbeit"), ("i need a job", "en", "agentur-fuer-arbeit"),
    ("job finden", "de", "agentur-fuer-arbeit"), ("شغل", "ar", "agentur-fuer-arbeit"),
    ("کار", "fa", "agentur-fuer-arbeit"), ("iş arıyorum", "tr", "agentur-fuer-arbeit"),
    ("bac si", "vi", "arzt-finden"), ("کور", "ps", "wohnungssuche"),
    ("що таке 116117", "uk", "aerztlicher-bereitschaftsdienst"),
])
def test_a_short_example_question_of_common_words_is_answered_not_only_suggested(real, query,
                                                                                lang, expected):
    # the most common needs are asked with the most common words; where a coordinator wrote
    # exactly this as an example question, the newcomer gets the answer, not "did you mean"
    res = real.search(query, lang)
    assert res.answered, [(h.entry.id, h.score) for h in res.hits]
    assert res.hits[0].entry.id == expected


def test_an_exact_example_question_in_another_language_gets_no_such_lift():
    from bot.knowledge import Contact, Entry, Localized

    common = "common"
    entries = [Entry(id=f"e{i}", topic="housing", provider="p", contact=Contact(),
                     i18n={"en": Localized(title=f"t{i}", answer=f"{common} word {i}",
                                           questions=[f"{common} q{i}"]),
                           "tr": Localized(title=f"tt{i}", answer="x",
                                           questions=["kar" if i == 0 else f"soru{i}"])})
               for i in range(8)]
    for e in entries[1:]:
        e.i18n["tr"].keywords.append("kar")  # "kar" is common in Turkish here
    idx = SearchIndex(entries)
    assert idx.search("kar", "tr").answered  # a Turkish example question, asked in Turkish
    # the same letters typed by a user of another language: common word, weak evidence
    assert idx.search("kar", "en").hits[0].score < idx.search("kar", "tr").hits[0].score

# --- rarity -------------------------------------------------------------------------------------

def _entry(entry_id: str, answer: str, questions: list[str], keywords: list[str]):
    from bot.knowledge import Contact, Entry, Localized

    return Entry(id=entry_id, topic="everyday-admin", provider=entry_id, contact=Contact(),
                 i18n={"en": Localized(title=entry_id, answer=answer, questions=questions,
                                       keywords=keywords)})


def test_a_word_other_answers_only_mention_stays_rarer_than_one_many_entries_are_about():
    # "job" is what one entry is about and what four answers mention in passing; "rent" is what
    # five entries are about. Both occur in five entries, but only "rent" is common as a topic.
    mention = "If you find a job, tell the office."
    entries = [_entry("work", "The agency helps.", ["looking for a job"], ["job"])]
    entries += [_entry(f"other-{i}", mention, [f"question {i} about rent"], ["rent"])
                for i in range(4)]
    entries.append(_entry("flat", "The office helps.", ["rent too high"], ["rent"]))
    idx = SearchIndex(entries)
    idf = dict(zip(idx.native.words, idx.native.idf_list, strict=True))
    assert idf["job"] > idf["rent"]
    # a word in one entry is as rare as a word can be, in its answer as in its questions
    assert idf["agency"] == idf["flat"] == max(idf.values())


def test_words_spread_over_other_languages_count_less_than_the_users_own():
    # a story in English: one entry has two of its words in its English question, another picks
    # up four more one by one from its German, Turkish, Polish and Romanian strings (as
    # "донька" found the English "dance" by its consonants); the entry in the user's language
    # is the one meant
    from bot.knowledge import Contact, Entry, Localized

    def entry(entry_id: str, **questions: str) -> Entry:
        return Entry(id=entry_id, topic="health", provider=entry_id, contact=Contact(),
                     i18n={lang: Localized(title=f"{entry_id} {lang}", answer="",
                                           questions=[q]) for lang, q in questions.items()})

    idx = SearchIndex([entry("mine", en="psychologist ukrainian"),
                       entry("scattered", de="nightmares", tr="sleeps", pl="badly",
                             ro="daughter"),
                       *(entry(f"filler-{i}", en=f"filler{i} text") for i in range(6))])
    res = idx.search("daughter sleeps badly nightmares psychologist ukrainian", "en")
    assert res.hits[0].entry.id == "mine", [(h.entry.id, h.score) for h in res.hits]


def test_in_a_long_story_an_answer_sharing_its_words_counts_less_than_the_question_asked():
    # nine content words: a story. One answer text happens to hold four of them, one example
    # question holds the two that are the request.
    from bot.knowledge import Contact, Entry, Localized

    def entry(entry_id: str, answer: str, questions: list[str]) -> Entry:
        return Entry(id=entry_id, topic="discrimination", provider=entry_id, contact=Contact(),
                     i18n={"en": Localized(title=entry_id, answer=answer,
                                           questions=questions)})

    idx = SearchIndex([
        entry("asked", "Counsellors listen.", ["report racism"]),
        entry("talky", "A woman with her daughter rides the tram home for free.",
              ["bus tickets"]),
        *(entry(f"filler-{i}", "Nothing.", [f"filler{i} text"]) for i in range(6)),
    ])
    story = ("yesterday tram daughter woman shouting go home strangers staring "
             "where report racism")
    res = idx.search(story, "en")
    assert res.hits[0].entry.id == "asked", [(h.entry.id, h.score) for h in res.hits]


def test_a_word_that_is_another_languages_function_word_counts_in_its_own_language(real):
    """Turkish "ev" (house) is Kurdish "ev" (this): "ev arıyorum" (I am looking for a flat) had
    no content word left and got nothing at all."""
    from bot.search import content_tokens

    res = real.search("ev arıyorum", "tr")
    assert res.answered and res.hits[0].entry.id == "wohnungssuche"
    assert content_tokens("ev çi ye", "ku") == []  # Kurdish "what is this": still nothing
    assert content_tokens("care worker job", "en") == ["care", "worker", "job"]
    assert "care" not in content_tokens("care este adresa", "ro")  # Romanian "which"
