"""ACLED's export format: its columns, codes and a generated English ``notes`` sentence.

One row per cluster (a de-duplicated event). Codes follow the ACLED codebook:
``inter1``/``inter2`` are the actor type codes (1 state forces, 2 rebel groups,
3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians,
8 external/other forces), ``interaction`` the two codes with the lower first (a sole actor
gives inter1 x 10), ``iso`` the ISO 3166-1 numeric code, ``event_id_cnty`` the ISO alpha-3
code followed by the cluster number, ``source`` the outlets separated by "; ".
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from marsad.store.types import ClusterDetail, ClusterSummary

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
POLITICAL_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
SCALE_ORDER = ("New media", "Subnational", "National", "Regional", "International", "Other")

# Actor types from the generic names of the guideline, for events coded without codes.
_INTER_BY_PREFIX = (
    ("military forces of", 1),
    ("police forces of", 1),
    ("unidentified armed group", 3),
    ("rioters", 5),
    ("protesters", 6),
    ("civilians", 7),
    ("prisoners", 7),
)

# (with actor2, without actor2) verb phrases; actor1 is the subject.
_VERBS: dict[str, tuple[str, str]] = {
    "Armed clash": ("clashed with {a2}", "were involved in an armed clash"),
    "Government regains territory": ("regained territory from {a2}", "regained territory"),
    "Non-state actor overtakes territory": (
        "took over territory from {a2}",
        "took over territory",
    ),
    "Air/drone strike": (
        "carried out an air/drone strike against {a2}",
        "carried out an air/drone strike",
    ),
    "Shelling/artillery/missile attack": (
        "carried out a shelling/artillery/missile attack against {a2}",
        "carried out a shelling/artillery/missile attack",
    ),
    "Suicide bomb": ("carried out a suicide bombing against {a2}", "carried out a suicide bombing"),
    "Remote explosive/landmine/IED": (
        "used a remote explosive/landmine/IED against {a2}",
        "used a remote explosive/landmine/IED",
    ),
    "Grenade": ("threw a grenade at {a2}", "threw a grenade"),
    "Chemical weapon": ("used a chemical weapon against {a2}", "used a chemical weapon"),
    "Attack": ("attacked {a2}", "carried out an attack"),
    "Abduction/forced disappearance": ("abducted {a2}", "carried out an abduction"),
    "Sexual violence": ("committed sexual violence against {a2}", "committed sexual violence"),
    "Peaceful protest": ("held a peaceful protest against {a2}", "held a peaceful protest"),
    "Protest with intervention": (
        "held a protest that {a2} intervened in",
        "held a protest that was met with intervention",
    ),
    "Excessive force against protesters": (
        "used excessive force against {a2}",
        "used excessive force against protesters",
    ),
    "Violent demonstration": ("held a violent demonstration against {a2}", "rioted"),
    "Mob violence": ("engaged in mob violence against {a2}", "engaged in mob violence"),
    "Arrests": ("arrested {a2}", "made arrests"),
    "Agreement": ("reached an agreement with {a2}", "reached an agreement"),
    "Change to group/activity": (
        "changed their group or activity in relation to {a2}",
        "changed their group or activity",
    ),
    "Headquarters or base established": (
        "established a headquarters or base against {a2}",
        "established a headquarters or base",
    ),
    "Looting/property destruction": (
        "looted or destroyed property of {a2}",
        "looted or destroyed property",
    ),
    "Non-violent transfer of territory": (
        "took over territory from {a2} without fighting",
        "took over territory without fighting",
    ),
    "Disrupted weapons use": ("disrupted weapons use by {a2}", "disrupted weapons use"),
    "Other": ("were involved in a strategic development with {a2}", "made a strategic move"),
}


@dataclass(frozen=True, slots=True)
class CountryCodes:
    iso: int
    iso3: str
    region: str


@cache
def country_codes() -> dict[str, CountryCodes]:
    """Country name (lower case) -> ISO numeric, ISO alpha-3 and ACLED region."""
    table: dict[str, CountryCodes] = {}
    for row in _tsv("acled_countries.tsv"):
        table[row["country"].casefold()] = CountryCodes(int(row["iso"]), row["iso3"], row["region"])
    return table


@cache
def outlet_scales() -> dict[str, str]:
    return {r["outlet"].casefold(): r["source_scale"] for r in _tsv("acled_outlets.tsv")}


def _tsv(name: str) -> list[dict[str, str]]:
    text = resources.files("marsad").joinpath("resources", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub_event_type == "Mob violence" or event_type in POLITICAL_VIOLENCE:
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event_type else ""


def inter_code(actor: str, given: int | None) -> int | None:
    """The actor's ACLED type code: the coded one, else from its generic name."""
    if given:
        return int(given)
    name = actor.strip().casefold()
    if not name:
        return None
    return next((code for prefix, code in _INTER_BY_PREFIX if name.startswith(prefix)), None)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both codes, lower first; a sole actor gives inter1 x 10."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def civilian_targeting(event_type: str, inter2: int | None, actor2: str) -> str:
    civilians = inter2 == 7 or actor2.casefold().startswith("civilians")
    return "Civilian targeting" if civilians and event_type in POLITICAL_VIOLENCE else ""


