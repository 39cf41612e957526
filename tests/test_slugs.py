"""Heading ids: the slugger, legacy (GitHub/Hugo) ids, uniqueness."""

import pytest
from question_anchors.slugs import github_slug, slugify_heading

from sitekit.ids import unique_id


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Term for this position", "term-for-this-position"),
        (
            "How do you hope to protect the “business” aspects of 2i2c, if all the tech is open source?",
            "how-do-you-hope-to-protect-the-business-aspects-of-2i2c-if-all-the-tech-is-open-source",
        ),
        (
            "How does 2i2c provide mentorship/onboarding?",
            "how-does-2i2c-provide-mentorship-onboarding",
        ),
        (
            "Is it kind of like a scientific / technical writer?",
            "is-it-kind-of-like-a-scientific-technical-writer",
        ),
        ("What's \"new\" — and 'why'?", "whats-new-and-why"),
        ("Café au lait à Zürich", "café-au-lait-à-zürich"),
        ("Cafe\u0301 decomposed", "café-decomposed"),
        ("Привет, мир", "привет-мир"),
        ("日本語の見出し", "日本語の見出し"),
        ("مرحبا بالعالم", "مرحبا-بالعالم"),
        ("Ship it 🚀 today", "ship-it-today"),
        ("🚀🎉", ""),
        ("   ", ""),
        ("?!", ""),
        ("C++ & Python: a/b/c", "c-python-a-b-c"),
        ("  Leading and trailing -- dashes --  ", "leading-and-trailing-dashes"),
        ("UPPER lower MiXeD", "upper-lower-mixed"),
    ],
)
def test_slugify_heading(heading, slug):
    assert slugify_heading(heading) == slug


def test_long_headings_are_cut_at_a_word_boundary():
    heading = "2i2c is young and without much structure. How do you plan to add more structure over time? What support will this role have?"
    slug = slugify_heading(heading)
    assert len(slug) <= 100
    assert (
        slug
        == "2i2c-is-young-and-without-much-structure-how-do-you-plan-to-add-more-structure-over-time-what"
    )
    assert not slug.endswith("-")


def test_a_single_long_word_is_cut_at_the_limit():
    assert slugify_heading("a" * 150, max_length=20) == "a" * 20


@pytest.mark.parametrize(
    ("heading", "legacy"),
    [
        (
            "Is it kind of like a scientific / technical writer?",
            "is-it-kind-of-like-a-scientific--technical-writer",
        ),
        (
            "How does 2i2c provide mentorship/onboarding?",
            "how-does-2i2c-provide-mentorshiponboarding",
        ),
        (
            "Does this person need to be on an America/Europe time zone?",
            "does-this-person-need-to-be-on-an-americaeurope-time-zone",
        ),
        (
            "How are you going to proceed now with the applications you’ve received?",
            "how-are-you-going-to-proceed-now-with-the-applications-youve-received",
        ),
        ("Привет, мир", "привет-мир"),
    ],
)
def test_github_slug(heading, legacy):
    assert github_slug(heading) == legacy


def test_unique_id_numbers_repeats_from_two():
    used = set()
    assert [unique_id("faq", used) for _ in range(3)] == ["faq", "faq-2", "faq-3"]
    assert unique_id("faq-2", used) == "faq-2-2"
