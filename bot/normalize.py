"""Text normalisation for search, per script.

rapidfuzz compares code points, so spelling variants that people treat as the same letter must
become the same code point first: Arabic ك and Persian ک, the many forms of alef and yeh, vowel
marks (tashkeel), the Persian zero-width non-joiner, Cyrillic ё/е, Latin diacritics that people
leave out on a phone keyboard; Ethiopic syllables are spelt out in Latin letters. The
`skeleton` goes further and maps every script to a coarse Latin consonant key, so that
"ta3lim almani" finds "تعليم الماني", "nemeckiy" finds "немецкий" and "kimhar" finds "ክመሃር".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARABIC_MAP = {
    "ك": "ک", "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ے": "ی",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه",
    "ګ": "گ", "ڪ": "ک", "ـ": "",
}
_LATIN_MAP = {"ı": "i", "đ": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d",
              "þ": "th", "’": "'", "ʼ": "'", "`": "'"}
_CYR_MAP = {"ё": "е", "ґ": "г", "ї": "і", "й": "и", "ъ": "ь"}
_DIGITS = {ord(c): str(unicodedata.digit(c)) for c in "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"}
# Ethiopic (Tigrinya) is written in syllables, one character per consonant and vowel: "ክመሃር"
# and "ክምሃር" (I learn, as two writers spell it) differ in one of four characters, which string
# similarity treats as a different word. Each syllable is spelt out in Latin letters instead, the
# way Eritreans type Tigrinya without a Ge'ez keyboard ("kmehar", "kmhar"), so that near
# spellings, and Latin-typed Tigrinya, are as close as the sounds are. Rows of eight syllables
# (U+1200 + 8k): the consonant, then the vowel of each order (the sixth has none); letters that
# Tigrinya writes for the same sound (ሠ/ሰ, ሀ/ሐ/ኀ, ጸ/ፀ, አ/ዐ) get the same letters.
_ETHIOPIC_CONSONANTS = {
    0x1200: "h", 0x1208: "l", 0x1210: "h", 0x1218: "m", 0x1220: "s", 0x1228: "r", 0x1230: "s",
    0x1238: "sh", 0x1240: "q", 0x1248: "qw", 0x1250: "kh", 0x1258: "khw", 0x1260: "b",
    0x1268: "v", 0x1270: "t", 0x1278: "ch", 0x1280: "h", 0x1288: "hw", 0x1290: "n",
    0x1298: "ny", 0x12A0: "", 0x12A8: "k", 0x12B0: "kw", 0x12B8: "kh", 0x12C0: "khw",
    0x12C8: "w", 0x12D0: "", 0x12D8: "z", 0x12E0: "zh", 0x12E8: "y", 0x12F0: "d", 0x12F8: "d",
    0x1300: "j", 0x1308: "g", 0x1310: "gw", 0x1318: "g", 0x1320: "t", 0x1328: "ch",
    0x1330: "p", 0x1338: "ts", 0x1340: "ts", 0x1348: "f", 0x1350: "p",
}
_ETHIOPIC_VOWELS = ("e", "u", "i", "a", "e", "", "o", "wa")
_ETHIOPIC_LATIN = {chr(row + v): cons + vowel for row, cons in _ETHIOPIC_CONSONANTS.items()
                   for v, vowel in enumerate(_ETHIOPIC_VOWELS)}
_TABLE = str.maketrans({**_ARABIC_MAP, **_LATIN_MAP, **_CYR_MAP, **_ETHIOPIC_LATIN})
_ZW = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2066-\u2069\u202a-\u202e\ufeff]")
_NONWORD = re.compile(r"[^\w]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def normalize(text: str) -> str:
    """Canonical search form: lower case, no marks, unified letters, words separated by one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = _ZW.sub(" ", text)  # ZWNJ inside Persian words: people type it, a space, or nothing
    text = text.casefold()
    text = _strip_marks(text)
    text = text.translate(_TABLE).translate(_DIGITS)
    text = text.replace("_", " ")
    text = _NONWORD.sub(" ", text)
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    return normalize(text).split()


