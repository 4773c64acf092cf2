"""Knowledge maintenance in the core (bot.kb_edit, bot.inbox, bot.roles, bot.audit, bot.once):
changes are validated like files, audited, visible to the search after a reload, and only
coordinators may make them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import inbox, kb_edit, roles
from bot.guides import NotAllowed
from bot.knowledge_store import KnowledgeBase, seed_if_empty, version_stamp
from bot.models import AuditEntry, Guide, KbEntry, Question, User
from bot.once import claim
from bot.users import erase_user, export_user, get_or_create

ROOT = Path(__file__).resolve().parents[1]
COORD, OTHER_COORD, GUIDE, NEWCOMER = 1, 2, 11, 101


@pytest.fixture
def s(db):
    with db.session() as session:
        seed_if_empty(session, ROOT / "knowledge")
        session.commit()
        yield session


def coord(s) -> User:
    return get_or_create(s, COORD, is_coordinator=True)


def test_edit_one_language_is_validated_audited_and_searched(s):
    kb = KnowledgeBase.from_session(s)
    before = kb.index.search("Jobcenter Arbeit finden", "ar").hits[0].entry
    assert before.id == "jobcenter-arbeitsvermittlung"
    kb_edit.set_field(s, coord(s), before.id, "answer", "ar", "نص جديد تمامًا")
    s.commit()
    assert kb.get(before.id).i18n["ar"].answer != "نص جديد تمامًا"  # not before the reload
    kb.reload(s)
    assert kb.get(before.id).i18n["ar"].answer == "نص جديد تمامًا"
    assert kb.get(before.id).i18n["de"].answer == before.i18n["de"].answer  # others untouched
    row = s.scalars(select(AuditEntry)).one()
    assert (row.actor_id, row.action, row.target) == (COORD, "kb-edit", before.id)


@pytest.mark.parametrize(("code", "lang", "text", "field"), [
    ("phone", None, "call us maybe", "contact.phone"),
    ("email", None, "not-an-address", "contact.email"),
    ("website", None, "jobcenter dot de", "contact.website"),
    ("title", "de", "-", "i18n.de.title"),  # "-" empties a field; a title may not be empty
    ("answer", "ar", "x" * 4000, "i18n.ar.answer"),
])
def test_bad_values_are_refused_with_the_field_and_nothing_changes(s, code, lang, text, field):
    before = s.get(KbEntry, "praktikum").data
    with pytest.raises(kb_edit.EditError) as err:
        kb_edit.set_field(s, coord(s), "praktikum", code, lang, text)
    assert field in [p.field for p in err.value.problems]
    s.rollback()
    assert s.get(KbEntry, "praktikum").data == before
    assert not s.scalars(select(AuditEntry)).all()


def test_lists_are_typed_one_per_line_and_unknown_stays_empty(s):
    data = s.get(KbEntry, "praktikum").data
    new = kb_edit.with_value(data, "questions", "uk", "де практика?\n• як знайти практику\n\n")
    assert new["i18n"]["uk"]["questions"] == ["де практика?", "як знайти практику"]
    assert kb_edit.with_value(data, "phone", None, "-")["contact"]["phone"] == ""
    assert data == s.get(KbEntry, "praktikum").data  # a preview never touches the stored entry


def test_only_coordinators_change_the_base(s):
    newcomer = get_or_create(s, NEWCOMER)
    for call in (lambda: kb_edit.set_field(s, newcomer, "praktikum", "phone", None, ""),
                 lambda: kb_edit.verify(s, newcomer, "praktikum", dt.date(2026, 1, 1)),
                 lambda: kb_edit.set_archived(s, newcomer, "praktikum", True),
                 lambda: kb_edit.add_example(s, newcomer, "praktikum", "de", "x"),
                 lambda: inbox.groups(s, newcomer),
                 lambda: roles.promote(s, newcomer, NEWCOMER)):
        with pytest.raises(NotAllowed):
            call()


def test_archive_hides_and_verify_dates_and_stale_lists(s):
    kb = KnowledgeBase.from_session(s)
    today = dt.date(2026, 11, 22)
    stale_before = {r.id for r in kb_edit.stale(s, today)}
    va = s.get(KbEntry, "praktikum").data["verified_at"]
    assert ("praktikum" in stale_before) == (
        not va or dt.date.fromisoformat(va) < today - dt.timedelta(days=365))
    kb_edit.verify(s, coord(s), "praktikum", today)
    assert "praktikum" not in {r.id for r in kb_edit.stale(s, today)}
    assert "praktikum" in {r.id for r in kb_edit.stale(s, today + dt.timedelta(days=400))}
    kb_edit.set_archived(s, coord(s), "praktikum", True)
    s.commit()
    kb.reload(s)
    assert kb.get("praktikum") is None
    assert all(h.entry.id != "praktikum" for h in kb.index.search("Praktikum machen", "de").hits)
    assert "praktikum" not in {r.id for r in kb_edit.stale(s, today + dt.timedelta(days=400))}


def test_new_entry_in_german_is_live_and_others_fall_back(s):
    data = kb_edit.new_entry(s, "community-leisure", "Schachtreff im Stadtteil",
                             "Jeden Dienstag wird im Stadtteiltreff Schach gespielt.",
                             "Stadtteiltreff", question=("ar", "أين ألعب الشطرنج"))
    assert data["id"] == "schachtreff-im-stadtteil"
    kb_edit.save(s, coord(s), data, "kb-new")
    s.commit()
    kb = KnowledgeBase.from_session(s)
    res = kb.index.search("أين ألعب الشطرنج", "ar")
    assert res.answered and res.hits[0].entry.id == data["id"]
    # a second entry with the same title gets its own id
    again = kb_edit.new_entry(s, "community-leisure", "Schachtreff im Stadtteil", "x", "y")
    assert again["id"] == "schachtreff-im-stadtteil-2"


def test_inbox_groups_similar_questions_and_attaching_answers_them(s):
    c = coord(s)
    for i, (text, lang) in enumerate([("Wo kann ich Kegeln spielen?", "de"),
                                      ("wo kann ich kegeln spielen", "de"),
                                      ("Kegeln spielen wo?", "de"),
                                      ("Где можно поиграть в кегли?", "ru")]):
        s.add(Question(lang=lang, text=text, answered=False, hit_ids=[], top_score=10,
                       created_at=dt.datetime(2026, 11, 1, 10, i, tzinfo=dt.UTC)))
    s.add(Question(lang="de", text="Jobcenter Termin", answered=True, helpful=False,
                   hit_ids=["jobcenter-arbeitsvermittlung"], top_score=80))
    s.add(Question(lang="de", text=None, answered=False, hit_ids=[], top_score=0))  # no consent
    s.flush()
    groups = inbox.groups(s, c)
    assert [g.count for g in groups] == [3, 1, 1]
    assert groups[0].langs == {"de": 3}
    assert {g.text for g in groups[1:]} == {"Где можно поиграть в кегли?", "Jobcenter Termin"}
    assert [g.not_helpful for g in groups if g.text == "Jobcenter Termin"] == [1]
    kb = KnowledgeBase.from_session(s)
    assert not kb.index.search("Wo kann ich Kegeln spielen?", "de").answered
    kb_edit.add_example(s, c, "sport-verein", "de", groups[0].text)
    assert inbox.close_group(s, c, groups[0].question_id, "example") == 3
    s.commit()
    kb.reload(s)
    res = kb.index.search("Wo kann ich Kegeln spielen?", "de")
    assert res.answered and res.hits[0].entry.id == "sport-verein"
    assert [g.count for g in inbox.groups(s, c)] == [1, 1]
    # the grouping is kept between buttons, but a new question or a new verdict shows at once
    s.add(Question(lang="ru", text="где поиграть в кегли", answered=False, hit_ids=[],
                   top_score=5))
    s.flush()
    assert [g.count for g in inbox.groups(s, c)] == [2, 1]
    jc = s.scalars(select(Question).where(Question.text == "Jobcenter Termin")).one()
    jc.helpful = True  # the newcomer changed their mind
    s.flush()
    assert [g.count for g in inbox.groups(s, c)] == [2]


def test_roles_promote_demote_remove_with_a_trust_anchor(s):
    c = coord(s)
    other = get_or_create(s, OTHER_COORD)
    g = get_or_create(s, GUIDE)
    g.role = "guide"
    s.add(Guide(user_id=GUIDE, status="active", languages={"ar": 3}, districts=[], topics=[],
                availability=[], max_cases=2))
    s.flush()
    roles.promote(s, c, OTHER_COORD)
    assert other.role == "coordinator"
    with pytest.raises(roles.RoleRefused) as err:
        roles.promote(s, c, OTHER_COORD)
    assert err.value.reason == "already"
    with pytest.raises(roles.RoleRefused) as err:
        roles.promote(s, c, 999)
    assert err.value.reason == "unknown-user"
    with pytest.raises(roles.RoleRefused) as err:
        roles.demote(s, other, COORD, configured={COORD})
    assert err.value.reason == "configured"
    with pytest.raises(roles.RoleRefused) as err:
        roles.demote(s, c, COORD, configured=set())
    assert err.value.reason == "self"
    roles.demote(s, c, OTHER_COORD, configured={COORD})
    assert other.role == "newcomer"
    roles.remove(s, c, GUIDE)
    assert s.get(Guide, GUIDE).status == "removed" and g.role == "newcomer"
    assert [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "promote", "demote", "remove-guide"]


def test_audit_survives_erasure_without_the_person(s):
    c = coord(s)
    kb_edit.verify(s, c, "praktikum", dt.date(2026, 11, 1))
    s.commit()
    assert export_user(s, COORD)["coordinator_actions"][0]["action"] == "kb-verify"
    erase_user(s, COORD)
    s.commit()
    row = s.scalars(select(AuditEntry)).one()
    assert row.actor_id is None and row.action == "kb-verify"


def test_version_stamp_changes_with_every_change(s):
    kb = KnowledgeBase.from_session(s)
    assert not kb.reload_if_changed(s)
    first = version_stamp(s)
    kb_edit.verify(s, coord(s), "praktikum", dt.date(2026, 11, 1))
    s.commit()
    assert version_stamp(s) != first
    assert kb.reload_if_changed(s)
    assert not kb.reload_if_changed(s)


def test_claim_once_per_key(s):
    assert claim(s, "stale-2026-11")
    assert not claim(s, "stale-2026-11")
    assert claim(s, "stale-2026-12")
    s.commit()


def test_find_by_title_in_any_script_by_provider_and_id_including_archived(s):
    ar_title = s.get(KbEntry, "praktikum").data["i18n"]["ar"]["title"]
    word = max((w for w in ar_title.split() if all("\u0600" <= ch <= "\u06ff" for ch in w)),
               key=len)
    assert "praktikum" in {r.id for r in kb_edit.find(s, word, limit=100)}
    assert [r.id for r in kb_edit.find(s, "praktikum")][:1] == ["praktikum"]
    provider = s.get(KbEntry, "praktikum").data["provider"]
    assert "praktikum" in {r.id for r in kb_edit.find(s, provider.split()[0].upper(), 100)}
    kb_edit.set_archived(s, coord(s), "praktikum", True)
    found = kb_edit.find(s, "praktikum")
    assert found and found[0].archived and found[0].title("uk")  # coordinators still find it
    assert kb_edit.find(s, "zzzz nothing like this") == []
