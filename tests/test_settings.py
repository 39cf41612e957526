"""Plugin settings: one checked table per plugin, read once; mistakes name the setting."""

import pytest
from sitebuild import build_cli, make_site

BAD_SETTINGS = {
    "typo in a feeds setting": (
        {"FEEDS_TAXONOMY": ["tags"]},
        "unknown setting FEEDS_TAXONOMY — did you mean FEEDS_TAXONOMIES? (or remove it)",
    ),
    "count given as text": (
        {"FEED_MAX_ITEMS": "50"},
        "setting FEED_MAX_ITEMS is '50' — set it to a whole number (0: every post)",
    ),
    "unknown taxonomy": (
        {"FEEDS_TAXONOMIES": ["tags", "months"]},
        "setting FEEDS_TAXONOMIES is ['tags', 'months'] — set it to a list of some of",
    ),
    "anchors check that does not exist": (
        {"ANCHORS_LOCK_CHECK": "strict"},
        'setting ANCHORS_LOCK_CHECK is \'strict\' — set it to "warn", "error" or "off"',
    ),
    "typo in an anchors setting": (
        {"ANCHORS_INDEX_MINIMUM": 3},
        "unknown setting ANCHORS_INDEX_MINIMUM — did you mean ANCHORS_INDEX_MIN?",
    ),
    "build date that is no date": (
        {"UPDATES_BUILD_DATE": "tomorrow"},
        "setting UPDATES_BUILD_DATE is 'tomorrow' — set it to \"YYYY-MM-DD\" or None",
    ),
    "year folder check that does not exist": (
        {"METADATA_YEAR_FOLDER_CHECK": "maybe"},
        "setting METADATA_YEAR_FOLDER_CHECK is 'maybe'",
    ),
}


@pytest.mark.parametrize("case", BAD_SETTINGS, ids=list(BAD_SETTINGS))
def test_bad_setting_is_one_line_naming_it(tmp_path, case):
    settings, message = BAD_SETTINGS[case]
    result = build_cli(make_site(tmp_path, **settings))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_taxonomy_feeds_means_none(tmp_path):
    result = build_cli(make_site(tmp_path, FEEDS_TAXONOMIES=[]))
    assert result.returncode == 0, result.stderr
    feeds = tmp_path / "output/feeds"
    assert (feeds / "all.atom.xml").is_file()
    assert not any((feeds / kind).exists() for kind in ("tags", "categories", "authors"))


def test_a_feed_alias_must_point_at_a_feed(tmp_path):
    result = build_cli(make_site(tmp_path, REDIRECTS_FEED_ALIASES={"index.xml": "feeds/al.rss"}))
    assert result.returncode == 1
    assert "setting REDIRECTS_FEED_ALIASES is {'index.xml': 'feeds/al.rss'}" in result.stderr
