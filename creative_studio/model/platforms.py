"""The platform registry: one validated place for what the program knows about each platform.

templates/platforms.yaml (schema: templates/schema/platforms.schema.json) holds the labels,
colours, keep-clear band texts, copy-field names, mockup scenes and platform-only rules; this
module reads it through the one strict YAML reader into frozen dataclasses. The GUI, the checks
and the format loader ask `registry()` instead of keeping copies of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .types import Format
from .yamlio import SCHEMA_DIR, Located, read_yaml

PLATFORMS_FILE = SCHEMA_DIR.parent / "platforms.yaml"

SIDES = ("top", "bottom", "left", "right")
TALL = 1.5  # height / width from which a placement is full-screen (stories, Reels, snaps)
UNKNOWN_COLOUR = "#868E96"


@dataclass(frozen=True)
class Bands:
    """Who covers each keep-clear band: the end of "Slogan overlaps the top 150 px ..."."""

    sides: tuple[tuple[str, str], ...] = ()  # (side, text) for the sides that have their own text
    other: str = "that the platform keeps clear"
    short: str = "keep clear"  # the preview's caption

    def who(self, side: str) -> str:
        return dict(self.sides).get(side, self.other)


@dataclass(frozen=True)
class Platform:
    id: str
    label: str  # the GUI's name
    name: str  # the name inside a finding's sentence
    colour: str  # #RRGGBB
    family: str  # social | web | outdoor
    mockups: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    bands: Bands = Bands()
    tall_bands: Bands | None = None
    coverage: str = "{format} allows text on at most {limit}"
    brand_name_emoji: bool = True
    checks: tuple[str, ...] = ()

    def bands_for(self, fmt: Format) -> Bands:
        if self.tall_bands is not None and fmt.height >= fmt.width * TALL:
            return self.tall_bands
        return self.bands

    def band_who(self, fmt: Format, side: str) -> str:
        """The text after "overlaps the top 150 px": with its leading space, or a comma."""
        who = self.bands_for(fmt).who(side)
        return who if who.startswith(",") else " " + who

    def coverage_reason(self, fmt: Format, limit: str) -> str:
        return self.coverage.format(limit=limit, format=fmt.name)

    def short_name(self, format_name: str) -> str:
        """'Google leaderboard 728x90' -> 'Leaderboard 728x90': the group header says the platform."""
        for w in self.prefixes:
            if format_name.startswith(w):
                rest = format_name[len(w) :]
                return rest[:1].upper() + rest[1:]
        return format_name


@dataclass(frozen=True)
class CopyField:
    id: str
    label: str
    source: str  # a Message field, or "brand_name" (the campaign's)


@dataclass(frozen=True)
class TextRole:
    id: str
    label: str  # how findings name it
    font: str  # a file under fonts/
    colour: str  # the Brand field its letters take


@dataclass(frozen=True)
class Registry:
    platforms: tuple[Platform, ...]
    copy_fields: tuple[CopyField, ...]
    text_roles: tuple[TextRole, ...]
    platform_rules: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.platforms)

    @property
    def mockups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m for p in self.platforms for m in p.mockups))

    def platform(self, platform_id: str) -> Platform:
        """The platform of that id; an unknown id gets neutral defaults (grey, title-cased name)."""
        for p in self.platforms:
            if p.id == platform_id:
                return p
        return Platform(platform_id, platform_id.title(), platform_id, UNKNOWN_COLOUR, "social")

    def copy_field(self, field_id: str) -> CopyField:
        for f in self.copy_fields:
            if f.id == field_id:
                return f
        return CopyField(field_id, field_id.replace("_", " ").capitalize(), field_id)

    def text_role(self, role: str) -> TextRole | None:
        for r in self.text_roles:
            if r.id == role:
                return r
        return None

    def role_label(self, role: str) -> str:
        r = self.text_role(role)
        return r.label if r else role.capitalize()

    def role_colour(self, role: str) -> str:
        """The Brand field a role's letters are drawn in (a role not listed: the text colour)."""
        r = self.text_role(role)
        return r.colour if r else "text"

    def applies(self, fmt: Format, rule_id: str) -> bool:
        """Whether a rule runs on a format: platform-only rules only where the platform lists them."""
        return rule_id not in self.platform_rules or rule_id in self.platform(fmt.platform).checks


def _bands(d: dict | None) -> Bands | None:
    if d is None:
        return None
    base = Bands()
    return Bands(
        sides=tuple((s, d[s]) for s in SIDES if s in d),
        other=d.get("other", base.other),
        short=d.get("short", base.short),
    )


def parse_platforms(located: Located) -> Registry:
    data = located.data
    rules = tuple(data.get("platform_rules", ()))
    out = []
    for pid, d in data["platforms"].items():
        for i, rule in enumerate(d.get("checks", ())):
            if rule not in rules:
                raise located.error(
                    ("platforms", pid, "checks", i),
                    f"'{rule}' is not a platform-only rule; list it under platform_rules: ({', '.join(rules) or 'none yet'})",
                )
        out.append(
            Platform(
                id=pid,
                label=d["label"],
                name=d["name"],
                colour=d["colour"].upper(),
                family=d["family"],
                mockups=tuple(d["mockups"]),
                prefixes=tuple(d.get("prefixes", ())),
                bands=_bands(d.get("bands", {})) or Bands(),
                tall_bands=_bands(d.get("tall_bands")),
                coverage=d.get("coverage", Platform.coverage),
                brand_name_emoji=bool(d.get("brand_name_emoji", True)),
                checks=tuple(d.get("checks", ())),
            )
        )
    fields = tuple(CopyField(k, v["label"], v["from"]) for k, v in data["copy_fields"].items())
    roles = tuple(TextRole(k, v["label"], v["font"], v["colour"]) for k, v in data["text_roles"].items())
    return Registry(tuple(out), fields, roles, rules)


def load_platforms(path: str | Path = PLATFORMS_FILE) -> Registry:
    """Read and validate a platform registry file. Raises TemplateError with file:line:column."""
    return parse_platforms(read_yaml(path, "platforms"))


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The shipped registry (read once per process)."""
    return load_platforms()


__all__ = ["PLATFORMS_FILE", "Bands", "CopyField", "Platform", "Registry", "TextRole", "load_platforms", "registry"]
