"""The short context a session starts with: how to use wazir, and where the last run stands.

The original injected a 4.9 KB skill on every start, resume and compaction; this stays a
few lines (a test keeps it under a byte budget) and points at the skill instead.
"""

from __future__ import annotations

from typing import Any

from wazir_core.runtime.summary import loop_text

BUDGET = 1024


def _loops(status: dict[str, Any], caps: dict[str, int]) -> str:
    counts = status.get("phase_loop_counts") or {}
    parts = [loop_text(phase, count, caps) for phase, count in counts.items()
             if isinstance(count, int) and count > 0]
    return ", ".join(parts[:6])


def session_context(status: dict[str, Any] | None, caps: dict[str, int]) -> str:
    lines = [
        "wazir is set up in this project. To run a task through its gated pipeline, use the "
        "`wazir` skill (`/wazir <task>`); `wazir status` shows the current run.",
    ]
    if status is None:
        lines.append("No run yet: the `wazir` skill starts one with `wazir capture init`.")
    else:
        run_id = status.get("run_id")
        phase = status.get("phase") or "(none)"
        line = (f"Latest run: {run_id}, phase {phase}, status {status.get('status')}, "
                f"updated {status.get('updated_at')}.")
        loops = _loops(status, caps)
        if loops:
            line += f" Loop counts: {loops}."
        lines.append(line)
        lines.append(f"To continue it: `wazir capture init --run {run_id} --resume`, then "
                     "read its summary with `wazir status`.")
    text = "\n".join(lines)
    return text if len(text.encode("utf-8")) <= BUDGET else text[:BUDGET - 3] + "..."
