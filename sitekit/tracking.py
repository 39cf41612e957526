"""What a rendered page used: the template names it looked up and the content it read.

A page is a function of its template, the values of the names its templates look up
(``articles``, ``article``, ``articles_page``...) and the content objects whose
attributes they read. :func:`track` makes a Jinja environment report both while a
:func:`recording` is open; :mod:`sitekit.incremental` compares them between builds.

Content reached any other way counts too: a content object (or a list of them) passed
to a filter, test or template function is taken as read whole. A filter or function
must compute its result from its arguments and the settings; content it finds by other
means is not seen.
"""

from __future__ import annotations

import contextlib
import functools

from jinja2.runtime import Context
from pelican.contents import Content

_recorder = None


class Recorder:
    """The names looked up and the content read while rendering one page."""

    __slots__ = ("names", "read")

    def __init__(self):
        self.names: set[str] = set()
        self.read: set[tuple[str, str]] = set()

    def dependencies(self) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        return tuple(sorted(self.names)), tuple(sorted(self.read))


def content_key(content) -> tuple[str, str]:
    """A content object's identity across builds: its class and source file."""
    return type(content).__name__, content.relative_source_path


@contextlib.contextmanager
def recording():
    global _recorder
    recorder = _recorder = Recorder()
    try:
        yield recorder
    finally:
        _recorder = None


def _read(value) -> None:
    if isinstance(value, Content):
        _recorder.read.add(content_key(value))
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, Content):
                _recorder.read.add(content_key(item))


class TrackingContext(Context):
    """Jinja's context, reporting each name a template looks up."""

    def resolve_or_missing(self, key):
        if _recorder is not None:
            _recorder.names.add(key)
        return super().resolve_or_missing(key)

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if _recorder is not None:
            for value in (*args, *kwargs.values()):
                _read(value)
        return super().call(__obj, *args, **kwargs)


def _reading_attributes(lookup):
    def tracked(obj, name):
        if _recorder is not None and isinstance(obj, Content):
            _recorder.read.add(content_key(obj))
        return lookup(obj, name)

    return tracked


def _reading_arguments(function):
    @functools.wraps(function)
    def tracked(*args, **kwargs):
        if _recorder is not None:
            for value in (*args, *kwargs.values()):
                _read(value)
        return function(*args, **kwargs)

    tracked.sitekit_tracked = True
    return tracked


def track(env) -> None:
    """Make a Jinja environment report what its templates use (once per environment)."""
    if env.context_class is TrackingContext:
        return
    env.context_class = TrackingContext
    env.getattr = _reading_attributes(env.getattr)
    env.getitem = _reading_attributes(env.getitem)
    for table in (env.filters, env.tests):
        for name, function in table.items():
            if not getattr(function, "sitekit_tracked", False):
                table[name] = _reading_arguments(function)
