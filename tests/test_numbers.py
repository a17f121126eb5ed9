"""Cardinal numbers and vague quantities in Arabic text (marsad.text.numbers).

Sentences marked "ANT" are quoted from the ANT Corpus (https://antcorpus.github.io).
"""

from __future__ import annotations

import pytest

from marsad.text.doc import Doc
from marsad.text.numbers import NumberMention, digits_value, find_numbers


def numbers(text: str) -> list[tuple[str, int, bool, bool]]:
    """(original text of the mention, value, approximate, vague) for each mention."""
    doc = Doc(text)
    return [
        (doc.token_span(m.first, m.end).text, m.value, m.approximate, m.vague)
        for m in find_numbers(doc)
    ]


def values(text: str) -> list[int]:
    return [m.value for m in find_numbers(Doc(text))]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("قتل 110 أشخاص", 110),
        ("نزح 1,200 مدني", 1200),
        ("قتل 14شخصا", 14),
        ("قتل ١٤ شخصا", 14),
        ("قتل واحد", 1),
        ("مقتل اثنين من المسلحين", 2),
        ("مقتل اثنتين من النساء", 2),
        ("ثلاث قذائف", 3),
        ("ثلاثة صواريخ", 3),
        ("أربعة جنود", 4),
        ("ثمانية مدنيين", 8),
        ("ثماني نساء", 8),
        ("عشرة أطفال", 10),
        ("عشر سنوات", 10),
    ],
)
def test_digits_and_single_number_words(text: str, value: int) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("أحد عشر جنديا", 11),
        ("إحدى عشرة امرأة", 11),
        ("اثنا عشر مسلحا", 12),
        ("اثني عشر مسلحا", 12),
        ("ثلاثة عشر قتيلا", 13),
        ("ثلاث عشرة قذيفة", 13),
        ("تسعة عشر شخصا", 19),
        ("عشرون قتيلا", 20),
        ("عشرين قتيلا", 20),
        ("تسعين", 90),
        ("خمسة وعشرين شخصا", 25),
        ("واحد وثلاثون", 31),
        ("مئة وعشرون", 120),
        ("مائة وخمسة وعشرون", 125),
        ("مئتان", 200),
        ("مائتين", 200),
        ("مئتا قتيل", 200),
        ("ثلاثمئة", 300),
        ("ثلاثمائة", 300),
        ("ثلاث مئة", 300),
        ("ثلاثمئة وخمسة", 305),
        ("ألف", 1000),
        ("ألفان", 2000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000),
        ("ألف ومئتان", 1200),
        ("ثلاثة آلاف وخمسمئة", 3500),
        ("عشرون ألفا", 20000),
        ("مئة ألف", 100000),
        ("ألفين وثمانية عشر", 2018),
        ("مليون ومئتا ألف", 1_200_000),
        ("مليونا فلسطيني", 2_000_000),
        ("مئة و عشرون", 120),
    ],
)
def test_number_words_and_compounds(text: str, value: int) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3 آلاف لغم", 3000),
        ("3 الآف لغم", 3000),  # a common misspelling of آلاف
        ("٣ آلاف لغم", 3000),
        ("20 ألف نازح", 20000),
        ("1.5 مليون", 1_500_000),
        ("1,7 مليون لاجئ", 1_700_000),
        ("717 مليار دولار", 717_000_000_000),
    ],
)
def test_digits_followed_by_a_scale_word(text: str, value: int) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل نحو 110 أشخاص", ("نحو 110", 110)),
        ("قرابة 50 قتيلا", ("قرابة 50", 50)),
        ("حوالي ثلاثين", ("حوالي ثلاثين", 30)),
        ("زهاء ألف", ("زهاء ألف", 1000)),
        ("أكثر من 20 مدنيا", ("أكثر من 20", 20)),
        ("ما لا يقل عن 40 شخصا", ("ما لا يقل عن 40", 40)),
        ("ما يزيد على 1,000 شخص", ("ما يزيد على 1,000", 1000)),
        ("ما يزيد عن مئة", ("ما يزيد عن مئة", 100)),
        ("أقل من عشرة", ("أقل من عشرة", 10)),
        ("يناهز 52 عاما", ("يناهز 52", 52)),
        ("بنحو 17 مليون دولار", ("بنحو 17 مليون", 17_000_000)),
        ("وأكثر من 1500 جريح", ("وأكثر من 1500", 1500)),
    ],
)
def test_approximators_are_part_of_the_mention(text: str, expected: tuple[str, int]) -> None:
    assert numbers(text) == [(*expected, True, False)]


def test_trailing_approximately_marks_the_number() -> None:
    assert numbers("قتل 40 شخصا تقريبا") == [("40", 40, True, False)]


