#!/usr/bin/env bash
# Set up Creative Studio on a Debian/Ubuntu machine: system libraries Qt and Pillow need, then a
# virtual environment in .venv with the package installed (editable).
#   bash scripts/setup.sh         # the app
#   bash scripts/setup.sh test    # the app + test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen/xcb platforms need GL, fontconfig, xkbcommon, dbus; fribidi gives Pillow complex
# text layout (raqm: Arabic, Hebrew, emoji sequences); poppler-utils turns the sign-off PDF into
# pictures in tests; python3-venv makes the virtual environment on Debian's Python.
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
    echo "Installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Creative Studio needs Python 3.11 or newer")'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "Ready: .venv"
