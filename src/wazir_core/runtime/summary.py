"""The run summary hooks write before compaction and at a stop, for picking a run back up.

An agent may write its own summary (``wazir capture summary``); the hooks then refresh only
their marked block, so the agent's text is never overwritten.
"""

from __future__ import annotations

from typing import Any

BEGIN, END = "<!-- wazir:run-state -->", "<!-- /wazir:run-state -->"


def loop_text(phase: str, count: object, caps: dict[str, int]) -> str:
    """``review 1/3``, or ``review 1`` for a phase without a cap: one wording for the
    summary, ``wazir status`` and the session-start context."""
    return f"{phase} {count}/{caps[phase]}" if phase in caps else f"{phase} {count}"


def gate_text(phase: str, gate: dict[str, Any]) -> str:
    return (f"{phase} {gate.get('last')} (approved {gate.get('approved', 0)}, "
            f"rejected {gate.get('rejected', 0)})")


def _loops(status: dict[str, Any], caps: dict[str, int]) -> str:
    counts = status.get("phase_loop_counts") or {}
    return ", ".join(loop_text(phase, count, caps) for phase, count in counts.items()) or "none"


def _gates(status: dict[str, Any]) -> str:
    gates = status.get("gates") or {}
    parts = [gate_text(phase, gate) for phase, gate in gates.items() if isinstance(gate, dict)]
    return "; ".join(parts) or "none recorded"


def state_block(status: dict[str, Any], events: list[dict[str, Any]], caps: dict[str, int],
                note: str | None = None) -> str:
    lines = [
        BEGIN,
        f"## Run {status.get('run_id')}: state",
        "",
        f"- phase: {status.get('phase') or '(none)'}; status: {status.get('status')}",
        f"- loop counts: {_loops(status, caps)}",
        f"- gates: {_gates(status)}",
        f"- updated: {status.get('updated_at')}",
    ]
    capture = (status.get("artifacts") or {}).get("last_capture_path")
    if capture:
        lines.append(f"- last capture: {capture}")
    if events:
        lines += ["", "Recent events:"]
        for event in events:
            message = f": {event['message']}" if event.get("message") else ""
            where = f" [{event['phase']}]" if event.get("phase") else ""
            lines.append(f"- {event.get('created_at', '')} {event.get('event')}{where}{message}")
    if note:
        lines += ["", f"Last stop: {note}"]
    lines += ["", f"Resume with `wazir capture init --run {status.get('run_id')} --resume`, "
                  "then `wazir status`.", END]
    return "\n".join(lines) + "\n"


def merge(existing: str, block: str) -> str:
    """Replace the marked block in ``existing``, or add it after the agent's own text."""
    start, end = existing.find(BEGIN), existing.find(END)
    if start != -1 and end > start:
        return existing[:start] + block.rstrip("\n") + existing[end + len(END):]
    if not existing.strip():
        return block
    return existing.rstrip("\n") + "\n\n" + block
