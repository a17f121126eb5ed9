"""Actor lexicon and mention finding (marsad.actors).

Clauses are written for these tests unless cited; cited ones are from the ANT Corpus
(https://antcorpus.github.io), article id given.
"""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

import pytest

from marsad.actors import (
    ANY_COUNTRY,
    RESOURCES,
    Actor,
    ActorLexicon,
    ActorMention,
    find_actors,
    resolve_actor,
)
from marsad.text.doc import Doc
from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import normalize_string

SEED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "actors.tsv"


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return ActorLexicon.default()


@pytest.fixture(scope="module")
def matcher(lexicon: ActorLexicon) -> PhraseMatcher:
    m = PhraseMatcher()
    for surface, key in lexicon.phrases():
        m.add(surface, ("actor", key))
    return m.build()


def mentions(text: str, matcher: PhraseMatcher, lexicon: ActorLexicon) -> list[ActorMention]:
    doc = Doc(text)
    return find_actors(doc, matcher.find(doc), lexicon)


def names(text: str, matcher: PhraseMatcher, lexicon: ActorLexicon, country: str
          ) -> list[str]:
    return [resolve_actor(m, country, lexicon)[0] for m in mentions(text, matcher, lexicon)]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# --- named groups, with clitics --------------------------------------------------------


def test_named_groups_behind_proclitics_and_quotes(matcher, lexicon):
    found = mentions('وقال مصدر مقرب من "قسد" لـ"العربي الجديد" إن مقاتلين تابعين لـ"قسد" '
                     "ووحدات حماية الشعب وقوات سورية الديمقراطية اشتبكوا بالحوثيين",
                     matcher, lexicon)
    by_text = {m.text: m for m in found}
    assert by_text["قسد"].actor.name == "SDF: Syrian Democratic Forces"
    sdf = by_text["قوات سورية الديمقراطية"]
    assert (sdf.actor.name, sdf.clitic) == ("SDF: Syrian Democratic Forces", "و")
    assert by_text["وحدات حماية الشعب"].actor.name == "YPG: Peoples Protection Units"
    houthis = by_text["الحوثيين"]
    assert (houthis.actor.name, houthis.clitic) == ("Houthis", "ب")


def test_lam_plus_article_is_read_back_with_its_article(matcher, lexicon):
    (m,) = mentions("وجهت الحكومة رسالة للحوثيين", matcher, lexicon)
    assert (m.actor.name, m.text, m.clitic) == ("Houthis", "الحوثيين", "ل")


def test_corpus_clause_coalition_aircraft_and_houthi_rebels(matcher, lexicon):
    # ANT Corpus, SK-middleEast-90-20180227
    text = ("طائرات التحالف دمرت عربات عسكرية للمتمردين الحوثيين في وادي زبيد ومديرية "
            "الجراحي في محافظة الحديدة")
    assert names(text, matcher, lexicon, "Yemen") == ["Saudi-led Coalition", "Houthis"]


def test_corpus_clause_qassam_is_hamas(matcher, lexicon):
    # ANT Corpus, AL-internationalNews-1707-20180620
    text = ("طائرات حربية إسرائيلية أطلقت صواريخ عدة على أرض فارغة بجانب موقع تدريب يتبع "
            "لكتائب عز الدين القسام، الجناح العسكري لحركة #حماس")
    got = names(text, matcher, lexicon, "Palestine")
    assert got[0] == "Military Forces of Israel"
    assert got[1:] == ["Hamas", "Hamas"]


def test_longest_name_wins(matcher, lexicon):
    cases = {
        "الجيش السوري الحر": "FSA: Free Syrian Army",
        "كتائب حزب الله": "Kataib Hezbollah",
        "الجيش الوطني الليبي": "LNA: Libyan National Army",
        "حركة طالبان الباكستانية": "TTP: Tehreek-i-Taliban Pakistan",
        "مجلس شورى مجاهدي درنة": "Mujahideen Shura Council of Derna",
        "القوات اللبنانية": "Lebanese Forces",  # a party, not the Lebanese army
    }
    for text, expected in cases.items():
        (m,) = mentions(text, matcher, lexicon)
        assert (m.actor.name, m.first, m.end) == (expected, 0, len(Doc(text).tokens)), text


