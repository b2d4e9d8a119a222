"""Review tests work on a small copy of the sample campaign in a temporary folder.

Two small Google formats keep full-size renders in milliseconds; the hash cache goes to a
temporary folder so tests never read or write the user's cache.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SMALL_FORMATS = ("google-300x250", "google-320x50")


def make_campaign(folder: Path, formats: tuple[str, ...] | None = SMALL_FORMATS) -> Path:
    for name in ("formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES / name, folder / name)
    text = (TEMPLATES / "stopitnow.yaml").read_text(encoding="utf-8")
    if formats:
        assert "\nformats: all\n" in text
        text = text.replace("\nformats: all\n", "\nformats: [" + ", ".join(formats) + "]\n")
    path = folder / "stopitnow.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path_factory.mktemp("cache")))
    from creative_studio.review import state

    state._MEMO.clear()
    yield
    state._MEMO.clear()


@pytest.fixture
def campaign_path(tmp_path) -> Path:
    return make_campaign(tmp_path)


@pytest.fixture
def campaign(campaign_path):
    from creative_studio.model import load_campaign

    return load_campaign(campaign_path)
