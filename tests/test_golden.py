"""The golden site: tests/golden/content, built in a child process, equals tests/expected/.

Every file is compared byte for byte; nothing is excluded. A template, plugin or
setting that changes the output fails this test with a diff; after reviewing it,
`make expected` makes the new output the expected one.
"""

import gzip
import shutil

import pytest
from golden.pagefind import canonical_tree
from golden.site import (
    EXPECTED,
    REGENERATE,
    build_golden,
    compare_with_expected,
    file_diff,
    plugin_paths_disabling,
    site_differences,
    tree_differences,
)
from sitebuild import REPO


@pytest.fixture(scope="module")
def golden_output(tmp_path_factory):
    """The golden site as the repository builds it now."""
    return build_golden(tmp_path_factory.mktemp("golden"))


def test_golden_site_matches_expected(golden_output):
    differences = compare_with_expected(golden_output)
    if differences:
        report = "\n".join(differences)
        pytest.fail(
            f"the golden site differs from tests/expected/:\n{report}\n{REGENERATE}", pytrace=False
        )


def test_expected_holds_a_whole_site():
    # A deleted or emptied tests/expected/ must not pass as "nothing changed".
    names = {path.relative_to(EXPECTED).as_posix() for path in EXPECTED.rglob("*")}
    for name in ("index.html", "sitemap.xml", "feeds/all.atom.xml", "feeds/all.json",
                 "blog/2022/product-community-lead-drop-in-notes/index.html",
                 "blog/2023/every-feature/index.html", "about/index.html",
                 "authors/ada-example/index.html", "pagefind/pagefind-entry.json"):  # fmt: skip
        assert name in names, name


def test_the_draft_is_published_nowhere():
    # The golden site is the public one: its draft must not leak into any file.
    for path in sorted(EXPECTED.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(b"\x1f\x8b"):  # Pagefind's gzip files
                data = gzip.decompress(data)
            assert b"unfinished" not in data.lower(), path.relative_to(EXPECTED)


def blank_tag_template(tmp_path):
    theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
    (theme / "templates" / "tag.html").write_text("<h1>Nothing</h1>\n", encoding="utf-8")
    return {"THEME": str(theme)}


def clockwork_sitemap(tmp_path):
    return {"PLUGIN_PATHS": plugin_paths_disabling("stable_sitemap", tmp_path / "plugins")}


def other_date_format(tmp_path):
    return {"DEFAULT_DATE_FORMAT": "%Y-%m-%d"}


@pytest.mark.parametrize(
    ("mutate", "changed_path", "diff_line"),
    [
        (blank_tag_template, "tags/hiring/index.html", " +1 @@"),  # now one line long
        (clockwork_sitemap, "sitemap.xml", "-<lastmod>2024-05-02T00:00:00+00:00</lastmod>"),
        (other_date_format, "archives/index.html", ">2024-05-02</time>"),
    ],
    ids=["template", "plugin", "setting"],
)
def test_a_change_to_the_output_fails_with_its_diff(
    golden_output, tmp_path, mutate, changed_path, diff_line
):
    # Compared with a fresh build rather than tests/expected/, so that this test
    # checks the comparison itself even while tests/expected/ is out of date.
    mutated = build_golden(tmp_path / "site", **mutate(tmp_path))
    differences = site_differences(golden_output, mutated)
    assert f"changed: {changed_path}" in differences
    assert any(diff_line in line for line in differences), "\n".join(differences)


def test_differences_name_missing_extra_and_changed_files():
    expected = {"a.html": b"<p>one</p>\n", "gone.html": b"x", "logo.png": b"\x89PNG\x00"}
    actual = {"a.html": b"<p>two</p>\n", "new.html": b"y", "logo.png": b"\x89PNG\x01"}
    assert tree_differences(expected, actual) == [
        "only in expected: gone.html",
        "only in built: new.html",
        "changed: a.html",
        "  --- expected/a.html",
        "  +++ built/a.html",
        "  @@ -1 +1 @@",
        "  -<p>one</p>",
        "  +<p>two</p>",
        "changed: logo.png",
        "  (binary: 5 bytes in expected, 5 bytes in built)",
    ]
    assert tree_differences(expected, dict(expected)) == []


def test_a_change_deep_in_a_long_line_stays_visible():
    before = "<p>" + "x" * 5000 + "22 March 2022" + "y" * 5000 + "</p>\n"
    after = before.replace("March", "März")
    diff = file_diff("index.html", before.encode(), after.encode())
    assert any("22 March 2022" in line and line.startswith("  -…") for line in diff)
    assert any("22 März 2022" in line and line.startswith("  +…") for line in diff)
    assert max(len(line) for line in diff) < 200


def test_long_diffs_are_truncated_with_a_count():
    before = "".join(f"line {n}\n" for n in range(200)).encode()
    diff = file_diff("feed.xml", before, before.replace(b"line", b"LINE"))
    assert len(diff) == 41 and diff[-1] == "  ... 363 more diff lines"


def cbor(value) -> bytes:
    """Encode ``value`` (text, small int or list) in CBOR, as Pagefind writes it."""
    if isinstance(value, str):
        raw = value.encode()
        return bytes([0x60 | len(raw)]) + raw
    if isinstance(value, int):
        return bytes([value])
    return bytes([0x80 | len(value)]) + b"".join(cbor(item) for item in value)


def pagefind_bundle(tags, filter_hash, meta_hash) -> dict[str, bytes]:
    """A minimal Pagefind bundle: one filter file, the meta file naming it, the entry."""
    pack = lambda value: gzip.compress(b"pagefind_dcd" + cbor(value))  # noqa: E731
    return {
        f"pagefind/filter/en_{filter_hash}.pf_filter": pack(["tag", tags]),
        f"pagefind/pagefind.en_{meta_hash}.pf_meta": pack(
            ["1.5.2", [["tag", f"en_{filter_hash}"]]]
        ),
        "pagefind/pagefind-entry.json": b'{"languages": {"en": {"hash": "en_%s"}}}'
        % meta_hash.encode(),
        "pagefind/fragment/en_1.pf_fragment": b"kept byte for byte",
    }


def test_pagefind_files_compare_by_content_not_by_order_or_hash():
    one = pagefind_bundle([["hiring", [1, 2]], ["community", [0]]], "aaa1", "bbb1")
    same = pagefind_bundle([["community", [0]], ["hiring", [1, 2]]], "ccc2", "ddd2")
    fewer = pagefind_bundle([["community", [0]], ["hiring", [1]]], "eee3", "fff3")
    assert canonical_tree(one) == canonical_tree(same)
    differences = tree_differences(canonical_tree(one), canonical_tree(fewer))
    assert [line for line in differences if line.startswith("changed")] == [
        "changed: pagefind/filter/tag.pf_filter (decoded)"
    ]
    fragment = dict(one, **{"pagefind/fragment/en_1.pf_fragment": b"other"})
    assert tree_differences(canonical_tree(one), canonical_tree(fragment))
