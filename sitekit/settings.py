"""Plugin settings as tables: name, default, check; read and checked once per build.

Each plugin declares its settings with :class:`Setting` and reads them with
:func:`read_settings_table` when Pelican is ``initialized``. A value of the wrong
kind, or an unknown setting with the plugin's prefix (a typo such as
``FEEDS_TAXONOMY``), stops the build with a line naming the setting.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from sitekit.errors import ContentError


@dataclass(frozen=True)
class Setting:
    """One setting of a plugin.

    :param name: the setting's name, e.g. ``FEED_MAX_ITEMS``.
    :param default: its value when the settings do not set it.
    :param check: returns what is wrong with a value, or ``None`` when it is fine.
    :param expected: how a good value looks, for the message.
    """

    name: str
    default: object
    check: Callable[[object], bool]
    expected: str


def read_settings_table(settings, table, prefixes=()) -> dict:
    """Return ``{name: value}`` for every setting in ``table``; raise on a bad one.

    :param prefixes: name prefixes that belong to the plugin; an unknown setting
        with one of them is an error (with the nearest known name).
    :raises ContentError: an unknown setting or a value its check refuses.
    """
    known = {setting.name for setting in table}
    for name in sorted(settings):
        if name.startswith(tuple(prefixes)) and name not in known:
            nearest = difflib.get_close_matches(name, sorted(known), n=1)
            known_list = ", ".join(sorted(known))
            hint = f"did you mean {nearest[0]}?" if nearest else f"known: {known_list}"
            raise ContentError(f"unknown setting {name}", f"{hint} (or remove it)")
    values = {}
    for setting in table:
        value = settings.get(setting.name, setting.default)
        if not setting.check(value):
            raise ContentError(
                f"setting {setting.name} is {value!r}", f"set it to {setting.expected}"
            )
        values[setting.name] = value
    return values


def is_string_list(value) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def is_optional_string(value) -> bool:
    return value is None or isinstance(value, str)


def is_count(value) -> bool:
    """A whole number of at least 0 (0: no limit, where the setting says so)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def one_of(*choices) -> Callable[[object], bool]:
    return lambda value: value in choices


def is_bool(value) -> bool:
    return isinstance(value, bool)
