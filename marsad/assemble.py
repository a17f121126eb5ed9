"""Stage 3: triggers + their arguments in the sentence (or carried from context) → candidates.

A candidate is one reading of one trigger: its sub-event type (refined from the frame by
weapon cues, victims and sides), agent and target, place, date, fatalities and evidence.
The unit stage (``units.py``) merges candidates into the guideline's events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from marsad.actors import ActorMention
from marsad.geo import PlaceMention
from marsad.mentions import Mentions, TriggerMention
from marsad.model import EVENT_TYPE_OF, Span
from marsad.text.doc import Doc

# How far (tokens) a negation/modal cue before a trigger cancels it.
MODAL_WINDOW = 4
NEGATION_WINDOW = 2
# How far an argument may stand from its trigger, in tokens.
ARG_WINDOW = 14
TARGET_WINDOW = 6
FATALITY_WINDOW = 4
VAGUE_DEAD = 3  # an unnumbered plural of the dead (قتلى) per the guideline
WINDOW_DAYS = 30

VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")
# Sub-event a weapon cue gives, strongest first.
WEAPON_ORDER = (
    ("chem", "Chemical weapon"),
    ("suicide", "Suicide bomb"),
    ("explosive", "Remote explosive/landmine/IED"),
    ("air", "Air/drone strike"),
    ("shell", "Shelling/artillery/missile attack"),
)
STATE_INTER = 1
EXTERNAL_INTER = 8
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
    fatalities: int = 0
    fatality_span: tuple[int, int] | None = None
    evidence: Span | None = None
    source: Span | None = None
    extra_spans: dict[str, Span] = field(default_factory=dict)

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
    lead_date: tuple[dt.date, int, tuple[int, int]] | None = None
    lead_place: PlaceMention | None = None
    last_place: PlaceMention | None = None
    last_agent: dict[str, ActorMention] = field(default_factory=dict)


def assemble(doc: Doc, mentions: Mentions, published: dt.date) -> list[Candidate]:
    """All candidate events of a document, in text order."""
    by_sentence = _bucket(doc, mentions)
    ctx = Context(published, _main_country(mentions))
    ctx.lead_date = _lead_date(mentions, published)
    ctx.lead_place = _lead_place(mentions)
    out: list[Candidate] = []
    for index in range(len(doc.sentences)):
        bucket = by_sentence[index]
        out.extend(_sentence_candidates(doc, mentions, bucket, ctx))
        specific = [p for p in bucket.places if p.place.kind != "country"]
        if specific:
            ctx.last_place = specific[0]
    return out


@dataclass(slots=True)
class _Bucket:
    triggers: list[TriggerMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list = field(default_factory=list)
    numbers: list = field(default_factory=list)


def _bucket(doc: Doc, mentions: Mentions) -> list[_Bucket]:
    buckets = [_Bucket() for _ in doc.sentences]

    def sent(first: int) -> int:
        return doc.tokens[first].sentence

    for t in mentions.triggers:
        buckets[t.sentence].triggers.append(t)
    for a in mentions.actors:
        buckets[sent(a.first)].actors.append(a)
    for p in mentions.places:
        buckets[sent(p.first)].places.append(p)
    for tm in mentions.times:
        buckets[sent(tm.first)].times.append(tm)
    for n in mentions.numbers:
        buckets[sent(n.first)].numbers.append(n)
    return buckets


def _main_country(mentions: Mentions) -> str | None:
    votes = mentions.country_votes
    return votes.most_common(1)[0][0] if votes else None


def _lead_date(mentions: Mentions, published: dt.date) -> tuple[dt.date, int, tuple[int, int]] | None:
    """The first usable date of the article: the day its lead is about."""
    for tm in mentions.times:
        if _in_window(tm.date, published):
            return tm.date, tm.precision, (tm.first, tm.end)
    return None


def _lead_place(mentions: Mentions) -> PlaceMention | None:
    located = [p for p in mentions.places if p.place.kind != "country"]
    return located[0] if located else None


def _best_place(places: list[PlaceMention]) -> PlaceMention:
    specific = [p for p in places if p.place.kind != "country"]
    return (specific or places)[0]


def _in_window(day: dt.date, published: dt.date) -> bool:
    return published - dt.timedelta(days=WINDOW_DAYS) <= day <= published


# --- one sentence -------------------------------------------------------------------------


def _sentence_candidates(doc: Doc, mentions: Mentions, bucket: _Bucket, ctx: Context) -> list[Candidate]:
    triggers = [t for t in bucket.triggers if not _cancelled(t, mentions)]
    violent_here = any(
        t.trigger.frame not in ("KILL",) and _is_violent_frame(t.trigger.frame) for t in triggers
    )
    out = []
    for trig in triggers:
        if trig.trigger.frame == "KILL" and violent_here:
            continue
        cand = _read_trigger(doc, mentions, bucket, trig, ctx)
        if cand is not None:
            out.append(cand)
    _share_fatalities(doc, mentions, bucket, out)
    return out


def _is_violent_frame(frame: str) -> bool:
    if frame in ("BOMBARD", "ATTACK", "EXPLOSION", "TERRITORY", "KILL"):
        return True
    return EVENT_TYPE_OF.get(frame) in VIOLENT_TYPES


def _cancelled(trig: TriggerMention, mentions: Mentions) -> bool:
    """Negated, modal (threat, plan, call, denial, accusation) or a long-period total."""
    lo, _ = mentions.clause_of(trig.first)
    if mentions.cue_between("negation", max(lo, trig.first - NEGATION_WINDOW), trig.first):
        return True
    if mentions.cue_between("modal", max(lo, trig.first - MODAL_WINDOW), trig.end + 3):
        return True
    clause_lo, clause_hi = mentions.clause_of(trig.first)
    return mentions.cue_between("background", clause_lo, min(clause_hi, trig.end + 6)) is not None


def _read_trigger(
    doc: Doc, mentions: Mentions, bucket: _Bucket, trig: TriggerMention, ctx: Context
) -> Candidate | None:
    agent, target = _roles(mentions, bucket.actors, trig)
    frame = trig.trigger.frame
    sub = _refine(frame, mentions, trig, agent, target, bucket)
    if sub is None:
        return None
    if EVENT_TYPE_OF[sub] == "Battles":
        if agent is None and target is None and not bucket.places:
            return None
        agent, target = _battle_pair(mentions, bucket.actors, trig) or (agent, target)
    cand = Candidate(sub, trig, agent=agent, target=target)
    _place(cand, bucket, ctx)
    _date(cand, bucket, ctx, trig)
    if agent is None and cand.event_type in ctx.last_agent:
        cand.agent = ctx.last_agent[cand.event_type]
    elif agent is not None:
        ctx.last_agent[cand.event_type] = agent
    cand.evidence = _evidence(doc, mentions, cand)
    cand.source = _attribution(doc, mentions, trig)
    return cand


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
        return None, None
    agent = next((a for a in near if _marked(mentions, a, "agent")), None)
    if agent is None:
        agent = _subject(mentions, near, trig)
    rest = [a for a in near if a is not agent and (agent is None or a.actor.name != agent.actor.name)]
    after = [a for a in rest if a.first >= trig.end]
    before = [a for a in rest if a.end <= trig.first]
    target = next((a for a in after if _marked(mentions, a, "target")), None)
    if target is None and after and after[0].first - trig.end <= TARGET_WINDOW:
        target = after[0]
    if target is None:
        target = next((a for a in reversed(before) if _marked(mentions, a, "target")), None)
    return agent, target


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
        elif not any(a.actor.name == b.actor.name for side in sides for b in side):
            sides.append([a])
    return sides


def _coordinated(mentions: Mentions, a: ActorMention, b: ActorMention) -> bool:
    """``b`` is joined to ``a`` by و with at most a descriptor between (قوات التحالف ومقاتلي قسد)."""
    if mentions.cue_between("side", a.end, b.first):
        return False
    return b.clitic.startswith("و") and b.first - a.end <= 2


def _local(side: list[ActorMention]) -> ActorMention:
    """Of allies on one side, the one fighting on the ground: not a foreign force."""
    return next((a for a in side if a.actor.inter != EXTERNAL_INTER), side[0])


def _subject(mentions: Mentions, near: list[ActorMention], trig: TriggerMention) -> ActorMention | None:
    after = [a for a in near if a.first >= trig.end and not _marked(mentions, a, "target")]
    before = [a for a in near if a.end <= trig.first and not _marked(mentions, a, "target")]
    if trig.trigger.verb:
        if after and after[0].first - trig.end <= 4 and not _is_victim(after[0]):
            return after[0]
        if before and not _is_victim(before[-1]):
            return before[-1]
        return None
    if before and trig.first - before[-1].end <= 6 and not _is_victim(before[-1]):
        return before[-1]
    if after and after[0].first - trig.end <= 1 and not _is_victim(after[0]):
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


def _weapon(mentions: Mentions, bucket_lo: int, bucket_hi: int) -> str | None:
    for kind, sub in WEAPON_ORDER:
        if mentions.cue_between(kind, bucket_lo, bucket_hi):
            return sub
    return None


def _refine(
    frame: str,
    mentions: Mentions,
    trig: TriggerMention,
    agent: ActorMention | None,
    target: ActorMention | None,
    bucket: _Bucket,
) -> str | None:
    lo, hi = _sentence_tokens(mentions, trig)
    weapon = _weapon(mentions, lo, hi)
    if frame == "BOMBARD":
        if weapon in ("Air/drone strike", "Shelling/artillery/missile attack"):
            return weapon
        if agent is not None and agent.actor.inter == EXTERNAL_INTER:
            return "Air/drone strike"
        return "Shelling/artillery/missile attack"
    if frame == "EXPLOSION":
        if weapon in ("Suicide bomb", "Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon"):
            return weapon
        return "Remote explosive/landmine/IED"
    if frame in ("ATTACK", "KILL"):
        fatal = mentions.cue_between("fatal", lo, hi) is not None
        return _attack_type(weapon, agent, target, fatal)
    if frame == "TERRITORY":
        if agent is None:
            return None
        if agent.actor.inter in (STATE_INTER, EXTERNAL_INTER):
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    if frame == "PROTEST":
        return _protest_type(mentions, lo, hi)
    return frame


def _attack_type(
    weapon: str | None,
    agent: ActorMention | None,
    target: ActorMention | None,
    mentions_fatal: bool,
) -> str | None:
    if weapon:
        return weapon
    if target is not None and _is_victim(target):
        return "Attack"
    if target is not None:
        return "Armed clash"
    if agent is not None and mentions_fatal:
        return "Attack"
    return None


def _protest_type(mentions: Mentions, lo: int, hi: int) -> str:
    if mentions.cue_between("riot", lo, hi):
        return "Violent demonstration"
    if mentions.cue_between("force", lo, hi) or mentions.cue_between("fatal", lo, hi):
        return "Excessive force against protesters"
    if mentions.cue_between("disperse", lo, hi):
        return "Protest with intervention"
    return "Peaceful protest"


def _sentence_tokens(mentions: Mentions, trig: TriggerMention) -> tuple[int, int]:
    lo, _ = mentions.clause_of(trig.first)
    return max(0, trig.first - ARG_WINDOW), trig.end + ARG_WINDOW


# --- place and date -----------------------------------------------------------------------


def _place(cand: Candidate, bucket: _Bucket, ctx: Context) -> None:
    trig = cand.trigger
    here = [p for p in bucket.places if p.place.kind != "country"]
    if here:
        after = [p for p in here if p.first >= trig.end]
        cand.place = min(here, key=lambda p: (p.first < trig.end, abs(p.first - trig.end))) if after else here[-1]
    elif ctx.last_place is not None:
        cand.place, cand.place_carried = ctx.last_place, True
    elif ctx.lead_place is not None:
        cand.place, cand.place_carried = ctx.lead_place, True
    countries = [p for p in bucket.places if p.place.kind == "country"]
    if cand.place is not None:
        cand.country = cand.place.place.country
    elif countries:
        cand.country = countries[0].place.country
    else:
        cand.country = ctx.main_country or ""


def _date(cand: Candidate, bucket: _Bucket, ctx: Context, trig: TriggerMention) -> None:
    usable = [tm for tm in bucket.times if _in_window(tm.date, ctx.published)]
    future = [tm for tm in bucket.times if tm.date > ctx.published or tm.date < ctx.published - dt.timedelta(days=WINDOW_DAYS)]
    if usable:
        tm = min(usable, key=lambda t: abs(t.first - trig.first))
        cand.date, cand.time_precision, cand.date_span = tm.date, tm.precision, (tm.first, tm.end)
    elif future:
        cand.date = None  # reported for another time: not an event of this window
    elif ctx.lead_date is not None:
        day, _precision, _span = ctx.lead_date
        cand.date, cand.time_precision = day, 2
    else:
        cand.date, cand.time_precision = ctx.published, 2


# --- fatalities ----------------------------------------------------------------------------


def _share_fatalities(doc: Doc, mentions: Mentions, bucket: _Bucket, cands: list[Candidate]) -> None:
    """Deaths stated in the sentence go to its most violent candidate."""
    if not cands:
        return
    count, span = _sentence_fatalities(doc, mentions, bucket)
    if not count:
        return
    violent = [c for c in cands if c.event_type in VIOLENT_TYPES or c.sub_event_type == "Excessive force against protesters"]
    if not violent:
        return
    best = min(violent, key=lambda c: _RANK_ORDER.index(c.event_type) if c.event_type in _RANK_ORDER else 9)
    best.fatalities, best.fatality_span = count, span


_RANK_ORDER = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests")


def _sentence_fatalities(doc: Doc, mentions: Mentions, bucket: _Bucket) -> tuple[int, tuple[int, int] | None]:
    """The lowest death figure stated in the sentence (0 when none)."""
    if not bucket.triggers and not bucket.numbers:
        return 0, None
    sentence = doc.tokens[(bucket.triggers or bucket.numbers)[0].first].sentence
    s = doc.sentences[sentence]
    fatal = [r for r in mentions.cues.get("fatal", ()) if s.first_token <= r[0] < s.end_token]
    if not fatal:
        return 0, None
    injuries = [r for r in mentions.cues.get("injury", ()) if s.first_token <= r[0] < s.end_token]
    figures: list[tuple[int, tuple[int, int]]] = []
    for f_first, f_end in fatal:
        num = _number_near(bucket.numbers, f_first, f_end, injuries)
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
    return doc.tokens[first].text.endswith(("قتلى", "شهداء", "جثث"))


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
