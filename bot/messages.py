"""Every text a person reads, in one place, through gettext.

Functions take the reader's translations (`tr`) so a text is always rendered in the reader's
language at the moment it is sent; nothing lazy is stored. msgids are English.
"""

from __future__ import annotations

from gettext import NullTranslations

Tr = NullTranslations
PRIVACY_VERSION = 1


def topic_name(tr: Tr, topic: str) -> str:
    _ = tr.gettext
    names = {
        "language-courses": _("German courses"),
        "migration-counselling": _("Migration counselling"),
        "residence-asylum": _("Residence and asylum"),
        "work-training": _("Work and training"),
        "recognition": _("Recognition of qualifications"),
        "housing": _("Housing"),
        "health": _("Health"),
        "children-education": _("Children, Kita and school"),
        "migrant-organisations": _("Migrant organisations"),
        "volunteering": _("Integration guides and volunteering"),
        "discrimination": _("Discrimination"),
        "benefits-money": _("Money and benefits"),
        "everyday-admin": _("Everyday matters and offices"),
        "emergency": _("Emergency and crisis"),
        "community-leisure": _("Meeting people and leisure"),
    }
    return names.get(topic, topic)


def choose_language(tr: Tr) -> str:
    return tr.gettext("Please choose your language.")


def privacy_notice(tr: Tr) -> str:
    _ = tr.gettext
    return _(
        "<b>Your data</b>\n"
        "Lotsenbot helps newcomers in Magdeburg. To answer you, we store your language. "
        "If you agree, we also store your questions (so that the city's team can improve the "
        "answers) and what you tell us when you ask for a guide. Nobody else sees it. You can "
        "download or delete everything at any time with /mydata and /delete.\n\n"
        "Do you agree?"
    )


def consent_yes(tr: Tr) -> str:
    return tr.gettext("Yes, I agree")


def consent_no(tr: Tr) -> str:
    return tr.gettext("No, thanks")


def consent_given(tr: Tr) -> str:
    return tr.gettext("Thank you. You can change your mind at any time with /delete.")


def consent_refused(tr: Tr) -> str:
    return tr.gettext(
        "All right. We store nothing but your language. You can still ask questions; "
        "to get a personal guide you need to agree first (/start)."
    )


def hello(tr: Tr) -> str:
    return tr.gettext("Hello! 👋")


def crisis_intro(tr: Tr) -> str:
    return tr.gettext(
        "You are not alone. Please talk to someone now: these people listen, free of charge, "
        "anonymously, day and night. If you are in danger right now, call 112.")


def about_me(tr: Tr) -> str:
    return tr.gettext(
        "I am Lotsenbot, a chat bot (not a person) for newcomers in Magdeburg. I answer "
        "questions about learning German, residence papers, work, housing, health, children, "
        "money and everyday life, in your language. When you need a person, I can put you in "
        "touch with a volunteer integration guide (Integrationslots*in).")


def you_are_welcome(tr: Tr) -> str:
    return tr.gettext("You're welcome! Write to me whenever you have a question.")


def main_menu(tr: Tr) -> str:
    return tr.gettext("What can I do for you? Write your question in your own words, or choose:")


