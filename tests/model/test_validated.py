"""Schema validation is remembered per file content across processes (a marker in the user cache)."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "font-coverage"


# -- schema validation, remembered per content ----------------------------------------------------


def test_a_validated_content_is_not_validated_again_in_a_later_process(cache, monkeypatch):
    from creative_studio.model import TEMPLATES_DIR, schemacheck, yamlio

    text = (TEMPLATES_DIR / "formats.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr(schemacheck, "_VALIDATED", {})
    yamlio.read_yaml(TEMPLATES_DIR / "formats.yaml", "formats")
    assert len(list((cache.parent / "validated").iterdir())) == 1

    def no_validator(kind):
        raise AssertionError("validated again")

    monkeypatch.setattr(schemacheck, "_VALIDATED", {})  # a new process
    monkeypatch.setattr(schemacheck, "_validator", no_validator)
    assert yamlio.read_yaml(TEMPLATES_DIR / "formats.yaml", "formats").data["formats"]
    # an edited content is validated afresh
    with pytest.raises(AssertionError, match="validated again"):
        yamlio.read_yaml(TEMPLATES_DIR / "formats.yaml", "formats", text=text + "\n# edited\n")


def test_an_invalid_content_is_reported_every_time(cache, tmp_path, monkeypatch):
    from creative_studio.model import TemplateError, schemacheck, yamlio

    bad = tmp_path / "formats.yaml"
    bad.write_text("formats:\n  x:\n    size: [10, 10]\n    nonsense_key: 1\n", encoding="utf-8")
    for _ in range(2):
        monkeypatch.setattr(schemacheck, "_VALIDATED", {})
        with pytest.raises(TemplateError) as exc:
            yamlio.read_yaml(bad, "formats")
        assert "formats.yaml:" in str(exc.value)
    assert not (cache.parent / "validated").exists()


def test_a_changed_schema_forgets_what_validated(cache, tmp_path):
    from creative_studio.model import validated, yamlio

    schemas = tmp_path / "schema"
    shutil.copytree(yamlio.SCHEMA_DIR, schemas)
    validated.remember(schemas, "formats", "ab" * 32)
    assert validated.before(schemas, "formats", "ab" * 32)
    assert not validated.before(schemas, "layouts", "ab" * 32)
    other = tmp_path / "schema2"
    shutil.copytree(schemas, other)
    f = other / "formats.schema.json"
    f.write_text(f.read_text(encoding="utf-8").replace("{", "{ ", 1), encoding="utf-8")
    assert not validated.before(other, "formats", "ab" * 32)
