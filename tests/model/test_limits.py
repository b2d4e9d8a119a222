"""Hostile inputs to the one reader and the image checks: refused with FILE:LINE:COLUMN, quickly.

Every case is bounded by what it may cost (node counts, file sizes, pixel caps), not by a timer:
a case that hung would hang the test run, which fails it.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from creative_studio.model import TEMPLATES_DIR, TemplateError, load_campaign, schemacheck, yamlio
from creative_studio.model.yamlio import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, parse_yaml_text, read_yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (TEMPLATES_DIR / "stopitnow.yaml").read_text(encoding="utf-8")
BOMB = "a: &a [l,l,l,l,l,l,l,l,l]\n" + "".join(
    f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)
)


def refused(text: str, file: str = "t.yaml", **kw) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        parse_yaml_text(text, file, **kw)
    return info.value


def campaign_file(tmp_path: Path, text: str = SAMPLE, logo: str | None = None) -> Path:
    """The sample in tmp_path, using the bundled catalogue, optionally with a logo line."""
    text = text.replace("catalogue: {formats: formats.yaml, layouts: layouts.yaml}\n", "")
    if logo is not None:
        text = text.replace('  cta_text: "#0E1A2B"\n', f'  cta_text: "#0E1A2B"\n  logo: "{logo}"\n')
    p = tmp_path / "c.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def logo_line(p: Path) -> int:
    return next(i for i, line in enumerate(p.read_text().splitlines(), 1) if line.startswith("  logo:"))


# -- aliases, nesting, size --------------------------------------------------------------------


def test_alias_bomb_is_refused_at_its_line():
    assert len(BOMB.encode()) < 400  # the classic 300-byte "billion laughs"
    err = refused(BOMB)
    assert f"more than {MAX_NODES:,} values" in err.message and "aliases" in err.message
    # 9 + 81 + ... passes 100,000 on the line of a5 (9**6 = 531,441 values)
    assert (err.line, err.file) == (6, "t.yaml")
    assert err.column and err.column > 1


def test_aliases_within_the_caps_are_expanded_as_copies():
    loc = parse_yaml_text("base: &b {x: 1, y: [1, 2]}\none: *b\ntwo: *b\n", "t.yaml")
    assert loc.data["one"] == loc.data["two"] == {"x": 1, "y": [1, 2]}
    assert loc.data["one"] is not loc.data["two"]
    assert loc.where(("two",)) == (3, 6)  # the alias's own position


def test_alias_inside_its_own_anchor_is_refused():
    err = refused("a: &x [1, *x]\n")
    assert "inside the block it names" in err.message and (err.line, err.column) == (1, 11)


def test_undefined_alias_is_refused():
    err = refused("a: 1\nb: *nope\n")
    assert "names no anchor" in err.message and err.line == 2


def test_deep_nesting_is_refused_with_both_parsers(monkeypatch):
    text = "a:\n" + "".join(" " * (2 * i) + "  -\n" for i in range(200))
    flow = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    for loader in {yamlio._LOADER, yamlio.yaml.SafeLoader}:
        monkeypatch.setattr(yamlio, "_LOADER", loader)
        for t in (text, flow):
            err = refused(t)
            assert f"deeper than {MAX_DEPTH} levels" in err.message, loader
            assert err.line and err.column


def test_nesting_at_the_cap_reads():
    text = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    loc = parse_yaml_text(text, "t.yaml")
    depth, d = 0, loc.data
    while isinstance(d, list):
        depth, d = depth + 1, d[0]
    assert (depth, d) == (MAX_DEPTH - 1, 1)


def test_too_many_plain_values_are_refused():
    err = refused("".join(f"- {i}\n" for i in range(MAX_NODES + 5)))
    assert f"more than {MAX_NODES:,} values" in err.message and "aliases" not in err.message
    assert err.line == MAX_NODES  # the list itself is value 1


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path):
    p = tmp_path / "big.yaml"
    with open(p, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(TemplateError) as info:
        read_yaml(p)
    assert f"{MAX_FILE_BYTES:,} bytes" in info.value.message


def test_second_document_is_refused():
    err = refused("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in err.message and err.line == 2


# -- numbers and text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, words",
    [
        (".nan", "NaN and infinity"),
        (".inf", "NaN and infinity"),
        ("-.Inf", "NaN and infinity"),
        ("1.0e+400", "too large for a number"),
        ("9" * 400, "too large to use"),
        ("-" + "9" * 30, "too large to use"),
        ("9" * 5000, "too large to use"),  # past Python's int-string limit
    ],
)
def test_numbers_no_float_can_hold_are_refused(value, words):
    err = refused(f"a: 1\nb:\n  c: {value}\n")
    assert words in err.message and (err.line, err.column) == (3, 6)
    assert len(err.message) < 200  # a 5000-digit number is not echoed


def test_ordinary_numbers_read():
    d = parse_yaml_text("a: 1\nb: -2.5\nc: 0x10\nd: 9223372036854775807\ne: 1e3\n", "t.yaml").data
    assert d == {"a": 1, "b": -2.5, "c": 16, "d": 2**63 - 1, "e": "1e3"}  # YAML 1.1: 1e3 is text


@pytest.mark.parametrize("where", ["formats", "layouts"])
def test_nan_in_the_catalogue_is_refused_with_its_line(tmp_path, where):
    src = (TEMPLATES_DIR / f"{where}.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    old, new = ("width_mm: 6096", "width_mm: .nan") if where == "formats" else ("[0.2, 0.52]", "[.nan, 0.52]")
    i = next(i for i, line in enumerate(src) if old in line)
    src[i] = src[i].replace(old, new)
    (tmp_path / f"{where}.yaml").write_text("".join(src), encoding="utf-8")
    other = "layouts" if where == "formats" else "formats"
    (tmp_path / f"{other}.yaml").write_text((TEMPLATES_DIR / f"{other}.yaml").read_text(encoding="utf-8"))
    (tmp_path / "c.yaml").write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_campaign(tmp_path / "c.yaml")
    assert info.value.file == str(tmp_path / f"{where}.yaml")
    assert info.value.line == i + 1 and "NaN" in info.value.message


def test_lone_surrogate_in_a_slogan_is_refused_with_its_line(tmp_path, monkeypatch):
    text = SAMPLE.replace("slogan: Get ready to kiss your freedom goodbye", 'slogan: "Get ready \\ud800 goodbye"')
    p = campaign_file(tmp_path, text)
    line = next(i for i, t in enumerate(p.read_text().splitlines(), 1) if "\\ud800" in t)
    for loader in {yamlio._LOADER, yamlio.yaml.SafeLoader}:
        monkeypatch.setattr(yamlio, "_LOADER", loader)
        with pytest.raises(TemplateError) as info:
            load_campaign(p)
        assert info.value.line == line and "surrogate" in info.value.message, loader


def test_reading_the_catalogue_twice_validates_it_once(monkeypatch, tmp_path):
    import uuid

    from creative_studio.model import load_catalogue

    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path))  # no markers from earlier runs
    load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    calls = []
    real = schemacheck._validator

    def counting(kind):
        calls.append(kind)
        return real(kind)

    monkeypatch.setattr(schemacheck, "_validator", counting)
    load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    assert calls == []
    loc = parse_yaml_text((TEMPLATES_DIR / "formats.yaml").read_text() + "\n# changed\n", "f.yaml")
    schemacheck.validate(loc, "formats", uuid.uuid4().hex)  # content never seen: validated now
    assert calls == ["formats"]


# -- files that are not files ------------------------------------------------------------------


def test_fifo_campaign_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "c.yaml"
    os.mkfifo(fifo)
    with pytest.raises(TemplateError) as info:
        load_campaign(fifo)  # would block forever if it were opened for reading
    assert "pipe (FIFO)" in info.value.message


def test_folder_and_device_campaigns_are_refused(tmp_path):
    for path, words in ((tmp_path, "a folder"), (Path("/dev/zero"), "a device")):
        with pytest.raises(TemplateError) as info:
            load_campaign(path)
        assert words in info.value.message


# -- images ------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(*extra: bytes, width: int = 4, height: int = 4, idat: bytes | None = None) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00\xff" * width for _ in range(height))
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
    body = _chunk(b"IDAT", zlib.compress(raw)) if idat is None else idat
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(extra) + body + _chunk(b"IEND", b"")


def _refused_logo(tmp_path: Path, name: str) -> TemplateError:
    p = campaign_file(tmp_path, logo=name)
    with pytest.raises(TemplateError) as info:
        load_campaign(p)
    err = info.value
    assert (err.file, err.line) == (str(p), logo_line(p)), err
    assert name in err.message
    return err


def test_logo_fifo_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "logo.png")
    assert "pipe (FIFO)" in _refused_logo(tmp_path, "logo.png").message


def test_logo_folder_is_refused(tmp_path):
    (tmp_path / "logo.png").mkdir()
    assert "a folder" in _refused_logo(tmp_path, "logo.png").message


def test_logo_device_is_refused(tmp_path, monkeypatch):
    (tmp_path / "logo.png").symlink_to("/dev/zero")
    assert "outside the campaign's folder" in _refused_logo(tmp_path, "logo.png").message  # the link escapes
    monkeypatch.setenv("CREATIVE_STUDIO_ALLOW_OUTSIDE_PATHS", "1")
    assert "a device" in _refused_logo(tmp_path, "logo.png").message


def test_logo_whose_iccp_inflates_too_far_is_refused(tmp_path):
    profile = zlib.compress(b"\x00" * (64 * 1024 * 1024), 9)  # 64 KB that inflate to 64 MB
    (tmp_path / "logo.png").write_bytes(_png(_chunk(b"iCCP", b"icc\x00\x00" + profile)))
    assert "damaged or truncated" in _refused_logo(tmp_path, "logo.png").message


def test_truncated_logo_is_refused(tmp_path):
    whole = _png()
    (tmp_path / "logo.png").write_bytes(whole[: len(whole) - 30])
    assert "damaged or truncated" in _refused_logo(tmp_path, "logo.png").message


def test_logo_with_a_bad_crc_is_refused(tmp_path):
    data = bytearray(_png())
    data[-20] ^= 0xFF  # inside the IDAT chunk
    (tmp_path / "logo.png").write_bytes(bytes(data))
    assert "damaged or truncated" in _refused_logo(tmp_path, "logo.png").message


def test_very_long_logo_is_refused_from_its_header(tmp_path):
    # 25,000,000 x 1: at the pixel cap, over the side cap; decoded it would be 100 MB of RGBA
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 25_000_000, 1, 8, 6, 0, 0, 0))
    idat = _chunk(b"IDAT", zlib.compress(b"\x00" * 16))
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + ihdr + idat + _chunk(b"IEND", b""))
    err = _refused_logo(tmp_path, "logo.png")
    assert "25000000x1" in err.message and "a side" in err.message


def test_logo_outside_the_campaign_folder_needs_the_option(tmp_path, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    Image.new("RGBA", (40, 20), (255, 0, 0, 255)).save(outside / "logo.png")
    inner = tmp_path / "campaign"
    inner.mkdir()
    monkeypatch.delenv("CREATIVE_STUDIO_ALLOW_OUTSIDE_PATHS", raising=False)
    err = _refused_logo(inner, "../elsewhere/logo.png")
    assert "outside the campaign's folder" in err.message and "--allow-outside-paths" in err.message
    monkeypatch.setenv("CREATIVE_STUDIO_ALLOW_OUTSIDE_PATHS", "1")
    c = load_campaign(campaign_file(inner, logo="../elsewhere/logo.png"))
    assert c.brand.logo == str((outside / "logo.png").resolve())


def test_catalogue_outside_the_folder_is_refused_and_not_echoed(tmp_path, monkeypatch):
    secret = tmp_path / "secret.yaml"
    secret.write_text("formats: {x: SECRET-TOKEN-1234}\n")
    inner = tmp_path / "campaign"
    inner.mkdir()
    text = SAMPLE.replace("{formats: formats.yaml,", "{formats: ../secret.yaml,").replace(
        "layouts: layouts.yaml}", f"layouts: {TEMPLATES_DIR / 'layouts.yaml'}}}"
    )
    p = inner / "c.yaml"
    p.write_text(text)
    monkeypatch.delenv("CREATIVE_STUDIO_ALLOW_OUTSIDE_PATHS", raising=False)
    with pytest.raises(TemplateError) as info:
        load_campaign(p)
    assert info.value.file == str(p) and "outside the campaign's folder" in info.value.message
    assert "SECRET" not in str(info.value)


def test_cli_option_allows_outside_paths(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    Image.new("RGBA", (40, 20), (255, 0, 0, 255)).save(outside / "logo.png")
    inner = tmp_path / "campaign"
    inner.mkdir()
    p = campaign_file(inner, logo="../elsewhere/logo.png")
    env = {k: v for k, v in os.environ.items() if k != "CREATIVE_STUDIO_ALLOW_OUTSIDE_PATHS"}
    cmd = [sys.executable, str(ROOT / "main.py"), "render", str(p), "-m", "freedom", "-f", "google-320x50"]
    no = subprocess.run([*cmd, "-o", str(tmp_path / "a.png")], capture_output=True, text=True, env=env, timeout=120)
    assert no.returncode == 2 and "Traceback" not in no.stderr and "--allow-outside-paths" in no.stderr
    yes = subprocess.run(
        [*cmd, "-o", str(tmp_path / "b.png"), "--allow-outside-paths"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert yes.returncode == 0, yes.stderr
    assert Image.open(tmp_path / "b.png").size == (320, 50)


def test_big_logo_is_kept_at_its_placed_size(tmp_path):
    from creative_studio.render import engine

    p = tmp_path / "logo.png"
    Image.new("RGB", (4000, 2000), (255, 255, 255)).save(p)
    placed = engine._placed_logo(str(p), os.stat(p).st_mtime_ns, 300, 100)  # what the cache keeps
    assert placed.size == (200, 100) and placed.mode == "RGBA"
    assert placed.getpixel((100, 50)) == (255, 255, 255, 255)


def test_logo_past_the_caps_at_render_time_is_a_render_error(tmp_path, sample):
    from dataclasses import replace

    from creative_studio.render import RenderError, render_detailed

    p = tmp_path / "logo.png"
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 25_000_000, 1, 8, 6, 0, 0, 0))
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + ihdr + _chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + _chunk(b"IEND", b""))
    c = replace(sample, brand=replace(sample.brand, logo=str(p)))  # swapped after loading
    fmt = next(f for f in c.formats if c.layout_for(f).logo is not None)
    with pytest.raises(RenderError) as info:
        render_detailed(c, c.message_ids[0], fmt.id, 1.0)
    assert "25000000x1" in str(info.value)


@pytest.mark.parametrize("name", ["formats.yaml", "layouts.yaml", "stopitnow.yaml", "platforms.yaml"])
def test_libyaml_and_the_pure_python_parser_agree(name, monkeypatch):
    assert yamlio._LOADER is yamlio.yaml.CSafeLoader  # the fast parser is the one in use
    text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    fast = parse_yaml_text(text, name)
    monkeypatch.setattr(yamlio, "_LOADER", yamlio.yaml.SafeLoader)
    slow = parse_yaml_text(text, name)
    assert fast.data == slow.data and fast.marks == slow.marks and fast.key_marks == slow.key_marks
    assert len(fast.marks) > 50  # every value has its place


def test_every_command_takes_allow_outside_paths():
    import argparse

    from creative_studio.cli import build_parser

    leaves = []

    def walk(parser, name):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            leaves.append((name, parser))
        for a in subs:
            for sub_name, sp in a.choices.items():
                walk(sp, f"{name} {sub_name}".strip())

    walk(build_parser(), "")
    assert {"render", "export", "check", "review sheet", "review status"} <= {n for n, _ in leaves}
    for name, parser in leaves:
        assert "--allow-outside-paths" in parser.format_help(), name


def _review_file_of(tmp_path: Path):
    from creative_studio.review.store import review_path

    campaign = load_campaign(campaign_file(tmp_path))
    return campaign, review_path(campaign)


def test_review_file_bomb_nan_and_fifo_are_refused(tmp_path):
    from creative_studio.review.store import load_reviews

    campaign, path = _review_file_of(tmp_path)
    cases = [
        ("version: 1\ndecisions:\n  - &a {message: freedom}\n  - *a\n", 3, "anchors and aliases"),
        ("version: 1\n" + BOMB, 2, "anchors and aliases"),
        ("version: 1\ndecisions:\n  - message: freedom\n    at: .nan\n", 4, "NaN"),
        ('version: 1\ndecisions:\n  - message: "\\ud800"\n', 3, "surrogate"),
    ]
    for text, line, words in cases:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(TemplateError) as info:
            load_reviews(campaign)
        assert (info.value.file, info.value.line) == (str(path), line) and words in info.value.message, text
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(TemplateError) as info:
        load_reviews(campaign)  # would block forever if it were opened
    assert "pipe (FIFO)" in info.value.message
