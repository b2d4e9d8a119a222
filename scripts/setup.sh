#!/usr/bin/env bash
# Set up Creative Studio on a Debian/Ubuntu machine: system libraries Qt and Pillow need, then a
# virtual environment in .venv with the package installed (editable), at the versions pinned in
# constraints.txt (the versions the pinned export hashes were made with).
#   bash scripts/setup.sh         # the app
#   bash scripts/setup.sh test    # the app + every optional extra (tests, linters, optional features)
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen/xcb platforms need GL, fontconfig, xkbcommon, dbus; fribidi gives Pillow complex
# text layout (raqm: Arabic, Hebrew, emoji sequences; the program refuses to render without it);
# poppler-utils turns the sign-off PDF into pictures in tests; python3-venv makes the virtual
# environment on Debian's Python.
PKGS=(libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libx11-6 libx11-xcb1 libxkbcommon0
      libxkbcommon-x11-0 libdbus-1-3 libfribidi0 libharfbuzz0b libxcb-cursor0 libxcb-icccm4 libxcb-image0
      libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 poppler-utils)
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    # Another apt (unattended-upgrades on a fresh machine, often) may hold the lock: wait up to
    # ten minutes for it instead of failing at once.
    APT=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    echo "Installing system packages: ${missing[*]}"
    $SUDO "${APT[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Creative Studio needs Python 3.11 or newer")'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "${1:-}" = "test" ]; then
  # Every extra pyproject.toml lists, so a test of an optional feature never finds it missing.
  extras=$(.venv/bin/python -c 'import tomllib; print(",".join(tomllib.load(open("pyproject.toml", "rb"))["project"].get("optional-dependencies", {})))')
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[${extras}]"
else
  .venv/bin/python -m pip install -q -c constraints.txt -e .
fi
.venv/bin/python -c 'from PIL import features; import sys; sys.exit(0 if features.check("raqm") else "Pillow has no raqm text layout: install libfribidi0 and run this script again")'
echo "Ready: .venv"
