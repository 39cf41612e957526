"""Pagefind's bundle, byte for byte the same for the same site.

Pagefind 1.5.2 writes its filter indexes from a Rust ``HashMap``: the order of their
entries, and so the content hashes in their names, change from run to run on the same
input (Pagefind/pagefind#638). :func:`stabilise` rewrites exactly those files in order:
each ``filter/*.pf_filter`` (its values sorted), the ``pagefind.*.pf_meta`` that lists
them (filters and sorts sorted by name) and ``pagefind-entry.json`` that names the meta
file, each named by its new content. Pagefind reads both lists into maps, so their
order carries no meaning. The files are gzip around ``pagefind_dcd`` and one CBOR item.
"""

from __future__ import annotations

import gzip
import hashlib
import json

SIGNATURE = b"pagefind_dcd"
#: Positions in the meta file's array: [version, pages, index chunks, filters, sorts, ...]
FILTERS, SORTS = 3, 4


def stabilise(files: dict[str, bytes]) -> dict[str, bytes]:
    """Put the run-dependent files of a bundle (``{relative path: bytes}``) in order."""
    entry = json.loads(files["pagefind-entry.json"])
    for language in entry["languages"].values():
        prefix = language["hash"].rsplit("_", 1)[0]  # "en" of "en_9f3a..."
        meta = read(files.pop(f"pagefind.{language['hash']}.pf_meta"))
        filters = []
        for name, old in meta[FILTERS]:
            filter_name, values = read(files.pop(f"filter/{old}.pf_filter"))
            new, filter_data = pack(prefix, 7, [filter_name, sorted(values)])
            files[f"filter/{new}.pf_filter"] = filter_data
            filters.append([name, new])
        meta[FILTERS], meta[SORTS] = sorted(filters), sorted(meta[SORTS])
        language["hash"], meta_data = pack(prefix, 10, meta)
        files[f"pagefind.{language['hash']}.pf_meta"] = meta_data
    files["pagefind-entry.json"] = json.dumps(entry, separators=(",", ":")).encode()
    return files


def read(data: bytes):
    """Return the value of a Pagefind file: gzip, the signature, one CBOR item."""
    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file (no pagefind_dcd signature)")
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError("data after the CBOR item of a Pagefind file")
    return value


def pack(prefix: str, digits: int, value) -> tuple[str, bytes]:
    """Return the name (``prefix_`` and a content hash) and the bytes of a Pagefind file."""
    data = SIGNATURE + encode(value)
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}", gzip.compress(data, mtime=0)


def decode(data: bytes, at: int):
    """Decode the CBOR item at ``data[at]`` (what Pagefind writes: unsigned integers,
    text strings and arrays); return it and where the next item starts."""
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info >= 24:
        if info > 27:
            raise ValueError(f"unsupported CBOR length {info}")
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return info, at
    if major == 3:
        return data[at : at + info].decode("utf-8"), at + info
    if major == 4:
        items = []
        for _ in range(info):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unsupported CBOR major type {major}")


def encode(value) -> bytes:
    """Encode ``value`` as CBOR the way Pagefind (minicbor) does: shortest lengths."""
    if isinstance(value, int) and value >= 0:
        return head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(encode(item) for item in value)
    raise ValueError(f"cannot encode {value!r} as Pagefind does")


def head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    size = next(size for size in (1, 2, 4, 8) if argument < 1 << (8 * size))
    return bytes([major << 5 | (24 + size.bit_length() - 1)]) + argument.to_bytes(size, "big")
