"""How long a post takes to read."""

from __future__ import annotations

import math
import re

TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")


def word_count(html: str) -> int:
    """Return the number of words in ``html``, tags left out."""
    return len(WORD.findall(TAG.sub(" ", html)))


def minutes(words: int, words_per_minute: int) -> int:
    """Return whole minutes to read ``words``, rounded up, at least 1."""
    return max(1, math.ceil(words / words_per_minute))
