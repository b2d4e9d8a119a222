"""Test setup: Qt must run offscreen on machines without a display (CI has none)."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def sample():
    from creative_studio.model import load_sample

    return load_sample()


def pytest_sessionstart(session):
    """Fail fast on the PySide6 build that leaks references to None (6.12.0 on Python 3.11)."""
    import sys

    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        obj.setObjectName("probe")
    assert sys.getrefcount(None) >= before - 5, (
        "this PySide6 build loses a reference to None on every call and will crash long sessions; "
        "install the version pinned in pyproject.toml"
    )
