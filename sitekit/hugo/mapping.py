"""A site's own shortcodes, converted through templates: ``import-shortcodes.toml``.

The file maps a shortcode name to a template (see the comments of this package's
``shortcodes.toml``, which holds the defaults for callouts, pull quotes, calls to
action and video). A site's file wins over the defaults, name by name.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sitekit.errors import ContentError

DEFAULTS_FILE = Path(__file__).with_name("shortcodes.toml")
FILE_NAME = "import-shortcodes.toml"
KEYS = {"kind", "template", "positional", "aliases", "defaults", "urls", "inner_from",
        "drop", "unwrap"}  # fmt: skip
PLACEHOLDER = re.compile(r"\{(?P<name>[\w\-]+)(?P<raw>\|raw)?\}")
SECTION = re.compile(r"\{\?(?P<name>[\w\-]+)\}(?P<body>.*?)\{/(?P=name)\}", re.S)


@dataclass
class Rule:
    """How to convert one site shortcode."""

    template: str = ""
    positional: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    inner_from: list = field(default_factory=list)
    drop: bool = False
    unwrap: bool = False

    def values(self, shortcode, inner) -> dict[str, str]:
        """Return the shortcode's parameters by canonical name, defaults filled in."""
        values = {str(index): value for index, value in enumerate(shortcode.positional)}
        for index, value in enumerate(shortcode.positional):
            if index < len(self.positional):
                values.setdefault(self.positional[index], value)
        for name, value in shortcode.named.items():
            values[self.aliases.get(name, name)] = value
        for name, value in self.defaults.items():
            values.setdefault(name, str(value))
        if inner is None:
            inner = next((values[str(k)] for k in self.inner_from if values.get(str(k))), "")
        values["inner"] = inner.strip("\n")
        return values

    def render(self, values: dict[str, str]) -> str:
        """Fill the template with ``values`` (HTML-escaped unless ``|raw`` or ``inner``)."""
        text = SECTION.sub(
            lambda m: m.group("body") if _truthy(values.get(m.group("name"))) else "",
            self.template,
        )

        def value(match):
            found = values.get(match.group("name"), "")
            if match.group("raw") or match.group("name") == "inner":
                return found
            return html.escape(found, quote=True)

        return PLACEHOLDER.sub(value, text)


def _rule(name: str, spec, kinds: dict, path: str) -> Rule:
    if isinstance(spec, str):
        spec = {"kind": spec}
    if not isinstance(spec, dict):
        raise ContentError(
            f'shortcode "{name}" is neither a kind nor a table',
            'write it as [shortcodes.NAME] with a template, or NAME = "callout"',
            path=path,
            needle=name,
        )
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise ContentError(
            f'shortcode "{name}": unknown key(s) {", ".join(unknown)}',
            f"use only {', '.join(sorted(KEYS))}",
            path=path,
            needle=name,
        )
    base = {}
    if "kind" in spec:
        if spec["kind"] not in kinds:
            raise ContentError(
                f'shortcode "{name}": unknown kind "{spec["kind"]}"',
                f"use one of {', '.join(sorted(kinds))}, or give a template",
                path=path,
                needle=name,
            )
        base = dict(kinds[spec["kind"]])
    merged = {**base, **{k: v for k, v in spec.items() if k != "kind"}}
    if "defaults" in spec and "defaults" in base:
        merged["defaults"] = {**base["defaults"], **spec["defaults"]}
    if not (merged.get("template") or merged.get("drop") or merged.get("unwrap")):
        raise ContentError(
            f'shortcode "{name}" has no template',
            'give it template = "...", a kind, drop = true or unwrap = true',
            path=path,
            needle=name,
        )
    return Rule(**merged)


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise ContentError(
            f"not valid TOML ({str(error).split(' (at')[0]})",
            "fix the syntax (see https://toml.io)",
            path=str(path),
            line=int(match.group(1)) if match else None,
        ) from None


class ShortcodeRules:
    """The conversion rules of the import: the site's file over the defaults."""

    def __init__(self, site_file: Path | None = None):
        defaults = _load(DEFAULTS_FILE)
        kinds = defaults["kinds"]
        self.rules = {
            name: _rule(name, spec, kinds, str(DEFAULTS_FILE))
            for name, spec in defaults["names"].items()
        }
        self.kind_of = {
            name: spec if isinstance(spec, str) else spec.get("kind", name)
            for name, spec in defaults["names"].items()
        }
        self.site_names: set[str] = set()
        if site_file and site_file.is_file():
            data = _load(site_file)
            site = data.get("shortcodes", {k: v for k, v in data.items() if k != "kinds"})
            kinds = {**kinds, **data.get("kinds", {})}
            for name, spec in site.items():
                self.rules[name] = _rule(name, spec, kinds, str(site_file))
                self.site_names.add(name)
                self.kind_of[name] = spec.get("kind", name) if isinstance(spec, dict) else spec

    def get(self, name: str) -> Rule | None:
        return self.rules.get(name)


def _truthy(value) -> bool:
    """Whether a parameter counts as set: not empty, not "false", "no", "0" or "off"."""
    return bool(value) and str(value).strip().lower() not in ("false", "no", "0", "off")
