"""Explain a failed file or build in one line, in the author's terms."""

from __future__ import annotations

import os

from sitekit.errors import ContentError, display_path


def describe(record, error, content_path) -> str:
    """Return the one-line problem for an error-level log record.

    :param record: the log record (Pelican's "Could not process %s" and the like).
    :param error: the exception being handled when the record was logged, if any.
    :param content_path: the site's content directory, to resolve Pelican's paths.
    """
    source = _source_path(record, content_path)
    if isinstance(error, ContentError):
        return error.format(source)
    if error is not None and source is not None:
        return (
            f"{display_path(source)}: {_first_line(error)} — fix this file so Pelican can read it"
        )
    message = record.getMessage().splitlines()[0]
    if source is not None:
        return f"{display_path(source)}: {message}"
    return f"{record.name}: {message}"


def describe_exception(error) -> str:
    """Return the one-line problem for an exception that stopped the whole build."""
    if isinstance(error, ContentError):
        return error.format()
    return (
        f"build stopped: {type(error).__name__}: {_first_line(error)}"
        " — run `pelican --debug` on the same settings to see where"
    )


def _source_path(record, content_path):
    """Return the content file a record speaks of, as a path from the working dir."""
    for arg in record.args if isinstance(record.args, tuple) else ():
        path = getattr(arg, "source_path", arg)
        if isinstance(path, str | os.PathLike):
            path = os.fspath(path)
            if not os.path.isabs(path):
                path = os.path.join(content_path, path)
            if os.path.exists(path):
                return path
    return None


def _first_line(error) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