def menu_buttons(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {
        "ask": _("❓ Ask a question"),
        "topics": _("📚 Browse topics"),
        "guide": _("🤝 Find a guide"),
        "emergency": _("🆘 Emergency numbers"),
        "language": _("🌐 Language"),
        "mydata": _("🔒 My data"),
    }


def ask_prompt(tr: Tr) -> str:
    return tr.gettext("Write your question in a few words, in any language.")


def help_text(tr: Tr) -> str:
    _ = tr.gettext
    return _(
        "I answer questions about life in Magdeburg: German courses, offices, work, housing, "
        "health, school and more. Just write your question.\n\n"
        "/menu – main menu\n/language – change language\n/help – this help\n"
        "/cancel – stop what you are doing\n/mydata – your data\n/delete – delete your data\n\n"
        "In an emergency call 112 (ambulance, fire) or 110 (police)."
    )


def cancelled(tr: Tr) -> str:
    return tr.gettext("Stopped. What else can I do for you?")


def no_answer(tr: Tr) -> str:
    return tr.gettext(
        "I am sorry, I have no good answer to that. You can browse the topics, or ask for a "
        "personal guide who helps you further."
    )


def recorded_for_team(tr: Tr) -> str:
    return tr.gettext("Your question was passed on to the team so that we can add an answer.")


def not_sure(tr: Tr) -> str:
    return tr.gettext(
        "I am not sure I understood what you need. Is it one of these? If not, you can browse "
        "the topics, or ask for a personal guide who helps you further."
    )


def fallback_notice(tr: Tr) -> str:
    return tr.gettext("This text is not yet available in your language; here it is in German "
                      "and English.")


def card_labels(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {
        "provider": _("Provider"),
        "address": _("Address"),
        "hours": _("Opening hours"),
        "phone": _("Phone"),
        "email": _("E-mail"),
        "website": _("Website"),
        "languages": _("Languages spoken there"),
        "audience": _("For whom"),
        "cost": _("Cost"),
        "german": _("In German"),
        "check": _("Please check address and opening hours before you go; "
                   "we do not have them yet."),
    }


def verified_on(tr: Tr, date_text: str) -> str:
    return tr.gettext("Last checked: {date}").format(date=date_text)


def not_verified(tr: Tr) -> str:
    return tr.gettext("Not yet checked by the team.")


def answer_buttons(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {
        "other": _("Other answers"),
        "helpful": _("👍 Helpful"),
        "not_helpful": _("👎 Not helpful"),
        "guide": _("🤝 Talk to a guide"),
        "map": _("📍 Show on map"),
        "topics": _("📚 Topics"),
        "menu": _("☰ Menu"),
        "back": _("⬅ Back"),
        "more": _("More ➡"),
        "prev": _("⬅ Previous"),
        "nearby": _("📍 Offers near me"),
    }


def thanks_feedback(tr: Tr, helpful: bool) -> str:
    if helpful:
        return tr.gettext("Thank you for your feedback!")
    return tr.gettext("Thank you. We will improve this answer.")


def other_answers_header(tr: Tr) -> str:
    return tr.gettext("Other answers:")


def no_other_answers(tr: Tr) -> str:
    return tr.gettext("There are no other answers.")


def choose_topic(tr: Tr) -> str:
    return tr.gettext("Choose a topic:")


def entries_of_topic(tr: Tr, topic_text: str, page: int, pages: int) -> str:
    return tr.gettext("{topic} – page {page} of {pages}").format(
        topic=topic_text, page=page, pages=pages)


def nearby_choose_topic(tr: Tr) -> str:
    return tr.gettext("Which offers are you looking for near you?")


def nearby_send_location(tr: Tr) -> str:
    return tr.gettext("Please share your location (📎 → Location). It is used once and not stored.")


def share_location_button(tr: Tr) -> str:
    return tr.gettext("📍 Share my location")


def nearby_result(tr: Tr, count: int) -> str:
    return tr.ngettext("The closest offer:", "The {n} closest offers:", count).format(n=count)


def nearby_none(tr: Tr) -> str:
    return tr.gettext("For this topic we have no offers with a place on the map yet.")


def distance(tr: Tr, km_text: str) -> str:
    return tr.gettext("{km} km").format(km=km_text)


def emergency_text(tr: Tr) -> str:
    _ = tr.gettext
    return _(
        "<b>Emergency numbers (free, 24 hours)</b>\n"
        "🚓 Police: {police}\n"
        "🚑 Ambulance and fire brigade: {ambulance}\n"
        "🩺 Doctor on call when practices are closed: {doctor}\n"
        "🛡 Violence against women (many languages): {women}\n"
        "📞 Crisis line (TelefonSeelsorge): {crisis}\n"
        "🧒 Children and young people: {kids}"
    )


def guide_request_intro(tr: Tr) -> str:
    return tr.gettext(
        "Integration guides (Integrationslotsen) are volunteers who go with you to offices "
        "and help you find a German course or work. What do you need help with?"
    )


def guide_needs_consent(tr: Tr) -> str:
    return tr.gettext("To find a guide for you we need your consent to store your request. "
                      "Do you agree?")


def outdated_button(tr: Tr) -> str:
    return tr.gettext("This button is no longer valid. Here is the menu.")


def unsupported_update(tr: Tr) -> str:
    return tr.gettext("I can only read text messages. Please write your question.")


def too_long(tr: Tr, limit: int) -> str:
    return tr.gettext("Your message was long; I read only the first {limit} characters.").format(
        limit=limit)


def slow_down(tr: Tr) -> str:
    return tr.gettext("Please slow down a little – I will answer your next message.")


def group_only_help(tr: Tr) -> str:
    return tr.gettext("I answer personal questions only in a private chat. Please write to me "
                      "directly: {link}")


def error_text(tr: Tr) -> str:
    return tr.gettext("Sorry, something went wrong on our side. Please try again in a moment.")


def language_set(tr: Tr) -> str:
    return tr.gettext("Language set: English.")


def mydata_text(tr: Tr) -> str:
    return tr.gettext("Here is everything we have stored about you.")


def command_descriptions(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {
        "start": _("Start and choose language"),
        "menu": _("Main menu"),
        "help": _("Help"),
        "language": _("Change language"),
        "cancel": _("Stop the current step"),
        "mydata": _("Show my data"),
        "delete": _("Delete my data"),
    }


def delete_confirm(tr: Tr) -> str:
    return tr.gettext("Do you really want to delete everything we stored about you? "
                      "This cannot be undone.")


def delete_yes(tr: Tr) -> str:
    return tr.gettext("Yes, delete everything")


def deleted(tr: Tr) -> str:
    return tr.gettext("Done. Everything we stored about you has been deleted. "
                      "Write /start to begin again.")


def files_refused(tr: Tr) -> str:
    return tr.gettext("I cannot accept files here. Please write your question as text.")


def newcomer_left(tr: Tr, case_id: int) -> str:
    return tr.gettext("The person of case #{id} has deleted their data in the bot; the case is "
                      "closed.").format(id=case_id)
