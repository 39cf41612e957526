"""Digests that say whether something changed between two builds (in any process).

:func:`value_digest` digests a value shallowly where content is concerned: a content
object counts by its identity (class and source file), whose own state
:mod:`sitekit.incremental` tracks; a list of posts is the list of their identities.
Other objects digest as their public attributes (private ones are taken for caches
filled lazily, such as a paginator's page count); values with no stable form (an object
whose ``repr`` is an address) digest differently every time, so whatever depends on
them is always rebuilt.
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


def new_hash():
    return hashlib.blake2b(digest_size=DIGEST_SIZE)


class Digester:
    """Digests values; remembers what it digested by identity (for one unchanging pass)."""

    def __init__(self, shared=()):
        self.memo: dict[int, tuple[object, bytes]] = {}  # containers
        self.objects: dict[int, tuple[object, bytes]] = {}
        self.keys: dict[int, tuple[object, bytes]] = {}
        self.shared_ids = {id(value) for value in shared}
        self.in_progress: set[int] = set()

    def digest(self, value) -> bytes:
        hasher = new_hash()
        if isinstance(value, list | tuple | dict | set | frozenset):
            known = self.memo.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            self.in_progress.add(id(value))
            try:
                self._feed_container(hasher, value)
            finally:
                self.in_progress.discard(id(value))
            self.memo[id(value)] = (value, hasher.digest())
            return self.memo[id(value)][1]
        self._feed(hasher, value)  # objects are remembered by digest_object
        return hasher.digest()

    def _content_key(self, value) -> bytes:
        known = self.keys.get(id(value))
        if known is None or known[0] is not value:
            path = getattr(value, "relative_source_path", None) or id(value)
            known = self.keys[id(value)] = (value, f"C{type(value).__name__}:{path}".encode())
        return known[1]

    def _feed(self, hasher, value) -> None:  # noqa: C901 - one case per kind of value
        update = hasher.update
        if isinstance(value, Content):  # first: lists of posts are most of what is digested
            update(self._content_key(value))
        elif isinstance(value, str):
            update(b"s%d:" % len(value))
            update(value.encode("utf-8", "surrogatepass"))
        elif value is None or isinstance(value, bool | int | float):
            update(b"n" + repr(value).encode())
        elif isinstance(value, bytes):
            update(b"b%d:" % len(value) + value)
        elif isinstance(value, URLWrapper):
            update(b"W" + type(value).__name__.encode() + b":" + str(value.name).encode())
        elif isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            update(b"d" + repr(value).encode())
        elif id(value) in self.shared_ids:
            update(b"shared")
        elif id(value) in self.in_progress:
            update(b"cycle")
        elif isinstance(value, type | types.FunctionType | types.BuiltinFunctionType):
            update(b"f" + f"{value.__module__}.{value.__qualname__}".encode())
        elif isinstance(value, types.MethodType):  # a plugin's template helper, say
            update(b"m" + f"{value.__func__.__module__}.{value.__func__.__qualname__}".encode())
        elif isinstance(value, types.ModuleType):
            update(b"M" + value.__name__.encode())
        elif isinstance(value, list | tuple | dict | set | frozenset) and len(value) <= 8:
            self.in_progress.add(id(value))
            try:
                self._feed_container(hasher, value)
            finally:
                self.in_progress.discard(id(value))
        elif isinstance(value, list | tuple | dict | set | frozenset):
            update(b"=" + self.digest(value))  # remembered: listings share their lists
        elif dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
            update(b"=" + self.digest_object(value))
        else:
            text = repr(value)
            update(b"r" + (os.urandom(8) if " at 0x" in text else text.encode()))

    def digest_object(self, value) -> bytes:
        """Digest an object's fields (a dataclass) or attributes, remembered by identity."""
        known = self.objects.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        hasher = new_hash()
        self.in_progress.add(id(value))
        try:
            hasher.update(b"O" + type(value).__qualname__.encode())
            if dataclasses.is_dataclass(value):
                for item in dataclasses.fields(value):
                    self._feed(hasher, getattr(value, item.name))
            else:
                self._feed_attributes(hasher, vars(value))
        finally:
            self.in_progress.discard(id(value))
        result = hasher.digest()
        self.objects[id(value)] = (value, result)
        return result

    def _feed_container(self, hasher, value) -> None:
        if isinstance(value, dict):
            hasher.update(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(hasher, key)
                self._feed(hasher, item)
        elif isinstance(value, set | frozenset):
            hasher.update(b"<%d" % len(value))
            for item in sorted(self.digest(item) for item in value):
                hasher.update(item)
        else:
            hasher.update(b"[%d" % len(value))
            for item in value:
                self._feed(hasher, item)

    def _feed_attributes(self, hasher, attributes) -> None:
        for key in sorted(attributes):
            if not key.startswith("_"):  # private: caches filled lazily (Paginator's)
                hasher.update(key.encode() + b"=")
                self._feed(hasher, attributes[key])


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
