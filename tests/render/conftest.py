"""The render tests exercise the renderer itself: the faces' user cache (render/face_store.py) is
off here, except in test_face_store.py, which tests it against fresh renders."""

import pytest

from creative_studio.render import face_store


@pytest.fixture(autouse=True)
def _no_face_store(request, monkeypatch):
    if request.module.__name__.rsplit(".", 1)[-1] != "test_face_store":
        monkeypatch.setattr(face_store, "ENABLED", False)
