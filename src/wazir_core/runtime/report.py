"""What ``wazir status`` shows: the run's phase, status, loop counts, gates and last events."""

from __future__ import annotations

from typing import Any

from wazir_core.runtime.ledger import Run, last_events, latest_run_id, read_status
from wazir_core.runtime.summary import gate_text, loop_text


def status_report(run: Run, caps: dict[str, int], events: int = 10) -> dict[str, Any]:
    status = read_status(run)
    latest = latest_run_id(run.root)
    counts = status.get("phase_loop_counts") or {}
    return {
        **status,
        "latest": latest == run.run_id,
        "state_root": run.root.path.as_posix(),
        "run_root": run.path.as_posix(),
        "status_path": run.status_path.as_posix(),
        "loop_caps": {phase: caps[phase] for phase in counts if phase in caps},
        "last_events": last_events(run, events),
    }


def format_status(report: dict[str, Any]) -> str:
    caps = report.get("loop_caps") or {}
    lines = [
        f"run:     {report.get('run_id')}{'  (latest)' if report.get('latest') else ''}",
        f"phase:   {report.get('phase') or '(none)'}",
        f"status:  {report.get('status')}",
        f"started: {report.get('created_at')}   updated: {report.get('updated_at')}",
    ]
    counts = report.get("phase_loop_counts") or {}
    if counts:
        parts = [loop_text(phase, count, caps) for phase, count in counts.items()]
        lines.append(f"loops:   {', '.join(parts)}")
    gates = report.get("gates") or {}
    if gates:
        parts = [gate_text(phase, gate) for phase, gate in gates.items()
                 if isinstance(gate, dict)]
        lines.append(f"gates:   {'; '.join(parts)}")
    artifacts = report.get("artifacts") or {}
    if artifacts.get("summary_path"):
        lines.append(f"summary: {artifacts['summary_path']}")
    events = report.get("last_events") or []
    if events:
        lines.append("last events:")
        for event in events:
            where = f" [{event['phase']}]" if event.get("phase") else ""
            extra = ""
            if event.get("loop_count") is not None:
                extra += f" loop {event['loop_count']}"
            if event.get("message"):
                extra += f": {event['message']}"
            lines.append(f"  {event.get('created_at', '')}  {event.get('event')}{where}{extra}")
    lines.append(f"state:   {report.get('run_root')}")
    return "\n".join(lines)
