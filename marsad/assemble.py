"""Stage 3: triggers + their arguments in the sentence (or carried from context) → candidates.

A candidate is one reading of one trigger: its sub-event type (refined from the frame by
weapon cues, victims and sides), agent and target, place, date, fatalities and evidence.
The unit stage (``units.py``) merges candidates into the guideline's events.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace

from marsad.actors import Actor, ActorMention
from marsad.geo import PlaceMention
from marsad.mentions import Mentions, TriggerMention
from marsad.model import EVENT_TYPE_OF, TYPE_RANK, Span
from marsad.text.doc import Doc
from marsad.text.normalize import normalize_string

# How far (tokens) a negation/modal cue before a trigger cancels it.
MODAL_WINDOW = 8
NEGATION_WINDOW = 2
AIM_WINDOW = 3  # "بهدف السيطرة", "تمهيدا لمعركة": the purpose right before an act
# How far an argument may stand from its trigger, in tokens.
ARG_WINDOW = 14
TARGET_WINDOW = 6
FATALITY_WINDOW = 4
VICTIM_BEFORE_WINDOW = 6  # "14 شخصا مصرعهم في هجوم": victims this close before the act
VAGUE_DEAD = 3  # an unnumbered plural of the dead (قتلى) per the guideline
PLURAL_DEAD = tuple(normalize_string(w) for w in ("قتلى", "شهداء", "جثث"))
# "قتل 37 شخصا بينهم 10 صحافيين": a part of the toll, not another figure for it
AMONG_WORDS = frozenset(
    normalize_string(w) for w in ("بينهم", "بينهن", "بينها", "منهم", "منهن", "منها")
)
# "الطفل مجدي (12 عاما)": an age or a span of time, not a number of people
AGE_WORDS = frozenset(normalize_string(w) for w in (
    "عاما", "عام", "عامًا", "سنة", "سنوات", "أعوام", "عاماً", "سنه", "شهرا", "أشهر", "يوما", "أيام",
))
TOTAL_DEATHS = 1000  # a toll this large is a war's total, not one event's
WINDOW_DAYS = 30
DATE_AFTER_WINDOW = 6
DATE_CARRY_SENTENCES = 3  # a dateless sentence this close after a dated one tells of that day
REPORT_DATE_WINDOW = 6
LIST_GAP = 4
FROM_WORD = normalize_string("من")
CLAUSE_THAT = frozenset(normalize_string(w) for w in ("أن", "إن", "بأن"))  # not وأن: more news
BARE_THAT = CLAUSE_THAT | {normalize_string(w) for w in ("وأن", "وإن")}
THAT_WORDS = frozenset(normalize_string(w) for w in ("أن", "إن", "بأن", "وأن", "انه", "أنه"))
LOCATIVE_PREPOSITIONS = frozenset(
    normalize_string(w) for w in ("في", "داخل", "على", "الى", "إلى", "وفي", "ففي")
)
# "في شمال شرق نيجيريا": a part of a country, named before it
DIRECTION_WORDS = frozenset(
    normalize_string(f"{c}{w}")
    for w in ("شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي")
    for c in ("", "ب", "وب")
)
PLACE_WINDOW = 20
BEFORE_PENALTY = 4  # where it happened mostly follows the trigger
QUARTER_CUES = frozenset(normalize_string(w) for w in ("حي", "أحياء", "حيي", "ضاحية"))
OLDEST_YEAR = 1950  # a bare four-digit number this large reads as a year
EARLIEST_YEAR = 1000  # after عام / منذ / سنة any year counts (1793)
YEAR_WINDOW = 10

VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")
MERGED_TYPES = (*VIOLENT_TYPES, "Protests")
# Sub-event a weapon cue gives, strongest first.
WEAPON_ORDER = (
    ("chem", "Chemical weapon"),
    ("suicide", "Suicide bomb"),
    ("grenade", "Grenade"),
    ("explosive", "Remote explosive/landmine/IED"),
    ("air", "Air/drone strike"),
    ("shell", "Shelling/artillery/missile attack"),
)
STRIKE_FRAMES = frozenset({"BOMBARD", "EXPLOSION"}) | {sub for _, sub in WEAPON_ORDER}
REMOTE_WEAPONS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
WEAPON_RANK = {sub: i for i, (_, sub) in enumerate(WEAPON_ORDER)}
STATE_INTER = 1
CROWD_PREFIXES = ("Protesters", "Rioters")
PROTESTERS = Actor("Protesters ({country})", 6, "", generic=True)
VICTIM_TYPES = ("Explosions/Remote violence", "Violence against civilians")
UNIDENTIFIED = Actor("Unidentified Armed Group ({country})", 3, "", generic=True)
UNNAMED_PERPETRATORS = {
    "Remote explosive/landmine/IED": UNIDENTIFIED,
    "Suicide bomb": UNIDENTIFIED,
    "Grenade": UNIDENTIFIED,
    "Shelling/artillery/missile attack": UNIDENTIFIED,
    "Attack": UNIDENTIFIED,
    "Abduction/forced disappearance": UNIDENTIFIED,
    "Mob violence": Actor("Rioters ({country})", 5, "", generic=True),
}
RIOTERS = Actor("Rioters ({country})", 5, "", generic=True)
FORCE_INTERS = frozenset({1, 2, 3, 8})
ARMED_GROUP_INTERS = frozenset({2, 3})  # rebels, political militias
FORCE_MET_SUBS = frozenset({"Excessive force against protesters", "Protest with intervention"})
CROWD_FRAMES = frozenset({"PROTEST", "Violent demonstration", "Mob violence"})
AIRCRAFT_WINDOW = 4
INTERCEPT_WINDOW = 10
ESTABLISH_WINDOW = 4
WITHDRAW_WINDOW = 8
# Verbal nouns whose following genitive is the one acted on (اغتيال قائد، اعتقال عناصر),
# unlike strike nouns whose genitive is the striker (غارات التحالف، هجوم داعش).
OBJECT_GENITIVE_FRAMES = frozenset(
    {
        "ASSASSINATE",
        "Arrests",
        "Abduction/forced disappearance",
        "Attack",
        "Sexual violence",
    }
)
EXTERNAL_INTER = 8
STATE_FORCES = frozenset({STATE_INTER, EXTERNAL_INTER})  # a state's own or a foreign one
CIVILIAN_INTER = 7


@dataclass(slots=True)
class Candidate:
    sub_event_type: str
    trigger: TriggerMention
    agent: ActorMention | None = None
    target: ActorMention | None = None
    place: PlaceMention | None = None
    place_carried: bool = False
    country: str = ""
    date: dt.date | None = None
    time_precision: int | None = None
    date_span: tuple[int, int] | None = None
    date_reported: bool = False  # the date is the statement's, not the event's
    fatalities: int = 0
    fatality_span: tuple[int, int] | None = None
    evidence: Span | None = None
    source: Span | None = None
    loose: bool = False  # kept only for recall studies: no place or date it can vouch for
    # adds to the event a later sentence places (the lead before the report): never alone
    supporting: bool = False

    @property
    def event_type(self) -> str:
        return EVENT_TYPE_OF[self.sub_event_type]

    @property
    def sentence(self) -> int:
        return self.trigger.sentence


@dataclass(slots=True)
class Context:
    """What the article has established so far, for arguments a sentence leaves out."""

    published: dt.date
    main_country: str | None
    lead_place: PlaceMention | None = None
    last_place: PlaceMention | None = None
    last_agent: dict[str, ActorMention] = field(default_factory=dict)
    last_strike: str = ""  # the sub-type of the last remote-violence event
    # the last day a sentence gave an event: (date, precision, sentence)
    last_date: tuple[dt.date, int, int] | None = None
    sole_group: ActorMention | None = None  # the one non-state armed group the article names
    sentence_has_strike: bool = False  # a typed violent trigger stands in this sentence
    sentence_has_event: bool = False  # a trigger other than a bare killing verb
    mentions: Mentions | None = None
    keep_unlocated: bool = False
    sentence_places: list[PlaceMention] = field(default_factory=list)


def assemble(
    doc: Doc, mentions: Mentions, published: dt.date, keep_unlocated: bool = False
) -> list[Candidate]:
    """All candidate events of a document, in text order; ``keep_unlocated`` also keeps
    detections without a place or date of their own (marked ``loose``)."""
    by_sentence = _bucket(doc, mentions)
    ctx = Context(
        published, mentions.main_country, mentions=mentions, keep_unlocated=keep_unlocated
    )
    ctx.lead_place = _lead_place(mentions)
    ctx.sole_group = _sole_armed_group(mentions)
    out: list[Candidate] = []
    for index in sorted(by_sentence):  # sentences that mention something, in text order
        bucket = by_sentence[index]
        if bucket.triggers:
            out.extend(_sentence_candidates(doc, mentions, bucket, ctx))
        towns = [
            p
            for p in bucket.places
            if p.place.kind != "country"
            and p.cue not in QUARTER_CUES
            and _is_where(doc, mentions, p)
        ]
        if towns:
            ctx.last_place = towns[0]
    return out


@dataclass(slots=True)
class _Bucket:
    triggers: list[TriggerMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list = field(default_factory=list)
    numbers: list = field(default_factory=list)


def _bucket(doc: Doc, mentions: Mentions) -> dict[int, _Bucket]:
    """What each sentence mentions, for the sentences that mention anything."""
    buckets: dict[int, _Bucket] = defaultdict(_Bucket)

    def sent(first: int) -> int:
        return doc.token_sentence[first]

    for t in mentions.triggers:
        buckets[t.sentence].triggers.append(t)
    for a in mentions.actors:
        buckets[sent(a.first)].actors.append(a)
    actor_tokens = {i for a in mentions.actors for i in range(a.first, a.end)}
    for p in mentions.places:
        if p.first not in actor_tokens:  # التحالف الذي تقوده الولايات المتحدة: no place
            buckets[sent(p.first)].places.append(p)
    for tm in mentions.times:
        buckets[sent(tm.first)].times.append(tm)
    for n in mentions.numbers:
        buckets[sent(n.first)].numbers.append(n)
    return buckets


def _lead_place(mentions: Mentions) -> PlaceMention | None:
    located = [p for p in mentions.places if p.place.kind != "country"]
    return located[0] if located else None


def _in_window(day: dt.date, published: dt.date) -> bool:
    return _window_start(published) <= day <= published


def _window_start(published: dt.date) -> dt.date:
    if published.toordinal() <= WINDOW_DAYS:
        return dt.date.min  # a publication day in year 1: nothing earlier exists
    return published - dt.timedelta(days=WINDOW_DAYS)


# --- one sentence -------------------------------------------------------------------------


def _sentence_candidates(
    doc: Doc, mentions: Mentions, bucket: _Bucket, ctx: Context
) -> list[Candidate]:
    background = _background_years(mentions, bucket, ctx.published)
    ctx.sentence_places = [p for p in bucket.places if p.place.kind != "country"]
    ctx.sentence_has_strike = any(t.trigger.frame in STRIKE_FRAMES for t in bucket.triggers)
    ctx.sentence_has_event = any(
        t.trigger.frame not in ("KILL", "STOP")
        for t in bucket.triggers
        if not _cancelled(t, mentions)
    )
    out: list[Candidate] = []
    for trig in bucket.triggers:
        if trig.trigger.frame == "STOP" or _cancelled(trig, mentions):
            continue
        history = _history(trig, mentions, background)
        if history and not ctx.keep_unlocated:
            continue
        cand = _read_trigger(doc, mentions, bucket, trig, ctx)
        if cand is None:
            continue
        if history:
            loosen(cand)
        out.extend([cand] if cand.loose else _split_by_place(doc, cand, bucket, mentions))
    out = _fold_into_protest(_drop_intercepted(_merge_sentence(out)))
    _share_fatalities(doc, mentions, bucket, out)
    return out


def _fold_into_protest(cands: list[Candidate]) -> list[Candidate]:
    """Clashes at a protest with no armed side named ("خرجت مظاهرات ... حيث اندلعت مواجهات
    أسفرت عن مقتل فلسطينيين") are how the protest was met, not a battle of their own."""
    if not any(c.event_type in ("Protests", "Riots") for c in cands):
        return cands
    return [c for c in cands if c.sub_event_type != "Armed clash" or _two_sides(c)]


def _two_sides(c: Candidate) -> bool:
    return all(m is not None and not _is_victim(m) and not _is_crowd(m)
               for m in (c.agent, c.target))


def _background_years(mentions: Mentions, bucket: _Bucket, published: dt.date) -> list[int]:
    """Tokens naming an earlier year (عام 2014، في 2013): history, not this news."""
    years = []
    for n in bucket.numbers:
        if n.value >= published.year or n.vague:
            continue
        if mentions.cue_between("clock", n.first - 3, n.first + 3):
            continue
        headed = mentions.cue_between("year_head", n.first - 1, n.first) is not None
        bare = n.first == n.end - 1 and n.value >= OLDEST_YEAR
        if (headed and n.value >= EARLIEST_YEAR) or bare:
            years.append(n.first)
    return years


def _cancelled(trig: TriggerMention, mentions: Mentions) -> bool:
    """Not reported as having happened: negated, modal (threat, plan, call, denial,
    accusation), or a back-reference to an event told before."""
    lo, _ = mentions.clause_of(trig.first)
    if _back_reference(trig, mentions):
        return True
    if trig.trigger.verb and mentions.cue_between("relative", trig.first - 2, trig.first):
        return True  # "الجماعة التي قتلت مئات": a description, not this news
    if mentions.cue_between("relative", trig.first - 3, trig.first - 1) \
            and mentions.cue_between("fatal", trig.first - 2, trig.first):
        return True  # "زوجها الذي قتل بغارة": how someone described died
    if mentions.cue_between("negation", max(lo, trig.first - NEGATION_WINDOW), trig.first):
        return True
    if mentions.cue_between("denial", lo, trig.first):
        return True  # "وتنفي سوريا وقوع أي هجوم"
    if mentions.cue_between("aim", max(lo, trig.first - AIM_WINDOW), trig.first):
        return True  # "بهدف السيطرة على المدينة": what an act was for
    if trig.trigger.frame != "PROTEST":  # protesters demand: that is the protest
        window = (max(lo, trig.first - MODAL_WINDOW), trig.end + 3)
        if mentions.cue_between("demand", *window):
            return True
    return (
        mentions.cue_between("modal", max(lo, trig.first - MODAL_WINDOW), trig.end + 3) is not None
    )


def _history(trig: TriggerMention, mentions: Mentions, years: list[int]) -> bool:
    """Told as history or a long-run total (an earlier year, منذ عام، وقتها)."""
    lo, hi = mentions.clause_of(trig.first)
    if any(abs(y - trig.first) <= YEAR_WINDOW for y in years):
        return True
    return mentions.cue_between("background", lo, min(hi, trig.end + 6)) is not None


def loosen(cand: Candidate) -> None:
    """Keep a detection for recall studies without a place or date it cannot vouch for."""
    cand.loose = True
    cand.date = cand.time_precision = cand.date_span = None
    cand.place, cand.place_carried = None, False


def _back_reference(trig: TriggerMention, mentions: Mentions) -> bool:
    """ "عقب الغارات", "إثر الهجوم": an event told before, named as a point in time."""
    if trig.trigger.verb or not trig.definite or trig.trigger.frame == "PROTEST":
        return False
    if mentions.cue_between("about", trig.first - 1, trig.first) is not None:
        return True  # "المسؤولية عن الضربات", "عواقب الضربات"
    return mentions.cue_between("after", trig.first - 3, trig.first) is not None


def _read_trigger(
    doc: Doc, mentions: Mentions, bucket: _Bucket, trig: TriggerMention, ctx: Context
) -> Candidate | None:
    agent, target = _roles(mentions, _not_reporters(doc, mentions, bucket.actors, trig), trig)
    if agent is not None and _is_victim(agent):
        agent = None  # civilians are the ones acted on, never the perpetrators
    if agent is not None and _among_the_dead(doc, mentions, agent):
        agent, target = None, target or agent  # "قتل جنديان من الجيش الليبي في تفجير
    if trig.trigger.frame == "ATTACKED":
        agent, target = _attacked_roles(mentions, bucket.actors, trig, agent, target)
    sub = _refine(trig.trigger.frame, mentions, trig, agent, target, ctx)
    if sub is None:
        return None
    if trig.trigger.frame in ("ATTACK", "ATTACKED") and _is_crowd(agent):
        sub = "Violent demonstration"  # اقتحم متظاهرون مطار النجف
    if sub == "Abduction/forced disappearance" and agent is not None \
            and agent.actor.inter in STATE_FORCES \
            and target is not None and _is_victim(target):
        sub = "Arrests"  # "اختطفت قوات الاحتلال ثلاثة شبان": a state force detains
    if EVENT_TYPE_OF[sub] in ("Protests", "Riots") and sub != "Mob violence":
        agent, target = _crowd_roles(trig, agent, target, sub, bucket.actors)
    if sub == "Armed clash" and mentions.cue_between("intercept", trig.first - 4, trig.first):
        sub = "Disrupted weapons use"  # "تصدت الدفاعات الجوية لهجوم صاروخي"
    if EVENT_TYPE_OF[sub] == "Battles":
        pair = _battle_pair(mentions, bucket.actors, trig)
        if pair is not None:
            agent, target = pair
        elif sub == "Armed clash":
            agent, target = _one_side(agent, target)
        if _is_crowd(agent) or _is_crowd(target):
            sub = "Violent demonstration"  # مواجهات بين الشرطة والمتظاهرين
            agent, target = _crowd_roles(trig, agent, target, sub, bucket.actors)
    cand = Candidate(sub, trig, agent=agent, target=target)
    if sub in ("Air/drone strike", "Shelling/artillery/missile attack"):
        ctx.last_strike = sub
    _place(doc, cand, bucket, ctx)
    _date(doc, cand, bucket, ctx, trig)
    if cand.date is None or not _anchored(cand, mentions, bucket):
        if _lead_support(doc, cand):
            cand.supporting = True
        elif not ctx.keep_unlocated:
            return None
        else:
            loosen(cand)
    if agent is None and cand.event_type == "Strategic developments":
        agent = cand.agent = _speaker(mentions, bucket.actors, trig, target)
    if agent is None and cand.event_type in ctx.last_agent:
        cand.agent = ctx.last_agent[cand.event_type]
    elif agent is not None:
        ctx.last_agent[cand.event_type] = agent
    if cand.agent is None:
        cand.agent = _unnamed_perpetrator(trig, sub, cand.target)
    if cand.target is None and cand.event_type in VICTIM_TYPES:
        cand.target = _victims(mentions, bucket, trig)
    cand.agent, cand.target = (_name_the_group(m, ctx) for m in (cand.agent, cand.target))
    cand.evidence = _evidence(doc, mentions, cand)
    cand.source = _attribution(doc, mentions, trig)
    return cand


def _sole_armed_group(mentions: Mentions) -> ActorMention | None:
    groups = {a.actor.name: a for a in mentions.actors
              if not a.actor.generic and a.actor.inter in ARMED_GROUP_INTERS}
    return next(iter(groups.values())) if len(groups) == 1 else None


def _name_the_group(m: ActorMention | None, ctx: Context) -> ActorMention | None:
    """"المتشددون" in an article that names one armed group (بوكو حرام) are that group."""
    group = ctx.sole_group
    if m is None or group is None or not m.text or m.actor.name != UNIDENTIFIED.name:
        return m
    return m._replace(actor=group.actor, role=group.role, choices=group.choices)


def _victims(mentions: Mentions, bucket: _Bucket, trig: TriggerMention) -> ActorMention | None:
    """The victims of an act: those counted after it ("أسفر عن مقتل 40 شخصا"), else those
    said to have died or been hurt by it just before ("عشرات المدنيين قتلوا في غارات روسية",
    "لقي 14 شخصا مصرعهم في هجوم انتحاري")."""
    after = next((a for a in bucket.actors if a.first >= trig.end and _is_victim(a)), None)
    if after is not None:
        return after
    clause_start = mentions.clause_of(trig.first)[0]
    before = [a for a in bucket.actors
              if clause_start <= a.first and a.end <= trig.first and _is_victim(a)]
    if not before or trig.first - before[-1].end > VICTIM_BEFORE_WINDOW:
        return None
    victim = before[-1]
    if not _hurt_between(mentions, victim.first - FATALITY_WINDOW, trig.first):
        return None  # "فر المدنيون من غارات": not struck by them
    return victim


def _hurt_between(mentions: Mentions, lo: int, hi: int) -> bool:
    """A word of death or injury starts in tokens [lo, hi)."""
    return bool(mentions.cue_between("fatal", lo, hi) or mentions.cue_between("injury", lo, hi))


def _lead_support(doc: Doc, cand: Candidate) -> bool:
    """The article's first sentence tells its event, placed only further on ("قالت الشرطة إن
    تفجيرات قتلت 20 شخصا" before "ووقعت التفجيرات في منطقة دامبوا"): what it states (the
    toll, the victims) belongs to that event."""
    return (cand.trigger.sentence == 0 and cand.date is not None and cand.place is not None
            and cand.place_carried and doc.token_sentence[cand.place.first] > 0)


def _anchored(cand: Candidate, mentions: Mentions, bucket: _Bucket) -> bool:
    """Its own sentence places or dates it; else it only refers back to an earlier event."""
    trig = cand.trigger
    dated_here = cand.date_span is not None and not cand.date_reported
    if mentions.cue_between("hearsay", *mentions.clause_of(trig.first)):
        # "التقارير حول هجوم كيميائي": only with a day of its own right after it
        return dated_here and 0 <= cand.date_span[0] - trig.end <= DATE_AFTER_WINDOW
    if dated_here:
        return True
    if cand.place is not None and not cand.place_carried:
        return True
    s_lo, s_hi = mentions.clause_of(cand.trigger.first)
    return mentions.cue_between("place_anaphor", cand.trigger.end, s_hi + ARG_WINDOW) is not None


def _split_by_place(
    doc: Doc, cand: Candidate, bucket: _Bucket, mentions: Mentions
) -> list[Candidate]:
    """One trigger over a list of places (في زبيد ومديرية الجراحي) is one event per place."""
    if cand.place_carried or cand.place is None:
        return [cand]
    trig = cand.trigger
    listed = [
        p
        for p in bucket.places
        if _is_where(doc, mentions, p)
        and p.first >= trig.end
        and p.first - trig.end <= ARG_WINDOW * 2
        and p.place.kind not in ("country", "admin1")
        and p.cue not in QUARTER_CUES
    ]
    distinct = listed[:1]
    for p in listed[1:]:
        if not _coordinated_places(doc, mentions, distinct[-1], p):
            break
        if all(p.place.id != q.place.id and p.place.name != q.place.name for q in distinct):
            distinct.append(p)
    if len(distinct) < 2:
        return [cand]
    return [replace(cand, place=p, country=p.place.country or cand.country) for p in distinct]


def _drop_intercepted(cands: list[Candidate]) -> list[Candidate]:
    """A missile told as intercepted is the disrupted weapon, not a strike of its own."""
    if not any(c.sub_event_type == "Disrupted weapons use" for c in cands):
        return cands
    return [c for c in cands if c.event_type != "Explosions/Remote violence"]


def _coordinated_places(doc: Doc, mentions: Mentions, a, b) -> bool:
    """``b`` continues a list after ``a``: joined by و or a comma, a few words apart."""
    if b.first - a.end > LIST_GAP:
        return False
    if mentions.clause_of(b.first)[0] > a.first:
        return True  # a comma between them
    return any(doc.words[i].startswith("و") for i in range(a.end, b.first + 1))


def _merge_sentence(cands: list[Candidate]) -> list[Candidate]:
    """Violent readings of one sentence at one place are one event of the highest type."""
    kept: list[Candidate] = []
    for c in sorted(cands, key=_specificity):
        home = next((k for k in kept if _same_fight(k, c)), None)
        if home is None:
            kept.append(c)
            continue
        home.agent = home.agent or c.agent
        if home.target is None and c.target is not None and c.target != home.agent:
            home.target = c.target
    return sorted(kept, key=lambda c: c.trigger.first)


def _specificity(c: Candidate) -> tuple[int, int]:
    """Highest type first; within remote violence the weapon that says most (a suicide
    bomber over an explosion, an air strike over the missiles it fired)."""
    return -TYPE_RANK[c.event_type], WEAPON_RANK.get(c.sub_event_type, len(WEAPON_RANK))


def _same_fight(a: Candidate, b: Candidate) -> bool:
    if a.event_type not in MERGED_TYPES or b.event_type not in MERGED_TYPES:
        return False
    if _place_id(a) != _place_id(b) or a.date != b.date:
        return False
    names_a = {_side_name(m) for m in (a.agent, a.target) if m is not None}
    names_b = {_side_name(m) for m in (b.agent, b.target) if m is not None}
    return names_b <= names_a or names_a <= names_b


def _side_name(m: ActorMention) -> str:
    """The crowd is one side whether read as protesters or as rioters."""
    return "crowd" if _is_crowd(m) else m.actor.name


def _place_id(c: Candidate) -> str:
    return c.place.place.id if c.place is not None else c.country


# --- roles ---------------------------------------------------------------------------------


def _roles(
    mentions: Mentions, actors: list[ActorMention], trig: TriggerMention
) -> tuple[ActorMention | None, ActorMention | None]:
    near = [
        a
        for a in actors
        if abs(_distance(a, trig)) <= ARG_WINDOW
        and not _overlaps(a, trig)
        and not _marked(mentions, a, "ally")
    ]
    if not near:
        if trig.trigger.verb or trig.trigger.frame in CROWD_FRAMES:
            return None, None
        return _demonym_agent(mentions, trig), None
    agent = next((a for a in near if _marked(mentions, a, "agent")), None)
    if agent is None:
        agent = _subject(mentions, near, trig)
    if agent is None and not trig.trigger.verb and trig.trigger.frame not in CROWD_FRAMES:
        agent = _demonym_agent(mentions, trig)
    rest = [
        a for a in near if a is not agent and (agent is None or a.actor.name != agent.actor.name)
    ]
    after = [a for a in rest if a.first >= trig.end]
    before = [a for a in rest if a.end <= trig.first]
    target = next((a for a in after if _marked(mentions, a, "target")), None)
    if target is None and after and after[0].first - trig.end <= TARGET_WINDOW:
        target = after[0]
    if target is None:
        target = next((a for a in reversed(before) if _marked(mentions, a, "target")), None)
    return agent, target


def _among_the_dead(doc: Doc, mentions: Mentions, a: ActorMention) -> bool:
    """The actor the dead or wounded were part of: "قتل جنديان من الجيش"."""
    if a.first < 2 or doc.words[a.first - 1] != FROM_WORD:
        return False
    return _hurt_between(mentions, max(0, a.first - 5), a.first - 1)


def _not_reporters(
    doc: Doc, mentions: Mentions, actors: list[ActorMention], trig: TriggerMention
) -> list[ActorMention]:
    """The actors without those who only report the act: "قالت الشرطة إن تفجيرات قتلت"
    (but "قال الجيش إنه قصف" names the army as the one who struck)."""
    return [a for a in actors if not _reports(doc, mentions, a, trig)]


def _reports(doc: Doc, mentions: Mentions, a: ActorMention, trig: TriggerMention) -> bool:
    if a.end > trig.first or not _marked(mentions, a, "report"):
        return False
    return any(doc.words[i] in BARE_THAT for i in range(a.end, min(a.end + 3, trig.first)))


def _attacked_roles(
    mentions: Mentions,
    actors: list[ActorMention],
    trig: TriggerMention,
    agent: ActorMention | None,
    target: ActorMention | None,
) -> tuple[ActorMention | None, ActorMention | None]:
    """ "X تعرض لهجوم (من قبل Y)": the subject before the verb is the one attacked."""
    before = [a for a in actors if a.end <= trig.first and trig.first - a.end <= ARG_WINDOW]
    explicit = next((a for a in actors if _marked(mentions, a, "agent")), None)
    if before:
        return explicit, before[-1]
    return explicit, (target if target is not explicit else None) or agent


def _crowd_roles(
    trig: TriggerMention, agent: ActorMention | None, target: ActorMention | None, sub: str,
    sentence_actors: list[ActorMention],
) -> tuple[ActorMention, ActorMention | None]:
    """A protest's actor1 is its protesters (a riot's, its rioters); actor2 is the force
    that met them, if any: near the trigger, else the state force the sentence names when
    it says force was used ("... أسفرت عن مقتل فلسطينيين برصاص الجيش الإسرائيلي")."""
    crowd = next((m for m in (agent, target) if _is_crowd(m)), None)
    other = next((m for m in (agent, target) if m is not None and m is not crowd), None)
    if other is not None and (_is_victim(other) or other.actor.inter not in FORCE_INTERS):
        other = None
    if other is None and sub in FORCE_MET_SUBS:
        other = next((a for a in sentence_actors
                      if a.actor.inter in STATE_FORCES), None)
    if sub == "Peaceful protest":
        other = None  # the guideline: a peaceful protest has only actor1
    actor = RIOTERS if EVENT_TYPE_OF[sub] == "Riots" else PROTESTERS
    return ActorMention(trig.first, trig.end, actor, ""), other


def _is_crowd(mention: ActorMention | None) -> bool:
    return mention is not None and mention.actor.name.startswith(CROWD_PREFIXES)


def _demonym_agent(mentions: Mentions, trig: TriggerMention) -> ActorMention | None:
    """غارات روسية، الضربات الإسرائيلية: the adjective after a strike noun names its force."""
    for d in mentions.demonyms:
        if trig.end <= d.first <= trig.end + 1:
            return ActorMention(d.first, d.end, d.force, "")
    return None


def _unnamed_perpetrator(
    trig: TriggerMention, sub: str, target: ActorMention | None
) -> ActorMention | None:
    """ACLED's convention for an act nobody is named for: a bomb, a shell, an attack on
    civilians or a fight with state forces by an unidentified armed group; a mob by rioters.
    Air strikes and state acts stay without an actor1 (only states fly)."""
    actor = UNNAMED_PERPETRATORS.get(sub)
    if actor is None and sub == "Armed clash" and target is not None \
            and target.actor.inter == STATE_INTER:
        actor = UNIDENTIFIED  # "اغتيال قائد شرطة قندهار"
    return ActorMention(trig.first, trig.end, actor, "") if actor is not None else None


def _speaker(
    mentions: Mentions,
    actors: list[ActorMention],
    trig: TriggerMention,
    target: ActorMention | None,
) -> ActorMention | None:
    """Who announced an arrest or curfew: the last armed actor named before it in the
    sentence (قال القائد العام لقسد ... اعتقال جميع الهاربين)."""
    for a in reversed(actors):
        if a.end > trig.first or a is target or _is_victim(a) or _marked(mentions, a, "ally"):
            continue
        if target is None or a.actor.name != target.actor.name:
            return a
    return None


def _battle_pair(
    mentions: Mentions, actors: list[ActorMention], trig: TriggerMention
) -> tuple[ActorMention, ActorMention] | None:
    """The two sides of a fight: coordinated actors (X وY) stand on one side."""
    near = [
        a
        for a in actors
        if abs(_distance(a, trig)) <= ARG_WINDOW
        and not _is_victim(a)
        and not _marked(mentions, a, "ally")
    ]
    sides = _sides(mentions, near)
    if len(sides) < 2:
        return None
    return _local(sides[0]), _local(sides[1])


def _sides(mentions: Mentions, actors: list[ActorMention]) -> list[list[ActorMention]]:
    sides: list[list[ActorMention]] = []
    for a in actors:
        if sides and _coordinated(mentions, sides[-1][-1], a):
            sides[-1].append(a)
            continue
        if any(a.actor.name == b.actor.name for side in sides for b in side):
            continue
        own = next((side for side in sides if any(_same_state(a, b) for b in side)), None)
        if own is not None:
            own.append(a)  # a state's police and army do not fight each other
        else:
            sides.append([a])
    return sides


def _one_side(
    agent: ActorMention | None, target: ActorMention | None
) -> tuple[ActorMention | None, ActorMention | None]:
    """A fight with one side named: a state's forces are the side fought (by an unnamed
    group, filled in later); its police and army are never the two sides."""
    if agent is not None and target is not None and _same_state(agent, target):
        target = None
    if agent is not None and target is None and agent.actor.inter == STATE_INTER:
        return None, agent
    return agent, target


def _same_state(a: ActorMention, b: ActorMention) -> bool:
    return (a.actor.inter == STATE_INTER == b.actor.inter
            and a.actor.country == b.actor.country)


def _coordinated(mentions: Mentions, a: ActorMention, b: ActorMention) -> bool:
    """``b`` joins ``a`` by و, at most a descriptor between (قوات التحالف ومقاتلي قسد)."""
    if mentions.cue_between("side", a.end, b.first):
        return False
    return b.clitic.startswith("و") and b.first - a.end <= 2


def _local(side: list[ActorMention]) -> ActorMention:
    """Of allies on one side, the one fighting on the ground: not a foreign force."""
    return next((a for a in side if a.actor.inter != EXTERNAL_INTER), side[0])


def _subject(
    mentions: Mentions, near: list[ActorMention], trig: TriggerMention
) -> ActorMention | None:
    after = [a for a in near if a.first >= trig.end and not _marked(mentions, a, "target")]
    before = [a for a in near if a.end <= trig.first and not _marked(mentions, a, "target")]
    if trig.trigger.verb and not trig.definite:  # خطف مسلحون (verb) vs الخطف (noun)
        # "المتشددون اختطفوا سبعة جنود": a plural verb follows its subject
        if not trig.plural_verb and after and after[0].first - trig.end <= 4 \
                and not _is_victim(after[0]):
            return after[0]
        if before and not _is_victim(before[-1]):
            return before[-1]
        return None
    if before and trig.first - before[-1].end <= 6 and not _is_victim(before[-1]):
        return before[-1]
    genitive_is_agent = trig.trigger.frame not in OBJECT_GENITIVE_FRAMES
    if genitive_is_agent and after and after[0].first - trig.end <= 1 and not _is_victim(after[0]):
        return after[0]
    return None


def _marked(mentions: Mentions, actor: ActorMention, kind: str) -> bool:
    return mentions.cue_ending_at(kind, actor.first, slack=2)


def _is_victim(a: ActorMention) -> bool:
    return a.actor.inter == CIVILIAN_INTER


def _distance(a: ActorMention, trig: TriggerMention) -> int:
    if a.first >= trig.end:
        return a.first - trig.end
    return trig.first - a.end


def _overlaps(a: ActorMention, trig: TriggerMention) -> bool:
    return a.first < trig.end and trig.first < a.end


# --- sub-event type -----------------------------------------------------------------------


def _weapon(
    mentions: Mentions, lo: int, hi: int, among: frozenset[str] | None = None
) -> str | None:
    """The sub-event the strongest weapon cue in tokens [lo, hi) names, if any."""
    decoys = mentions.cues.get("not_weapon", [])
    for kind, sub in WEAPON_ORDER:
        if among is not None and sub not in among:
            continue
        for first, _ in mentions.cues_between(kind, lo, hi):
            if not any(d_first <= first < d_end for d_first, d_end in decoys):
                return sub  # not a decoy: طائرات ورقية are kites
    return None


def _refine(
    frame: str,
    mentions: Mentions,
    trig: TriggerMention,
    agent: ActorMention | None,
    target: ActorMention | None,
    ctx: Context,
) -> str | None:
    lo, hi = _sentence_tokens(mentions, trig)
    weapon = _weapon(mentions, lo, hi)
    if frame == "BOMBARD":
        remote = _weapon(mentions, lo, hi, REMOTE_WEAPONS)
        if remote:
            return remote
        if ctx.last_strike:
            return ctx.last_strike  # "the shelling" goes on with the strikes told before
        if agent is not None and agent.actor.inter == EXTERNAL_INTER:
            return "Air/drone strike"
        return "Shelling/artillery/missile attack"
    if frame == "EXPLOSION":
        if weapon in (
            "Suicide bomb",
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Chemical weapon",
        ):
            return weapon
        return "Remote explosive/landmine/IED"
    if frame == "ATTACK":
        if ctx.sentence_has_strike and not weapon:
            return None  # "استهدف القصف ...": the strike noun tells the event
        sub = _attack_type(weapon, target)
        deaths = mentions.cue_between("fatal", trig.end, trig.end + FATALITY_WINDOW * 2)
        if sub is None and deaths and not ctx.sentence_has_strike:
            return "Attack"
        return sub
    if frame == "INTERCEPT":
        near = _weapon(
            mentions, trig.first - INTERCEPT_WINDOW, trig.end + INTERCEPT_WINDOW, REMOTE_WEAPONS
        )
        return "Disrupted weapons use" if near else None  # not an "objection"
    if frame == "BASE":
        if mentions.cue_between("establish", trig.first - ESTABLISH_WINDOW, trig.first):
            return "Headquarters or base established"
        return None  # a base named, not set up
    if frame == "WITHDRAW":
        if mentions.cue_between("treaty", trig.end, trig.end + 4):
            return None  # withdrawal from an agreement
        if any(0 <= p.first - trig.end <= WITHDRAW_WINDOW for p in ctx.sentence_places):
            return "Non-violent transfer of territory"
        return None  # a candidate or a company withdrawing: no territory named
    if frame == "ATTACKED":
        return weapon or ("Attack" if target is not None and _is_victim(target) else "Armed clash")
    if frame == "FIRE":
        if weapon:
            return weapon
        if mentions.cue_between("gunfire", trig.end, trig.end + 3):
            return _attack_type(None, target)
        return None
    if frame == "KILL":
        if ctx.sentence_has_event or (agent is None and target is None):
            return None
        return _attack_type(weapon, target) or "Attack"
    if frame == "ASSASSINATE":
        if target is not None and target.actor.inter in STATE_FORCES:
            return "Armed clash"
        return "Attack"
    if frame == "DESTROY":
        return (
            weapon if weapon in ("Air/drone strike", "Shelling/artillery/missile attack") else None
        )
    if frame == "TERRITORY":
        if agent is None:
            return None
        if agent.actor.inter in STATE_FORCES:
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    if frame == "PROTEST":
        return _protest_type(mentions, lo, hi)
    if frame == "Shelling/artillery/missile attack" and mentions.cue_between(
        "air", trig.first - AIRCRAFT_WINDOW, trig.first
    ):
        return "Air/drone strike"  # طائرات حربية أطلقت صواريخ: fired from the air
    return frame


def _attack_type(weapon: str | None, target: ActorMention | None) -> str | None:
    """A generic attack is typed by its weapon, else by whom it hit; unaimed, it is nothing."""
    if weapon:
        return weapon
    if target is None:
        return None
    return "Attack" if _is_victim(target) else "Armed clash"


def _protest_type(mentions: Mentions, lo: int, hi: int) -> str:
    if mentions.cue_between("riot", lo, hi):
        return "Violent demonstration"
    if mentions.cue_between("force", lo, hi) or mentions.cue_between("fatal", lo, hi):
        return "Excessive force against protesters"
    if mentions.cue_between("disperse", lo, hi):
        return "Protest with intervention"
    return "Peaceful protest"


def _sentence_tokens(mentions: Mentions, trig: TriggerMention) -> tuple[int, int]:
    """Where weapon cues for a trigger are read: its sentence up to a window past it."""
    return mentions.sentence_start(trig.first), trig.end + ARG_WINDOW


# --- place and date -----------------------------------------------------------------------


def _place(doc: Doc, cand: Candidate, bucket: _Bucket, ctx: Context) -> None:
    trig = cand.trigger
    reported = [p for p in bucket.places if _in_reported_clause(doc, ctx.mentions, trig, p)]
    here = _towns([
        p for p in bucket.places
        if p.place.kind != "country" and _is_where(doc, ctx.mentions, p) and p not in reported
    ])
    if here and all(p.cue in QUARTER_CUES for p in here) and ctx.last_place is not None:
        here = [ctx.last_place]  # a neighbourhood of the town the article is about
    far = [p for p in here if _place_distance(p, trig) > PLACE_WINDOW]
    here = [p for p in here if _place_distance(p, trig) <= PLACE_WINDOW]
    countries = [p for p in bucket.places if p.place.kind == "country"]
    carried = ctx.last_place or ctx.lead_place
    if carried is not None and ctx.main_country and carried.place.country != ctx.main_country:
        carried = None  # the article is about elsewhere: do not carry a foreign place
    if carried in reported:
        carried = None
    if here:
        cand.place = _containing(min(here, key=lambda p: _place_distance(p, trig)), here)
    lo, hi = ctx.mentions.clause_of(trig.first)
    # "في سوريا" names where it happened only in the act's own clause ("..., بعد قضائه سنة
    # في منفاه بتركيا" does not)
    located_in = [p for p in countries if _locative(doc, p) and lo <= p.first < hi]
    if here:
        pass
    elif located_in and (carried is None or carried.place.country != located_in[0].place.country):
        cand.place = located_in[0]  # "في سوريا" and nothing finer: the country alone
    elif carried is not None:
        cand.place, cand.place_carried = carried, True
    elif far:
        cand.place = min(far, key=lambda p: _place_distance(p, trig))
    cand.country = cand.place.place.country if cand.place else (ctx.main_country or "")


def _in_reported_clause(
    doc: Doc, mentions: Mentions, trig: TriggerMention, p: PlaceMention
) -> bool:
    """A place in a later clause that opens with أن/إن and states something else ("خلال
    إعلانه القبض على 5 من قادة التنظيم، أن البغدادي موجود في منطقة الهجين") is not where
    the act happened."""
    if p.first <= trig.end:
        return False
    starts = mentions.clause_starts
    lo = bisect_right(starts, trig.end - 1)
    hi = bisect_left(starts, p.first)
    return any(doc.words[starts[k]] in CLAUSE_THAT for k in range(lo, hi))


def _is_where(doc: Doc, mentions: Mentions, p: PlaceMention) -> bool:
    """A capital named bare (نسبتها دمشق وطهران) stands for its government, not a place."""
    if mentions.cue_between("capital", p.first, p.first + 1) is None:
        return True
    return bool(p.cue) or _locative(doc, p)


def _locative(doc: Doc, p: PlaceMention) -> bool:
    """The country is where something happened (في سوريا، بالعراق، في شمال شرق نيجيريا), not
    who acted (قالت إسرائيل)."""
    first = p.first
    while first > 0 and p.first - first < 2 and doc.words[first - 1] in DIRECTION_WORDS:
        first -= 1
    word = doc.words[first]
    if word[:1] == "ب" or word[:2] in ("وب", "فب"):
        return True
    return first > 0 and doc.words[first - 1] in LOCATIVE_PREPOSITIONS


def _containing(p: PlaceMention, here: list[PlaceMention]) -> PlaceMention:
    """A place that its own qualifier contradicts (جبل شبام بمديرية مناخة with the wrong
    Shibam) yields to the qualifying district or province named right after it."""
    for q in here:
        qualifies = 0 <= q.first - p.end <= 3 and q.place.kind in ("admin1", "admin2", "admin3")
        if qualifies and q.place.admin1 and q.place.admin1 != p.place.admin1:
            return q
    return p


def _towns(places: list[PlaceMention]) -> list[PlaceMention]:
    """A neighbourhood is coded as its city (حي الزهور بمدينة الحسكة) when the city is named."""
    towns = [p for p in places if p.cue not in QUARTER_CUES]
    return towns or places


def _place_distance(p: PlaceMention, trig: TriggerMention) -> int:
    """Tokens from trigger to place; where it happened usually follows the trigger."""
    if p.first >= trig.end:
        return p.first - trig.end
    return trig.first - p.end + BEFORE_PENALTY


def _report_date(doc: Doc, mentions: Mentions, tm) -> bool:
    """ "أعلنت الثلاثاء أن الضربة ...", "قال ... الخميس": the day of the statement."""
    nxt = doc.words[tm.end] if tm.end < len(doc.words) else ""
    if nxt in THAT_WORDS:
        return True
    return mentions.cue_between("report", tm.first - REPORT_DATE_WINDOW, tm.first) is not None


def _date(doc: Doc, cand: Candidate, bucket: _Bucket, ctx: Context, trig: TriggerMention) -> None:
    usable = [tm for tm in bucket.times if _in_window(tm.date, ctx.published) and tm.precision < 3]
    usable = [tm for tm in usable if not ctx.mentions.cue_between("since", tm.first - 1, tm.first)]
    own = usable
    if cand.event_type != "Strategic developments":  # an announcement is itself the act
        own = [tm for tm in usable if not _report_date(doc, ctx.mentions, tm)]
    usable = own or usable
    future = [
        tm for tm in bucket.times if not _in_window(tm.date, ctx.published) or tm.precision == 3
    ]
    if usable:
        tm = min(usable, key=lambda t: _date_distance(t.first, trig))
        cand.date, cand.time_precision, cand.date_span = tm.date, tm.precision, (tm.first, tm.end)
        cand.date_reported = not own
        if own:
            ctx.last_date = tm.date, tm.precision, trig.sentence
    elif future:
        cand.date = None  # reported for another time: not an event of this window
    elif ctx.last_date is not None and trig.sentence - ctx.last_date[2] <= DATE_CARRY_SENTENCES:
        cand.date, cand.time_precision, _ = ctx.last_date  # the day the report is telling of
    else:
        cand.date, cand.time_precision = ctx.published, 2


def _date_distance(first: int, trig: TriggerMention) -> int:
    """Tokens from trigger to date; a date just after the trigger reads as its own."""
    if first >= trig.end:
        gap = first - trig.end
        return gap if gap <= DATE_AFTER_WINDOW else gap + ARG_WINDOW
    return (trig.first - first) * 2 + 1


# --- fatalities ----------------------------------------------------------------------------


def _share_fatalities(
    doc: Doc, mentions: Mentions, bucket: _Bucket, cands: list[Candidate]
) -> None:
    """Deaths stated in the sentence go to its most violent candidate."""
    if not cands:
        return
    count, span = _sentence_fatalities(doc, mentions, bucket)
    if not count:
        return
    violent = [
        c
        for c in cands
        if c.event_type in VIOLENT_TYPES or c.sub_event_type == "Excessive force against protesters"
    ]
    if not violent:
        return
    best = max(violent, key=lambda c: TYPE_RANK[c.event_type])
    best.fatalities, best.fatality_span = count, span




def _sentence_fatalities(
    doc: Doc, mentions: Mentions, bucket: _Bucket
) -> tuple[int, tuple[int, int] | None]:
    """The lowest death figure stated in the sentence (0 when none)."""
    if not bucket.triggers and not bucket.numbers:
        return 0, None
    sentence = doc.token_sentence[(bucket.triggers or bucket.numbers)[0].first]
    s = doc.sentences[sentence]
    fatal = [r for r in mentions.cues.get("fatal", ()) if s.first_token <= r[0] < s.end_token]
    if not fatal:
        return 0, None
    injuries = [r for r in mentions.cues.get("injury", ()) if s.first_token <= r[0] < s.end_token]
    figures: list[tuple[int, tuple[int, int]]] = []
    times = {i for tm in bucket.times for i in range(tm.first, tm.end)}
    numbers = [n for n in bucket.numbers if n.first not in times and n.value < TOTAL_DEATHS
               and not (n.first > 0 and doc.words[n.first - 1] in AMONG_WORDS)
               and not (n.end < len(doc.words) and doc.words[n.end] in AGE_WORDS)]
    for f_first, f_end in fatal:
        num = _number_near(numbers, f_first, f_end, injuries)
        if num is not None:
            figures.append((num.value, (num.first, num.end)))
    if figures:
        return min(figures)
    f_first, f_end = fatal[0]
    persons = mentions.cue_between("person", f_end, f_end + 3)
    if persons:
        return 1, (f_first, persons[1])
    if mentions.cue_between("persons", f_end, f_end + 3) or _plural_dead(doc, f_first):
        return VAGUE_DEAD, (f_first, f_end)
    return 0, None


def _plural_dead(doc: Doc, first: int) -> bool:
    return doc.words[first].endswith(PLURAL_DEAD)


def _number_near(numbers, f_first: int, f_end: int, injuries: list[tuple[int, int]]):
    best = None
    for n in numbers:
        if f_end <= n.first <= f_end + FATALITY_WINDOW:
            gap = n.first - f_end
        elif f_first - FATALITY_WINDOW <= n.end <= f_first:
            gap = f_first - n.end
        else:
            continue
        if any(_between(i, n, f_first, f_end) for i in injuries):
            continue
        if best is None or gap < best[0]:
            best = (gap, n)
    return best[1] if best else None


def _between(injury: tuple[int, int], n, f_first: int, f_end: int) -> bool:
    lo, hi = sorted((n.first, f_first))
    return lo < injury[0] < hi or n.end == injury[0]


# --- evidence and attribution -------------------------------------------------------------


def _evidence(doc: Doc, mentions: Mentions, cand: Candidate) -> Span:
    """The shortest run of whole clauses holding the trigger and its in-sentence arguments."""
    s = doc.sentences[cand.sentence]
    points = [cand.trigger.first, cand.trigger.end - 1]
    for m in (cand.agent, cand.target, None if cand.place_carried else cand.place):
        if m is not None and s.first_token <= m.first < s.end_token:
            points += [m.first, m.end - 1]
    lo, _ = mentions.clause_of(min(points))
    _, hi = mentions.clause_of(max(points))
    lo = max(lo, s.first_token)
    hi = min(hi, s.end_token)
    return doc.token_span(lo, hi)


def _attribution(doc: Doc, mentions: Mentions, trig: TriggerMention) -> Span | None:
    s = doc.sentences[trig.sentence]
    cue = mentions.cue_between("report", s.first_token, trig.first)
    if cue is None:
        return None
    end = min(cue[1] + 4, trig.first, s.end_token)
    return doc.token_span(cue[0], max(end, cue[1]))
