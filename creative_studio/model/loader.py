"""Turn the YAML templates (formats, layouts, campaign) into the frozen model.

The schema (templates/schema/*.schema.json) checks shapes and types; this module checks what a
schema cannot: references between files, safe zones that leave no room, sizes past the pixel
cap, duplicate message ids. Every failure is a `TemplateError` with file, line and column.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..base import resources

# Files a campaign names (its logo, its catalogue): kept inside its folder, images checked.
from .campaign_files import _resolve, check_image
from .copyload import CopyReader, campaign_field, read_languages
from .platforms import Registry, registry
from .roster import parse_reviewers
from .types import (
    CAMPAIGN_WIDE,
    FACE_RINGS,
    MESSAGE_FIELDS,
    Box,
    Brand,
    Campaign,
    Face,
    Format,
    Insets,
    Layout,
    Message,
    PrintSpec,
    TextSlot,
)
from .yamlio import Located, TemplateError, decode, read_text, read_yaml

TEMPLATES_DIR = resources.TEMPLATES_DIR
SAMPLE_CAMPAIGN = resources.SAMPLE_CAMPAIGN

# The largest canvas the engine will make. The 96-sheet (14400x3600, 52 MP) fits; past this a
# single RGBA frame alone would need > 400 MiB.
MAX_SIDE_PX = 20000
MAX_PIXELS = 110_000_000

_LEN = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(%|mm|px)$")


def _length(value: Any, along: int, spec: PrintSpec | None, located: Located, path: tuple) -> int:
    if isinstance(value, int):
        return value
    m = _LEN.match(str(value))
    if not m:  # the schema already refused it; belt and braces
        raise located.error(path, f"cannot read {value!r} as a length")
    num, unit = float(m.group(1)), m.group(2)
    if unit == "px":
        return round(num)
    if unit == "%":
        if num >= 100:
            raise located.error(path, f"{value} leaves nothing of the image; a keep-clear band must be under 100%")
        return round(along * num / 100)
    if spec is None:
        raise located.error(
            path,
            f"{value} is in millimetres, which only print formats (with print:) can use; give pixels or a percentage",
        )
    return spec.px(num)


def _known(located: Located, path: tuple, what: str, value: str, known: tuple[str, ...]) -> None:
    """Refuse a name the platform registry (templates/platforms.yaml) does not list."""
    if value in known:
        return
    import difflib

    msg = f"'{path[-1]}' is {value!r}; {what} must be one of: {', '.join(known)} (templates/platforms.yaml)"
    close = difflib.get_close_matches(value, known, 1)
    raise located.error(path, msg + (f" (did you mean '{close[0]}'?)" if close else ""))


def _check_platform(located: Located, fid: str, d: dict, reg: Registry) -> None:
    p = ("formats", fid)
    _known(located, p + ("platform",), "a platform", d["platform"], reg.ids)
    _known(
        located, p + ("mockup",), f"a mockup scene of {d['platform']}", d["mockup"], reg.platform(d["platform"]).mockups
    )
    fields = tuple(f.id for f in reg.copy_fields)
    for name in d.get("copy_limits", {}):
        _known(located, p + ("copy_limits", name), "a copy field", name, fields)


def parse_formats(located: Located, reg: Registry | None = None) -> tuple[Format, ...]:
    reg = reg or registry()
    out = []
    for fid, d in located.data["formats"].items():
        p = ("formats", fid)
        _check_platform(located, fid, d, reg)
        spec = None
        if "print" in d:
            pr = d["print"]
            panel = pr.get("panel_mm")
            spec = PrintSpec(
                float(pr["width_mm"]),
                float(pr["height_mm"]),
                float(pr["scale"]),
                int(pr["dpi"]),
                bleed_mm=float(pr.get("bleed_mm", 0)),
                panel_mm=(float(panel[0]), float(panel[1])) if panel else None,
                bleed_source=str(pr.get("bleed_source", "")),
            )
            w, h = spec.size_px
            where = p + ("print",)
        else:
            w, h = d["size"]
            where = p + ("size",)
        if w < 1 or h < 1:
            raise located.error(where, f"{fid} comes out at {w}x{h} px; it needs at least 1 px each way")
        if w > MAX_SIDE_PX or h > MAX_SIDE_PX or w * h > MAX_PIXELS:
            raise located.error(
                where,
                f"{fid} comes out at {w}x{h} px ({w * h / 1e6:.0f} MP); the engine refuses canvases over "
                f"{MAX_SIDE_PX} px a side or {MAX_PIXELS / 1e6:.0f} MP. Check the numbers, or supply the "
                "artwork at a smaller scale (a larger 1:N)",
            )
        sz = d.get("safe_zone", {})
        ins = Insets(
            top=_length(sz.get("top", 0), h, spec, located, p + ("safe_zone", "top")),
            right=_length(sz.get("right", 0), w, spec, located, p + ("safe_zone", "right")),
            bottom=_length(sz.get("bottom", 0), h, spec, located, p + ("safe_zone", "bottom")),
            left=_length(sz.get("left", 0), w, spec, located, p + ("safe_zone", "left")),
        )
        if ins.left + ins.right >= w * 0.9 or ins.top + ins.bottom >= h * 0.9:
            raise located.error(
                p + ("safe_zone",),
                f"the safe zone of {fid} leaves less than a tenth of the {w}x{h} image for content; check the numbers",
            )
        tc = d.get("text_coverage")
        vd = d.get("viewing_distance_m")
        out.append(
            Format(
                id=fid,
                platform=d["platform"],
                name=d["name"],
                width=int(w),
                height=int(h),
                safe=ins,
                file_types=tuple(d["file"]["types"]),
                max_bytes=int(d["file"]["max_bytes"]),
                mockup=d["mockup"],
                source=d["source"],
                checked=str(d["checked"]),
                layout=d.get("layout"),
                print_spec=spec,
                copy_limits=tuple(sorted(d.get("copy_limits", {}).items())),
                viewing_distance_m=(float(vd[0]), float(vd[1])) if vd else None,
                text_coverage_max=float(tc["max"]) if tc else None,
                text_coverage_severity=tc.get("severity", "warning") if tc else "warning",
                min_text_px=int(d.get("min_text_px", 0)),
                border_on_white=bool(d.get("border_on_white", False)),
                notes=d.get("notes", ""),
                motion=_motion_spec(located, p, d),
            )
        )
    return tuple(out)


def _motion_spec(located: Located, p: tuple, d: dict):
    from .motion import parse_spec

    if "motion" not in d:
        return None
    spec = parse_spec(d["motion"])
    if spec.min_s > spec.max_s:
        raise located.error(p + ("motion", "duration_s"), "the shortest duration is longer than the longest; swap them")
    return spec


def _box(v: list, located: Located, path: tuple) -> Box:
    x, y, w, h = (float(a) for a in v)
    if w <= 0 or h <= 0:
        raise located.error(path, "a box needs a width and height above 0")
    if x + w > 1.0001 or y + h > 1.0001:
        raise located.error(
            path, f"the box [{x}, {y}, {w}, {h}] runs past the safe area (x + width and y + height must be at most 1)"
        )
    return Box(x, y, w, h)


def parse_layouts(located: Located) -> tuple[Layout, ...]:
    out = []
    for lid, d in located.data["layouts"].items():
        p = ("layouts", lid)
        lo, hi = (float(a) for a in d["aspect"])
        if lo >= hi:
            raise located.error(
                p + ("aspect",), f"the aspect range [{lo}, {hi}] is empty; give [min, max] with min < max"
            )
        slots = []
        for role, s in d["texts"].items():
            sp = p + ("texts", role)
            mn, mx = float(s.get("min_size", 0.02)), float(s.get("max_size", 0.2))
            if mn > mx:
                raise located.error(sp + ("min_size",), f"min_size {mn} is larger than max_size {mx}")
            slots.append(
                TextSlot(
                    role=role,
                    box=_box(s["box"], located, sp + ("box",)),
                    align=s.get("align", "center"),
                    valign=s.get("valign", "middle"),
                    max_size=mx,
                    min_size=mn,
                    max_lines=int(s.get("max_lines", 3)),
                    line_spacing=float(s.get("line_spacing", 1.05)),
                    source=s.get("source", role),
                    pill=bool(s.get("pill", False)),
                    fallback=s.get("fallback", ""),
                )
            )
        out.append(
            Layout(
                id=lid,
                aspect_min=lo,
                aspect_max=hi,
                face=_box(d["face"]["box"], located, p + ("face", "box")),
                texts=tuple(slots),
                face_align=d.get("face_align", "center"),
                description=d.get("description", ""),
                logo=_box(d["logo"]["box"], located, p + ("logo", "box")) if "logo" in d else None,
                logo_align=d.get("logo", {}).get("align", "right"),
            )
        )
    return tuple(out)


def _emoji(value: str) -> str:
    if value.upper().startswith("U+"):
        return "".join(chr(int(part[2:], 16)) for part in value.split())
    return value


_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),
    (0x2600, 0x27BF),
    (0x2300, 0x23FF),
    (0x2B00, 0x2BFF),
    (0x2190, 0x21FF),
    (0x25A0, 0x25FF),
    (0x2100, 0x214F),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x24C2, 0x24C2),
)
_EMOJI_PARTS = {0x200D, 0xFE0F, 0xFE0E, 0x20E3} | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080))


def is_emoji(text: str) -> bool:
    """Whether `text` is an emoji (or an emoji sequence): every character an emoji code point or
    a joiner, selector, skin tone or tag; a keycap (digit + U+20E3) counts too."""
    if not text:
        return False
    cps = [ord(c) for c in text]
    if 0x20E3 in cps and chr(cps[0]) in "0123456789#*":
        cps = cps[1:]
    base = [c for c in cps if c not in _EMOJI_PARTS]
    return bool(base) and all(any(a <= c <= b for a, b in _EMOJI_RANGES) for c in base)


def _face(d: dict, base: Face, located: Located, path: tuple) -> Face:
    emoji = base.emoji
    if "emoji" in d:
        try:
            emoji = _emoji(d["emoji"])
        except (ValueError, OverflowError):
            raise located.error(
                path + ("emoji",), f'{d["emoji"]!r} is not a code point; write e.g. "U+1F642"'
            ) from None
        if not is_emoji(emoji):
            raise located.error(
                path + ("emoji",),
                f'{d["emoji"]!r} is not an emoji; give an emoji or its code point, e.g. "U+1F642" for 🙂',
            )
    ring = d.get("ring", base.ring)
    if ring not in FACE_RINGS:  # the schema already refused it; belt and braces
        raise located.error(
            path + ("ring",), f"ring {ring!r} is not known; write one of {', '.join(FACE_RINGS)} (e.g. ring: outline)"
        )
    return Face(
        emoji=emoji,
        crack_stage=int(d.get("crack_stage", base.crack_stage)),
        seed=int(d.get("seed", base.seed)),
        ring=str(ring),
    )


def load_catalogue(formats_file: Path, layouts_file: Path) -> tuple[tuple[Format, ...], tuple[Layout, ...]]:
    fl = read_yaml(formats_file, "formats")
    ll = read_yaml(layouts_file, "layouts")
    formats = parse_formats(fl)
    layouts = parse_layouts(ll)
    ids = {lay.id for lay in layouts}
    for f in formats:
        if f.layout and f.layout not in ids:
            raise fl.error(
                ("formats", f.id, "layout"),
                f"there is no layout '{f.layout}' in {layouts_file.name}; known layouts: {', '.join(sorted(ids))}",
            )
        if not f.layout and not any(lay.aspect_min <= f.aspect < lay.aspect_max for lay in layouts):
            raise fl.error(
                ("formats", f.id),
                f"no layout in {layouts_file.name} covers the aspect "
                f"{f.aspect:.3f} of {f.id}; name one with layout: or widen a layout's aspect range",
            )
    return formats, layouts


def load_campaign(path: str | Path, text: str | None = None) -> Campaign:
    """Load and validate a campaign and the catalogue it names. Raises TemplateError."""
    path = Path(path)
    raw = text.encode("utf-8") if text is not None else read_text(path)
    located = read_yaml(path, "campaign", text=decode(raw, path))
    d = located.data
    cat = d.get("catalogue", {})
    if "formats" in cat:
        formats_file = _resolve(path, cat["formats"], located, ("catalogue", "formats"))
    else:
        formats_file = TEMPLATES_DIR / "formats.yaml"
    if "layouts" in cat:
        layouts_file = _resolve(path, cat["layouts"], located, ("catalogue", "layouts"))
    else:
        layouts_file = TEMPLATES_DIR / "layouts.yaml"
    formats, layouts = load_catalogue(formats_file, layouts_file)
    catalogue_ids = tuple(f.id for f in formats)
    copy = CopyReader(located, read_languages(located), formats)

    want = d.get("formats", "all")
    if want != "all":
        known = {f.id: f for f in formats}
        chosen = []
        for i, fid in enumerate(want):
            if fid not in known:
                import difflib

                close = difflib.get_close_matches(fid, list(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else "; run 'main.py formats' for the list"
                raise located.error(("formats", i), f"unknown format '{fid}'{hint}")
            chosen.append(known[fid])
        formats = tuple(chosen)

    defaults = d.get("defaults", {})
    base_face = _face(defaults.get("face", {}), Face(), located, ("defaults", "face"))
    brand_d = dict(d.get("brand", {}))
    logo = brand_d.pop("logo", None)
    brand = Brand(**{k: v.upper() for k, v in brand_d.items()})
    if logo:
        brand = replace(brand, logo=str(check_image(path, logo, located, ("brand", "logo"))))
    # Campaign-wide copy: the default language's text is what every message inherits.
    c = d["campaign"]
    brand_name = campaign_field(copy, c, "brand_name", c.get("client", ""))
    url = campaign_field(copy, c, "url", "")
    masters: dict[str, str] = {}
    for name in MESSAGE_FIELDS:
        if name in defaults:
            got = copy.field(CAMPAIGN_WIDE, name, defaults[name], ("defaults", name), master_in_table=True)
            if got is not None:
                masters[name] = got
    copy.overrides(CAMPAIGN_WIDE, defaults.get("overrides", {}), ("defaults", "overrides"))
    messages = []
    seen: dict[str, int] = {}
    for i, m in enumerate(d["messages"]):
        mid = m["id"]
        if mid in seen:
            raise located.error(
                ("messages", i, "id"),
                f"the message id '{mid}' is used twice (first as message "
                f"{seen[mid] + 1}); every message needs its own id",
            )
        seen[mid] = i
        copy.require_default(m["slogan"], ("messages", i, "slogan"), f"the slogan of '{mid}'")
        own: dict[str, str] = {}
        for name in MESSAGE_FIELDS:
            if name in m:
                got = copy.field(mid, name, m[name], ("messages", i, name), master_in_table=False)
                if got is not None:
                    own[name] = got
        copy.overrides(mid, m.get("overrides", {}), ("messages", i, "overrides"))

        def field(name: str, fallback: str = "", own: dict = own) -> str:
            return own.get(name, masters.get(name, fallback))

        messages.append(
            Message(
                id=mid,
                slogan=own["slogan"],
                cta=field("cta"),
                cta_short=field("cta_short", field("cta")),
                hashtag=field("hashtag"),
                face=_face(m.get("face", {}), base_face, located, ("messages", i, "face")),
                headline=field("headline"),
                primary_text=field("primary_text"),
                description=field("description"),
                alt_text=field("alt_text"),
            )
        )
    flight = c.get("flight", {})
    roster = parse_reviewers(c.get("reviewers", []), located)
    if flight and str(flight["end"]) < str(flight["start"]):
        raise located.error(
            ("campaign", "flight", "end"),
            f"the flight ends on {flight['end']}, before it starts on {flight['start']}; swap the dates or fix the end",
        )
    return Campaign(
        id=c["id"],
        name=c["name"],
        client=c.get("client", ""),
        brand_name=brand_name,
        flight_start=str(flight.get("start", "")),
        flight_end=str(flight.get("end", "")),
        brand=brand,
        messages=tuple(messages),
        formats=formats,
        layouts=layouts,
        path=path.resolve(),
        sha256=hashlib.sha256(raw).hexdigest(),
        url=url,
        reviewers=tuple(r.label for r in roster),
        roster=roster,
        keep_together=tuple(" ".join(str(p).split()) for p in d.get("keep_together", []) if str(p).strip()),
        catalogue_format_ids=catalogue_ids,
        motion=_motion_settings(located, d),
        languages=copy.languages,
        copy=copy.table(),
        catalogue_files=(str(formats_file.resolve()), str(layouts_file.resolve())),
    )


def _motion_settings(located: Located, d: dict):
    from .motion import parse_settings

    settings = parse_settings(d.get("motion"))
    if settings.intact_s + settings.end_s >= settings.duration_s * 0.8:
        raise located.error(
            ("motion",),
            f"the intact face ({settings.intact_s:g} s) and the end card ({settings.end_s:g} s) leave too little of "
            f"the {settings.duration_s:g} s for the face to crack and the slogan to appear; shorten them or "
            "lengthen duration_s",
        )
    return settings


def require_ids(campaign: Campaign, messages=(), formats=()) -> None:
    """Refuse message or format ids the campaign does not have, suggesting the nearest one."""
    import difflib

    for m in messages or ():
        if m not in campaign.message_ids:
            close = difflib.get_close_matches(m, campaign.message_ids, 1)
            hint = f"; did you mean '{close[0]}'?" if close else "."
            raise TemplateError(
                campaign.path or "campaign",
                None,
                None,
                f"unknown message '{m}'{hint} The campaign has: {', '.join(campaign.message_ids)}",
            )
    for f in formats or ():
        if f not in campaign.format_ids and f in campaign.catalogue_format_ids:
            raise TemplateError(
                campaign.path or "campaign",
                None,
                None,
                f"format '{f}' is in the catalogue but not in this campaign's formats; add it to `formats:`",
            )
        if f not in campaign.format_ids:
            close = difflib.get_close_matches(f, campaign.format_ids, 1)
            hint = f"; did you mean '{close[0]}'?" if close else "; run 'main.py formats' for the list"
            raise TemplateError(campaign.path or "campaign", None, None, f"unknown format '{f}'{hint}")


def require_languages(campaign: Campaign, languages) -> list[str] | None:
    """The languages asked for (one code or several), checked against the campaign's; None: not asked."""
    import difflib

    if languages is None:
        return None
    wanted = [languages] if isinstance(languages, str) else list(languages)
    for code in wanted:
        if code not in campaign.languages:
            close = difflib.get_close_matches(code, campaign.languages, 1)
            hint = f"; did you mean '{close[0]}'?" if close else "."
            raise TemplateError(
                campaign.path or "campaign",
                None,
                None,
                f"unknown language '{code}'{hint} The campaign has: {', '.join(campaign.languages)} "
                "(campaign: languages:)",
            )
    return list(dict.fromkeys(wanted))


def load_sample() -> Campaign:
    return load_campaign(SAMPLE_CAMPAIGN)


__all__ = [
    "TemplateError",
    "load_campaign",
    "load_catalogue",
    "load_sample",
    "require_ids",
    "SAMPLE_CAMPAIGN",
    "TEMPLATES_DIR",
    "replace",
]
