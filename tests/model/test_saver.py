"""Saving keeps the designer's file: comments, key order, quoting; only changed values move."""

from __future__ import annotations

import difflib
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creative_studio.model import TEMPLATES_DIR, Face, TemplateError, load_campaign
from creative_studio.model.saver import SaveError, emoji_code, save_campaign


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    for name in ("stopitnow.yaml", "formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES_DIR / name, tmp_path / name)
    return tmp_path / "stopitnow.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def comment_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.lstrip().startswith("#") or " # " in ln]


def test_round_trip_without_edits_is_byte_identical(sample_copy: Path):
    before = sample_copy.read_bytes()
    c = load_campaign(sample_copy)
    fresh = save_campaign(c)
    assert sample_copy.read_bytes() == before
    assert fresh.sha256 == c.sha256


def test_editing_a_slogan_changes_one_line_and_keeps_every_comment(sample_copy: Path):
    before = sample_copy.read_text()
    c = load_campaign(sample_copy)
    fresh = save_campaign(c.with_message_text("employ", "slogan", "Who would hire you now?"))
    after = sample_copy.read_text()
    assert changed_lines(before, after) == [
        "-    slogan: Who would employ you?",
        "+    slogan: Who would hire you now?",
    ]
    assert comment_lines(after) == comment_lines(before)
    assert fresh.message("employ").slogan == "Who would hire you now?"
    assert fresh.sha256 != c.sha256 and fresh.path == sample_copy.resolve()


def test_field_equal_to_default_is_not_written_and_is_removed(sample_copy: Path):
    c = load_campaign(sample_copy)
    default_hashtag = c.message("freedom").hashtag
    c2 = save_campaign(c.with_message_text("freedom", "hashtag", "#Other"))
    text = sample_copy.read_text()
    assert 'hashtag: "#Other"' in text  # needs quotes: double, like the rest of the file
    save_campaign(c2.with_message_text("freedom", "hashtag", default_hashtag))
    assert sample_copy.read_text().count("hashtag:") == 1  # only in defaults again


def test_face_emoji_stage_and_seed(sample_copy: Path):
    c = load_campaign(sample_copy)
    save_campaign(c.with_message_face("employ", Face("\U0001f62e", 3, 77)))
    text = sample_copy.read_text()
    assert 'face: {emoji: "U+1F62E", crack_stage: 3, seed: 77}' in text
    back = load_campaign(sample_copy).message("employ").face
    assert back == Face("\U0001f62e", 3, 77)
    # back to the defaults' face: the message's face: key goes away
    d = load_campaign(sample_copy)
    save_campaign(d.with_message_face("employ", Face("\U0001f642", 0, 2019)))
    text = sample_copy.read_text()
    block = text[text.index("- id: employ") : text.index("- id: family")]
    assert "face:" not in block


def test_face_ring_round_trips(sample_copy: Path):
    c = load_campaign(sample_copy)
    m = c.message("employ")
    save_campaign(c.with_message_face("employ", replace(m.face, ring="outline")))
    text = sample_copy.read_text()
    block = text[text.index("- id: employ") : text.index("- id: family")]
    assert "ring: outline" in block
    back = load_campaign(sample_copy)
    assert back.message("employ").face.ring == "outline"
    assert back.message("family").face.ring == "none"
    save_campaign(back.with_message_face("employ", replace(m.face, ring="none")))
    assert "ring:" not in sample_copy.read_text()


def test_brand_colour_keeps_its_comment(sample_copy: Path):
    c = load_campaign(sample_copy)
    save_campaign(c.with_brand(replace(c.brand, accent="#00aa55")))
    text = sample_copy.read_text()
    assert 'accent: "#00AA55"         # the hashtag, in the face\'s yellow' in text
    assert load_campaign(sample_copy).brand.accent == "#00AA55"


def test_add_delete_reorder_messages(sample_copy: Path):
    c = load_campaign(sample_copy)
    new = replace(c.message("freedom"), id="career", slogan="What about your career?", face=Face("\U0001f61f", 2, 5))
    c2 = save_campaign(c.with_messages(c.messages + (new,)))
    assert c2.message_ids == ("freedom", "employ", "family", "career")
    assert c2.message("career") == new
    m = c2.messages
    c3 = save_campaign(c2.with_messages((m[3], m[0], m[2])))
    assert c3.message_ids == ("career", "freedom", "family")
    assert c3.messages == (m[3], m[0], m[2])
    text = sample_copy.read_text()
    assert comment_lines(text) == comment_lines((TEMPLATES_DIR / "stopitnow.yaml").read_text())
    assert "employ" not in text.split("messages:")[1]


def test_comments_between_messages_travel_with_their_message(tmp_path: Path):
    f = tmp_path / "c.yaml"
    f.write_text(f"""# head
campaign: {{id: t, name: T}}
catalogue: {{formats: {TEMPLATES_DIR / "formats.yaml"}, layouts: {TEMPLATES_DIR / "layouts.yaml"}}}
formats: [facebook-feed-square]
messages:
  - id: a   # eol a
    slogan: A
  # about b
  - id: b
    slogan: B
    alt_text: x  # eol alt

  # about c
  - id: c
    slogan: C
# tail
""")
    c = load_campaign(f)
    a, b, cc = c.messages
    save_campaign(c.with_messages((a, cc, b)))
    text = f.read_text()
    lines = text.splitlines()
    assert lines.index("  # about c") == lines.index("  - id: c") - 1
    assert lines.index("  # about b") == lines.index("  - id: b") - 1
    assert lines[-1] == "# tail"
    assert "  - id: a   # eol a" in lines and "    alt_text: x  # eol alt" in lines
    assert load_campaign(f).message_ids == ("a", "c", "b")


def _fresh_process(monkeypatch) -> None:
    """Forget the files this process accepted, as the next run of the program would."""
    from creative_studio.model import campaign_files

    monkeypatch.setattr(campaign_files, "_ACCEPTED", set())
    monkeypatch.delenv(campaign_files.ALLOW_OUTSIDE_ENV, raising=False)


def test_save_as_into_another_folder_brings_the_catalogue_along(sample_copy: Path, tmp_path: Path, monkeypatch):
    c = load_campaign(sample_copy)
    out = tmp_path / "deeper" / "copy.yaml"
    out.parent.mkdir()
    copied: list[Path] = []
    fresh = save_campaign(c.with_message_text("family", "slogan", "And your family?"), out, copied)
    text = out.read_text()
    # ../formats.yaml would be refused by the next run (outside the campaign's folder): copied instead
    assert "catalogue: {formats: formats.yaml, layouts: layouts.yaml}" in text
    assert sorted(p.name for p in copied) == ["formats.yaml", "layouts.yaml"]
    assert (out.parent / "formats.yaml").read_bytes() == (tmp_path / "formats.yaml").read_bytes()
    assert fresh.path == out.resolve() and fresh.message("family").slogan == "And your family?"
    assert fresh.format_ids == c.format_ids
    _fresh_process(monkeypatch)
    again = load_campaign(out)  # no --allow-outside-paths needed
    assert again.message("family").slogan == "And your family?"
    # the original is untouched
    assert sample_copy.read_text() == (TEMPLATES_DIR / "stopitnow.yaml").read_text()
    # and the same folder keeps the paths as they are
    same = save_campaign(c, tmp_path / "same.yaml")
    assert "catalogue: {formats: formats.yaml, layouts: layouts.yaml}" in same.path.read_text()


def test_save_as_into_a_parent_folder_names_files_inside_it(sample_copy: Path, tmp_path: Path):
    c = load_campaign(sample_copy)
    copied: list[Path] = []
    save_campaign(c, tmp_path.parent / f"{tmp_path.name}-up.yaml", copied)
    text = (tmp_path.parent / f"{tmp_path.name}-up.yaml").read_text()
    assert f"catalogue: {{formats: {tmp_path.name}/formats.yaml, layouts: {tmp_path.name}/layouts.yaml}}" in text
    assert copied == []
    (tmp_path.parent / f"{tmp_path.name}-up.yaml").unlink()


def test_save_as_never_replaces_a_different_file_of_the_same_name(sample_copy: Path, tmp_path: Path, monkeypatch):
    c = load_campaign(sample_copy)
    dest = tmp_path / "other"
    dest.mkdir()
    (dest / "formats.yaml").write_text("# someone else's file\n")
    shutil.copy(tmp_path / "layouts.yaml", dest / "layouts.yaml")  # the same bytes: reused
    copied: list[Path] = []
    save_campaign(c, dest / "c.yaml", copied)
    assert (dest / "formats.yaml").read_text() == "# someone else's file\n"
    assert copied == [dest / "formats-2.yaml"]
    assert "catalogue: {formats: formats-2.yaml, layouts: layouts.yaml}" in (dest / "c.yaml").read_text()
    _fresh_process(monkeypatch)
    assert load_campaign(dest / "c.yaml").format_ids == c.format_ids


def test_the_bundled_sample_saved_elsewhere_names_no_catalogue(tmp_path: Path, monkeypatch):
    c = load_campaign(TEMPLATES_DIR / "stopitnow.yaml")
    copied: list[Path] = []
    fresh = save_campaign(c, tmp_path / "mine.yaml", copied)
    text = (tmp_path / "mine.yaml").read_text()
    assert "catalogue:" not in text.replace("# catalogue:", "") and copied == []
    assert not (tmp_path / "formats.yaml").exists()
    _fresh_process(monkeypatch)
    assert load_campaign(tmp_path / "mine.yaml").format_ids == fresh.format_ids == c.format_ids


def test_a_failed_save_as_takes_its_copies_back(sample_copy: Path, tmp_path: Path, monkeypatch):
    from creative_studio.model import saver

    c = load_campaign(sample_copy)
    dest = tmp_path / "fail"
    dest.mkdir()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saver, "write_bytes_atomic", boom)
    with pytest.raises(SaveError, match="cannot write the file"):
        save_campaign(c, dest / "c.yaml")
    assert sorted(os.listdir(dest)) == []


