"""Several processes writing one run at once lose nothing and never interleave lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .helpers import wazir

WRITERS = 8
ROUNDS = 3


def test_eight_concurrent_event_writers(project: Path, state: Path) -> None:
    assert wazir("capture", "init", "--run", "busy", "--phase", "execute", "--state-root",
                 state, "--project", project).code == 0
    procs = []
    for round_ in range(ROUNDS):
        for writer in range(WRITERS):
            message = f"w{writer}-r{round_}-" + "x" * 2000  # long lines would show tearing
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "wazir_core", "capture", "event", "--event",
                 "phase_enter" if writer == 0 else "note", "--phase", "execute",
                 "--message", message, "--state-root", str(state), "--project", str(project)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        for proc in procs[-WRITERS:]:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err.decode()
    run = state / "runs" / "busy"
    lines = (run / "events.ndjson").read_text().splitlines()
    records = [json.loads(line) for line in lines]  # every line is whole JSON
    assert len(records) == 1 + WRITERS * ROUNDS
    messages = {r["message"].split("-x")[0] for r in records if r.get("message")}
    assert messages == {f"w{w}-r{r}" for w in range(WRITERS) for r in range(ROUNDS)}
    assert sorted(r["seq"] for r in records) == list(range(1, len(records) + 1))
    status = json.loads((run / "status.json").read_text())
    assert status["event_count"] == len(records)
    assert status["phase_loop_counts"]["execute"] == ROUNDS - 1
    usage = json.loads((run / "usage.json").read_text())
    assert usage["phases"]["execute"]["events"] == len(records)
    assert not list(run.glob(".*.tmp")), "no temporary files left behind"


def test_concurrent_appends_in_threads(tmp_path: Path) -> None:
    """The append primitive alone: many threads, one file, whole lines only."""
    from concurrent.futures import ThreadPoolExecutor

    from wazir_core.runtime.fileio import append_line

    target = tmp_path / "log.ndjson"
    lines = [json.dumps({"n": n, "pad": "y" * 5000}) for n in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda line: append_line(target, line), lines))
    got = [json.loads(line)["n"] for line in target.read_text().splitlines()]
    assert sorted(got) == list(range(200))
