"""Pagefind's bundle in a form that compares by content: ``canonical_tree``.

Pagefind (1.5.2) writes its filter indexes from a Rust ``HashMap``: the order of their
entries, and so the hashes in their names, change from run to run on the same input
(https://github.com/Pagefind/pagefind/issues/638). plugins/search now puts them in
order, so the golden and determinism tests compare the bundle byte for byte; the
golden test uses this to show a difference in the search index by content (tests that
compare builds made in other ways leave the bundle out: ``sitebuild.canonical_tree``).
:func:`canonical_tree` decodes exactly these files,

* ``pagefind/filter/{lang}_{hash}.pf_filter`` (one per filter: tag, author...),
* ``pagefind/pagefind.{lang}_{hash}.pf_meta`` (names the filter files),
* ``pagefind/pagefind-entry.json`` (names the meta file),

to JSON with the unordered parts sorted and the hashes replaced by what they stand
for. Every other file, of Pagefind's or not, is left byte for byte.
"""

from __future__ import annotations

import gzip
import json
import re
import struct

FILTER = re.compile(r"pagefind/filter/(?P<hash>[a-z-]+_[0-9a-f]+)\.pf_filter")
META = re.compile(r"pagefind/pagefind\.(?P<lang>[a-z-]+)_[0-9a-f]+\.pf_meta")
ENTRY = "pagefind/pagefind-entry.json"
#: Pagefind's files start, once decompressed, with this signature, then CBOR.
SIGNATURE = b"pagefind_dcd"


def canonical_tree(tree: dict[str, bytes]) -> dict[str, bytes]:
    """Return ``tree`` with Pagefind's run-dependent files decoded and put in order."""
    filters = {}  # the hash a filter file has in this run -> its filter's name
    canonical = {}
    for path, data in tree.items():
        match = FILTER.fullmatch(path)
        if match:
            name, entries = decode(data)
            filters[match["hash"]] = name
            canonical[f"pagefind/filter/{name}.pf_filter (decoded)"] = dump([name, sorted(entries)])
        elif not META.fullmatch(path) and path != ENTRY:
            canonical[path] = data
    for path, data in tree.items():
        match = META.fullmatch(path)
        if match:
            meta = named_filters(decode(data), filters)
            canonical[f"pagefind/pagefind.{match['lang']}.pf_meta (decoded)"] = dump(meta)
        elif path == ENTRY:
            entry = json.loads(data)
            for language in entry.get("languages", {}).values():
                language["hash"] = "(the hash of the meta file)"
            canonical[path] = dump(entry)
    return canonical


def named_filters(value, filters: dict[str, str]):
    """Replace filter file hashes by ``filter/NAME`` and sort the list that holds them."""
    if isinstance(value, str):
        return f"filter/{filters[value]}" if value in filters else value
    if not isinstance(value, list):
        return value
    items = [named_filters(item, filters) for item in value]
    pairs = [item for item in items if isinstance(item, list) and len(item) == 2]
    if (
        items
        and len(pairs) == len(items)
        and all(isinstance(second, str) and second.startswith("filter/") for _, second in pairs)
    ):
        items.sort()
    return items


def dump(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def decode(data: bytes):
    """Return the value of a Pagefind file: gzip, the signature, then one CBOR item."""
    body = gzip.decompress(data)
    if not body.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file (no pagefind_dcd signature)")
    value, end = cbor_item(body, len(SIGNATURE))
    if end != len(body):
        raise ValueError(f"{len(body) - end} bytes after the CBOR item")
    return value


def cbor_item(data: bytes, at: int):
    """Decode the CBOR item at ``data[at]``; return it and where the next one starts.

    Handles what Pagefind writes: integers, byte and text strings, arrays, maps and
    simple values (RFC 8949 major types 0-5 and 7, definite lengths).
    """
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info in simple:
            return simple[info], at
        sizes = {25: ("!e", 2), 26: ("!f", 4), 27: ("!d", 8)}
        if info in sizes:
            form, size = sizes[info]
            return struct.unpack(form, data[at : at + size])[0], at + size
        raise ValueError(f"unsupported CBOR simple value {info}")
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError(f"unsupported CBOR length {info}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw.hex() if major == 2 else raw.decode("utf-8")), at + argument
    if major in (4, 5):
        items = []
        for _ in range(argument * (2 if major == 5 else 1)):
            item, at = cbor_item(data, at)
            items.append(item)
        if major == 5:  # a map, as [key, value] pairs (JSON keys must be strings)
            items = [list(pair) for pair in zip(items[0::2], items[1::2], strict=True)]
        return items, at
    raise ValueError(f"unsupported CBOR major type {major}")
