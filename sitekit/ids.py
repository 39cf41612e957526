"""Unique ids in a page: the first keeps its name, repeats get ``-2``, ``-3``..."""


def unique_id(base: str, used) -> str:
    """Return ``base``, or ``base-2``, ``base-3``... whichever is not in ``used``; add it.

    :param used: a set of ids (or anything with ``in`` and ``add``).
    """
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate
