"""The platform registry (templates/platforms.yaml): one validated place the GUI, checks and mockups read."""

from __future__ import annotations

from pathlib import Path

import pytest

from creative_studio.model import TEMPLATES_DIR, TemplateError, load_catalogue
from creative_studio.model.platforms import PLATFORMS_FILE, load_platforms, registry

FORMATS = (TEMPLATES_DIR / "formats.yaml").read_text(encoding="utf-8")


def _catalogue(tmp_path: Path, formats_text: str) -> None:
    f = tmp_path / "formats.yaml"
    f.write_text(formats_text, encoding="utf-8")
    load_catalogue(f, TEMPLATES_DIR / "layouts.yaml")


def test_shipped_registry_covers_every_shipped_format():
    reg = registry()
    assert reg.ids[:5] == ("facebook", "snapchat", "x", "google", "outdoor")  # GUI order
    formats, _ = load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    for f in formats:
        p = reg.platform(f.platform)
        assert f.platform in reg.ids and f.mockup in p.mockups, f.id
        for field_name, _ in f.copy_limits:
            assert field_name in {c.id for c in reg.copy_fields}, (f.id, field_name)


def test_every_registry_mockup_is_a_scene_and_every_scene_is_listed():
    from creative_studio.render.mockups import MOCKUPS

    assert set(registry().mockups) == set(MOCKUPS)


def test_platform_only_rules_are_real_rules():
    from creative_studio.checks import RULE_IDS

    reg = registry()
    assert reg.platform_rules and set(reg.platform_rules) <= set(RULE_IDS)
    assert {p.id for p in reg.platforms if "word-count" in p.checks} == {"outdoor"}


def test_band_texts_follow_the_placement_shape():
    formats, _ = load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")
    by_id = {f.id: f for f in formats}
    fb = registry().platform("facebook")
    assert fb.band_who(by_id["facebook-story"], "top") == " that Facebook covers with the profile photo and name"
    assert (
        fb.band_who(by_id["facebook-feed-portrait"], "left")
        == " that Facebook's profile grid crops off (4:5 shown as 3:4)"
    )
    assert fb.bands_for(by_id["facebook-reels"]).short == "Facebook UI"
    outdoor = registry().platform("outdoor")
    assert outdoor.band_who(by_id["outdoor-96-sheet"], "left").startswith(", outside the poster's safe area")
    assert outdoor.bands_for(by_id["outdoor-96-sheet"]).short == "keep clear"


def test_unknown_platform_gets_neutral_defaults():
    p = registry().platform("myspace")
    assert (p.label, p.colour, p.bands.short) == ("Myspace", "#868E96", "keep clear")


def test_format_naming_a_scene_of_another_platform_is_refused_with_its_position(tmp_path):
    text = FORMATS.replace("    mockup: snapchat\n", "    mockup: x-post\n", 1)
    with pytest.raises(TemplateError) as info:
        _catalogue(tmp_path, text)
    err = info.value
    assert err.line == text[: text.index("mockup: x-post")].count("\n") + 1
    assert "a mockup scene of snapchat must be one of: snapchat" in err.message


def test_unknown_copy_field_is_refused_with_a_suggestion(tmp_path):
    text = FORMATS.replace("copy_limits: {brand_name: 25,", "copy_limits: {brand_nam: 25,", 1)
    with pytest.raises(TemplateError) as info:
        _catalogue(tmp_path, text)
    assert "'brand_nam' is 'brand_nam'; a copy field must be one of" in info.value.message
    assert "did you mean 'brand_name'?" in info.value.message


@pytest.mark.parametrize(
    "old, new, expect",
    [
        ('colour: "#E8B500"', 'colour: "yellow"', "#RRGGBB"),
        ("checks: [word-count]", "checks: [word-cuont]", "'word-cuont' is not a platform-only rule"),
        ("    family: web\n", "    family: print\n", "must be one of: social, web, outdoor"),
        ("    name: Snapchat\n", "", "'name'"),
    ],
)
def test_broken_registry_says_file_line_column(tmp_path, old, new, expect):
    text = PLATFORMS_FILE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "platforms.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_platforms(bad)
    assert expect in info.value.message
    assert str(info.value).startswith(f"{bad}:{info.value.line}:")


def test_text_roles_name_a_font_and_a_brand_colour():
    from creative_studio.model.types import BRAND_COLOURS
    from creative_studio.render import fonts

    reg = registry()
    assert [r.id for r in reg.text_roles] == ["slogan", "cta", "hashtag"]
    for r in reg.text_roles:
        assert r.colour in BRAND_COLOURS
        assert fonts.ROLE_FONTS[r.id].is_file(), r.font
    assert (reg.role_label("cta"), reg.role_colour("hashtag"), reg.role_colour("caption")) == (
        "Call to action",
        "accent",
        "text",
    )
