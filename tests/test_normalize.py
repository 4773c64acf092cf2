"""Text normalisation per script, the cross-script skeleton and script-based language guesses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.normalize import (
    detect_script_language,
    normalize,
    normalized_words,
    script_of,
    skeleton_tokens,
    tokens,
)


def skel(text: str) -> list[str]:
    return skeleton_tokens(tokens(text))


# --- Latin ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "plain"), [
    # German umlauts and sharp s, as typed on a phone without them
    ("Straße", "strasse"),
    ("Ärger über Öffnungszeiten", "arger uber offnungszeiten"),
    ("Größe", "grosse"),
    # Turkish dotless ı, ş, ğ, ç and capital İ
    ("ışık", "isik"),
    ("Şehir Öğretmen Çocuk", "sehir ogretmen cocuk"),
    ("İSTANBUL", "istanbul"),
    # Vietnamese: stacked marks and đ/Đ
    ("Tiếng Việt", "tieng viet"),
    ("Đường phố", "duong pho"),
    ("học tiếng Đức ở đâu", "hoc tieng duc o dau"),
    # Polish ł and other marks
    ("Łódź", "lodz"),
    ("język źródło", "jezyk zrodlo"),
    # Romanian ș/ț, both comma-below and the older cedilla forms
    ("școală", "scoala"),
    ("şcoală", "scoala"),
    ("țară", "tara"),
    ("ţară", "tara"),
    # Kurmanji circumflexes
    ("zimanê almanî", "zimane almani"),
])
def test_latin_diacritics_are_folded(raw, plain):
    assert normalize(raw) == plain


def test_latin_with_and_without_diacritics_are_equal():
    assert normalize("Wohnungsgröße") == normalize("wohnungsgrosse")
    assert normalize("kira yardımı") == normalize("kira yardimi")
    assert normalize("hỗ trợ") == normalize("ho tro")
    assert normalize("pomoc prawną") == normalize("pomoc prawna")


def test_punctuation_and_whitespace_collapse():
    assert normalize("  Wo?!  kann   ich\tDeutsch\nlernen...  ") == "wo kann ich deutsch lernen"
    assert normalize("e-mail_adresse") == "e mail adresse"


# --- Arabic script -------------------------------------------------------------------------------

def test_arabic_tashkeel_is_removed():
    assert normalize("تَعْلِيمٌ") == normalize("تعليم")
    assert normalize("مُدَرِّسَة") == normalize("مدرسة")  # shadda too


@pytest.mark.parametrize("variant", ["أ", "إ", "آ", "ٱ"])
def test_arabic_alef_variants_become_bare_alef(variant):
    assert normalize(variant) == "ا"
    assert normalize(f"{variant}لماني") == normalize("الماني")


def test_arabic_teh_marbuta_becomes_heh():
    assert normalize("مدرسة") == normalize("مدرسه")
    assert normalize("مساعدة") == normalize("مساعده")


def test_arabic_kaf_equals_persian_keheh():
    assert normalize("ك") == normalize("ک")
    assert normalize("كتاب") == normalize("کتاب")


def test_yeh_variants_are_unified():
    arabic_yeh, farsi_yeh, alef_maqsura = "ي", "ی", "ى"
    assert normalize(arabic_yeh) == normalize(farsi_yeh) == normalize(alef_maqsura)
    assert normalize("الماني") == normalize("آلمانی")
    assert normalize("مستشفى") == normalize("مستشفی")


def test_tatweel_is_removed():
    assert normalize("عـــربي") == normalize("عربي")
    assert "ـ" not in normalize("مـرحـبـا")


def test_arabic_indic_and_persian_digits_become_ascii():
    assert normalize("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert normalize("پلیس ۱۱۰") == normalize("پلیس 110")
    assert normalize("رقم ١١٢") == normalize("رقم 112")


def test_persian_zwnj_is_treated_like_a_space():
    with_zwnj = "می\u200cخواهم"
    with_space = "می خواهم"
    assert "\u200c" not in normalize(with_zwnj)
    assert normalize(with_zwnj) == normalize(with_space)
    assert normalize("کلاس\u200cهای آلمانی") == normalize("کلاس های آلمانی")


def test_pashto_letters_are_kept_and_variants_unified():
    # Pashto-specific consonants survive (they distinguish words) ...
    for letter in "ټډړږښځڅڼ":
        assert normalize(letter) == letter
    # ... while spelling variants of shared letters are unified
    assert normalize("ګ") == normalize("گ")
    assert normalize("ې") == normalize("ی")
    assert normalize("ۍ") == normalize("ی")
    assert normalize("ډاکټر ته ځم") == "ډاکټر ته ځم"
    assert normalize("ماګدبورګ") == normalize("ماگدبورگ")


# --- Cyrillic ------------------------------------------------------------------------------------

def test_cyrillic_yo_equals_ye():
    assert normalize("ёлка") == normalize("елка")
    assert normalize("Счёт") == normalize("счет")


def test_ukrainian_yi_and_i_are_unified():
    assert normalize("ї") == normalize("і")
    assert normalize("їжак") == normalize("іжак")


def test_ukrainian_ghe_with_upturn_equals_ghe():
    assert normalize("ґ") == normalize("г")
    assert normalize("Ґанок") == normalize("ганок")


def test_cyrillic_case_is_folded():
    assert normalize("МАГДЕБУРГ Курс") == "магдебург курс"


# --- noise ---------------------------------------------------------------------------------------

def test_control_characters_are_removed():
    assert normalize("deutsch\x00kurs\x07") == "deutsch kurs"
    assert normalize("a\x1bb\x7fc\x9fd") == "a b c d"
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in normalize("\x01\x02x\x03"))


def test_emojis_are_removed():
    assert normalize("😀😀😀") == ""
    assert normalize("deutschkurs 🙏🏽 bitte 👍") == "deutschkurs bitte"
    assert normalize("🇩🇪 kurs ❤️") == "kurs"


def test_bidi_and_zero_width_marks_are_removed():
    assert normalize("\u200fسلام\u200e") == "سلام"
    assert normalize("\ufeffkurs\u200b") == "kurs"


WORD_BY_WORD = [
    "Ärger über Öffnungszeiten", "مَدْرَسَة\u200cها", "می\u200cخواهم کار", "Straße_Nr.5",
    "a\u0301 \u0301b ¨ ﷺ", "x\x1fy\x85z", "٣ ۴ ١٢", "Łódź — Tiếng Việt!", "İSTANBUL ﬁle ½",
    "\u200b\u200e", "",
]


@pytest.mark.parametrize("text", WORD_BY_WORD)
def test_word_by_word_normalisation_equals_whole_text(text):
    # the search index normalises word by word through a cache; it must not see other tokens
    assert normalized_words(text) == normalize(text).split()


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFF) | st.sampled_from(
    list("ـًٌٍَُِّْ\u200c\u200d\u200f \t\n¨´ﷺ")), max_size=40))
def test_word_by_word_normalisation_equals_whole_text_for_any_text(text):
    assert normalized_words(text) == normalize(text).split()


def test_normalize_is_idempotent():
    for text in ["Straße ışık Đức", "تَعْلِيم الألماني", "می\u200cخواهم ۱۲", "Ґанок ёлка", "😀 x"]:
        once = normalize(text)
        assert normalize(once) == once


# --- skeleton keys -------------------------------------------------------------------------------

def test_arabizi_has_the_same_skeleton_as_arabic():
    assert skel("ta3lim almani") == skel("تعليم الماني")
    assert skel("ta3lim almani") != []


def test_arabizi_digits_stand_for_arabic_letters():
    assert skel("7elm") == skel("حلم")  # 7 = ha
    assert skel("5ams") == skel("خمس")  # 5 = kha


def test_russian_transliteration_has_the_same_skeleton_as_cyrillic():
    assert skel("kurs") == skel("курс")
    assert skel("shkola") == skel("школа")
    assert skel("zhilyo") == skel("жильё")


def test_tigrinya_in_latin_letters_has_the_same_skeleton_as_geez():
    assert skel("kemey jermen timhirti") == skel("ከመይ ጀርመን ትምህርቲ")
    assert skel("abey kimhar qwanqwa jermen") == skel("ኣበይ ክመሃር ቋንቋ ጀርመን")


def test_ethiopic_letters_for_the_same_sound_are_unified():
    """Tigrinya writers use ሰ/ሠ, ሐ/ኀ/ሀ, ጸ/ፀ and አ/ዐ for the same sound, vowel by vowel."""
    assert normalize("ሠላም") == normalize("ሰላም")
    assert normalize("ትምህርቲ") == normalize("ትምሕርቲ") == normalize("ትምኅርቲ")
    assert normalize("ፀሓይ") == normalize("ጸሓይ")
    assert normalize("ዓዲ") == normalize("ኣዲ")
    assert normalize("ቋንቋ።") == normalize("ቋንቋ")  # the Ethiopic full stop is punctuation
    assert normalize("ቋንቋ፡ጀርመን").split() == [normalize("ቋንቋ"), normalize("ጀርመን")]


def test_ethiopic_is_spelt_out_so_that_a_vowel_slip_is_a_near_spelling():
    """"ክመሃር" and "ክምሃር" (I learn) differ in one syllable of four; spelt out they differ in
    one letter, and Latin-typed Tigrinya meets the Ge'ez spelling itself."""
    from rapidfuzz import fuzz

    assert normalize("ክመሃር") == "kmehar" and normalize("ቋንቋ ጀርመን") == "qwanqwa jermen"
    assert fuzz.ratio(normalize("ክመሃር"), normalize("ክምሃር")) > 85
    assert normalize("ከመይ") == normalize("kemey")