def source_scale(outlets: tuple[str, ...] | list[str]) -> str:
    scales = {outlet_scales().get(o.casefold(), "Other") for o in outlets if o}
    return "-".join(s for s in SCALE_ORDER if s in scales)


def long_date(day: str, precision: int | None) -> str:
    """'On 1 March 2018', 'Around 1 March 2018' (within a week), 'In March 2018'."""
    d = dt.date.fromisoformat(day[:10])
    month = calendar.month_name[d.month]
    if precision == 3:
        return f"In {month} {d.year}"
    lead = "Around" if precision == 2 else "On"
    return f"{lead} {d.day} {month} {d.year}"


def place_phrase(c: ClusterSummary) -> str:
    if c.location:
        where = ", ".join(p for p in (c.admin1, c.country) if p and p != c.location)
        near = "near" if c.geo_precision == 2 else "in"
        return f"{near} {c.location}" + (f" ({where})" if where else "")
    if c.admin1:
        return f"in {c.admin1}" + (f" ({c.country})" if c.country else "")
    return f"in {c.country}" if c.country else "at an unknown place"


def notes(detail: ClusterDetail) -> str:
    """An English sentence saying what happened, when, where, with deaths and disputes."""
    c = detail.cluster
    when = long_date(c.event_date, c.time_precision) if c.event_date else "On an unknown date"
    subject = c.actor1 or "Unidentified actors"
    with_a2, alone = _VERBS.get(c.sub_event_type, ("acted against {a2}", "acted"))
    verb = with_a2.format(a2=c.actor2) if c.actor2 else alone
    parts = [f"{when}, {subject} {verb} {place_phrase(c)}."]
    if c.fatalities:
        noun = "fatality" if c.fatalities == 1 else "fatalities"
        parts.append(f"{c.fatalities} {noun} reported.")
    for field in c.disputed:
        claims = [cl for cl in detail.claims if cl.field == field]
        said = "; ".join(
            f"{cl.value} ({', '.join(sorted({s.outlet or s.article_id for s in cl.sources}))})"
            for cl in claims
        )
        parts.append(f"Sources disagree on {field.replace('_', ' ')}: {said}.")
    n = c.n_articles
    parts.append(f"[{n} report{'s' if n != 1 else ''}, coded by marsad]")
    return " ".join(parts)


def row(detail: ClusterDetail) -> dict[str, Any]:
    """The cluster as an ACLED row: every column of COLUMNS, in order."""
    c = detail.cluster
    codes = country_codes().get(c.country.casefold()) if c.country else None
    inter1 = inter_code(c.actor1, c.inter1)
    inter2 = inter_code(c.actor2, c.inter2) if c.actor2 else None
    stamp = c.updated_at or dt.datetime.now(dt.UTC)
    values: dict[str, Any] = {
        "event_id_cnty": f"{codes.iso3 if codes else 'XXX'}{c.id}",
        "event_date": c.event_date or "",
        "year": int(c.event_date[:4]) if c.event_date else "",
        "time_precision": c.time_precision or "",
        "disorder_type": disorder_type(c.event_type, c.sub_event_type),
        "event_type": c.event_type,
        "sub_event_type": c.sub_event_type,
        "actor1": c.actor1,
        "assoc_actor_1": "",
        "inter1": inter1 or "",
        "actor2": c.actor2,
        "assoc_actor_2": "",
        "inter2": inter2 or "",
        "interaction": interaction(inter1, inter2) or "",
        "civilian_targeting": civilian_targeting(c.event_type, inter2, c.actor2),
        "iso": codes.iso if codes else "",
        "region": codes.region if codes else "",
        "country": c.country,
        "admin1": c.admin1,
        "admin2": c.admin2,
        "admin3": "",
        "location": c.location,
        "latitude": round(c.latitude, 4) if c.latitude is not None else "",
        "longitude": round(c.longitude, 4) if c.longitude is not None else "",
        "geo_precision": c.geo_precision or "",
        "source": "; ".join(c.outlets),
        "source_scale": source_scale(c.outlets),
        "notes": notes(detail),
        "fatalities": c.fatalities,
        "tags": "",
        "timestamp": int(stamp.timestamp()),
    }
    return {name: values[name] for name in COLUMNS}
