"""Explain a failed file or build in one line, in the author's terms."""

from __future__ import annotations

import os

from sitekit.compat import INVALID_DATE, MISSING_FIELD_MESSAGE
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
    if source is None:
        return f"{record.name}: {record.getMessage().splitlines()[0]}"
    known = _explain(record, error, source)
    if known is not None:
        return known.format(source)
    if error is not None:
        return (
            f"{display_path(source)}: {_first_line(error)} — fix this file so Pelican can read it"
        )
    return f"{display_path(source)}: {record.getMessage().splitlines()[0]}"


def describe_exception(error) -> str:
    """Return the one-line problem for an exception that stopped the whole build."""
    if isinstance(error, ContentError):
        return error.format()
    template = _template_problem(error)
    if template:
        return template
    return (
        f"build stopped: {type(error).__name__}: {_first_line(error)}"
        " — run `pelican --debug` on the same settings to see where"
    )


TEMPLATE_SUFFIXES = (".html", ".xml", ".j2", ".jinja")


def _template_problem(error) -> str | None:
    """Return ``template:line: what — fix`` for an error in a theme template."""
    import jinja2

    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return (
            f"{display_path(error.filename)}:{error.lineno}: template syntax error:"
            f" {error.message} — fix the template"
        )
    if isinstance(error, jinja2.TemplateNotFound):
        return (
            f"template {error.name!r} not found in the theme — add it to theme/templates/"
            " or remove it from DIRECT_TEMPLATES / the Template: header"
        )
    # Jinja puts the template's own file and line into the traceback.
    frames = [
        (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        for tb in _traceback(error.__traceback__)
        if tb.tb_frame.f_code.co_filename.endswith(TEMPLATE_SUFFIXES)
    ]
    if frames:
        path, line = frames[-1]
        return f"{display_path(path)}:{line}: {_first_line(error)} — fix the template"
    return None


def _traceback(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next


def _deepest_line(path) -> int:
    """Return the line nested deepest (by leading spaces and ``>``), where Markdown gave up."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        depths = [len(line) - len(line.lstrip(" \t>")) for line in handle]
    return depths.index(max(depths)) + 1 if depths else 1


def _explain(record, error, source) -> ContentError | None:
    """Return Pelican's failure in the author's terms, for the failures we know."""
    if isinstance(error, RecursionError):
        return ContentError(
            "nested too deeply for Markdown (lists or quotes hundreds of levels inside each other)",
            "flatten the nesting",
            line=_deepest_line(source),
        )
    if isinstance(error, UnicodeDecodeError):
        return ContentError(
            f"not UTF-8 (byte 0x{error.object[error.start]:02X})",
            "save the file with UTF-8 encoding",
            line=_line_of_offset(source, error.start),
        )
    if isinstance(error, OSError):
        return ContentError(
            f"cannot be read ({error.strerror or error})",
            "fix the file's permissions or link, or remove it",
        )
    if isinstance(error, ValueError) and (match := INVALID_DATE.search(str(error))):
        return ContentError(
            f'Date "{match.group(1)}" is not a valid date',
            "write a real date as YYYY-MM-DD or YYYY-MM-DD HH:MM",
            needle=match.group(1),
        )
    if isinstance(record.msg, str) and record.msg.startswith(MISSING_FIELD_MESSAGE):
        field = str(record.args[-1]).capitalize()
        return ContentError(
            f"no {field}", f'add a "{field}: ..." line to the metadata at the top', line=1
        )
    return None


def _source_path(record, content_path):
    """Return the content file a record speaks of, as a path from the working dir."""
    for arg in record.args if isinstance(record.args, tuple) else ():
        path = getattr(arg, "source_path", arg)
        if isinstance(path, str | os.PathLike):
            path = os.fspath(path)
            if not os.path.isabs(path):
                path = os.path.join(content_path, path)
            if os.path.lexists(path):
                return path
    return None


def _line_of_offset(path, offset: int) -> int:
    with open(path, "rb") as handle:
        return handle.read(offset).count(b"\n") + 1


def _first_line(error) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
