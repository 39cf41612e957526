"""Deterministic synthetic sites shaped like the drop-in notes.

Each post: an intro, 0-3 dated updates, about 17 ``##`` questions (a few repeated),
answers with lists, links and emphasis, about 9 KB of Markdown; several authors,
categories and tags. The same ``n`` always gives byte-identical files.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

AUTHORS = [
    ("Chris Holdgraf", "Executive Director"),
    ("Ada Example", "Product and Community Lead"),
    ("Grace Sample", "Engineering Lead"),
    ("Alan Placeholder", "Operations Manager"),
    ("Rosalind Testcase", "Partnerships Lead"),
]
CATEGORIES = ["updates", "engineering", "community", "hiring", "research", "events"]
TAGS = [f"topic-{n:02d}" for n in range(24)]
WORDS = (
    "community infrastructure open source science education cloud hub jupyter team "
    "service strategy mission research data notebook workflow support engagement design "
    "planning partner sustainability product lead role process onboarding question answer "
    "user experience interactive computing goal impact organisation practice"
).split()
QUESTION_STARTS = ["What", "How", "Why", "When", "Where", "Who", "Which", "Is", "Does", "Can"]
REPEATED = ["Follow-up", "Any other questions?"]
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2025, 6, 30)  # updates (<= 400 days later) stay in the past


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        chosen[rng.randrange(words)] = f"*{rng.choice(WORDS)}*"
    if rng.random() < 0.2:
        word = rng.choice(WORDS)
        chosen[rng.randrange(words)] = f"[{word}](https://example.org/{word}/)"
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def question(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10)))
    return f"{rng.choice(QUESTION_STARTS)} {words}?"


def post(rng: random.Random, number: int) -> tuple[str, str]:
    """Return (relative path, Markdown) of post ``number``."""
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    author, _role = rng.choice(AUTHORS)
    slug = f"post-{number:05d}"
    lines = [
        f"Title: {question(rng).rstrip('?').capitalize()} ({number})",
        f"Date: {day.isoformat()}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {', '.join(sorted(rng.sample(TAGS, 3)))}",
        f"Author: {author}",
        f"Slug: {slug}",
        "",
        paragraph(rng, 4),
        "",
    ]
    for offset in sorted(rng.sample(range(1, 400), rng.randint(0, 3))):
        lines += [f"> **Update {day + timedelta(days=offset)}**: {sentence(rng, 12)}", ""]
    questions = [question(rng) for _ in range(15)] + REPEATED
    rng.shuffle(questions)
    for heading in questions:
        lines += [f"## {heading}", "", paragraph(rng, 3), ""]
        if rng.random() < 0.3:
            lines += [f"{n}. {sentence(rng, 10)}" for n in range(1, 4)] + [""]
    return f"blog/{day.year}/{slug}.md", "\n".join(lines)


def write_corpus(root: Path, n: int) -> Path:
    """Write an ``n``-post site's content below ``root``; return the content folder."""
    content = root / "content"
    rng = random.Random(20220322)
    for number in range(n):
        path, text = post(rng, number)
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    records = "\n".join(
        f'[authors."{name}"]\nrole = "{role}"\nbio = "{name} writes for the blog."\n'
        for name, role in AUTHORS
    )
    (content / "authors.toml").write_text(records, encoding="utf-8")
    return content
