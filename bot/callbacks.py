"""Callback data: short, versionless strings that name an action and object ids.

Telegram allows 64 bytes. Every incoming value is parsed strictly; anything that does not match
is treated as an outdated or forged button, and ownership of ids is checked in the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.districts import DISTRICTS
from bot.topics import ALL_LANGUAGES, TOPICS

MAX_BYTES = 64
_PATTERNS: dict[str, re.Pattern[str]] = {
    "lang": re.compile(r"^l:([a-z]{2})$"),
    "consent": re.compile(r"^c:([01])$"),
    "menu": re.compile(r"^m:(ask|topics|guide|emergency|language|mydata|home)$"),
    "topics": re.compile(r"^tp:(\d{1,2})$"),  # page of topic list
    "topic": re.compile(r"^t:(\d{1,2}):(\d{1,3})$"),  # topic index, page
    "entry": re.compile(r"^e:([a-z0-9][a-z0-9-]{1,39})$"),
    "map": re.compile(r"^v:([a-z0-9][a-z0-9-]{1,39})$"),
    "other": re.compile(r"^o:(\d{1,12})$"),
    "feedback": re.compile(r"^f:(\d{1,12}):([01])$"),
    "guide": re.compile(r"^g:(\d{1,2}|-)$"),  # topic index or none
    "nearby": re.compile(r"^n:(\d{1,2})$"),
    "delete": re.compile(r"^d:(yes|no)$"),
    # guide profile wizard
    "g_lang": re.compile(r"^gl:([a-z]{2})$"),
    "g_district": re.compile(r"^gd:(\d{1,2})$"),
    "g_dpage": re.compile(r"^gdp:(\d{1,2})$"),
    "g_topic": re.compile(r"^gt:(\d{1,2})$"),
    "g_day": re.compile(r"^ga:([0-6])$"),
    "g_max": re.compile(r"^gm:([1-5])$"),
    "g_step": re.compile(r"^gs:(districts|topics|days|max)$"),
    "g_pause": re.compile(r"^gp:(0|7|14|28)$"),
    # a newcomer's request form
    "r_lang": re.compile(r"^rl:([a-z]{2})$"),
    "r_district": re.compile(r"^rd:(\d{1,2}|-)$"),
    "r_dpage": re.compile(r"^rdp:(\d{1,2})$"),
    "r_topic": re.compile(r"^rt:(\d{1,2})$"),
    "r_urgency": re.compile(r"^ru:([012])$"),
    "r_bridge": re.compile(r"^rb:([01])$"),
    "r_step": re.compile(r"^rs:(district|topics|urgency|consent)$"),
    "r_consent": re.compile(r"^rc:([01])$"),
    # proposals and cases
    "p_accept": re.compile(r"^pa:(\d{1,12})$"),
    "p_decline": re.compile(r"^pd:(\d{1,12})$"),
    "c_list": re.compile(r"^cl:(\d{1,3})$"),
    "c_show": re.compile(r"^cs:(\d{1,12})$"),
    "c_write": re.compile(r"^cw:(\d{1,12})$"),
    "c_note": re.compile(r"^cn:(\d{1,12})$"),
    "c_closemenu": re.compile(r"^cx:(\d{1,12})$"),
    "c_close": re.compile(r"^co:(\d{1,12}):(\d)$"),
    "c_pause": re.compile(r"^cp:(\d{1,12}):([01])$"),
    "c_contact": re.compile(r"^ck:(\d{1,12})$"),
    "c_another": re.compile(r"^cr:(\d{1,12})$"),
    # appointments: new (case), move, picker day/hour/minute, answers, cancel, calendar, leads
    "a_new": re.compile(r"^ap:(\d{1,12})$"),
    "a_move": re.compile(r"^ac:(\d{1,12})$"),
    "a_day": re.compile(r"^ad:([ca]\d{1,12}):(\d{8})$"),
    "a_hour": re.compile(r"^ah:([ca]\d{1,12}):(\d{8}):(\d{2})$"),
    "a_minute": re.compile(r"^am:([ca]\d{1,12}):(\d{8}):(\d{2}):(\d{2})$"),
    "a_yes": re.compile(r"^ay:(\d{1,12})$"),
    "a_no": re.compile(r"^an:(\d{1,12})$"),
    "a_cancel": re.compile(r"^ax:(\d{1,12})$"),
    "a_ics": re.compile(r"^ai:(\d{1,12})$"),
    "a_skip": re.compile(r"^ak$"),
    "a_leads": re.compile(r"^al:([0-3])$"),
    "a_digest": re.compile(r"^dg:([01])$"),
    # coordinators
    "a_approve": re.compile(r"^aa:(\d{1,15})$"),
    "a_reject": re.compile(r"^ar:(\d{1,15})$"),
    # knowledge maintenance
    "kb_show": re.compile(r"^ke:([a-z0-9][a-z0-9-]{1,39})$"),
    "kb_field": re.compile(r"^kf:([a-z0-9][a-z0-9-]{1,39}):([a-z]{2,9})$"),
    "kb_lang": re.compile(r"^kl:([a-z0-9][a-z0-9-]{1,39}):([a-z]{2,9}):([a-z]{2})$"),
    "kb_save": re.compile(r"^ks$"),
    "kb_cancel": re.compile(r"^kc$"),
    "kb_verify": re.compile(r"^kv:([a-z0-9][a-z0-9-]{1,39})$"),
    "kb_archive": re.compile(r"^ka:([a-z0-9][a-z0-9-]{1,39}):([01])$"),
    "kb_new": re.compile(r"^kn:(\d{1,2}|-)$"),
    "kb_stale": re.compile(r"^kst:(\d{1,3})$"),
    "kb_import": re.compile(r"^ki:(\d{1,12}):([01])$"),
    "kb_restore": re.compile(r"^kr:(\d{1,12})$"),
    "kb_export": re.compile(r"^kx:(csv|xlsx|zip)$"),
    # inbox
    "in_show": re.compile(r"^iq:(\d{1,12})$"),
    "in_attach": re.compile(r"^ia:(\d{1,12}):([a-z0-9][a-z0-9-]{1,39})$"),
    "in_new": re.compile(r"^iw:(\d{1,12})$"),
    "in_dismiss": re.compile(r"^ix:(\d{1,12})$"),
    # guide pool, roles, waiting list, broadcast, figures
    "pool_list": re.compile(r"^pl:(active|paused|pending):(\d{1,3})$"),
    "pool_show": re.compile(r"^ps:(\d{1,15})$"),
    "pool_remove": re.compile(r"^pr:(\d{1,15}):([01])$"),
    "pool_promote": re.compile(r"^pu:(\d{1,15})$"),
    "pool_demote": re.compile(r"^pw:(\d{1,15})$"),
    "w_pick": re.compile(r"^wp:(\d{1,12})$"),
    "w_assign": re.compile(r"^wa:(\d{1,12}):(\d{1,15})$"),
    "b_audience": re.compile(r"^ba:(all|l-[a-z]{2}|d-\d{1,2}|lang|district)$"),
    "b_send": re.compile(r"^bs:([01])$"),
    "stats": re.compile(r"^st:(month|lastmonth|year|lastyear)$"),
}
#: every action only a coordinator may use (checked once in the router, again in the core)
COORDINATOR_ACTIONS = frozenset(
    a for a in _PATTERNS if a.startswith(("kb_", "in_", "pool_", "w_", "b_"))
) | {"stats", "a_approve", "a_reject"}


@dataclass(frozen=True)
class Callback:
    action: str
    args: tuple[str, ...]


def parse(data: str | None) -> Callback | None:
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    for action, pat in _PATTERNS.items():
        m = pat.match(data)
        if m:
            cb = Callback(action, m.groups())
            if action in ("lang", "g_lang", "r_lang") and cb.args[0] not in ALL_LANGUAGES:
                return None
            if action == "kb_lang" and cb.args[2] not in ALL_LANGUAGES:
                return None
            if action == "kb_new" and cb.args[0] != "-" and int(cb.args[0]) >= len(TOPICS):
                return None
            if action in ("g_district", "r_district") and cb.args[0] != "-" and int(
                    cb.args[0]) >= len(DISTRICTS):
                return None
            if action in ("g_topic", "r_topic") and int(cb.args[0]) >= len(TOPICS):
                return None
            if action in ("topic", "nearby") and int(cb.args[0]) >= len(TOPICS):
                return None
            if action == "guide" and cb.args[0] != "-" and int(cb.args[0]) >= len(TOPICS):
                return None
            return cb
    return None


def make(*parts: object) -> str:
    data = ":".join(str(p) for p in parts)
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data
