"""Digests that say whether something changed between two builds (in any process).

:func:`value_digest` digests a value shallowly where content is concerned: a content
object counts by its identity (class and source file), whose own state
:mod:`sitekit.incremental` tracks; a list of posts is the list of their identities.
Values with no stable form (an object whose ``repr`` is an address) digest differently
every time, so whatever depends on them is always rebuilt.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import types
from pathlib import Path

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

DIGEST_SIZE = 16
#: Attributes that hold the whole site's settings or context, never one value.
SHARED_ATTRIBUTES = frozenset({"settings", "_context"})


def new_hash():
    return hashlib.blake2b(digest_size=DIGEST_SIZE)


class Digester:
    """Digests values; remembers what it digested by identity (for one unchanging pass)."""

    def __init__(self, shared=()):
        self.memo: dict[int, tuple[object, bytes]] = {}
        self.shared_ids = {id(value) for value in shared}

    def digest(self, value) -> bytes:
        known = self.memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        hasher = new_hash()
        self._feed(hasher, value, set())
        result = hasher.digest()
        if not isinstance(value, str | bytes | int | float | bool | type(None)):
            self.memo[id(value)] = (value, result)
        return result

    def _feed(self, hasher, value, seen) -> None:  # noqa: C901 - one case per kind of value
        update = hasher.update
        if value is None or isinstance(value, bool | int | float):
            update(b"n" + repr(value).encode())
        elif isinstance(value, str):
            update(b"s%d:" % len(value))
            update(value.encode("utf-8", "surrogatepass"))
        elif isinstance(value, bytes):
            update(b"b%d:" % len(value) + value)
        elif isinstance(value, Content):
            update(b"C" + type(value).__name__.encode() + b":")
            update(str(getattr(value, "relative_source_path", None) or id(value)).encode())
        elif isinstance(value, URLWrapper):
            update(b"W" + type(value).__name__.encode() + b":" + str(value.name).encode())
        elif isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            update(b"d" + repr(value).encode())
        elif id(value) in self.shared_ids:
            update(b"shared")
        elif id(value) in seen:
            update(b"cycle")
        elif isinstance(value, list | tuple | dict | set | frozenset):
            seen.add(id(value))
            self._feed_container(hasher, value, seen)
            seen.discard(id(value))
        elif isinstance(value, type | types.FunctionType | types.BuiltinFunctionType):
            update(b"f" + f"{value.__module__}.{value.__qualname__}".encode())
        elif isinstance(value, types.MethodType):  # a plugin's template helper, say
            update(b"m" + f"{value.__func__.__module__}.{value.__func__.__qualname__}".encode())
        elif isinstance(value, types.ModuleType):
            update(b"M" + value.__name__.encode())
        elif dataclasses.is_dataclass(value):
            seen.add(id(value))
            update(b"D" + type(value).__qualname__.encode())
            for item in dataclasses.fields(value):
                self._feed(hasher, getattr(value, item.name), seen)
            seen.discard(id(value))
        elif hasattr(value, "__dict__"):
            seen.add(id(value))
            update(b"O" + type(value).__qualname__.encode())
            self._feed_attributes(hasher, vars(value), seen)
            seen.discard(id(value))
        else:
            text = repr(value)
            update(b"r" + (os.urandom(8) if " at 0x" in text else text.encode()))

    def _feed_container(self, hasher, value, seen) -> None:
        if isinstance(value, dict):
            hasher.update(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(hasher, key, seen)
                self._feed(hasher, item, seen)
        elif isinstance(value, set | frozenset):
            hasher.update(b"<%d" % len(value))
            for item in sorted(self.digest(item) for item in value):
                hasher.update(item)
        else:
            hasher.update(b"[%d" % len(value))
            for item in value:
                self._feed(hasher, item, seen)

    def _feed_attributes(self, hasher, attributes, seen) -> None:
        for key in sorted(attributes):
            if key not in SHARED_ATTRIBUTES:
                hasher.update(key.encode() + b"=")
                self._feed(hasher, attributes[key], seen)


def value_digest(value) -> bytes:
    return Digester().digest(value)


def files_digest(roots, skip=()) -> bytes:
    """Digest every file below ``roots`` (paths and contents), skipping names in ``skip``."""
    hasher = new_hash()
    for root in roots:
        root = Path(root)
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if any(part in skip for part in path.parts) or path.suffix in (".pyc",):
                continue
            hasher.update(str(path).encode() + b"\0")
            hasher.update(path.read_bytes())
            hasher.update(b"\0")
    return hasher.digest()
