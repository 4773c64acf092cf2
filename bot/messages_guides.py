"""Texts of the guide side: becoming a guide, requests, proposals, cases (see messages.py)."""

from __future__ import annotations

from typing import Any

from bot.messages import Tr

LEVELS = {1: "★", 2: "★★", 3: "★★★"}


def reason(tr: Tr, parts: list[list[Any]], reader_lang: str | None = None) -> str:
    """Why a guide was proposed, in the reader's language (language names too, when known)."""
    _ = tr.gettext
    levels = {1: _("basic"), 2: _("good"), 3: _("native/fluent")}
    out = []
    for kind, *a in parts:
        if kind == "speaks":
            name = a[0]
            if reader_lang is not None:
                from bot.i18n import babel_locale

                name = babel_locale(reader_lang).languages.get(a[0], a[0])
            out.append(_("speaks {language} ({level})").format(language=name,
                                                               level=levels.get(a[1], "?")))
        elif kind == "same-district":
            out.append(_("same district {district}").format(district=a[0]))
        elif kind == "near-district":
            out.append(_("neighbouring district of {district}").format(district=a[0]))
        elif kind == "topics":
            out.append(_("topics {matched}/{wanted}").format(matched=a[0], wanted=a[1]))
        elif kind == "load":
            out.append(_("load {cases}/{capacity}").format(cases=a[0], capacity=a[1]))
        elif kind == "coordinator":
            out.append(_("chosen by a coordinator"))
        elif kind == "days":
            out.append(tr.ngettext("available {n} day a week", "available {n} days a week",
                                   a[0]).format(n=a[0]))
    return "; ".join(out)


def urgency_names(tr: Tr) -> list[str]:
    _ = tr.gettext
    return [_("This week"), _("This month"), _("No rush")]


def outcome_name(tr: Tr, outcome: str | None) -> str:
    _ = tr.gettext
    names = {
        "course-found": _("Found a course"),
        "authority-done": _("Appointment at the authority done"),
        "work-found": _("Found work or training"),
        "flat-found": _("Found a flat"),
        "no-longer-needed": _("No longer needed"),
        "moved-away": _("Moved away"),
        "no-contact": _("No contact possible"),
        "other": _("Other"),
        "reassigned": _("Another guide took over"),
    }
    return names.get(outcome or "", outcome or "")


def status_name(tr: Tr, status: str) -> str:
    _ = tr.gettext
    return {"active": _("active"), "paused": _("paused"), "closed": _("closed"),
            "open": _("open"),
            # a proposal to a guide, in the coordinators' waiting list
            "pending": _("waiting for an answer"), "accepted": _("accepted"),
            "declined": _("declined"), "expired": _("no answer in time")}.get(status, status)