def test_actor_holding_a_place_name_covers_it(lexicon):
    # One shared matcher, as in the pipeline: the place سورية lies inside the SDF's name.
    shared = PhraseMatcher()
    shared.add("سورية", ("place", "Syria"))
    for surface, key in lexicon.phrases():
        shared.add(surface, ("actor", key))
    doc = Doc("تقدمت قوات سورية الديمقراطية نحو هجين")
    matches = shared.find(doc)
    assert any(m.payload[0] == "place" for m in matches)
    (m,) = find_actors(doc, matches, lexicon)
    assert (m.actor.name, m.first, m.end) == ("SDF: Syrian Democratic Forces", 1, 4)


# --- head noun + nationality adjective ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الشرطة العراقية", "Police Forces of Iraq"),
        # The eval seed codes Iraqi "security forces" as the military (Iraq, Egypt alike).
        ("قوات الأمن العراقية", "Military Forces of Iraq"),
        ("الطيران الإسرائيلي", "Military Forces of Israel"),
        ("مقاتلات سعودية", "Military Forces of Saudi Arabia"),
        ("الشرطة الأفغانية", "Police Forces of Afghanistan"),
        ("طائرة أمريكية بدون طيار", "Military Forces of the United States"),
        ("الجنود الفرنسيين", "Military Forces of France"),
        ("البحرية المصرية", "Military Forces of Egypt"),
        ("الشرطة العسكرية الروسية", "Military Forces of Russia"),
        ("الجيش اللبناني", "Military Forces of Lebanon"),
        ("الدفاعات الجوية السعودية", "Military Forces of Saudi Arabia"),
        ("قوات الاحتلال التركي", "Military Forces of Turkey"),  # not Israel's occupation
        ("الشرطة الماليزية", None),  # no Malaysian demonym: only the generic police noun
    ],
)
def test_head_and_demonym_name_a_state_force(text, expected, matcher, lexicon):
    (m,) = mentions("وقالت " + text + " إن", matcher, lexicon)
    if expected is None:
        assert m.actor.generic and m.end - m.first == 1
        return
    assert resolve_actor(m, "Syria", lexicon)[0] == expected
    assert (m.first, m.end) == (1, 1 + len(Doc(text).tokens))


def test_demonym_country_beats_event_country(matcher, lexicon):
    # Iranian soldiers in Syria are Iran's forces, whatever the event's country.
    (m,) = mentions("مقتل سبعة عسكريين إيرانيين قرب حمص", matcher, lexicon)
    assert resolve_actor(m, "Syria", lexicon) == ("Military Forces of Iran", 8)


def test_a_demonym_with_a_proclitic_is_not_an_adjective(matcher, lexicon):
    # سورية is also the adjective "Syrian"; with و in front it is the country "and Syria".
    assert mentions("وصلت الطائرات وسورية", matcher, lexicon) == []
    (m,) = mentions("وصلت الطائرات السورية", matcher, lexicon)
    assert m.actor.name == "Military Forces of Syria"


def test_named_actor_absorbs_a_following_adjective(matcher, lexicon):
    (m,) = mentions("ميليشيات الحوثي الإيرانية", matcher, lexicon)
    assert (m.actor.name, m.end) == ("Houthis", 3)
    (m,) = mentions("حزب الله اللبناني", matcher, lexicon)
    assert (m.actor.name, m.end) == ("Hezbollah", 3)


