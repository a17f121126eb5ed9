"""The on-disk cache of compiled lexicons: built once, loaded after, never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marsad.resources import cache
from marsad.text.doc import Doc
from marsad.text.matcher import PhraseMatcher


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(directory))
    monkeypatch.delenv("MARSAD_CACHE", raising=False)
    return directory


class Builder:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_a_second_call_loads_what_the_first_built(cache_dir: Path) -> None:
    build = Builder({"غارة": ["Air/drone strike"]})
    assert cache.cached([b"lexicon bytes", "v1"], build) == build.value
    assert cache.cached([b"lexicon bytes", "v1"], build) == build.value
    assert build.calls == 1
    assert len(list(cache_dir.glob("*.pickle"))) == 1


def test_other_resource_bytes_or_code_version_rebuild(cache_dir: Path) -> None:
    build = Builder([1, 2, 3])
    cache.cached([b"lexicon bytes", "v1"], build)
    cache.cached([b"lexicon bytes, edited", "v1"], build)
    cache.cached([b"lexicon bytes", "v2"], build)
    cache.cached([b"lexicon byte", "sv1"], build)  # same concatenation, other parts
    assert build.calls == 4


def test_a_compiled_phrase_matcher_round_trips(cache_dir: Path) -> None:
    def build() -> PhraseMatcher:
        matcher = PhraseMatcher()
        matcher.add("الحسكة", "place")
        matcher.add("استهدف", "trigger", stem=True)
        return matcher.build()

    cache.cached(["matcher", "v1"], build)
    loaded = cache.cached(["matcher", "v1"], lambda: pytest.fail("should load from disk"))
    doc = Doc("واستهدفت طائرات مواقع بالحسكة.")
    assert [(m.payload, m.clitic) for m in loaded.find(doc)] == [("trigger", "و"), ("place", "ب")]


def test_a_corrupt_entry_is_rebuilt_and_replaced(cache_dir: Path) -> None:
    build = Builder("fresh")
    cache.cached(["k"], build)
    (entry,) = cache_dir.glob("*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    assert cache.cached(["k"], build) == "fresh"
    assert cache.cached(["k"], build) == "fresh"
    assert build.calls == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_an_unwritable_cache_directory_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(locked / "marsad"))
    build = Builder("value")
    assert cache.cached(["k"], build) == "value"
    assert cache.cached(["k"], build) == "value"
    assert build.calls == 2


def test_a_cache_path_that_is_a_file_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocker / "marsad"))
    build = Builder("value")
    assert cache.cached(["k"], build) == "value"
    assert build.calls == 1


def test_disabled_cache_writes_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE", "0")
    build = Builder("value")
    cache.cached(["k"], build)
    cache.cached(["k"], build)
    assert build.calls == 2
    assert not cache_dir.exists()


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MARSAD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "marsad"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path.home() / ".cache" / "marsad"


def test_resource_key_parts_cover_the_lexicon_files_and_the_builder_code() -> None:
    import marsad.text.matcher

    parts = cache.resource_key_parts("marsad.text.matcher")
    assert (cache.RESOURCE_DIR / "triggers.tsv").read_bytes() in parts
    assert Path(marsad.text.matcher.__file__).read_bytes() in parts
    assert not any(p == Path(cache.__file__).read_bytes() for p in parts)
    with pytest.raises(ValueError):
        cache.resource_key_parts("marsad.no_such_module")