def test_crash_between_write_and_replace_leaves_old_file(sample_copy: Path, monkeypatch):
    before = sample_copy.read_bytes()
    c = load_campaign(sample_copy)

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(SaveError, match="cannot write"):
        save_campaign(c.with_message_text("employ", "slogan", "changed"))
    monkeypatch.undo()
    assert sample_copy.read_bytes() == before
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == ["formats.yaml", "layouts.yaml", "stopitnow.yaml"]


def test_text_that_needs_quoting_or_newlines_round_trips(sample_copy: Path):
    c = load_campaign(sample_copy)
    tricky = [
        "yes",
        "123",
        "a: b",
        "#hash",
        "- dash",
        "line one\nline two",
        "  spaces  ",
        "'quoted'",
        '"dq"',
        "ümlaut 🙂",
        "null",
        "~",
        "x # y",
        "@at",
    ]
    for t in tricky:
        c = save_campaign(c.with_message_text("freedom", "slogan", t))
        assert c.message("freedom").slogan == t


def test_invalid_yaml_on_disk_is_not_overwritten(sample_copy: Path):
    c = load_campaign(sample_copy)
    sample_copy.write_text("campaign: [unclosed\n")
    with pytest.raises(TemplateError):
        save_campaign(c)
    assert sample_copy.read_text() == "campaign: [unclosed\n"