@lru_cache(maxsize=262_144)
def _normalize_word(word: str) -> tuple[str, ...]:
    return tuple(normalize(word).split())


def normalized_words(text: str) -> list[str]:
    """`normalize(text).split()`, one whitespace-separated word at a time through a cache.

    Normalisation touches every character three times over (NFKC, NFD, NFC), and building the
    search index normalises every string of every entry; words repeat far more than strings do
    (Zipf), so caching per word makes a rebuild after a coordinator's change mostly lookups.
    Every step of `normalize` works within a word or turns characters into spaces, so word by
    word gives the same tokens (tests/test_normalize.py checks this).
    """
    out: list[str] = []
    for word in text.split():
        out.extend(_normalize_word(word))
    return out


# --- transliteration skeleton -------------------------------------------------------------------
# Arabic-script letters to coarse Latin classes; long vowels and ayn/hamza vanish, as they do in
# the way people type Arabic, Dari and Pashto with Latin letters.
_AR_SKEL = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "s", "ج": "j", "چ": "c", "ح": "h", "خ": "h", "د": "t",
    "ذ": "s", "ر": "r", "ز": "s", "ژ": "j", "س": "s", "ش": "c", "ص": "s", "ض": "t", "ط": "t",
    "ظ": "s", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "", "ی": "", "ا": "", "ء": "", "ټ": "t", "ډ": "t", "ړ": "r",
    "ږ": "j", "ښ": "c", "ځ": "s", "څ": "s", "ڼ": "n", "ڵ": "l", "ڕ": "r", "ڤ": "f",
}
_CYR_SKEL = {
    "а": "", "б": "b", "в": "f", "г": "g", "д": "t", "е": "", "ж": "j", "з": "s", "и": "",
    "і": "", "к": "k", "л": "l", "м": "m", "н": "n", "о": "", "п": "b", "р": "r", "с": "s",
    "т": "t", "у": "", "ф": "f", "х": "h", "ц": "s", "ч": "c", "ш": "c", "щ": "c", "ь": "",
    "ы": "", "э": "", "ю": "", "я": "", "є": "",
}
# Latin digraphs first (longest first), then single letters. Digits stand for Arabic letters in
# chat alphabets (3 = ain, 7 = ha, 2 = hamza, 5 = kha, 6 = ta, 9 = qaf/sad).
_LAT_DIGRAPHS = [
    ("tsch", "c"), ("sch", "c"), ("shch", "c"), ("zh", "j"), ("kh", "h"), ("gh", "g"),
    ("sh", "c"), ("ch", "c"), ("ts", "s"), ("tz", "s"), ("th", "s"), ("dh", "s"), ("dj", "j"),
    ("ph", "f"), ("ck", "k"), ("qu", "k"),
]
_LAT_SKEL = {
    "a": "", "e": "", "i": "", "o": "", "u": "", "y": "", "w": "", "h": "h", "b": "b", "p": "b",
    "c": "k", "d": "t", "t": "t", "f": "f", "v": "f", "g": "g", "j": "j", "k": "k", "q": "k",
    "l": "l", "m": "m", "n": "n", "r": "r", "s": "s", "z": "s", "x": "ks", "'": "",
    "3": "", "2": "", "7": "h", "5": "h", "6": "t", "9": "k", "8": "", "4": "c",
}


_DIGRAPH_RE = re.compile("|".join(re.escape(d) for d, _ in _LAT_DIGRAPHS))
_DIGRAPH_TO = dict(_LAT_DIGRAPHS)
_SKEL_TABLE = str.maketrans({**{ch: rep for ch, rep in _LAT_SKEL.items()},
                             **_AR_SKEL, **_CYR_SKEL})
_DOUBLE = re.compile(r"(.)\1+")
_KEEP = frozenset("".join(_LAT_SKEL.values()) + "".join(_AR_SKEL.values())
                  + "".join(_CYR_SKEL.values()))


