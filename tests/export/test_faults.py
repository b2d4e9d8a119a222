"""Faults during export: dead workers, a killed parent, a killed re-export, a full disk.

Each case runs the real command in a subprocess (the test process has Qt loaded, so its own
pools would use spawn) with one deliberate fault injected by a few lines of Python before
`creative_studio.cli.main` runs. Waits are on events (a pipe, a pidfd), never on timers.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from creative_studio.base.atomic import remove_dead_temp_files
from creative_studio.model import SAMPLE_CAMPAIGN

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["google-300x250", "google-320x50"]


def run_script(body: str, *args: str, pass_fds: tuple[int, ...] = ()) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(body), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        pass_fds=pass_fds,
    )


def export_args(out: Path, *formats: str, jobs: int = 2) -> list[str]:
    args = ["export", str(SAMPLE_CAMPAIGN), "-o", str(out), "-q", "--jobs", str(jobs)]
    for f in formats:
        args += ["-f", f]
    return args


def manifest_matches_disk(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:
        assert hashlib.sha256((out / f["path"]).read_bytes()).hexdigest() == f["sha256"], f["path"]
    return manifest


DIE_ON = """
import os, signal, sys
from creative_studio.export import batch
real = batch.export_one
def dying(m, f, *a, **k):
    if (m, f) == ("employ", "google-320x50"):
        os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer does
    return real(m, f, *a, **k)
batch.export_one = dying
from creative_studio.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_dead_worker_fails_only_its_own_file(tmp_path):
    out = tmp_path / "out"
    proc = run_script(DIE_ON, *export_args(out, *SMALL, jobs=2))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    manifest = manifest_matches_disk(out)
    written = {(f["message"], f["format"]) for f in manifest["files"]}
    assert len(written) == 5 and ("employ", "google-320x50") not in written
    (lost,) = manifest["not_written"]
    assert (lost["message"], lost["format"]) == ("employ", "google-320x50")
    assert "killed" in lost["error"] and "SIGKILL" in lost["error"]
    assert "employ/google-320x50.png" in proc.stderr and "killed" in proc.stderr


CHECK_DIE_ON = DIE_ON.replace(
    "from creative_studio.export import batch", "from creative_studio.checks import report as batch"
)
CHECK_DIE_ON = CHECK_DIE_ON.replace("batch.export_one", "batch.check_one")


def test_a_dead_check_worker_reports_its_cell_and_the_rest(tmp_path):
    args = ["check", str(SAMPLE_CAMPAIGN), "--json", "--jobs", "2"]
    for f in [*SMALL, "google-728x90"]:
        args += ["-f", f]
    proc = run_script(CHECK_DIE_ON, *args)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)
    items = findings["findings"] if isinstance(findings, dict) else findings
    dead = [f for f in items if f["rule"] == "render-failed"]
    assert [(f["message"], f["format"]) for f in dead] == [("employ", "google-320x50")]
    assert "killed" in dead[0]["text"]


WORKERS_REPORT = """
import ctypes, os, sys
fd = int(sys.argv.pop(1))
if sys.argv.pop(1) == "no-prctl":
    def no_cdll(*a, **k):
        raise OSError("no prctl here")
    ctypes.CDLL = no_cdll  # forces the portable watchdog thread
from creative_studio.export import batch
real_init = batch._init_worker
def init(campaign):
    real_init(campaign)
    os.write(fd, f"{os.getpid()}\\n".encode())
batch._init_worker = init
from creative_studio.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _wait_exit(pid: int, seconds: float) -> bool:
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        ready, _, _ = select.select([pidfd], [], [], seconds)
        return bool(ready)
    finally:
        os.close(pidfd)


def _orphans_after_parent_killed(tmp_path: Path, mode: str) -> list[int]:
    r, w = os.pipe()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    args = export_args(tmp_path / "out", "outdoor-96-sheet", "outdoor-48-sheet", jobs=2)
    parent = subprocess.Popen(
        [sys.executable, "-c", WORKERS_REPORT, str(w), mode, *args],
        env=env,
        pass_fds=(w,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(w)
    pids: list[int] = []
    with os.fdopen(r) as lines:
        while len(pids) < 2:
            ready, _, _ = select.select([lines], [], [], 120)
            assert ready, "the workers never started"
            pids.append(int(lines.readline()))
    # Both workers are rendering posters (seconds each): kill their parent outright.
    parent.kill()
    parent.wait()
    return [p for p in pids if not _wait_exit(p, 10)]


def test_workers_exit_when_their_parent_is_killed(tmp_path):
    assert _orphans_after_parent_killed(tmp_path, "prctl") == []


def test_workers_exit_when_their_parent_is_killed_without_prctl(tmp_path):
    assert _orphans_after_parent_killed(tmp_path, "no-prctl") == []


KILLED_WHILE_REPLACING = """
import os, signal, sys
from creative_studio.base import atomic
real = os.replace
def replace(src, dst):
    if str(dst).endswith("google-320x50.png"):
        os.kill(os.getpid(), signal.SIGKILL)  # killed with a finished temp file on disk
    return real(src, dst)
atomic.os.replace = replace
from creative_studio.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_killed_re_export_leaves_no_stale_manifest_and_the_next_one_cleans_up(tmp_path):
    out = tmp_path / "out"
    first = run_script(
        "import sys; from creative_studio.cli import main; sys.exit(main(sys.argv[1:]))",
        *export_args(out, *SMALL, jobs=1),
    )
    assert first.returncode == 0, first.stderr
    manifest_matches_disk(out)

    killed = run_script(KILLED_WHILE_REPLACING, *export_args(out, *SMALL, jobs=1))
    assert killed.returncode == -signal.SIGKILL
    assert not (out / "manifest.json").exists()  # the old one no longer vouches for these files
    leftovers = list(out.rglob("*.part"))
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".google-320x50.png.")

    again = run_script(
        "import sys; from creative_studio.cli import main; sys.exit(main(sys.argv[1:]))",
        *export_args(out, *SMALL, jobs=2),
    )
    assert again.returncode == 0, again.stderr
    assert list(out.rglob("*.part")) == []
    assert len(manifest_matches_disk(out)["files"]) == 6


def test_only_dead_writers_temp_files_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    (tmp_path / "a").mkdir()
    gone = tmp_path / "a" / f".x.png.{dead_pid}-abc123.part"
    live = tmp_path / "a" / f".x.png.{os.getpid()}-def456.part"
    other = tmp_path / "a" / "notes.part"
    for p in (gone, live, other):
        p.write_bytes(b"x")
    assert remove_dead_temp_files(tmp_path) == 1
    assert not gone.exists() and live.exists() and other.exists()


DISK_FULL = """
import errno, io, os, sys
real = os.fdopen
class Full(io.FileIO):
    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")
def fdopen(fd, mode="r", *a, **k):
    name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
    if mode == "wb" and name.startswith(".google-320x50.png.") and name.endswith(".part"):
        return Full(fd, "wb")
    return real(fd, mode, *a, **k)
os.fdopen = fdopen
from creative_studio.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_full_disk_gives_one_sentence_and_exit_2(tmp_path):
    out = tmp_path / "out"
    proc = run_script(DISK_FULL, *export_args(out, *SMALL, jobs=1))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    # largest first, in message order: freedom's 320x50 is the first write to fail
    target = out / "stopitnow" / "freedom" / "google-320x50.png"
    assert lines == [f"{target}: the disk is full (no space left on the device); free some space or write elsewhere"]
    assert list(out.rglob("*.part")) == []