# --- generic nouns, completed by the event's country ---------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "expected", "role"),
    [
        ("أطلق مسلحون مجهولون النار", "Iraq", "Unidentified Armed Group (Iraq)", "agent"),
        ("قتل خمسة مدنيين", "Yemen", "Civilians (Yemen)", "victim"),
        ("فرقت الشرطة المحتجين", "Egypt", "Police Forces of Egypt", "either"),
        ("هرب السجناء", "Libya", "Prisoners (Libya)", "either"),
        ("أحرق مثيري الشغب مبنى", "Iraq", "Rioters (Iraq)", "agent"),
        ("قصف الجيش مواقع", "Syria", "Military Forces of Syria", "either"),
        ("اعتقلت السلطات ناشطين", "Iraq", "Military Forces of Iraq", "either"),
    ],
)
def test_generic_noun_takes_the_event_country(text, country, expected, role, matcher,
                                              lexicon):
    found = mentions(text, matcher, lexicon)
    assert found, text
    m = found[0]
    assert m.actor.generic and m.role == role
    assert resolve_actor(m, country, lexicon)[0] == expected


def test_generic_protesters_and_civilians_in_one_clause(matcher, lexicon):
    got = names("أطلقت الشرطة النار على المتظاهرين فقتلت مواطنا", matcher, lexicon, "Iraq")
    assert got == ["Police Forces of Iraq", "Protesters (Iraq)", "Civilians (Iraq)"]


def test_generic_template_resolves_to_a_named_row(lexicon):
    military = Actor("Military Forces of {country}", 1, "", generic=True)
    # In Libya in 2018 "the army" is Haftar's LNA (its English alias says so).
    assert resolve_actor(military, "Libya", lexicon) == ("LNA: Libyan National Army", 1)
    assert resolve_actor(military, "United States", lexicon) == (
        "Military Forces of the United States", 8)
    civilians = Actor("Civilians ({country})", 7, "", generic=True)
    assert resolve_actor(civilians, "United States", lexicon) == (
        "Civilians (United States)", 7)
    with pytest.raises(ValueError):
        resolve_actor(civilians, "", lexicon)


def test_adjectives_are_no_armed_group(matcher, lexicon):
    # هجوم مسلح / هجوم انتحاري / الهجوم الإرهابي describe an attack, not who made it.
    assert mentions("وقع هجوم مسلح وهجوم انتحاري والهجوم الإرهابي", matcher, lexicon) == []


# --- phrases whose referent depends on the country ---------------------------------------


def test_coalition_depends_on_the_country(matcher, lexicon):
    (m,) = mentions("شنت طائرات التحالف غارات", matcher, lexicon)
    assert resolve_actor(m, "Yemen", lexicon)[0] == "Saudi-led Coalition"
    assert resolve_actor(m, "Syria", lexicon)[0] == "Global Coalition against ISIS"
    assert resolve_actor(m, "Iraq", lexicon)[0] == "Global Coalition against ISIS"


def test_national_army_depends_on_the_country(matcher, lexicon):
    (m,) = mentions("تقدم الجيش الوطني", matcher, lexicon)
    assert resolve_actor(m, "Libya", lexicon)[0] == "LNA: Libyan National Army"
    assert resolve_actor(m, "Syria", lexicon)[0] == "SNA: Syrian National Army"
    assert resolve_actor(m, "Yemen", lexicon)[0] == "Military Forces of Yemen"
    assert resolve_actor(m, "Somalia", lexicon)[0] == "Military Forces of Somalia"
    # An adjective settles it: الجيش الوطني الأفغاني is Afghanistan's army anywhere.
    (m,) = mentions("الجيش الوطني الأفغاني", matcher, lexicon)
    assert resolve_actor(m, "Pakistan", lexicon)[0] == "Military Forces of Afghanistan"


def test_militias_are_houthis_in_yemen_only(matcher, lexicon):
    (m,) = mentions("تعزيزات للميليشيات", matcher, lexicon)
    assert resolve_actor(m, "Yemen", lexicon)[0] == "Houthis"
    assert resolve_actor(m, "Libya", lexicon)[0] == "Unidentified Armed Group (Libya)"


