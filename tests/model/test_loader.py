"""The loader: every shipped template loads; every bad file gives FILE:LINE:COLUMN and a fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from creative_studio.model import TEMPLATES_DIR, TemplateError, load_campaign, load_catalogue

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).parent / "bad"
BAD_FILES = sorted(p for p in BAD.glob("*.yaml") if not p.name.endswith((".formats.yaml", ".layouts.yaml")))


def expectation(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    assert first.startswith("# expect:"), f"{path.name} must start with '# expect: <text>'"
    return first.split(":", 1)[1].strip()


# Where each bad file's error must point: (file the error is in, "" = the campaign itself,
# "templates/NAME" = the bundled catalogue; line). Each line was checked by eye against the file.
WHERE = {
    "bad-date": ("", 11),  # flight: {start: "4 March 2019", end: "2019-03-31"}
    "bad-emoji": ("", 45),  # face: {emoji: "smile", crack_stage: 2}
    "bad-id": ("", 43),  # - id: Employ You
    "bad-indent": ("", 44),  # slogan: x
    "binary-garbage": ("", 3),  # the line with the bytes that are not UTF-8
    "colour-name": ("", 24),  # accent: yellow         # the hashtag, in the face'
    "colour-short": ("", 23),  # text: "#FFF"
    "crack-stage-high": ("", 49),  # face: {emoji: "U+1F61F", crack_stage: 7}
    "crack-stage-negative": ("", 41),  # face: {emoji: "U+1F642", crack_stage: -1}
    "crack-stage-text": ("", 45),  # face: {emoji: "U+1F610", crack_stage: two}
    "duplicate-key": ("", 10),  # client: Someone else
    "duplicate-message-id": ("", 43),  # - id: freedom
    "empty-file": ("", 1),  # # expect: the file is empty
    "empty-slogan": ("", 44),  # slogan: ""
    "emoji-code-point-letter": ("", 45),  # face: {emoji: "U+0041", crack_stage: 2}
    "emoji-not-an-emoji": ("", 45),  # face: {emoji: "é", crack_stage: 2}
    "face-ring-unknown": ("", 49),
    "keep-together-not-list": ("", 18),  # keep_together: "Stop It Now!"
    "flight-ends-before-start": (
        "",
        11,
    ),  # flight: {start: "2019-03-04", end: "2019-02-28"}  # face: {emoji: "U+1F61F", crack_stage: 3, ring: halo}
    "format-absurd-print": (
        "format-absurd-print.formats.yaml",
        258,
    ),  # print: {width_mm: 6096, height_mm: 3048, scale: 1,
    "format-absurd-size": ("format-absurd-size.formats.yaml", 40),  # size: [20000, 20000]
    "format-bad-bytes": ("format-bad-bytes.formats.yaml", 79),  # file: {types: [png, jpg], max_bytes: 5MB}
    "format-both-size-print": ("format-both-size-print.formats.yaml", 13),  # facebook-feed-square:
    "format-mm-on-digital": ("format-mm-on-digital.formats.yaml", 52),  # safe_zone: {top: 30mm, bottom: "20%"}
    "format-negative-size": ("format-negative-size.formats.yaml", 16),  # size: [-1080, 1080]
    "format-safe-too-big": ("format-safe-too-big.formats.yaml", 52),  # safe_zone: {top: "50%", bottom: "45%"}
    "format-unknown-key": ("format-unknown-key.formats.yaml", 83),  # safezone: {top: 1}
    "format-unknown-layout": ("format-unknown-layout.formats.yaml", 261),  # layout: bilboard
    "format-unknown-platform": ("format-unknown-platform.formats.yaml", 75),  # platform: myspace
    "format-zero-size": ("format-zero-size.formats.yaml", 111),  # size: [0, 250]
    "formats-not-list": ("", 17),  # formats: everything
    "layout-box-outside": ("layout-box-outside.layouts.yaml", 26),  # face: {box: [0.5, 0.0, 0.66, 0.42]}
    "layout-box-short": ("layout-box-short.layouts.yaml", 26),  # face: {box: [0.17, 0.0, 0.66]}
    "layout-empty-aspect": ("layout-empty-aspect.layouts.yaml", 41),  # aspect: [1.35, 0.9]
    "layout-gap-in-aspects": ("templates/formats.yaml", 13),  # facebook-feed-square:
    "layout-min-over-max": (
        "layout-min-over-max.layouts.yaml",
        28,
    ),  # slogan: {box: [0.04, 0.45, 0.92, 0.32], max_size:
    "logo-bomb": ("", 27),  # logo: images/bomb.png
    "logo-gif": ("", 27),  # logo: images/actually-gif.png
    "logo-missing": ("", 27),  # logo: images/nope.png
    "logo-not-an-image": ("", 27),  # logo: images/not-an-image.png
    "logo-too-many-pixels": ("", 27),  # logo: images/too-big.png
    "logo-wrong-extension": ("", 27),  # logo: images/ok.bmp
    "messages-empty": ("", 39),  # old_messages:
    "missing-campaign-id": ("", 6),  # campaign:
    "missing-catalogue-file": ("", 18),  # catalogue: {formats: no-such-formats.yaml, layouts
    "missing-slogan": ("", 43),  # - id: employ
    "not-a-mapping": ("", 2),  # - just
    "path-escape-id": ("", 43),  # - id: ../../etc
    "python-tag": ("", 9),  # client: !!python/object/apply:os.system ["echo hi"
    "seed-float": ("", 33),  # face: {emoji: "U+1F642", crack_stage: 0, seed: 20.
    "slogan-list": ("", 44),  # slogan: [Who, would]
    "tab-indent": ("", 48),  # slogan: x
    "unclosed-bracket": ("", 11),  # flight: {start: "2019-03-04", end: "2019-03-31"
    "unknown-format": ("", 17),  # formats: [facebok-story]
    "unknown-key-brand": ("", 21),  # backgrund: "#0E1A2B"     # deep navy
    "unknown-key-message": ("", 44),  # slogen: Who would employ you?
    "unknown-key-top": ("", 18),  # colour: red
    "unquoted-hash-name": ("", 8),  # name: #StopItNow online grooming
}


def test_corpus_is_large_enough():
    assert len(BAD_FILES) >= 30


def test_every_bad_file_has_an_expected_line():
    assert sorted(WHERE) == sorted(p.stem for p in BAD_FILES)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_file_gives_located_sentence(path):
    with pytest.raises(TemplateError) as info:
        load_campaign(path)
    err = info.value
    assert expectation(path) in err.message
    assert err.line and err.line >= 1, "every error must say where"
    name, line = WHERE[path.stem]
    if not name:
        want = path
    elif name.startswith("templates/"):
        want = TEMPLATES_DIR / name.split("/", 1)[1]
    else:
        want = path.parent / name
    assert (Path(err.file).resolve(), err.line) == (want.resolve(), line)
    assert str(err).startswith(f"{err.file}:{err.line}")
    assert len(err.message) > 20 and "\n" not in err.message  # one readable sentence


@pytest.mark.parametrize("path", BAD_FILES[:6], ids=lambda p: p.stem)
def test_cli_bad_input_exit_2_without_traceback(path, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(str(path)) or proc.stderr.startswith(str(path.parent))
    assert proc.stderr.count(":") >= 2


def test_sample_campaign_loads(sample):
    assert sample.id == "stopitnow"
    assert [m.slogan for m in sample.messages] == [
        "Get ready to kiss your freedom goodbye",
        "Who would employ you?",
        "How will it affect your family?",
    ]
    assert all(m.hashtag == "#StopItNow" for m in sample.messages)
    assert [m.face.crack_stage for m in sample.messages] == [1, 2, 3]
    assert len(sample.sha256) == 64


def test_catalogue_matches_platforms_doc():
    formats, layouts = load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    by_id = {f.id: f for f in formats}
    expect = {
        "facebook-feed-square": (1080, 1080),
        "facebook-feed-portrait": (1080, 1350),
        "facebook-story": (1080, 1920),
        "snapchat-snap-ad": (1080, 1920),
        "x-image-landscape": (1200, 628),
        "google-320x50": (320, 50),
        "google-970x250": (970, 250),
        "outdoor-48-sheet": (7200, 3600),
        "outdoor-96-sheet": (14400, 3600),
        "outdoor-6-sheet": (3543, 5315),
        "outdoor-d6": (1080, 1920),
    }
    for fid, size in expect.items():
        assert (by_id[fid].width, by_id[fid].height) == size, fid
    snap = by_id["snapchat-snap-ad"].safe
    assert (snap.top, snap.bottom, snap.left, snap.right) == (150, 150, 64, 64)
    story = by_id["facebook-story"].safe
    assert (story.top, story.bottom) == (269, 384)
    assert by_id["google-300x250"].max_bytes == 150 * 1024
    assert by_id["outdoor-48-sheet"].dpi == 300
    for f in formats:
        assert f.source and f.checked, f"{f.id} needs a source and a checked date"


def test_every_format_has_a_layout(sample):
    for f in sample.formats:
        assert sample.layout_for(f).id


def test_schemas_are_valid_json_schema():
    import jsonschema

    for p in (TEMPLATES_DIR / "schema").glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(p.read_text()))


def test_never_uses_unsafe_yaml_load():
    import re

    for p in (ROOT / "creative_studio").rglob("*.py"):
        text = p.read_text()
        for line in text.splitlines():
            if re.search(r"\byaml\.load\(", line):
                assert "SafeLoader" in line, f"{p}: {line.strip()}"
        assert "yaml.unsafe_load" not in text and "yaml.full_load" not in text, p


def test_from_text_matches_file(sample):
    text = Path(sample.path).read_text()
    again = load_campaign(sample.path, text=text)
    assert again == sample


def test_face_ring_from_defaults_and_per_message(tmp_path):
    text = (ROOT / "templates" / "stopitnow.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "{formats: formats.yaml, layouts: layouts.yaml}",
        "{formats: %s, layouts: %s}"
        % ((ROOT / "templates" / "formats.yaml").as_posix(), (ROOT / "templates" / "layouts.yaml").as_posix()),
    )
    text = text.replace(
        'face: {emoji: "U+1F642", crack_stage: 0, seed: 2019}',
        'face: {emoji: "U+1F642", crack_stage: 0, seed: 2019, ring: shadow}',
    )
    text = text.replace(
        'face: {emoji: "U+1F61F", crack_stage: 3}', 'face: {emoji: "U+1F61F", crack_stage: 3, ring: outline}'
    )
    path = tmp_path / "ringed.yaml"
    path.write_text(text, encoding="utf-8")
    c = load_campaign(path)
    assert [m.face.ring for m in c.messages] == ["shadow", "shadow", "outline"]
