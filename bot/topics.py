"""The stable vocabulary every part shares: topic ids and supported languages.

Topic ids are part of the command-line contract and the knowledge file layout, so they live in
one place and never change spelling.
"""

from __future__ import annotations

TOPICS: tuple[str, ...] = (
    "language-courses",
    "migration-counselling",
    "residence-asylum",
    "work-training",
    "recognition",
    "housing",
    "health",
    "children-education",
    "migrant-organisations",
    "volunteering",
    "discrimination",
    "benefits-money",
    "everyday-admin",
    "emergency",
    "community-leisure",
)

#: Languages every entry and every user-facing string must exist in.
REQUIRED_LANGUAGES: tuple[str, ...] = (
    "de", "en", "ar", "uk", "ru", "fa", "ps", "tr", "ro", "pl", "vi", "ku",
)
#: Further languages: the bot speaks them (pickers, catalogs, the content of the curated base),
#: but an entry a coordinator adds or imports is valid without them.
OPTIONAL_LANGUAGES: tuple[str, ...] = ("ti", "so", "fr", "bg")
ALL_LANGUAGES: tuple[str, ...] = REQUIRED_LANGUAGES + OPTIONAL_LANGUAGES

RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "fa", "ps"})

#: Each language's name in its own script, for the language picker.
LANGUAGE_NAMES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
    "fa": "دری / فارسی",
    "ps": "پښتو",
    "tr": "Türkçe",
    "ro": "Română",
    "pl": "Polski",
    "vi": "Tiếng Việt",
    "ku": "Kurmancî",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "fr": "Français",
    "bg": "Български",
}

#: Languages most guides share with newcomers when no first language matches.
BRIDGE_LANGS: tuple[str, ...] = ("de", "en")