# --- stop phrases, descriptors, anaphora ------------------------------------------------


def test_stop_phrases_hide_the_actor_they_contain(matcher, lexicon):
    assert mentions("هبطت الطائرة في القاعدة العسكرية", matcher, lexicon) == []
    assert mentions("زار القاعدة الأمريكية", matcher, lexicon) == []
    (m,) = mentions("هاجم تنظيم القاعدة القاعدة الجوية", matcher, lexicon)
    assert (m.actor.name, m.first, m.end) == ("Al Qaeda", 1, 3)


def test_descriptor_joins_the_named_actor(matcher, lexicon):
    (m,) = mentions("قتل 167 من مسلحي داعش", matcher, lexicon)
    assert (m.actor.name, m.text, m.first) == ("Islamic State", "مسلحي داعش", 3)
    (m,) = mentions("ومسلحي ميليشيات الحوثي الانقلابية", matcher, lexicon)
    assert (m.actor.name, m.first, m.end, m.clitic) == ("Houthis", 0, 4, "و")


def test_anaphor_refers_to_the_last_group_of_its_kind(matcher, lexicon):
    text = "تبنى تنظيم داعش الهجوم. وقالت حركة طالبان إنها بريئة. وأضاف التنظيم أن"
    found = mentions(text, matcher, lexicon)
    assert [m.actor.name for m in found] == ["Islamic State", "Taliban", "Islamic State"]
    assert found[-1].text == "التنظيم"
    # Without a group named before, a bare التنظيم names nobody.
    assert mentions("وقال التنظيم إن", matcher, lexicon) == []


# --- the data files ---------------------------------------------------------------------


def test_seed_actors_are_kept_with_all_their_aliases():
    ours = {row["name"]: row for row in read_tsv(RESOURCES / "actors.tsv")}
    seed = read_tsv(SEED)
    assert seed, "the eval seed is empty"
    for row in seed:
        mine = ours.get(row["name"])
        assert mine is not None, row["name"]
        assert (mine["inter"], mine["country"]) == (row["inter"], row["country"])
        for column in ("aliases_ar", "aliases_en"):
            theirs = [a for a in row[column].split("|") if a]
            assert mine[column].split("|")[: len(theirs)] == theirs, (row["name"], column)


def test_every_alias_reads_back_as_its_actor(matcher, lexicon):
    misread = []
    for row in read_tsv(RESOURCES / "actors.tsv"):
        for alias in row["aliases_ar"].split("|"):
            found = mentions(alias, matcher, lexicon)
            whole = len(found) == 1 and (found[0].first, found[0].end) == (
                0, len(Doc(alias).tokens))
            meant = whole and row["name"] in {found[0].actor.name} | {
                a.name for _, a in found[0].choices}
            if not meant:
                misread.append((row["name"], alias, [m.actor.name for m in found]))
    assert misread == []


def test_aliases_normalise_to_one_actor_unless_listed_as_ambiguous():
    ambiguous = {normalize_string(r["phrase_ar"]) for r in
                 read_tsv(RESOURCES / "actor_ambiguous.tsv")}
    generic = {normalize_string(r["phrase_ar"]) for r in
               read_tsv(RESOURCES / "generic_actors.tsv")}
    owner: dict[str, set[str]] = {}
    for row in read_tsv(RESOURCES / "actors.tsv"):
        for alias in row["aliases_ar"].split("|"):
            owner.setdefault(" ".join(normalize_string(alias).split()), set()).add(row["name"])
    clashes = {a: n for a, n in owner.items() if len(n) > 1 and a not in ambiguous}
    assert clashes == {}
    assert {a for a in owner if a in generic and a not in ambiguous} == set()