def test_doubled_letters_collapse_in_the_skeleton():
    assert skel("kurss") == skel("kurs")
    assert skel("lotsse") == skel("lotse")
    assert skel("mmutter") == skel("mutter")


def test_skeleton_drops_pure_numbers_and_too_short_keys():
    assert skel("110 112") == []
    assert skel("a e i") == []


def test_different_words_have_different_skeletons():
    assert skel("kurs") != skel("arzt")
    assert skel("курс") != skel("врач")


# --- script and language guess -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "script"), [
    ("Wo kann ich Deutsch lernen", "latin"),
    ("أين أتعلم الألمانية", "arabic"),
    ("где выучить немецкий", "cyrillic"),
    ("ኣበይ ቋንቋ ጀርመን ክመሃር", "ethiopic"),
    ("😀😀 123", "other"),
])
def test_script_of(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize(("text", "lang"), [
    ("أين أتعلم اللغة الألمانية", "ar"),
    ("مدرسة تعليم الكبار", "ar"),
    ("کجا زبان آلمانی یاد بگیرم", "fa"),
    ("چطور دکتر پیدا کنم", "fa"),
    ("الماني ژبه چیرته زده کړم", "ps"),
    ("ډاکټر څنګه پیدا کړم", "ps"),
    ("де вивчити німецьку мову", "uk"),
    ("Ґанок", "uk"),
    ("где выучить немецкий язык", "ru"),
    ("как найти врача", "ru"),
    ("объявление о подъезде", "ru"),
    ("къде мога да уча немски", "bg"),
    ("искам лекар", "bg"),
    ("ኣበይ ቋንቋ ጀርመን ክመሃር እኽእል", "ti"),
])
def test_detect_arabic_script_and_cyrillic_languages(text, lang):
    assert detect_script_language(text) == lang


@pytest.mark.parametrize(("text", "lang"), [
    ("Almanca öğrenmek için kurs arıyorum", "tr"),
    ("ışık şehir", "tr"),
    ("gdzie mogę nauczyć się niemieckiego", "pl"),
    ("Łódź", "pl"),
    ("unde pot învăța germana", "ro"),
    ("școală", "ro"),
    ("học tiếng Đức ở đâu", "vi"),
    ("Tôi muốn tìm bác sĩ", "vi"),
    ("Hûn dikarin xwe tomar bikin, zimanê almanî", "ku"),
    ("Schöne Grüße, Ärger mit dem Vermieter", "de"),
])
def test_detect_latin_languages_by_their_letters(text, lang):
    assert detect_script_language(text) == lang


@pytest.mark.parametrize("text", ["where can i learn german", "wo kann ich deutsch lernen",
                                  "ta3lim almani", "kurs", "", "😀", "12345"])
def test_latin_without_decisive_letters_is_undecided(text):
    assert detect_script_language(text) is None


def test_german_sharp_s_counts_as_a_german_letter():
    # 'ß' is listed among the German hint letters; with ö it makes two German letters
    assert detect_script_language("Größe") == "de"
    assert detect_script_language("Straße schön") == "de"


def test_turkish_with_shared_umlauts_is_not_taken_for_german():
    # ü and ö occur in German and Turkish; ç and ğ only in Turkish here
    assert detect_script_language("Türkçe öğretmen") == "tr"
    assert detect_script_language("Türkçe öğrenmek") == "tr"
