"""`lotsenbot ask` as a stable contract (PRODUCT.md, "Command line"), driven through bot.cli.main."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.topics import ALL_LANGUAGES, REQUIRED_LANGUAGES

REAL_KB = Path(__file__).resolve().parent.parent / "knowledge"
RESULT_KEYS = {"answered", "lang", "hits"}
HIT_KEYS = {"id", "topic", "score", "title"}

# Housing benefit, short: (title, answer, questions)
WOHNGELD = {
    "de": ("Wohngeld – Zuschuss zur Miete",
           "Wohngeld ist ein Zuschuss zur Miete bei wenig Einkommen. Den Antrag stellen Sie bei "
           "der Wohngeldstelle der Stadt.", ["wohngeld antrag", "zuschuss zur miete"]),
    "en": ("Housing benefit (Wohngeld) – help with the rent",
           "Wohngeld is a rent subsidy for people with a low income. Apply at the city's housing "
           "benefit office.", ["apply for housing benefit", "help paying rent"]),
    "ar": ("إعانة السكن (Wohngeld)",
           "إعانة السكن دعم للإيجار لذوي الدخل المنخفض. قدّم الطلب لدى مكتب إعانة السكن في المدينة.",
           ["مساعدة في الايجار"]),
    "uk": ("Житлова допомога (Wohngeld)",
           "Wohngeld – це доплата до оренди для людей з низьким доходом. Заяву подають у міський "
           "відділ житлової допомоги.", ["допомога з орендою"]),
    "ru": ("Жилищное пособие (Wohngeld)",
           "Wohngeld – это доплата к аренде для людей с низким доходом. Заявление подают в "
           "городской отдел жилищного пособия.", ["помощь с оплатой аренды"]),
    "fa": ("کمک هزینه مسکن (Wohngeld)",
           "Wohngeld کمک هزینه اجاره برای افراد کم‌درآمد است. درخواست را در اداره مسکن شهر بدهید.",
           ["کمک برای اجاره خانه"]),
    "ps": ("د کرایې مرسته (Wohngeld)",
           "Wohngeld د لږ عاید لرونکو خلکو لپاره د کرایې مرسته ده. غوښتنلیک د ښار دفتر ته ورکړئ.",
           ["د کرایې مرسته"]),
    "tr": ("Kira yardımı (Wohngeld)",
           "Wohngeld düşük gelirli kişiler için kira yardımıdır. Başvuru belediyenin Wohngeld "
           "bürosuna yapılır.", ["kira yardımı başvurusu"]),
    "ro": ("Ajutor pentru chirie (Wohngeld)",
           "Wohngeld este un ajutor pentru chirie pentru venituri mici. Cererea se depune la "
           "biroul Wohngeld al orașului.", ["ajutor pentru chirie"]),
    "pl": ("Dodatek mieszkaniowy (Wohngeld)",
           "Wohngeld to dopłata do czynszu dla osób o niskich dochodach. Wniosek składa się w "
           "urzędzie miasta.", ["dodatek mieszkaniowy"]),
    "vi": ("Trợ cấp nhà ở (Wohngeld)",
           "Wohngeld là khoản hỗ trợ tiền thuê nhà cho người thu nhập thấp. Nộp đơn tại văn "
           "phòng Wohngeld của thành phố.", ["trợ cấp tiền thuê nhà"]),
    "ku": ("Alîkariya kirê (Wohngeld)",
           "Wohngeld ji bo kesên bi dahata kêm alîkariya kirê ye. Serlêdan li nivîsgeha bajêr "
           "tê kirin.", ["alîkariya kirê"]),
}


@pytest.fixture
def kb_dir(entry_dict, write_entry, tmp_path, monkeypatch) -> Path:
    """A fixture knowledge base (German course + housing benefit) set as KNOWLEDGE_DIR."""
    directory = tmp_path / "kb"
    write_entry(entry_dict(), directory)
    write_entry(entry_dict(
        "wohngeld", "housing", provider="Stadt Magdeburg",
        i18n={lang: {"title": t, "answer": a, "questions": q}
              for lang, (t, a, q) in WOHNGELD.items()}), directory)
    use_kb(monkeypatch, tmp_path, directory)
    return directory


def use_kb(monkeypatch, cwd: Path, directory: Path) -> None:
    for var in ("DEFAULT_LANGUAGE", "TIMEZONE", "LOG_LEVEL", "DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(cwd)  # no stray .env from the working directory
    monkeypatch.setenv("KNOWLEDGE_DIR", str(directory))


def run_json(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["ask", *args, "--json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, out  # exactly one JSON object
    return code, json.loads(lines[0]), err


def assert_contract(data: dict) -> None:
    assert set(data) == RESULT_KEYS
    assert isinstance(data["answered"], bool)
    assert data["lang"] in ALL_LANGUAGES
    assert isinstance(data["hits"], list) and len(data["hits"]) <= 5
    scores = []
    for hit in data["hits"]:
        assert set(hit) == HIT_KEYS
        assert isinstance(hit["id"], str) and hit["id"]
        assert isinstance(hit["topic"], str) and hit["topic"]
        assert isinstance(hit["score"], int) and 0 <= hit["score"] <= 100
        assert isinstance(hit["title"], str) and hit["title"]
        scores.append(hit["score"])
    assert scores == sorted(scores, reverse=True)


# --- --json ------------------------------------------------------------------------------------

def test_json_has_exactly_the_contract_keys(kb_dir, capsys):
    code, data, _ = run_json(capsys, "wo kann ich deutsch lernen", "--lang", "de")
    assert code == 0
    assert_contract(data)
    assert data["answered"] is True
    assert data["lang"] == "de"
    best = data["hits"][0]
    assert (best["id"], best["topic"]) == ("deutschkurs-vhs", "language-courses")
    assert best["title"] == "Deutschkurs an der Volkshochschule"


@pytest.mark.parametrize("lang", REQUIRED_LANGUAGES)
def test_lang_decides_output_language_and_titles(kb_dir, entry_dict, capsys, lang):
    code, data, _ = run_json(capsys, "wo kann ich deutsch lernen", "--lang", lang)
    assert code == 0
    assert_contract(data)
    assert data["lang"] == lang
    assert data["hits"][0]["id"] == "deutschkurs-vhs"
    assert data["hits"][0]["title"] == entry_dict()["i18n"][lang]["title"]
    for hit in data["hits"]:
        if hit["id"] == "wohngeld":
            assert hit["title"] == WOHNGELD[lang][0]


def test_optional_language_falls_back_to_german_title(kb_dir, capsys):
    code, data, _ = run_json(capsys, "wo kann ich deutsch lernen", "--lang", "fr")
    assert code == 0
    assert_contract(data)
    assert data["hits"][0]["title"] == "Deutschkurs an der Volkshochschule"


def test_without_lang_the_script_is_detected(kb_dir, capsys):
    code, data, _ = run_json(capsys, "أين أتعلم اللغة الألمانية")
    assert code == 0
    assert data["lang"] == "ar"
    assert data["hits"][0]["title"] == "دورة لغة ألمانية في مدرسة تعليم الكبار"


@pytest.mark.parametrize("text", ["tell me a joke", "what's the weather today", "hi"])
def test_without_lang_undetectable_text_gets_default_or_its_own_language(kb_dir, capsys, text):
    # PRODUCT.md: "without it the language is detected or the default used"
    code, data, _ = run_json(capsys, text)
    assert code == 0
    assert data["lang"] in {"de", "en"}, data


def test_at_most_five_hits(entry_dict, write_entry, tmp_path, monkeypatch, capsys):
    directory = tmp_path / "many"
    for i in range(8):
        write_entry(entry_dict(f"deutschkurs-{i}"), directory)
    use_kb(monkeypatch, tmp_path, directory)
    code, data, _ = run_json(capsys, "wo kann ich deutsch lernen", "--lang", "de")
    assert code == 0
    assert_contract(data)
    assert len(data["hits"]) == 5


def test_human_readable_output(kb_dir, capsys):
    code = main(["ask", "wohngeld antrag", "--lang", "de"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "Wohngeld – Zuschuss zur Miete" in out
    assert "Traceback" not in out + err


# --- --jsonl -------------------------------------------------------------------------------------

def run_jsonl(capsys, monkeypatch, lines: list[str], *args: str) -> tuple[int, list[dict], str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(ln + "\n" for ln in lines)))
    code = main(["ask", "--jsonl", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, [json.loads(ln) for ln in out.splitlines() if ln.strip()], err


def test_jsonl_keeps_input_order(kb_dir, capsys, monkeypatch):
    questions = [
        {"text": "wohngeld antrag", "lang": "de"},
        {"text": "where can i learn german", "lang": "en"},
        {"text": "مساعدة في الايجار", "lang": "ar"},
        {"text": "wo kann ich deutsch lernen", "lang": "uk"},
        {"text": "kira yardımı başvurusu", "lang": "tr"},
    ]
    code, out, _ = run_jsonl(capsys, monkeypatch, [json.dumps(q, ensure_ascii=False)
                                                   for q in questions])
    assert code == 0
    assert len(out) == len(questions)
    for q, res in zip(questions, out, strict=True):
        assert_contract(res)
        assert res["lang"] == q["lang"]
    assert [r["hits"][0]["id"] for r in out] == [
        "wohngeld", "deutschkurs-vhs", "wohngeld", "deutschkurs-vhs", "wohngeld"]


def test_jsonl_invalid_line_gives_error_in_place_and_exit_2(kb_dir, capsys, monkeypatch):
    lines = [
        json.dumps({"text": "wohngeld antrag", "lang": "de"}),
        '{"text": "kaputt", ',
        json.dumps({"text": "where can i learn german", "lang": "en"}),
    ]
    code, out, _ = run_jsonl(capsys, monkeypatch, lines)
    assert code == 2
    assert len(out) == 3
    assert set(out[1]) == {"error"} and isinstance(out[1]["error"], str) and out[1]["error"]
    assert_contract(out[0])
    assert_contract(out[2])
    assert out[0]["hits"][0]["id"] == "wohngeld"
    assert out[2]["hits"][0]["id"] == "deutschkurs-vhs"


@pytest.mark.parametrize("bad", [
    json.dumps({"text": ""}),
    json.dumps({"text": "   "}),
    json.dumps({"lang": "de"}),
    json.dumps({"text": 42}),
    json.dumps({"text": "wohngeld", "lang": "xx"}),
    json.dumps(["wohngeld"]),
    json.dumps("wohngeld"),
])
def test_jsonl_bad_item_gives_error_in_place(kb_dir, capsys, monkeypatch, bad):
    good = json.dumps({"text": "wohngeld antrag", "lang": "de"})
    code, out, _ = run_jsonl(capsys, monkeypatch, [good, bad, good])
    assert code == 2
    assert len(out) == 3
    assert set(out[1]) == {"error"}
    assert out[0] == out[2]
    assert_contract(out[0])


def test_jsonl_lang_option_is_the_default_for_lines_without_lang(kb_dir, capsys, monkeypatch):
    lines = [json.dumps({"text": "wohngeld antrag"}),
             json.dumps({"text": "wohngeld antrag", "lang": "pl"})]
    code, out, _ = run_jsonl(capsys, monkeypatch, lines, "--lang", "ru")
    assert code == 0
    assert [r["lang"] for r in out] == ["ru", "pl"]
    assert out[0]["hits"][0]["title"] == WOHNGELD["ru"][0]


# --- bad and odd input ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01\x02"])
def test_empty_text_exits_2_with_message(kb_dir, capsys, text):
    code = main(["ask", text, "--json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip()
    assert "Traceback" not in out + err
    assert out.strip() == ""


def test_ten_thousand_characters_gives_a_valid_object(kb_dir, capsys):
    text = ("Ich suche einen Deutschkurs und brauche Hilfe bei der Miete. " * 200)[:10_000]
    assert len(text) == 10_000
    code, data, _ = run_json(capsys, text, "--lang", "de")
    assert code == 0
    assert_contract(data)


def test_ten_thousand_characters_of_one_word(kb_dir, capsys):
    code, data, _ = run_json(capsys, "a" * 10_000)
    assert code == 0
    assert_contract(data)


@pytest.mark.parametrize("lang", [None, "de", "ar"])
def test_only_emojis_is_not_answered(kb_dir, capsys, lang):
    args = ["😀😀😀🙏🏽👍"] + (["--lang", lang] if lang else [])
    code, data, _ = run_json(capsys, *args)
    assert code == 0
    assert_contract(data)
    assert data["answered"] is False
    if lang:
        assert data["lang"] == lang


def test_control_characters_are_tolerated(kb_dir, capsys):
    code, data, _ = run_json(capsys, "wo kann\x00 ich\x07 deutsch\x1b lernen\x7f", "--lang", "de")
    assert code == 0
    assert_contract(data)
    assert data["answered"] is True
    assert data["hits"][0]["id"] == "deutschkurs-vhs"


def test_mixed_scripts(kb_dir, capsys):
    code, data, _ = run_json(capsys, "wohngeld пожалуйста مساعدة في الايجار Miete 😀",
                             "--lang", "de")
    assert code == 0
    assert_contract(data)
    assert data["hits"][0]["id"] == "wohngeld"


def test_rtl_and_bidi_marks(kb_dir, capsys):
    code, data, _ = run_json(capsys, "\u200fمساعدة في\u200c الايجار\u200e", "--lang", "ar")
    assert code == 0
    assert_contract(data)
    assert data["hits"][0]["id"] == "wohngeld"


@pytest.mark.parametrize("args", [["wohngeld", "--lang", "xx"],
                                  ["wohngeld", "--lang", ""], ["--jsonl", "--lang", "xx"]])
def test_unsupported_lang_exits_2(kb_dir, capsys, monkeypatch, args):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "wohngeld"}\n'))
    code = main(["ask", *args, "--json"] if "--jsonl" not in args else ["ask", *args])
    out, err = capsys.readouterr()
    assert code == 2
    assert "lang" in err.lower()
    assert "Traceback" not in out + err


# --- the real knowledge base ---------------------------------------------------------------------

@pytest.fixture
def real_kb(monkeypatch, tmp_path):
    use_kb(monkeypatch, tmp_path, REAL_KB)


def test_real_kb_answers_where_to_learn_german(real_kb, capsys):
    code, data, _ = run_json(capsys, "Wo lerne ich Deutsch?", "--lang", "de")
    assert code == 0
    assert_contract(data)
    assert data["answered"] is True
    assert data["hits"][0]["topic"] == "language-courses"


@pytest.mark.parametrize("text", ["what's the weather today", "hi", "😀😀😀", "tell me a joke",
                                  "2+2"])
def test_real_kb_does_not_answer_off_topic(real_kb, capsys, text):
    code, data, _ = run_json(capsys, text, "--lang", "en")
    assert code == 0
    assert_contract(data)
    assert data["answered"] is False, data


@pytest.mark.parametrize(("text", "lang"), [("wie geht es dir", "de"), ("как дела", "ru"),
                                            ("wie wird das wetter morgen", "de")])
def test_real_kb_does_not_answer_small_talk(real_kb, capsys, text, lang):
    code, data, _ = run_json(capsys, text, "--lang", lang)
    assert code == 0
    assert data["answered"] is False, data


@pytest.mark.parametrize(("text", "allowed"), [("wie wird das wetter morgen", {"de"}),
                                               ("good morning", {"de", "en"})])
def test_real_kb_without_lang_text_gets_default_or_its_own_language(real_kb, capsys, text,
                                                                    allowed):
    # PRODUCT.md: "without it the language is detected or the default used" -- never the
    # language of whatever entry text happened to be the nearest noise match
    code, data, _ = run_json(capsys, text)
    assert code == 0
    assert data["lang"] in allowed, data
