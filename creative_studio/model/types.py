"""The core data of Creative Studio: frozen dataclasses, changed only by named functions.

Immutability is what lets a worker thread or process render a snapshot of the campaign while
the designer keeps typing: nobody can change an object another thread is reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .motion import MotionSettings, MotionSpec

MM_PER_INCH = 25.4

# Roles of the text elements a layout places; the engine and the checks speak of these names.
TEXT_ROLES = ("slogan", "cta", "hashtag")

# The copy a message holds, and the copy the campaign holds (brand name, landing page) that may
# differ by language, platform and format as well (see model/variants.py and docs/variants.md).
MESSAGE_FIELDS = ("slogan", "cta", "cta_short", "hashtag", "headline", "primary_text", "description", "alt_text")
CAMPAIGN_FIELDS = ("brand_name", "url")
# Identifiers rather than prose (#StopItNow, stopitnow.org.uk): usually the same in every
# language, so falling back to the default language's is no missing translation.
SHARED_FIELDS = ("hashtag", "url")
COPY_FIELDS = MESSAGE_FIELDS + CAMPAIGN_FIELDS
DEFAULT_LANGUAGE = "en"
CAMPAIGN_WIDE = "*"  # the owner of campaign-wide copy (defaults:, brand_name, url)
ALL_SCOPES = "all"

CopyKey = tuple[str, str, str, str]  # (owner: message id or "*", scope, field, language)


@dataclass(frozen=True)
class Insets:
    """Keep-clear bands of a format in pixels at scale 1 (top, right, bottom, left)."""

    top: int = 0
    right: int = 0
    bottom: int = 0
    left: int = 0

    def is_zero(self) -> bool:
        return not (self.top or self.right or self.bottom or self.left)


@dataclass(frozen=True)
class PrintSpec:
    """A poster's physical size and the artwork scale and resolution it is supplied at."""

    width_mm: float
    height_mm: float
    scale: float  # artwork is 1:scale of the physical size
    dpi: int
    bleed_mm: float = 0.0  # bleed around the trim, in millimetres of the supplied artwork
    panel_mm: tuple[float, float] | None = None  # paste-up panels (full-size mm), for the join rule
    bleed_source: str = ""  # where the bleed value comes from

    def px(self, mm: float) -> int:
        """Full-size millimetres to artwork pixels."""
        return round(mm / self.scale / MM_PER_INCH * self.dpi)

    @property
    def size_px(self) -> tuple[int, int]:
        return self.px(self.width_mm), self.px(self.height_mm)


@dataclass(frozen=True)
class Format:
    """One placement: pixel size, keep-clear areas, file and copy limits, where it is shown."""

    id: str
    platform: str  # facebook | snapchat | x | google | outdoor
    name: str
    width: int
    height: int
    safe: Insets
    file_types: tuple[str, ...]
    max_bytes: int
    mockup: str
    source: str
    checked: str
    layout: str | None = None  # None: the layout whose aspect range holds this format's
    print_spec: PrintSpec | None = None
    copy_limits: tuple[tuple[str, int], ...] = ()
    viewing_distance_m: tuple[float, float] | None = None
    text_coverage_max: float | None = None  # share of the image text may cover
    text_coverage_severity: str = "warning"
    min_text_px: int = 0  # digital legibility floor for the slogan's cap height
    border_on_white: bool = False
    notes: str = ""
    motion: MotionSpec | None = None  # what the placement accepts as animation (export --motion)

    @property
    def aspect(self) -> float:
        return self.width / self.height

    @property
    def is_print(self) -> bool:
        return self.print_spec is not None

    @property
    def dpi(self) -> int | None:
        return self.print_spec.dpi if self.print_spec else None

    def copy_limit(self, field_name: str) -> int | None:
        return dict(self.copy_limits).get(field_name)

    def size_at(self, scale: float) -> tuple[int, int]:
        """Pixel size of a render at `scale` (never below 1 px)."""
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


