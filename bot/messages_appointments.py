"""Texts about appointments and reminders (see messages.py)."""

from __future__ import annotations

from bot.messages import Tr


def ask_when(tr: Tr) -> str:
    return tr.gettext("When is the appointment? Choose a day below, or type the date and time, "
                      "for example 24.12. 14:30 or tomorrow 10:00.")


def ask_hour(tr: Tr, day: str) -> str:
    return tr.gettext("{day}: at what time?").format(day=day)


def ask_minute(tr: Tr, day: str, hour: str) -> str:
    return tr.gettext("{day}, {hour}: minutes?").format(day=day, hour=hour)


def bad_time(tr: Tr) -> str:
    return tr.gettext("I could not read that date, or it lies in the past. Please type it like "
                      "24.12. 14:30 or tomorrow 10:00.")


def ask_place(tr: Tr) -> str:
    return tr.gettext("Where? Type the place, for example the office and its address.")


def ask_bring(tr: Tr) -> str:
    return tr.gettext("What should the person bring? Type it separated by commas (passport, "
                      "letter, photos), or tap Skip.")


def created(tr: Tr, when: str) -> str:
    return tr.gettext("Appointment saved for {when}. We asked the person to confirm.").format(
        when=when)


def appointment_text(tr: Tr, *, when: str, place: str, bring: str, note: str) -> str:
    return tr.gettext("📅 <b>Appointment with your integration guide</b>\nWhen: {when}\n"
                      "Where: {place}\n{bring}{note}").format(when=when, place=place,
                                                               bring=bring, note=note)


def bring_line(tr: Tr, items: str) -> str:
    return tr.gettext("Please bring: {items}").format(items=items)


def buttons(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {"confirm": _("✅ I will come"), "other": _("🔄 Another time, please"),
            "cancel": _("✖ Cancel appointment"), "reschedule": _("🕑 Change time"),
            "ics": _("📎 Add to calendar"), "new": _("📅 New appointment"),
            "skip": _("Skip")}


def answered_confirm(tr: Tr, name: str, when: str) -> str:
    return tr.gettext("{name} confirmed the appointment on {when}.").format(name=name, when=when)


def answered_other(tr: Tr, name: str, when: str) -> str:
    return tr.gettext("{name} asks for another time instead of {when}. Please suggest a new "
                      "time.").format(name=name, when=when)


def thanks_answer(tr: Tr) -> str:
    return tr.gettext("Thank you, your guide has been told.")


def rescheduled(tr: Tr, when: str) -> str:
    return tr.gettext("The appointment was moved to {when}.").format(when=when)


def cancelled(tr: Tr, when: str) -> str:
    return tr.gettext("The appointment on {when} was cancelled.").format(when=when)


def reminder(tr: Tr, when: str, place: str) -> str:
    return tr.gettext("⏰ Reminder: appointment on {when}, {place}.").format(when=when,
                                                                           place=place)


def unconfirmed(tr: Tr, when: str) -> str:
    return tr.gettext("The appointment on {when} has not been confirmed yet. You may want to "
                      "write to the person.").format(when=when)


def agenda_header(tr: Tr, count: int) -> str:
    return tr.ngettext("Your appointment in the next 7 days:",
                       "Your {n} appointments in the next 7 days:", count).format(n=count)


def agenda_empty(tr: Tr) -> str:
    return tr.gettext("No appointments in the next 7 days.")


def calendar_title(tr: Tr) -> str:
    return tr.gettext("Appointment (Lotsenbot)")


def leads_menu(tr: Tr) -> str:
    return tr.gettext("When should I remind you before an appointment?")


def leads_options(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {"1440,120": _("1 day and 2 hours before"), "1440": _("1 day before"),
            "120": _("2 hours before"), "60": _("1 hour before")}


def leads_saved(tr: Tr) -> str:
    return tr.gettext("Saved. Reminders for new and changed appointments follow this setting.")


def ask_note(tr: Tr) -> str:
    return tr.gettext("A short note for the person (for example: we meet at the entrance)? "
                      "Type it, or tap Skip.")


def digest_header(tr: Tr, count: int) -> str:
    return tr.ngettext("Good morning! Today you have {n} appointment:",
                       "Good morning! Today you have {n} appointments:", count).format(n=count)


def digest_buttons(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {"on": _("☀ Morning overview: on"), "off": _("☀ Morning overview: off")}


def digest_saved(tr: Tr, on: bool) -> str:
    if on:
        return tr.gettext("You will get an overview of the day's appointments at 08:00.")
    return tr.gettext("No more morning overviews.")


def inactive_case(tr: Tr, case_id: int, days: int) -> str:
    return tr.ngettext("Case #{id} has had no activity for {days} day. Is everything all right?",
                       "Case #{id} has had no activity for {days} days. Is everything all "
                       "right?", days).format(id=case_id, days=days)