def test_ambiguous_phrases_have_a_default_and_known_targets(lexicon):
    rows = read_tsv(RESOURCES / "actor_ambiguous.tsv")
    known = {a.name for a in lexicon.actors()} | {
        r["template"] for r in read_tsv(RESOURCES / "generic_actors.tsv")}
    defaults: dict[str, int] = {}
    for r in rows:
        assert r["name"] in known, r
        defaults[r["phrase_ar"]] = defaults.get(r["phrase_ar"], 0) + (r["country"] == ANY_COUNTRY)
    assert set(defaults.values()) == {1}


def test_inter_codes_are_acled_codes():
    for name in ("actors.tsv", "generic_actors.tsv", "actor_heads.tsv"):
        for row in read_tsv(RESOURCES / name):
            assert 1 <= int(row["inter"]) <= 8, (name, row)


def test_every_stop_phrase_hides_something(matcher, lexicon):
    # A stop phrase that shadows no actor reading is dead data. Anaphors need a group
    # named before them, so each phrase follows a sentence that names a few; a head noun
    # needs an adjective after it (مجلس الأمن الروسي), so that is tried too.
    context = "حركة حماس وجماعة بوكو حرام وهيئة تحرير الشام وتنظيم داعش. "
    skip = len(Doc(context).tokens)

    def hides(text: str) -> bool:
        doc = Doc(context + text)
        matches = [m for m in matcher.find(doc) if not m.payload[1].startswith("x|")]
        return any(m.first >= skip for m in find_actors(doc, matches, lexicon))

    for row in read_tsv(RESOURCES / "actor_stoplist.tsv"):
        assert hides(row["phrase_ar"]) or hides(row["phrase_ar"] + " الروسي"), row
        doc = Doc(context + row["phrase_ar"] + " الروسي")
        inside = [m for m in find_actors(doc, matcher.find(doc), lexicon) if m.first >= skip]
        assert inside == [], row


def test_demonym_countries_have_state_force_rows_where_they_fight(lexicon):
    # Countries whose forces the region's news reports act: head + adjective lands on a row.
    for country in ("Syria", "Iraq", "Yemen", "Lebanon", "Israel", "Egypt", "Turkey",
                    "Saudi Arabia", "United Arab Emirates", "Iran", "Russia", "United States",
                    "Afghanistan", "Somalia", "Sudan", "Nigeria", "Jordan", "Pakistan"):
        force = lexicon.state_force("Military Forces of {country}", country, 1)
        assert lexicon.named(force.name) == force, country


# --- loading ------------------------------------------------------------------------------


def copy_resources(tmp_path: Path) -> Path:
    target = tmp_path / "resources"
    shutil.copytree(RESOURCES, target)
    return target


def test_unlisted_alias_clash_is_rejected(tmp_path):
    res = copy_resources(tmp_path)
    with (res / "actors.tsv").open("a", encoding="utf-8") as f:
        f.write("Clash Test\t2\tSyria\tقسد\t\n")
    with pytest.raises(ValueError, match="قسد"):
        ActorLexicon.from_dir(res)


def test_bad_inter_and_missing_default_are_rejected(tmp_path):
    res = copy_resources(tmp_path)
    with (res / "generic_actors.tsv").open("a", encoding="utf-8") as f:
        f.write("غرباء\tStrangers ({country})\t9\tagent\n")
    with pytest.raises(ValueError, match="inter 9"):
        ActorLexicon.from_dir(res)
    res = copy_resources(tmp_path / "second")
    rows = (res / "actor_ambiguous.tsv").read_text(encoding="utf-8").splitlines()
    kept = [r for r in rows if not (r.startswith("التحالف\t") and "\t*\t" in r)]
    (res / "actor_ambiguous.tsv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="التحالف"):
        ActorLexicon.from_dir(res)


def test_lexicon_loads_fast_and_once():
    start = time.perf_counter()
    fresh = ActorLexicon.from_dir(RESOURCES)
    assert time.perf_counter() - start < 0.5
    assert ActorLexicon.default() is ActorLexicon.default()
    assert len(list(fresh.phrases())) == len(list(ActorLexicon.default().phrases()))
