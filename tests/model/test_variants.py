"""Languages and per-placement overrides: loading, resolution, rendering, checks, export, sign-off."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from variants_helpers import EN_SHORT, GD_SHORT, GD_SLOGAN, copy_sample, multilingual

from creative_studio.checks import run_checks
from creative_studio.export import export_batch
from creative_studio.export.batch import render_png
from creative_studio.model import TemplateError, load_campaign
from creative_studio.model.saver import save_campaign
from creative_studio.model.variants import resolve_copy
from creative_studio.render import render_detailed

FEW = ["google-300x250", "snapchat-snap-ad", "outdoor-48-sheet"]


@pytest.fixture
def multi(tmp_path: Path):
    return load_campaign(multilingual(tmp_path))


def test_existing_campaign_has_one_default_language_and_resolves_to_its_masters(sample):
    assert sample.languages == ("en",) and sample.default_language == "en"
    for m in sample.messages:
        for f in sample.format_ids:
            rc = resolve_copy(sample, m.id, f)
            assert rc.language == "en" and not rc.fallbacks
            assert rc.apply(m) is m  # nothing changes: the engine draws exactly what it drew before
            assert rc.text("brand_name") == "Police Scotland" and rc.text("url") == "stopitnow.org.uk"
            assert {v.origin for v in rc.values} == {"master"}


def test_per_language_form_of_the_same_copy_renders_the_same_bytes(tmp_path, sample):
    path = copy_sample(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        '  name: "#StopItNow: online grooming"\n', '  name: "#StopItNow: online grooming"\n  languages: [en]\n'
    )
    text = text.replace("    slogan: Who would employ you?", "    slogan: {en: Who would employ you?}")
    text = text.replace('  hashtag: "#StopItNow"', '  hashtag: {en: "#StopItNow"}')
    path.write_text(text, encoding="utf-8")
    mapped = load_campaign(path)
    assert mapped.messages == sample.messages
    for f in FEW[:2]:
        assert render_png(mapped, "employ", f)[0] == render_png(sample, "employ", f)[0]


def test_single_language_export_keeps_its_paths_and_bytes(sample, tmp_path):
    res = export_batch(sample, tmp_path, ["employ"], ["google-300x250"], jobs=1)
    assert not res.failed
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["files"]
    assert entry["path"] == "stopitnow/employ/google-300x250.png" and entry["language"] == "en"
    assert manifest["languages"] == ["en"]
    data = (tmp_path / entry["path"]).read_bytes()
    assert data == render_png(sample, "employ", "google-300x250")[0]
    assert b"Language" not in data  # the default language's metadata is what it always was


def test_narrowest_scope_wins_within_a_language(multi):
    assert resolve_copy(multi, "freedom", "outdoor-48-sheet", "en").text("slogan") == EN_SHORT
    assert resolve_copy(multi, "freedom", "outdoor-48-sheet", "gd").text("slogan") == GD_SHORT
    assert resolve_copy(multi, "freedom", "snapchat-snap-ad", "gd").text("slogan") == GD_SLOGAN
    google = resolve_copy(multi, "freedom", "google-300x250", "en").value("cta_short")
    assert (google.text, google.origin, google.scope) == ("Get help now", "format", "format:google-300x250")
    # the format override is English: Gaelic keeps its own (campaign-wide) short call to action
    assert resolve_copy(multi, "freedom", "google-300x250", "gd").text("cta_short") == "Faigh cuideachadh: Stop It Now!"
    # and it stays on that format and that message
    assert resolve_copy(multi, "freedom", "google-728x90", "en").text("cta_short") == "Get help: Stop It Now!"
    assert resolve_copy(multi, "employ", "google-300x250", "en").text("cta_short") == "Get help: Stop It Now!"
    outdoor = resolve_copy(multi, "freedom", "outdoor-96-sheet", "en").value("slogan")
    assert outdoor.origin == "platform" and outdoor.owner == "freedom"


def test_campaign_wide_platform_override_and_message_precedence(tmp_path):
    path = multilingual(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        '  description: "Confidential: 0808 1000 900"\n',
        '  description: "Confidential: 0808 1000 900"\n'
        "  overrides:\n"
        "    platform:outdoor: {cta_short: stopitnow.org.uk, brand_name: {gd: Poileas}}\n",
    )
    path.write_text(text, encoding="utf-8")
    c = load_campaign(path)
    for m in c.message_ids:
        assert resolve_copy(c, m, "outdoor-48-sheet", "en").text("cta_short") == "stopitnow.org.uk"
        assert resolve_copy(c, m, "snapchat-snap-ad", "en").text("cta_short") == "Get help: Stop It Now!"
    bn = resolve_copy(c, "employ", "outdoor-6-sheet", "gd").value("brand_name")
    assert (bn.text, bn.origin, bn.owner) == ("Poileas", "platform", "*")
    assert resolve_copy(c, "employ", "outdoor-6-sheet", "cy").text("brand_name") == "Heddlu'r Alban"


def test_a_language_without_a_value_falls_back_and_warns(multi):
    rc = resolve_copy(multi, "employ", "snapchat-snap-ad", "gd")
    slogan = rc.value("slogan")
    assert slogan.text == "Who would employ you?" and slogan.fallback and slogan.language == "en"
    assert slogan.origin == "master (fallback language)"
    result = render_detailed(multi, "employ", "snapchat-snap-ad", 0.25, "gd")
    (warn,) = [f for f in run_checks(multi, result) if f.rule == "missing-translation"]
    assert warn.severity == "warning" and warn.language == "gd"
    assert "'gd' has no slogan, call to action" in warn.text and "hashtag" not in warn.text
    en = render_detailed(multi, "employ", "snapchat-snap-ad", 0.25, "en")
    assert not [f for f in run_checks(multi, en) if f.rule == "missing-translation"]


def test_gaelic_renders_on_every_format_with_the_outdoor_slogan_only_outdoors(multi):
    for fmt in multi.formats:
        r = render_detailed(multi, "freedom", fmt.id, 0.05 if fmt.width > 4000 else 0.2, "gd")
        assert r.language == "gd"
        want = GD_SHORT if fmt.platform == "outdoor" else GD_SLOGAN
        assert r.block("slogan").text == want, fmt.id


def test_copy_checks_read_the_language_rendered(multi):
    # brand_name copy limits see the Gaelic brand name, not the English one
    result = render_detailed(multi, "freedom", "snapchat-snap-ad", 0.25, "cy")
    assert result.copy.text("brand_name") == "Heddlu'r Alban"
    from creative_studio.render.engine import localized

    assert localized(multi, result).brand_name == "Heddlu'r Alban"


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (
            "    slogan: Who would employ you?",
            "    slogan: {en: Who would employ you?, fr: Qui?}",
            "'fr' is not one of",
        ),
        ("    slogan: Who would employ you?", "    slogan: {gd: Cò?}", "no text in the default language 'en'"),
        (
            "    slogan: Who would employ you?",
            "    slogan: Who would employ you?\n    overrides:\n      platform:tiktok: {slogan: Hi}",
            "unknown platform 'tiktok'",
        ),
        (
            "    slogan: Who would employ you?",
            "    slogan: Who would employ you?\n    overrides:\n      format:google-300x251: {slogan: Hi}",
            "did you mean 'google-300x250'",
        ),
        ("  languages: [en, gd, cy]", "  languages: [en, gd, en]", "listed twice"),
    ],
)
def test_bad_variants_are_located(tmp_path, old, new, says):
    path = multilingual(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_campaign(path)
    assert says in info.value.message and info.value.line, str(info.value)


def test_saving_an_edit_keeps_the_other_languages(tmp_path, multi):
    edited = multi.with_message_text("freedom", "slogan", "Kiss it all goodbye")
    saved = save_campaign(edited)
    assert saved.message("freedom").slogan == "Kiss it all goodbye"
    assert resolve_copy(saved, "freedom", "snapchat-snap-ad", "gd").text("slogan") == GD_SLOGAN
    text = Path(saved.path).read_text(encoding="utf-8")
    assert "      en: Kiss it all goodbye\n      gd: " + GD_SLOGAN in text


def test_export_writes_every_language_in_its_folder(multi, tmp_path):
    res = export_batch(multi, tmp_path, ["freedom"], ["google-300x250"], jobs=1)
    assert not res.failed
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["languages"] == ["en", "gd", "cy"]
    paths = {f["language"]: f["path"] for f in manifest["files"]}
    assert paths == {lang: f"stopitnow/{lang}/freedom/google-300x250.png" for lang in ("en", "gd", "cy")}
    for f in manifest["files"]:
        data = (tmp_path / f["path"]).read_bytes()
        assert data == render_png(multi, "freedom", "google-300x250", f["language"])[0]
    assert len({f["sha256"] for f in manifest["files"]}) == 3
    only = export_batch(multi, tmp_path / "gd", ["freedom"], ["google-300x250"], jobs=1, languages=["gd"])
    assert [r.path for r in only.files] == ["stopitnow/gd/freedom/google-300x250.png"]


def test_a_language_with_no_translations_still_has_its_own_bytes(tmp_path):
    path = copy_sample(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  client: Police Scotland\n", "  client: Police Scotland\n  languages: [en, fr]\n"))
    c = load_campaign(path)
    en, fr = (render_png(c, "employ", "google-300x250", lang)[0] for lang in ("en", "fr"))
    assert en != fr and b"Language" in fr and b"Language" not in en


def test_sign_off_is_per_language(multi):
    from creative_studio.review import approved_hashes, load_reviews, record_decision, status_lookup
    from creative_studio.review.state import cell_states

    data_en = render_png(multi, "freedom", "google-300x250", "en")[0]
    data_gd = render_png(multi, "freedom", "google-300x250", "gd")[0]
    record_decision(multi, "freedom", "google-300x250", "approved", "Comms lead", png_bytes=data_en)
    import hashlib

    sha_en, sha_gd = hashlib.sha256(data_en).hexdigest(), hashlib.sha256(data_gd).hexdigest()
    lookup = status_lookup(multi)
    assert lookup("freedom", "google-300x250", sha_en) == "approved"
    assert lookup("freedom", "google-300x250", sha_gd, "gd") == "pending"
    approved = approved_hashes(multi)
    assert approved[("freedom", "google-300x250", "en")] == frozenset({sha_en})
    assert ("freedom", "google-300x250", "gd") not in approved
    record_decision(multi, "freedom", "google-300x250", "rejected", "Legal", png_bytes=data_gd, language="gd")
    log = load_reviews(multi)
    assert log.latest("freedom", "google-300x250").status == "approved"
    assert log.latest("freedom", "google-300x250", "gd").status == "rejected"
    states = cell_states(multi, {("freedom", "google-300x250"): sha_gd}, log, language="gd")
    assert states[("freedom", "google-300x250")] == "rejected"
    text = log.path.read_text(encoding="utf-8")
    assert text.count('language: "gd"') == 1  # the default language's decision reads as before
    with pytest.raises(Exception, match="unknown language 'fr'"):
        record_decision(multi, "freedom", "google-300x250", "approved", "X", png_bytes=data_en, language="fr")


def test_replace_keeps_the_copy_table(multi):
    moved = replace(multi, name="renamed")
    assert moved.copy == multi.copy and moved.languages == multi.languages


def test_print_pdfs_follow_the_language(multi, tmp_path):
    res = export_batch(
        multi, tmp_path, ["freedom"], ["outdoor-6-sheet"], jobs=1, allow_errors=True, languages=["gd"], print_pdf=True
    )
    assert [(r.path, r.language, r.type, r.written) for r in res.files] == [
        ("stopitnow/gd/freedom/outdoor-6-sheet.png", "gd", "png", True),
        ("stopitnow/gd/freedom/outdoor-6-sheet.pdf", "gd", "pdf", True),
    ]
    pdf = (tmp_path / res.files[1].path).read_bytes()
    assert b"Soraidh" in pdf and b"Kiss your" not in pdf  # the title names the Gaelic slogan