def test_plain_numbers_are_neither_approximate_nor_vague() -> None:
    assert numbers("قتل 40 شخصا") == [("40", 40, False, False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أصيب عدد من المدنيين", ("عدد من", 3)),
        ("أطلقت عدداً من القذائف", ("عدداً من", 3)),
        ("وعدد من الجرحى", ("وعدد من", 3)),
        ("قتل العديد من المدنيين", ("العديد من", 3)),
        ("بضعة أشخاص", ("بضعة", 3)),
        ("عشرات المدنيين", ("عشرات", 12)),
        ("العشرات من القتلى", ("العشرات من", 12)),
        ("وعشرات الجرحى", ("وعشرات", 12)),
        ("مئات المتظاهرين", ("مئات", 100)),
        ("المئات من المهاجرين", ("المئات من", 100)),
        ("آلاف النازحين", ("آلاف", 1000)),
        ("خرج الآلاف في البصرة", ("الآلاف", 1000)),
        ("عشرات الآلاف من الفلسطينيين", ("عشرات الآلاف من", 12000)),
        ("مئات آلاف النازحين", ("مئات آلاف", 100000)),
    ],
)
def test_vague_quantities(text: str, expected: tuple[str, int]) -> None:
    assert numbers(text) == [(*expected, False, True)]


def test_number_of_without_from_is_not_a_quantity() -> None:
    assert values("ارتفع عدد القتلى") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل جنديين", [("جنديين", 2)]),
        ("مقتل قتيلين اثنين", [("قتيلين اثنين", 2)]),
        ("وإصابة شخصين", [("شخصين", 2)]),
    ],
)
def test_dual_nouns_count_two(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(t, v) for t, v, _a, _v in numbers(text)] == expected


def test_plurals_that_look_like_duals_are_not_counted() -> None:
    assert values("قتل مدنيين ومسلحين") == []


def test_clitic_conjunction_on_a_number() -> None:
    assert numbers("قتل قتيلان وخمسة جرحى") == [
        ("قتيلان", 2, False, False),
        ("وخمسة", 5, False, False),
    ]


def test_a_list_of_numbers_is_not_summed() -> None:
    assert values("ثلاثة وخمسة") == [3, 5]
    assert values("بين 10 و15 قتيلا") == [10, 15]


def test_ant_sentence_with_several_counts() -> None:
    # ANT, BB-middleEast-251-20180326
    text = (
        "وقال العقيد الركن تركي المالكي إن ثلاثة صواريخ كانت موجهة نحو الرياض، "
        "وواحدا باتجاه خميس مشيط، وواحدا باتجاه نجران واثنين باتجاه جازان."
    )
    assert values(text) == [3, 1, 1, 2]


def test_ant_sentence_with_approximate_and_vague_counts() -> None:
    # ANT, SK-middleEast-807-20180406
    text = (
        "وبدأ عشرات الآلاف من الفلسطينيين يوم الجمعة الماضي، احتجاجا يستمر حتى 15 مايو "
        "المقبل. وعلى مدار أسبوع من المواجهات، أصيب أكثر من 1500 فلسطيني بجروح مختلفة"
    )
    found = numbers(text)
    assert ("عشرات الآلاف من", 12000, False, True) in found
    assert ("أكثر من 1500", 1500, True, False) in found


@pytest.mark.parametrize(
    "text",
    [
        "الساعة 8.30 صباحا",  # a time
        "لست أدري",  # ل + ست is "I am not"
        "في الثاني عشر من مارس",  # an ordinal
        "أحد المسلحين",  # "one of", not a count
        "في وست هامبستيد",  # a transliterated name
        "الاثنين",  # Monday
    ],
)
def test_words_that_are_not_counts(text: str) -> None:
    assert values(text) == []


def test_mentions_are_ordered_and_within_one_sentence() -> None:
    doc = Doc("قتل ثلاثة. عشرون جريحا")
    found = find_numbers(doc)
    assert [m.value for m in found] == [3, 20]
    for m in found:
        assert doc.tokens[m.first].sentence == doc.tokens[m.end - 1].sentence


def test_approximator_does_not_cross_a_sentence() -> None:
    doc = Doc("قال إنه أكثر من.\n40 قتيلا")
    assert find_numbers(doc) == [NumberMention(4, 5, 40, False, False)]


@pytest.mark.parametrize(
    ("token", "value"),
    [("110", 110), ("1,200", 1200), ("1,200,000", 1200000), ("1.5", 1.5), ("2,5", 2.5),
     ("1.200.000", 1200000), ("12\u066c345", 12345), ("3\u066b5", 3.5)],
)
def test_digits_value(token: str, value: float) -> None:
    assert digits_value(token) == value


@pytest.mark.parametrize("token", ["17.02.2018", "1,2,3", "9" * 40])
def test_digits_value_rejects_non_counts(token: str) -> None:
    assert digits_value(token) is None
