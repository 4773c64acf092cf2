"""Shared fixtures. Keep this file small and generic; put each fixture in its own named function."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

# --- knowledge entries ---------------------------------------------------------------------------

#: A real, short German-course entry in all 12 required languages: (title, answer, question).
_COURSE_TEXTS: dict[str, tuple[str, str, str]] = {
    "de": ("Deutschkurs an der Volkshochschule",
           "Die Volkshochschule bietet Deutschkurse für Anfänger und Fortgeschrittene an. "
           "Melden Sie sich vor Ort oder online an.",
           "wo kann ich deutsch lernen"),
    "en": ("German course at the adult education centre",
           "The adult education centre (Volkshochschule) offers German courses for beginners "
           "and advanced learners. Register in person or online.",
           "where can i learn german"),
    "ar": ("دورة لغة ألمانية في مدرسة تعليم الكبار",
           "تقدّم مدرسة تعليم الكبار (Volkshochschule) دورات لغة ألمانية للمبتدئين والمتقدمين. "
           "يمكنك التسجيل شخصيًا أو عبر الإنترنت.",
           "أين أتعلم اللغة الألمانية"),
    "uk": ("Курс німецької мови у народній школі",
           "Народна школа для дорослих (Volkshochschule) пропонує курси німецької мови для "
           "початківців і досвідчених. Зареєструватися можна особисто або онлайн.",
           "де вивчити німецьку мову"),
    "ru": ("Курс немецкого языка в народном университете",
           "Народный университет (Volkshochschule) предлагает курсы немецкого языка для "
           "начинающих и продолжающих. Записаться можно лично или онлайн.",
           "где выучить немецкий язык"),
    "fa": ("کلاس زبان آلمانی در آموزشگاه بزرگسالان",
           "آموزشگاه بزرگسالان (Volkshochschule) کلاس‌های زبان آلمانی برای مبتدی و پیشرفته دارد. "
           "می‌توانید حضوری یا آنلاین ثبت‌نام کنید.",
           "کجا زبان آلمانی یاد بگیرم"),
    "ps": ("د لویانو په ښوونځي کې د الماني ژبې کورس",
           "د لویانو ښوونځی (Volkshochschule) د پیل کوونکو او پرمختللو لپاره د الماني ژبې "
           "کورسونه لري. تاسو کولی شئ حضوري یا آنلاین نوم ولیکئ.",
           "الماني ژبه چیرته زده کړم"),
    "tr": ("Halk eğitim merkezinde Almanca kursu",
           "Volkshochschule (halk eğitim merkezi) yeni başlayanlar ve ileri seviye için Almanca "
           "kursları sunar. Yerinde veya internetten kayıt olabilirsiniz.",
           "almanca nerede öğrenebilirim"),
    "ro": ("Curs de germană la universitatea populară",
           "Universitatea populară (Volkshochschule) oferă cursuri de germană pentru începători "
           "și avansați. Vă puteți înscrie la fața locului sau online.",
           "unde pot învăța germana"),
    "pl": ("Kurs niemieckiego na uniwersytecie ludowym",
           "Uniwersytet ludowy (Volkshochschule) prowadzi kursy języka niemieckiego dla "
           "początkujących i zaawansowanych. Zapisać się można na miejscu lub przez internet.",
           "gdzie mogę nauczyć się niemieckiego"),
    "vi": ("Khóa học tiếng Đức tại trường giáo dục người lớn",
           "Trường giáo dục người lớn (Volkshochschule) có các khóa học tiếng Đức cho người mới "
           "bắt đầu và nâng cao. Bạn có thể đăng ký trực tiếp hoặc trực tuyến.",
           "học tiếng Đức ở đâu"),
    "ku": ("Kursa zimanê almanî li Volkshochschule",
           "Volkshochschule ji bo destpêkeran û pêşketiyan kursên zimanê almanî pêşkêş dike. "
           "Hûn dikarin li cih an jî li ser înternetê xwe tomar bikin.",
           "ez li ku derê almanî hîn bibim"),
}


def make_entry_dict(entry_id: str = "deutschkurs-vhs", topic: str = "language-courses",
                    **overrides: Any) -> dict[str, Any]:
    """A minimal valid entry mapping (as read from YAML) in all 12 required languages.

    Keyword overrides replace top-level keys (e.g. ``contact={...}``, ``i18n={...}``).
    """
    data: dict[str, Any] = {
        "id": entry_id,
        "topic": topic,
        "provider": "Volkshochschule Magdeburg",
        "source": ["https://www.magdeburg.de/"],
        "verified_at": dt.date(2025, 1, 15),
        "contact": {
            "address": "", "district": "", "lat": None, "lon": None,
            "phone": "", "email": "", "website": "https://www.magdeburg.de/", "opening_hours": "",
        },
        "languages_spoken": ["de"],
        "german_terms": ["Volkshochschule", "Deutschkurs"],
        "i18n": {
            lang: {"title": title, "answer": answer, "questions": [question]}
            for lang, (title, answer, question) in _COURSE_TEXTS.items()
        },
    }
    data.update(copy.deepcopy(overrides))
    return data


@pytest.fixture
def entry_dict() -> Callable[..., dict[str, Any]]:
    """Factory: ``entry_dict(entry_id=..., topic=..., **top_level_overrides)`` -> fresh dict."""
    return make_entry_dict


def dump_entry(data: Any, directory: Path, topic: str | None = None,
               entry_id: str | None = None) -> Path:
    """Write `data` as YAML to ``<directory>/<topic>/<id>.yaml`` (topic and id default to the
    data's own) and return the path. `data` need not be a valid entry, nor even a mapping."""
    if isinstance(data, dict):
        topic = topic or data.get("topic")
        entry_id = entry_id or data.get("id")
    assert topic and entry_id, "give topic and entry_id for data that does not carry them"
    path = Path(directory) / topic / f"{entry_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def write_entry(tmp_path: Path) -> Callable[..., Path]:
    """Helper: ``write_entry(data, directory=tmp_path/'kb', topic=None, entry_id=None) -> Path``."""
    default_dir = tmp_path / "kb"

    def _write(data: Any, directory: Path | None = None, topic: str | None = None,
               entry_id: str | None = None) -> Path:
        return dump_entry(data, directory or default_dir, topic, entry_id)

    return _write


# --- databases -------------------------------------------------------------------------------------

def fresh_db_url(tmp_path: Path) -> str:
    """A new SQLite file, or (in the PostgreSQL pass of `make test`) the test database emptied."""
    import os

    from sqlalchemy import text

    from bot.db import make_engine
    from bot.models import Base

    url = os.environ.get("LOTSENBOT_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path}/test.db"
    engine = make_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return url


@pytest.fixture
def db(tmp_path: Path):
    """A migrated, empty database (SQLite, or PostgreSQL in the PostgreSQL pass)."""
    from bot.db import Database

    database = Database(fresh_db_url(tmp_path))
    yield database
    database.dispose()