def wizard_buttons(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {"next": _("Next ➡"), "done": _("✅ Done"), "unknown": _("I don't know"),
            "yes": _("Yes"), "no": _("No"), "skip": _("Skip"), "agree": _("✅ I agree"),
            "cancel": _("✖ Cancel")}


def weekday_names(tr: Tr) -> list[str]:
    _ = tr.gettext
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


# -- becoming a guide ---------------------------------------------------------------------
def invite_created(tr: Tr, link: str, days: int) -> str:
    return tr.ngettext("Invitation link for a new guide (valid for {days} day, one use):\n{link}",
                       "Invitation link for a new guide (valid for {days} days, one use):\n"
                       "{link}", days).format(days=days, link=link)


def invite_invalid(tr: Tr) -> str:
    return tr.gettext("This invitation link is not valid any more. Please ask the coordinators "
                      "for a new one.")


def welcome_guide(tr: Tr) -> str:
    return tr.gettext("Welcome as an integration guide (Integrationslotse)! Please tell us "
                      "about yourself in a few steps.")


def ask_guide_languages(tr: Tr) -> str:
    return tr.gettext("Which languages do you speak? Tap a language to set your level "
                      "(★ basic, ★★ good, ★★★ fluent or native); tap again to change it.")


def ask_guide_districts(tr: Tr) -> str:
    return tr.gettext("In which districts of Magdeburg can you meet people?")


def ask_guide_topics(tr: Tr) -> str:
    return tr.gettext("Which topics do you know well?")


def ask_guide_days(tr: Tr) -> str:
    return tr.gettext("On which days are you usually available?")


def ask_guide_max(tr: Tr) -> str:
    return tr.gettext("How many people can you accompany at the same time?")


def guide_profile_saved(tr: Tr) -> str:
    return tr.gettext("Thank you, your profile is saved. We will send you requests that fit "
                      "you. /cases shows your cases, /profile changes your profile, /pause "
                      "pauses requests (holiday).")


def guide_profile_incomplete(tr: Tr) -> str:
    return tr.gettext("Please choose at least one language and one district.")


def applied(tr: Tr) -> str:
    return tr.gettext("Thank you for your interest! The coordinators will look at your "
                      "application and write to you here.")


def application_approved(tr: Tr) -> str:
    return tr.gettext("Your application was approved. Welcome! Please fill in your profile: "
                      "/profile")


def application_rejected(tr: Tr) -> str:
    return tr.gettext("Thank you for your interest. The coordinators cannot take on more guides "
                      "at the moment.")


def applications_header(tr: Tr, count: int) -> str:
    return tr.ngettext("{n} open application:", "{n} open applications:", count).format(n=count)


def no_applications(tr: Tr) -> str:
    return tr.gettext("There are no open applications.")


def pause_menu(tr: Tr) -> str:
    return tr.gettext("Pause new requests (for example during a holiday). Your current cases "
                      "stay with you.")


def pause_buttons(tr: Tr) -> dict[int, str]:
    _ = tr.gettext
    return {7: _("1 week"), 14: _("2 weeks"), 28: _("4 weeks"), 0: _("Resume now")}


def paused_until(tr: Tr, date_text: str) -> str:
    return tr.gettext("Paused until {date}. You will get no new requests until then.").format(
        date=date_text)


def resumed(tr: Tr) -> str:
    return tr.gettext("Welcome back! You will get new requests again.")


def only_guides(tr: Tr) -> str:
    return tr.gettext("This is only for integration guides. To become one, write /apply.")


def only_coordinators(tr: Tr) -> str:
    return tr.gettext("This is only for coordinators.")


def not_allowed(tr: Tr) -> str:
    return tr.gettext("This is not possible (any more).")


# -- asking for a guide -------------------------------------------------------------------
def ask_request_languages(tr: Tr) -> str:
    return tr.gettext("Which languages do you speak? Choose all that apply.")


def ask_request_district(tr: Tr) -> str:
    return tr.gettext("In which district of Magdeburg do you live?")


def ask_request_topics(tr: Tr) -> str:
    return tr.gettext("What do you need help with? Choose one or more topics.")


def ask_request_urgency(tr: Tr) -> str:
    return tr.gettext("How urgent is it?")


def ask_request_bridge(tr: Tr) -> str:
    return tr.gettext("Is a guide who speaks German or English with you also fine?")


def ask_request_note(tr: Tr) -> str:
    return tr.gettext("If you like, write one sentence about what you need. Or tap Skip.")


def ask_request_consent(tr: Tr) -> str:
    return tr.gettext("We will show the guide your first name, your languages, your district "
                      "and your topics (and your sentence), nothing else. Do you agree?")


def request_incomplete(tr: Tr) -> str:
    return tr.gettext("Please choose at least one language and one topic.")


def request_proposed(tr: Tr) -> str:
    return tr.gettext("Thank you! We have asked a guide who fits you. We will write to you "
                      "here as soon as they answer.")


def request_waiting(tr: Tr) -> str:
    return tr.gettext("Thank you. At the moment no guide who fits you is free. Your request is "
                      "on the waiting list; the coordinators see it and will look for someone. "
                      "We will write to you here.")


def request_already_open(tr: Tr) -> str:
    return tr.gettext("Your request for a guide is already being handled. We will write to you "
                      "here.")


def matched_newcomer(tr: Tr, name: str) -> str:
    return tr.gettext("Good news: {name} is now your integration guide. You can write to them "
                      "here in the bot; your phone number stays private.").format(name=name)


# -- proposals to guides ---------------------------------------------------------------------
def proposal_text(tr: Tr, *, name: str, languages: str, district: str, topics: str,
                  urgency: str, note: str, reason: str, deadline: str) -> str:
    return tr.gettext(
        "<b>New request</b>\nName: {name}\nLanguages: {languages}\nDistrict: {district}\n"
        "Needs help with: {topics}\nUrgency: {urgency}\n{note}\nWhy you: {reason}\n\n"
        "Please answer by {deadline}."
    ).format(name=name, languages=languages, district=district, topics=topics, urgency=urgency,
             note=note, reason=reason, deadline=deadline)


def proposal_buttons(tr: Tr) -> tuple[str, str]:
    return tr.gettext("✅ Accept"), tr.gettext("✖ Decline")


def proposal_accepted(tr: Tr) -> str:
    return tr.gettext("Thank you! The case is opened. Write to the person with the button "
                      "below; /cases shows all your cases.")


def proposal_declined(tr: Tr) -> str:
    return tr.gettext("All right, we will ask another guide.")


def proposal_expired(tr: Tr) -> str:
    return tr.gettext("The time to answer this request has passed; it went to another guide.")


# -- cases ------------------------------------------------------------------------------------
def cases_header(tr: Tr, count: int) -> str:
    return tr.ngettext("You have {n} case:", "You have {n} cases:", count).format(n=count)


def no_cases(tr: Tr) -> str:
    return tr.gettext("You have no cases yet.")


def case_text(tr: Tr, *, case_id: int, name: str, status: str, topics: str, last: str,
              outcome: str) -> str:
    return tr.gettext("<b>Case #{id}</b> – {name}\nStatus: {status}\nTopics: {topics}\n"
                      "Last activity: {last}\n{outcome}").format(
        id=case_id, name=name, status=status, topics=topics, last=last, outcome=outcome)


def notes_header(tr: Tr) -> str:
    return tr.gettext("Private notes (only you and the coordinators see them):")


def case_buttons(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {"write": _("💬 Write"), "note": _("📝 Add note"), "pause": _("⏸ Pause"),
            "resume": _("▶ Resume"), "contact": _("📇 Share my contact"),
            "close": _("✔ Close case"), "another": _("🔄 Another guide"),
            "cases": _("📂 My cases"), "appointment": _("📅 Appointment")}


def write_prompt(tr: Tr) -> str:
    return tr.gettext("Write your message now. It will be passed on. /cancel ends writing.")


def note_prompt(tr: Tr) -> str:
    return tr.gettext("Write your note now. /cancel to stop.")


def note_saved(tr: Tr) -> str:
    return tr.gettext("Note saved.")


def relayed_label(tr: Tr, case_id: int, name: str) -> str:
    return tr.gettext("💬 Case #{id} – {name}:").format(id=case_id, name=name)


def relay_sent(tr: Tr) -> str:
    return tr.gettext("✓ Passed on. Write more, or /cancel.")


def reply_button(tr: Tr) -> str:
    return tr.gettext("↩ Reply")


def choose_outcome(tr: Tr) -> str:
    return tr.gettext("How did the case end?")


def case_closed(tr: Tr) -> str:
    return tr.gettext("The case is closed. Thank you!")


def case_closed_newcomer(tr: Tr) -> str:
    return tr.gettext("Your guide has closed your case. If you need help again, choose "
                      "“Find a guide” in the menu.")


def contact_waiting(tr: Tr) -> str:
    return tr.gettext("Noted. Your contact is shared only when the other side agrees too.")


def contact_shared(tr: Tr, link: str) -> str:
    return tr.gettext("You both agreed to share contacts: {link}").format(link=link)


def contact_asked(tr: Tr) -> str:
    return tr.gettext("The other side would like to share contacts. Tap “Share my contact” if "
                      "you agree.")


def my_guide(tr: Tr, name: str, status: str) -> str:
    return tr.gettext("Your integration guide: {name} (case {status}).").format(name=name,
                                                                             status=status)


def waiting_header(tr: Tr, count: int) -> str:
    return tr.ngettext("{n} request is waiting for a guide (oldest first):",
                       "{n} requests are waiting for a guide (oldest first):",
                       count).format(n=count)


def nobody_waiting(tr: Tr) -> str:
    return tr.gettext("Nobody is waiting for a guide.")


def someone() -> str:
    return "—"