@lru_cache(maxsize=65536)
def _skel_token(tok: str) -> str:
    if tok.isdigit():
        return ""
    # Latin digraphs first, longest first (the alternation is ordered that way), then one
    # character at a time; anything without a skeleton value disappears
    s = _DIGRAPH_RE.sub(lambda m: "\x00" + _DIGRAPH_TO[m.group(0)] + "\x01", tok)
    out: list[str] = []
    # text between markers is translated, marked digraph replacements are kept as they are
    pieces = re.split("(\x00[^\x01]*\x01)", s)
    for piece in pieces:
        if piece.startswith("\x00"):
            out.append(piece[1:-1])
        else:
            translated = piece.translate(_SKEL_TABLE)
            out.append("".join(ch for ch in translated if ch in _KEEP))
    return _DOUBLE.sub(r"\1", "".join(out))


def skeleton_tokens(norm_tokens: list[str]) -> list[str]:
    """Coarse cross-script keys of already normalised tokens (empty keys dropped)."""
    out = []
    for tok in norm_tokens:
        key = _skel_token(tok)
        if len(key) >= 2:
            out.append(key)
    return out


# --- script and language detection ---------------------------------------------------------------
_PS_LETTERS = set("ټډړږښځڅڼېۍګ")
_FA_LETTERS = set("پچژگکی")
_UK_LETTERS = set("іїєґ")
_RU_ONLY_LETTERS = set("ыэё")
#: a vowel ъ before a consonant, or a word only Bulgarian has ("где" is Russian, "къде" Bulgarian)
_BG_HARD_SIGN = re.compile(r"ъ(?=[бвгджзклмнпрстфхцчшщ])|\b(?:съм|със|във|къде|какво|защо"
                           r"|искам|трябва|мога|няма|здравейте|благодаря)\b")
_LATIN_HINTS = {
    "de": set("äöüß"), "tr": set("ğışç"), "ro": set("ăâîșşțţ"), "pl": set("ąćęłńóśźż"),
    "vi": set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), "ku": set("êîûçş"),
}


def script_of(text: str) -> str:
    """'arabic', 'cyrillic', 'latin', 'ethiopic' or 'other' by the majority of letters."""
    counts = {"arabic": 0, "cyrillic": 0, "latin": 0, "ethiopic": 0, "other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFEFF:
            counts["arabic"] += 1
        elif 0x0400 <= cp <= 0x04FF:
            counts["cyrillic"] += 1
        elif cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
            counts["latin"] += 1
        elif 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF:
            counts["ethiopic"] += 1
        else:
            counts["other"] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "other"


def detect_script_language(text: str) -> str | None:
    """A language guess from letters alone; None when the script does not decide it."""
    script = script_of(text)
    letters = set(text.lower())
    if script == "arabic":
        if letters & _PS_LETTERS:
            return "ps"
        if letters & _FA_LETTERS:
            return "fa"
        return "ar"
    if script == "cyrillic":
        if letters & _UK_LETTERS:
            return "uk"
        # Bulgarian writes ъ as a vowel inside words ("къде", "съм") and has no ы, э or ё
        if _BG_HARD_SIGN.search(text.lower()) and not letters & _RU_ONLY_LETTERS:
            return "bg"
        return "ru"
    if script == "ethiopic":
        return "ti"  # the Ethiopic-script language Lotsenbot speaks (Amharic readers read it)
    if script == "latin":
        scores = {lang: len(letters & hints) for lang, hints in _LATIN_HINTS.items()}
        # letters only one language has decide ties (ü/ö are German and Turkish)
        if scores["tr"] and letters & set("ğış"):
            scores["tr"] += 2
        best = max(scores, key=lambda k: scores[k])
        if scores[best] >= 2 or (scores[best] == 1 and best in {"vi", "pl", "ro", "tr"}):
            return best
    return None
