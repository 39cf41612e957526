"""The same content builds the same bytes, whatever the machine around the build.

Two builds of the golden site, each in its own process and working directory, with
two values of TZ, LANG/LC_ALL and PYTHONHASHSEED, the second from a copy of the content
whose files were created in reverse order: every file of the two sites must agree,
byte for byte.
"""

import shutil
import subprocess

import pytest
from golden.site import CONTENT, build_golden, plugin_paths_disabling, tree_differences
from sitebuild import tree_bytes

#: A locale whose month names differ from English, compiled on demand.
FOREIGN_LOCALE = "de_DE.UTF-8"


@pytest.fixture(scope="session")
def foreign_locale(tmp_path_factory) -> dict[str, str]:
    """Environment variables that select ``FOREIGN_LOCALE`` (compiled into a temp dir)."""
    locales = tmp_path_factory.mktemp("locales")
    try:
        subprocess.run(
            ["localedef", "-i", "de_DE", "-f", "UTF-8", str(locales / FOREIGN_LOCALE)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot compile {FOREIGN_LOCALE} (install Debian's `locales`): {error}")
    return {"LOCPATH": str(locales), "LANG": FOREIGN_LOCALE, "LC_ALL": FOREIGN_LOCALE}


def copy_in_reverse_order(source, target):
    """Copy the files of ``source`` to ``target``, the last one (by name) first."""
    for path in sorted(source.rglob("*"), reverse=True):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    return target


#: How reports name the two builds.
BUILDS = ("the first build", "the second build")


def build_twice(tmp_path, monkeypatch, foreign_locale, **overrides):
    """Build the golden site in two unlike environments; return both trees."""
    environments = [
        {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"},
        # POSIX form, no zone database needed: 14 hours ahead of UTC (as Kiritimati is).
        {"TZ": "<+14>-14", "PYTHONHASHSEED": "4242", **foreign_locale},
    ]
    content = copy_in_reverse_order(CONTENT, tmp_path / "reversed" / "content")
    workdirs = [tmp_path / "one", tmp_path / "two" / "elsewhere"]
    paths = [{}, {"PATH": str(content)}]
    trees = []
    for environment, workdir, path in zip(environments, workdirs, paths, strict=True):
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        trees.append(tree_bytes(build_golden(workdir, **path, **overrides)))
    return trees


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, foreign_locale):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return build_twice(tmp_path_factory.mktemp("twice"), monkeypatch, foreign_locale)


@pytest.mark.slow
def test_two_builds_in_unlike_environments_are_byte_identical(two_builds):
    first, second = two_builds
    assert len(first) > 40  # a whole site, not an empty one
    differences = tree_differences(first, second, BUILDS)
    assert not differences, "the two builds differ:\n" + "\n".join(differences)


def test_a_clock_leak_is_caught(tmp_path, monkeypatch, foreign_locale):
    # Without stable_sitemap, pelican-sitemap stamps index pages with the local clock.
    plugin_paths = plugin_paths_disabling("stable_sitemap", tmp_path / "plugins")
    first, second = build_twice(tmp_path, monkeypatch, foreign_locale, PLUGIN_PATHS=plugin_paths)
    differences = tree_differences(first, second, BUILDS)
    changed = [line for line in differences if line.startswith("changed:")]
    assert changed == ["changed: sitemap.xml"]
