"""The trigger and cue lexicons: data files in marsad/resources, loaded once.

A trigger names what happened (a sub-event type, or a frame the assembler refines); a cue
shapes how a trigger is read (negation, modality, agent/target markers, weapons, deaths).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.model import EVENT_TYPE_OF

FRAMES = frozenset(
    {
        "BOMBARD",
        "ATTACK",
        "TERRITORY",
        "DESTROY",
        "PROTEST",
        "EXPLOSION",
        "STOP",
        "ASSASSINATE",
        "ATTACKED",
        "FIRE",
        "KILL",
        "INTERCEPT",
        "WITHDRAW",
        "BASE",
    }
)


@dataclass(frozen=True, slots=True)
class Trigger:
    phrase: str
    frame: str  # a sub_event_type or one of FRAMES
    verb: bool
    stem: bool
    definite: bool


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files("marsad.resources").joinpath(name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    yield from csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


@cache
def load_triggers() -> tuple[Trigger, ...]:
    triggers = []
    for n, row in enumerate(_rows("triggers.tsv"), 1):
        phrase, frame, pos, stem, definite = (cell.strip() for cell in row[:5])
        if frame not in FRAMES and frame not in EVENT_TYPE_OF:
            raise ValueError(f"triggers.tsv row {n}: unknown frame {frame!r}")
        triggers.append(Trigger(phrase, frame, pos == "verb", stem == "1", definite == "1"))
    return tuple(triggers)


@cache
def load_cues() -> tuple[tuple[str, str], ...]:
    """(phrase, kind) pairs of the cue lexicon."""
    return tuple((row[0].strip(), row[1].strip()) for row in _rows("cues.tsv"))
