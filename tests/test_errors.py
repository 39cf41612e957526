"""Nothing lost: every bad input is one clear line, a non-zero exit, the old output kept."""

import os

import pytest
from bs4 import BeautifulSoup
from sitebuild import REPO, build_cli, build_in_process, make_site, tree_bytes


def post(body="", **fields):
    header = {
        "Title": "A post",
        "Date": "2023-01-01",
        "Author": "Chris Holdgraf",
        "Category": "notes",
    }
    header.update(fields)
    lines = [f"{key}: {value}" for key, value in header.items() if value is not None]
    return "\n".join(lines) + "\n\n" + (body or "Intro.\n\n## A question\n\nAnswer.\n")


BAD_INPUTS = {
    "impossible date": (
        {"blog/2023/p.md": post(Date="2023-02-30")},
        'content/blog/2023/p.md:2: Date "2023-02-30" is not a valid date — write a real date as YYYY-MM-DD',
    ),
    "malformed date": (
        {"blog/2023/p.md": post(Date="last tuesday")},
        'content/blog/2023/p.md:2: Date "last tuesday" is not a valid date — write a real date',
    ),
    "missing title": (
        {"blog/2023/p.md": post(Title=None)},
        'content/blog/2023/p.md:1: no Title — add a "Title: ..." line to the metadata at the top',
    ),
    "unknown author": (
        {"blog/2023/p.md": post(Author="Nobody")},
        'content/blog/2023/p.md:3: unknown author "Nobody" — add them to content/authors.toml (known: 2i2c, Chris Holdgraf)',
    ),
    "not UTF-8": (
        {"blog/2023/p.md": post(body="Intro.\n\nCaf\xe9.\n").encode("latin-1")},
        "content/blog/2023/p.md:8: not UTF-8 (byte 0xE9) — save the file with UTF-8 encoding",
    ),
    "malformed update date": (
        {"blog/2023/p.md": post(body="> **Update 2023-1-5**: x\n")},
        'content/blog/2023/p.md:6: malformed update date "2023-1-5" — write it as YYYY-MM-DD',
    ),
    "update date that is not a real date": (
        {"blog/2023/p.md": post(body="> **Update 2023-02-30**: x\n")},
        'content/blog/2023/p.md:6: update date "2023-02-30" is not a real date — check the day and month',
    ),
    "update before the post": (
        {"blog/2023/p.md": post(body="> **Update 2022-12-31**: x\n")},
        "content/blog/2023/p.md:6: update 2022-12-31 is earlier than the post's date 2023-01-01 — fix the update's date",
    ),
    "update in the future": (
        {"blog/2023/p.md": post(body="> **Update 2027-01-01**: x\n")},
        "content/blog/2023/p.md:6: update 2027-01-01 is in the future (today is 2026-11-25) — date the update today or earlier",
    ),
    "duplicate explicit anchor ids": (
        {"blog/2023/p.md": post(body="## One {#faq}\n\n## Two {#faq}\n")},
        "content/blog/2023/p.md:8: duplicate heading id #faq (lines 6 and 8) — give one of the two headings another {#id}",
    ),
    "heading that slugifies to nothing": (
        {"blog/2023/p.md": post(body="## 🎉\n")},
        'content/blog/2023/p.md:6: heading "🎉" has no letter or digit to make an id from — give it an explicit id',
    ),
    "characters XML cannot hold": (
        {"blog/2023/p.md": post(body="Bell \x07 here.\n")},
        "content/blog/2023/p.md:6: character U+0007 cannot appear in a feed (XML forbids it) — delete it from the post",
    ),
    "slug collides with another post's address": (
        {"blog/2023/a.md": post(Slug="same"), "blog/2023/b.md": post(Slug="same", Title="B")},
        "content/blog/2023/b.md:5: address /blog/2023/same/ is also the address of blog/2023/a.md — give one of them another Slug:",
    ),
    "bad authors.toml": (
        {"authors.toml": '[authors."Chris Holdgraf"]\nrole = "Executive Director"\nbio = \n'},
        "content/authors.toml:3: not valid TOML",
    ),
    # Issue 11: careless and hostile input.
    "update label with a day-first date": (
        {"blog/2023/p.md": post(body="> **Update 24/03/2023**: x\n")},
        'content/blog/2023/p.md:6: malformed update date "24/03/2023" — write it as YYYY-MM-DD, optionally followed by HH:MM (**Update YYYY-MM-DD** or **Update YYYY-MM-DD HH:MM**)',
    ),
    "update label with a month's name": (
        {"blog/2023/p.md": post(body="> **Update March 24, 2023**: x\n")},
        'content/blog/2023/p.md:6: malformed update date "March 24, 2023" — write it as YYYY-MM-DD',
    ),
    "Updated instead of Update": (
        {"blog/2023/p.md": post(body="> **Updated 2023-03-24**: x\n")},
        'content/blog/2023/p.md:6: update label "Updated 2023-03-24" is not the update form — write it as **Update YYYY-MM-DD** or **Update YYYY-MM-DD HH:MM**',
    ),
    "update inside an update": (
        {
            "blog/2023/p.md": post(
                body="> **Update 2023-01-02**: a\n>\n> > **Update 2023-01-03**: b\n"
            )
        },
        "content/blog/2023/p.md:8: an update inside another update — give each update its own quote",
    ),
    "blank title": (
        {"blog/2023/p.md": post(Title="")},
        "content/blog/2023/p.md:1: Title: is empty — write the post's title after it",
    ),
    "slug with an ampersand": (
        {"blog/2023/p.md": post(Slug="q&a")},
        'content/blog/2023/p.md:5: Slug "q&a" has characters that do not belong in an address — use letters, digits and "-" only',
    ),
    "slug that climbs out of the output": (
        {"blog/2023/p.md": post(Slug="../../../escape")},
        'content/blog/2023/p.md:5: Slug "../../../escape" has characters that do not belong in an address',
    ),
    "save_as outside the output": (
        {"blog/2023/p.md": post(Save_as="../../outside.html")},
        'content/blog/2023/p.md:5: Save_as "../../outside.html" leaves the output folder — give a path inside the site',
    ),
    "tag without a letter or digit": (
        {"blog/2023/p.md": post(Tags="!!!, fine")},
        'content/blog/2023/p.md:5: tag "!!!" has no letter or digit to make an address from — rename the tag',
    ),
    "form feed in the text": (
        {"blog/2023/p.md": post(body="Intro.\n\nPage \x0c break.\n")},
        "content/blog/2023/p.md:8: character U+000C cannot appear in a feed (XML forbids it) — delete it from the post",
    ),
    "list nested 300 deep": (
        {"blog/2023/p.md": post(body="".join("    " * i + "- x\n" for i in range(300)))},
        "content/blog/2023/p.md:305: nested too deeply for Markdown",
    ),
    "lock file of the wrong shape": (
        {"anchors.lock.json": "[1, 2]\n"},
        'content/anchors.lock.json:1: not a lock file: expected {"articles": {...}} at the top — restore it from git',
    ),
    # Issue 12: ordinary mistakes in metadata.
    "misspelt header key": (
        {"blog/2023/p.md": post(Autor="Chris Holdgraf")},
        'content/blog/2023/p.md:5: unknown header "Autor:" — did you mean Author:?',
    ),
    "day-first date": (
        {"blog/2023/p.md": post(Date="03/04/2023")},
        'content/blog/2023/p.md:2: Date: "03/04/2023" is not an ISO 8601 date — write YYYY-MM-DD',
    ),
    "two names in Author:": (
        {"blog/2023/p.md": post(Author="Chris Holdgraf, 2i2c")},
        'content/blog/2023/p.md:3: several names in Author: "Chris Holdgraf, 2i2c" — write them on an Authors: line instead: Authors: Chris Holdgraf, 2i2c',
    ),
    "misspelt author": (
        {"blog/2023/p.md": post(Author="Chris Holdgarf")},
        'content/blog/2023/p.md:3: unknown author "Chris Holdgarf" — did you mean Chris Holdgraf?',
    ),
    "date in words": (
        {"blog/2023/p.md": post(Date="Nov 20 2023")},
        'content/blog/2023/p.md:2: Date: "Nov 20 2023" is not an ISO 8601 date',
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_one_line_and_keeps_output(tmp_path, case):
    files, message = BAD_INPUTS[case]
    conf = make_site(tmp_path, files=files)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as published yesterday")
    before = tree_bytes(output)
    result = build_cli(conf)
    assert result.returncode == 1
    problems = [
        line
        for line in result.stderr.splitlines()
        if not line.startswith(("warning:", "build failed:"))
    ]
    assert len(problems) == 1, result.stderr
    assert problems[0].startswith(message), result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(output) == before
    assert not list(tmp_path.glob(".output.building*")), "staging directory left behind"


def test_unreadable_file(tmp_path):
    conf = make_site(tmp_path)
    os.symlink(tmp_path / "nowhere.md", tmp_path / "content" / "blog" / "broken.md")
    result = build_cli(conf)
    assert result.returncode == 1
    assert (
        "content/blog/broken.md: cannot be read (No such file or directory) — fix the file's permissions or link, or remove it"
        in result.stderr
    )


def test_all_problems_of_a_build_are_reported_together(tmp_path):
    files = {
        "blog/2023/a.md": post(Date="2023-02-30"),
        "blog/2023/b.md": post(Author="Nobody", Title="B"),
        "blog/2023/c.md": post(body="> **Update 2027-01-01**: x\n", Title="C"),
    }
    result = build_cli(make_site(tmp_path, files=files))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == [
        "content/blog/2023/a.md", "content/blog/2023/b.md", "content/blog/2023/c.md",
    ]  # fmt: skip
    assert lines[3] == "build failed: 3 problem(s) — the previous output/ is unchanged"


def test_interrupted_build_keeps_output(tmp_path, monkeypatch):
    from sitekit import build as build_module
    from sitekit import compat

    conf = make_site(tmp_path)
    assert build_in_process(conf) == []
    before = tree_bytes(tmp_path / "output")
    run_pelican = compat.run_pelican

    def interrupted(pelican, *, before_context, write_output):
        def write_then_stop(generators, writer):
            write_output(generators, writer)  # the staging tree is whole...
            raise KeyboardInterrupt  # ...and Ctrl-C comes before the swap

        run_pelican(pelican, before_context=before_context, write_output=write_then_stop)

    monkeypatch.setattr(compat, "run_pelican", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_module.build(conf)
    assert tree_bytes(tmp_path / "output") == before
    assert not list(tmp_path.glob(".output.building*"))


def test_markup_in_titles_authors_and_categories_is_escaped(tmp_path):
    evil = "<script>alert(1)</script>"
    authors = (REPO / "content" / "authors.toml").read_text() + (
        f'\n[authors."{evil}"]\nrole = "<b>Boss</b>"\nbio = "x"\n'
    )
    files = {
        "authors.toml": authors,
        "blog/2023/evil.md": post(Title=evil, Author=evil, Category=evil, Summary=evil),
    }
    result = build_cli(make_site(tmp_path, files=files))
    assert result.returncode == 0, result.stderr
    output = tmp_path / "output"
    for page in output.rglob("*.html"):
        assert "<script>alert" not in page.read_text(), page
    for feed in (output / "feeds").rglob("*.xml"):
        assert "<script>" not in feed.read_text(), feed
    soup = BeautifulSoup((output / "index.html").read_text(), "lxml")
    assert evil in soup.get_text()


SOURCES = sorted([*(REPO / "content").rglob("*.md"), *(REPO / "tests" / "fixtures").rglob("*.md")])


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_header_lines_found_while_converting_are_those_of_the_file(source):
    import markdown
    from metadata_checks.checks import HEADER_KEY, HeaderLinesExtension, header_lines

    md = markdown.Markdown(extensions=["meta", HeaderLinesExtension()])
    md.convert(source.read_text(encoding="utf-8"))
    assert md.Meta[HEADER_KEY] == [header_lines(source)]
