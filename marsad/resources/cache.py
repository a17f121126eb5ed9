"""An on-disk cache for objects that are slow to build and cheap to unpickle.

Compiled lexicons (e.g. a built ``PhraseMatcher`` with its Aho-Corasick automaton) are
keyed by everything they are built from: the caller passes the bytes of the resource
files and a code version; the Python and pyahocorasick versions are added here because
pickles of C extension objects are only valid for the version that wrote them.

The cache lives in ``$MARSAD_CACHE_DIR``, else ``$XDG_CACHE_HOME/marsad``, else
``~/.cache/marsad``. ``MARSAD_CACHE=0`` turns it off. Any failure to read or write
(read-only home, corrupt or foreign file) falls back to building: the cache can only make
start-up faster, never change a result or crash a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Bump when the file layout written here changes.
CACHE_FORMAT = b"marsad-cache-1"
RESOURCE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """The directory the cache uses (it may not exist yet)."""
    explicit = os.environ.get("MARSAD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "marsad"


def cache_enabled() -> bool:
    return os.environ.get("MARSAD_CACHE", "1").strip().lower() not in {"0", "false", "no", "off"}


def cache_key(key_parts: Iterable[bytes | str]) -> str:
    """A hex digest over the parts, the cache format and the runtime it is valid for."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (CACHE_FORMAT, *_runtime_parts(), *key_parts):
        data = part.encode("utf-8") if isinstance(part, str) else bytes(part)
        # Length-prefix each part so ("ab", "c") and ("a", "bc") differ.
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def resource_key_parts(*modules: str) -> list[bytes]:
    """Key parts for an object built from marsad's resource files by ``modules``' code.

    Every data file in marsad/resources (name and bytes) and the source of each named
    module (e.g. "marsad.mentions"), so an edited lexicon or builder invalidates the entry.
    """
    parts: list[bytes] = []
    for path in sorted(RESOURCE_DIR.iterdir()):
        if path.is_file() and path.suffix != ".py":
            parts += [path.name.encode(), path.read_bytes()]
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ValueError(f"no source for module {name!r}")
        parts += [name.encode(), Path(spec.origin).read_bytes()]
    return parts


def cached(key_parts: Iterable[bytes | str], build: Callable[[], T]) -> T:
    """``build()``'s result, loaded from disk when an entry for ``key_parts`` exists.

    ``key_parts`` must determine the result completely (resource file contents, a code
    version); the entry is written after a build when the cache directory is writable.
    """
    if not cache_enabled():
        return build()
    path = cache_dir() / f"{cache_key(key_parts)}.pickle"
    loaded = _load(path)
    if loaded is not _MISSING:
        return loaded  # type: ignore[return-value]
    value = build()
    _store(path, value)
    return value


_MISSING = object()


def _load(path: Path) -> object:
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return _MISSING
    except Exception:  # a corrupt or foreign entry is a miss, not an error
        return _MISSING


def _store(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:16]}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent workers never read a half-written entry
    except Exception:  # unpicklable value or full disk: just do not cache
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _runtime_parts() -> tuple[str, ...]:
    return (
        f"python={sys.version_info.major}.{sys.version_info.minor}",
        f"pyahocorasick={_version('pyahocorasick')}",
    )


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"