@dataclass(frozen=True)
class Box:
    """A rectangle in units of the format's safe area (0..1 each way)."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class TextSlot:
    """Where and how a layout sets one text role."""

    role: str
    box: Box
    align: str = "center"  # left | center | right
    valign: str = "middle"  # top | middle | bottom
    max_size: float = 0.2  # font px as a share of the canvas's shorter side
    min_size: float = 0.02
    max_lines: int = 3
    line_spacing: float = 1.05
    source: str = ""  # which message field fills it: "cta" or "cta_short"; default = role
    pill: bool = False  # drawn on a rounded button (the call to action)
    fallback: str = ""  # message field used instead when `source` does not fit at min_size


@dataclass(frozen=True)
class Layout:
    """Where the face and the texts go, in units of the safe area, for one family of shapes."""

    id: str
    aspect_min: float
    aspect_max: float
    face: Box
    texts: tuple[TextSlot, ...]
    face_align: str = "center"  # center | left | right | top | bottom inside its box
    logo: Box | None = None  # where brand.logo goes (None: this shape has no room for one)
    logo_align: str = "right"
    description: str = ""

    def slot(self, role: str) -> TextSlot | None:
        for s in self.texts:
            if s.role == role:
                return s
        return None


@dataclass(frozen=True)
class Brand:
    background: str = "#0E1A2B"
    background_2: str = "#1B2E4A"  # the gradient's far colour
    text: str = "#FFFFFF"
    accent: str = "#FFCC33"
    cta_background: str = "#FFCC33"
    cta_text: str = "#0E1A2B"
    logo: str = ""  # absolute path of an optional partner logo (PNG/JPEG), checked by the loader


# The Brand fields that are colours (#RRGGBB); `logo` is a path.
BRAND_COLOURS = ("background", "background_2", "text", "accent", "cta_background", "cta_text")


#: The ring a face may have around it so it stands off a ground of its own colour.
FACE_RINGS = ("none", "outline", "shadow")


@dataclass(frozen=True)
class Face:
    emoji: str = "\U0001f642"
    crack_stage: int = 0
    seed: int = 1
    ring: str = "none"  # one of FACE_RINGS: the remedy the face-contrast check advises


@dataclass(frozen=True)
class Message:
    id: str
    slogan: str
    cta: str
    cta_short: str
    hashtag: str
    face: Face
    headline: str = ""
    primary_text: str = ""
    description: str = ""
    alt_text: str = ""

    def text_for(self, field_name: str) -> str:
        return str(getattr(self, field_name))


@dataclass(frozen=True)
class Reviewer:
    """One entry of the campaign's `reviewers:` list.

    A plain string in the file (release 0.1: `reviewers: [Comms lead, Legal reviewer]`) is a role
    whose sign-off is wanted, with no named person: `name` is "". A mapping names a person who may
    sign off (`name`, optional `role`, optional Ed25519 `public_key`). Once any entry has a name,
    the list is the campaign's roster and decisions by anyone else are flagged.
    """

    name: str = ""
    role: str = ""
    public_key: str = ""  # base64 of the raw 32 bytes, or a PEM "PUBLIC KEY" block

    @property
    def label(self) -> str:
        """What 0.1 showed for the entry: the role, else the name."""
        return self.role or self.name


@dataclass(frozen=True)
class CopyTable:
    """Every copy value the file states beyond the default-language master, in file order.

    A key is (owner, scope, field, language): owner a message id or `*` (campaign-wide: the
    `defaults:` block, brand_name, url); scope `all`, `platform:ID` or `format:ID`. The default
    language's `all` value of a message field is the Message's own attribute (the GUI edits it)
    and is not repeated here; campaign-wide defaults are, since no Message holds them on their own.
    """

    entries: tuple[tuple[CopyKey, str], ...] = ()

    def get(self, owner: str, scope: str, field_name: str, language: str) -> str | None:
        return self._index.get((owner, scope, field_name, language))

    def keys(self) -> tuple[CopyKey, ...]:
        return tuple(k for k, _ in self.entries)

    def owned_by(self, owner: str) -> tuple[tuple[CopyKey, str], ...]:
        return tuple(e for e in self.entries if e[0][0] == owner)

    @property
    def _index(self) -> dict[CopyKey, str]:
        cached = self.__dict__.get("_index_cache")
        if cached is None:
            cached = dict(self.entries)
            object.__setattr__(self, "_index_cache", cached)
        return cached

    def __getstate__(self) -> dict:  # the look-up cache is rebuilt, not pickled to workers
        return {"entries": self.entries}

    def __setstate__(self, state: dict) -> None:
        object.__setattr__(self, "entries", state["entries"])


@dataclass(frozen=True)
class Campaign:
    """A campaign with everything needed to render it: messages, brand, formats and layouts."""

    id: str
    name: str
    client: str
    brand_name: str
    flight_start: str
    flight_end: str
    brand: Brand
    messages: tuple[Message, ...]
    formats: tuple[Format, ...]
    layouts: tuple[Layout, ...]
    path: Path | None = None
    sha256: str = ""
    url: str = ""
    reviewers: tuple[str, ...] = field(default=())  # labels of `roster` (roles), as in 0.1
    roster: tuple[Reviewer, ...] = field(default=())  # the `reviewers:` entries themselves
    keep_together: tuple[str, ...] = ()  # phrases the line breaker never splits ("Stop It Now!")
    catalogue_format_ids: tuple[str, ...] = ()  # every format of the catalogue, chosen or not
    motion: MotionSettings = field(default_factory=MotionSettings)
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)  # the first is the default
    copy: CopyTable = field(default_factory=CopyTable)
    catalogue_files: tuple[str, ...] = field(default=())  # formats + layouts files it was loaded from

    def reviewer(self, name: str) -> Reviewer | None:
        """The named roster entry for `name` (case and spacing ignored), or None."""
        want = " ".join(name.split()).casefold()
        for r in self.roster:
            if r.name and " ".join(r.name.split()).casefold() == want:
                return r
        return None

    @property
    def has_roster(self) -> bool:
        """True when `reviewers:` names people, so that decisions by others are flagged."""
        return any(r.name for r in self.roster)

    # -- look-ups -------------------------------------------------------------------------
    def message(self, message_id: str) -> Message:
        for m in self.messages:
            if m.id == message_id:
                return m
        raise KeyError(message_id)

    def format(self, format_id: str) -> Format:
        for f in self.formats:
            if f.id == format_id:
                return f
        raise KeyError(format_id)

    def layout_for(self, fmt: Format) -> Layout:
        """The format's named layout, else the one whose aspect range holds its aspect."""
        if fmt.layout:
            for lay in self.layouts:
                if lay.id == fmt.layout:
                    return lay
            raise KeyError(fmt.layout)
        for lay in self.layouts:
            if lay.aspect_min <= fmt.aspect < lay.aspect_max:
                return lay
        raise KeyError(f"no layout for aspect {fmt.aspect:.3f}")

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else DEFAULT_LANGUAGE

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    def language(self, language: str | None) -> str:
        """`language` checked against the campaign's languages; None means the default."""
        if language is None or language == "":
            return self.default_language
        if language not in self.languages:
            raise KeyError(language)
        return language

    @property
    def message_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.messages)

    @property
    def format_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.formats)

    # -- named changes (each returns a new campaign) --------------------------------------
    def with_message(self, message: Message) -> Campaign:
        msgs = tuple(message if m.id == message.id else m for m in self.messages)
        if message.id not in self.message_ids:
            msgs = msgs + (message,)
        return replace(self, messages=msgs)

    def with_message_text(self, message_id: str, field_name: str, text: str) -> Campaign:
        m = self.message(message_id)
        changes: dict[str, Any] = {field_name: text}  # one of the str fields, named at run time
        return self.with_message(replace(m, **changes))

    def with_message_face(self, message_id: str, face: Face) -> Campaign:
        return self.with_message(replace(self.message(message_id), face=face))

    def with_messages(self, messages: tuple[Message, ...]) -> Campaign:
        return replace(self, messages=tuple(messages))

    def with_brand(self, brand: Brand) -> Campaign:
        return replace(self, brand=brand)

    def without_message(self, message_id: str) -> Campaign:
        return replace(self, messages=tuple(m for m in self.messages if m.id != message_id))
