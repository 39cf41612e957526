import pytest
from sitebuild import build_in_process, make_site


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory):
    """The repository's own content, built once with pelicanconf.py."""
    root = tmp_path_factory.mktemp("seed")
    conf = make_site(root)
    problems = build_in_process(conf)
    assert problems == []
    return root / "output"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """The repository's own content, built once with publishconf.py."""
    root = tmp_path_factory.mktemp("published")
    site = "https://blog.example.org"
    conf = make_site(root, base="publishconf", SITEURL=site, FEED_DOMAIN=site)
    problems = build_in_process(conf)
    assert problems == []
    return root / "output"