def test_emoji_code():
    assert emoji_code("\U0001f642") == "U+1F642"
    assert emoji_code("\u2639\ufe0f") == "U+2639 U+FE0F"


def test_campaign_without_a_file_gets_a_fresh_one(tmp_path: Path, sample):
    unsaved = replace(sample, path=None, sha256="")
    fresh = save_campaign(unsaved, tmp_path / "new.yaml")
    assert fresh.messages == sample.messages and fresh.brand == sample.brand
    assert fresh.format_ids == sample.format_ids and fresh.name == sample.name
    assert fresh.reviewers == sample.reviewers and fresh.flight_start == sample.flight_start
    with pytest.raises(ValueError):
        save_campaign(unsaved)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    field=st.sampled_from(["slogan", "cta", "hashtag", "alt_text", "primary_text"]),
)
def test_any_text_saves_and_reads_back_or_is_refused_untouched(sample_copy: Path, text: str, field: str):
    before = sample_copy.read_bytes()
    c = load_campaign(sample_copy)
    try:
        fresh = save_campaign(c.with_message_text("employ", field, text))
    except TemplateError:
        assert sample_copy.read_bytes() == before
        return
    assert fresh.message("employ").text_for(field) == text
    back = save_campaign(fresh.with_message_text("employ", field, c.message("employ").text_for(field)))
    assert back.messages == c.messages
    # and back again: at most that one line differs (a value once quoted keeps its quotes)
    assert len(changed_lines(before.decode(), sample_copy.read_text())) <= 2


def test_bom_and_crlf_survive_and_the_hash_is_of_the_file(sample_copy: Path):
    raw = b"\xef\xbb\xbf" + sample_copy.read_bytes().replace(b"\n", b"\r\n")
    sample_copy.write_bytes(raw)
    c = load_campaign(sample_copy)
    fresh = save_campaign(c.with_message_text("employ", "slogan", "Who hires you?"))
    data = sample_copy.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == raw.count(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert fresh == load_campaign(sample_copy)


def test_logo_path_survives_save_and_save_as(tmp_path):
    from PIL import Image

    from creative_studio.model import load_campaign
    from creative_studio.model.saver import save_campaign

    root = Path(__file__).resolve().parents[2] / "templates"
    Image.new("RGBA", (40, 20), (255, 255, 255, 255)).save(tmp_path / "partner.png")
    text = (
        (root / "stopitnow.yaml")
        .read_text()
        .replace(
            "catalogue: {formats: formats.yaml, layouts: layouts.yaml}",
            f"catalogue: {{formats: {root / 'formats.yaml'}, layouts: {root / 'layouts.yaml'}}}",
        )
        .replace('  cta_text: "#0E1A2B"\n', '  cta_text: "#0E1A2B"\n  logo: partner.png\n')
    )
    (tmp_path / "c.yaml").write_text(text)
    c = load_campaign(tmp_path / "c.yaml")
    saved = save_campaign(c.with_message_text("employ", "slogan", "Who would hire you?"))
    assert saved.brand.logo == str((tmp_path / "partner.png").resolve())
    assert "  logo: partner.png\n" in (tmp_path / "c.yaml").read_text()
    (tmp_path / "sub").mkdir()
    moved = save_campaign(saved, tmp_path / "sub" / "c.yaml")
    # the logo comes along (../partner.png would be outside the new folder); the bundled catalogue,
    # named by absolute paths here, stays the bundled one
    assert "  logo: partner.png\n" in (tmp_path / "sub" / "c.yaml").read_text()
    assert (tmp_path / "sub" / "partner.png").read_bytes() == (tmp_path / "partner.png").read_bytes()
    assert moved.brand.logo == str((tmp_path / "sub" / "partner.png").resolve())
