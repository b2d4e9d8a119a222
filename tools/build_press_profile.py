#!/usr/bin/env python3
"""Build the CMYK press profile Creative Studio ships, reproducibly, from free data.

No ICC profile for offset printing on coated paper may be redistributed freely, but the
measurements behind the standard one are free: Debian's `icc-profiles-free` carries FOGRA39L.ti3
(the FOGRA39 characterisation data set, ISO 12647-2:2004/Amd 1, coated paper; Zlib licence, by
Kai-Uwe Behrmann). ArgyllCMS's `colprof` turns the measurements into a profile:

    apt-get install argyll icc-profiles-free
    python tools/build_press_profile.py            # writes creative_studio/encode/profiles/…

Settings (written into the profile's description and kept here, so a rebuild gives the same file):
  -qm   medium quality A2B tables, -bm medium quality B2A tables (export converts RGB -> CMYK)
  -kr   black generation ramping from none at white to full at black (colprof's default)
  -nc   the measurement data are not copied into the profile (smaller file; they are in Debian)
  -l330 total ink limit 330 % and -L95 black limit 95 %: the ISO 12647-2 coated press limits
The only non-deterministic bytes colprof writes are the creation date in the ICC header; they are
set to the date of the characterisation data, so two builds are byte-identical (checked below).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path("/usr/share/color/icc/FOGRA39L.ti3")
OUT = Path(__file__).resolve().parent.parent / "creative_studio" / "encode" / "profiles" / "CreativeStudio-FOGRA39.icc"
DESCRIPTION = "Creative Studio FOGRA39 coated (ISO 12647-2), TAC 330%"
COPYRIGHT = "Built with ArgyllCMS colprof from FOGRA39L.ti3 (icc-profiles-free, Zlib licence)"
ARGS = ["-qm", "-bm", "-kr", "-l330", "-L95", "-nc"]
# ICC header bytes 24..35: creation date as six big-endian uint16 (year, month, day, h, m, s).
FIXED_DATE = (2006, 12, 1, 0, 0, 0)  # the data set's CREATED date


def build(workdir: Path) -> bytes:
    shutil.copy(DATA, workdir / "FOGRA39L.ti3")
    cmd = ["colprof", *ARGS, "-D", DESCRIPTION, "-C", COPYRIGHT, "-O", "out.icc", "FOGRA39L"]
    subprocess.run(cmd, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    data = bytearray((workdir / "out.icc").read_bytes())
    for i, v in enumerate(FIXED_DATE):
        data[24 + 2 * i : 26 + 2 * i] = v.to_bytes(2, "big")
    data[84:100] = bytes(16)  # profile ID: recomputed below over the normalised bytes
    work = bytearray(data)
    work[44:48] = bytes(4)  # flags, rendering intent and the ID itself are zero for the ID (ICC.1:2010 7.2.18)
    work[64:68] = bytes(4)
    data[84:100] = hashlib.md5(bytes(work)).digest()
    return bytes(data)


def main() -> int:
    if not DATA.is_file() or shutil.which("colprof") is None:
        print("needs Debian's argyll and icc-profiles-free: apt-get install argyll icc-profiles-free", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        first, second = build(Path(a)), build(Path(b))
    if first != second:
        print("colprof gave different bytes on two runs: not reproducible", file=sys.stderr)
        return 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(first)
    print(f"{OUT}: {len(first):,} bytes, sha256 {hashlib.sha256(first).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
