"""Bytes captured versus bytes that reached the agent, and what that is worth in tokens.

Only bytes are measured. Tokens are an estimate (``ceil(bytes / 4)``) and always labelled
so; there is no savings percentage, because captured output and what the agent would
otherwise have read are not the same text.
"""

from __future__ import annotations

from typing import Any

ESTIMATE = "estimated tokens = ceil(bytes / 4); an estimate, not a measurement"
SOURCES = ("command", "hook")


def estimate_tokens(byte_count: int) -> int:
    return 0 if byte_count <= 0 else -(-byte_count // 4)


def _bucket() -> dict[str, int]:
    return {"captures": 0, "bytes_captured": 0, "bytes_to_agent": 0}


def new_usage(run_id: str, now: str) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "run_id": run_id,
        "created_at": now,
        "updated_at": now,
        "estimate_method": ESTIMATE,
        "totals": _bucket(),
        "by_source": {source: _bucket() for source in SOURCES},
        "phases": {},
        "summaries": {"count": 0, "bytes": 0},
    }


def _phase(usage: dict[str, Any], phase: str | None) -> dict[str, int]:
    phases: dict[str, dict[str, int]] = usage.setdefault("phases", {})
    entry = phases.setdefault(phase or "(no phase)", {"events": 0, **_bucket()})
    return entry


def count_event(usage: dict[str, Any], phase: str | None, now: str) -> None:
    _phase(usage, phase)["events"] += 1
    usage["updated_at"] = now


def count_capture(usage: dict[str, Any], phase: str | None, source: str, captured: int,
                  to_agent: int, now: str) -> None:
    for bucket in (usage.setdefault("totals", _bucket()),
                   usage.setdefault("by_source", {}).setdefault(source, _bucket()),
                   _phase(usage, phase)):
        bucket["captures"] = bucket.get("captures", 0) + 1
        bucket["bytes_captured"] = bucket.get("bytes_captured", 0) + captured
        bucket["bytes_to_agent"] = bucket.get("bytes_to_agent", 0) + to_agent
    usage["updated_at"] = now


def count_summary(usage: dict[str, Any], size: int, now: str) -> None:
    summaries = usage.setdefault("summaries", {"count": 0, "bytes": 0})
    summaries["count"] += 1
    summaries["bytes"] += size
    usage["updated_at"] = now


def _figures(bucket: dict[str, int]) -> dict[str, int]:
    captured = bucket.get("bytes_captured", 0)
    to_agent = bucket.get("bytes_to_agent", 0)
    kept_out = max(captured - to_agent, 0)
    return {
        "captures": bucket.get("captures", 0),
        "bytes_captured": captured,
        "bytes_to_agent": to_agent,
        "bytes_kept_out": kept_out,
        "estimated_tokens_captured": estimate_tokens(captured),
        "estimated_tokens_to_agent": estimate_tokens(to_agent),
        "estimated_tokens_kept_out": estimate_tokens(kept_out),
    }


def report(usage: dict[str, Any]) -> dict[str, Any]:
    """The usage file plus derived figures, as ``capture usage --json`` prints it."""
    return {
        "run_id": usage.get("run_id"),
        "updated_at": usage.get("updated_at"),
        "estimate_method": ESTIMATE,
        "totals": _figures(usage.get("totals", {})),
        "by_source": {name: _figures(bucket)
                      for name, bucket in sorted(usage.get("by_source", {}).items())},
        "phases": {name: {"events": bucket.get("events", 0), **_figures(bucket)}
                   for name, bucket in usage.get("phases", {}).items()},
        "summaries": usage.get("summaries", {"count": 0, "bytes": 0}),
    }


def format_report(data: dict[str, Any]) -> str:
    totals = data["totals"]
    lines = [
        f"Usage for run {data['run_id']}",
        "",
        f"captures:           {totals['captures']}",
        f"bytes captured:     {totals['bytes_captured']}"
        f"  (~{totals['estimated_tokens_captured']} tokens, estimated)",
        f"bytes to the agent: {totals['bytes_to_agent']}"
        f"  (~{totals['estimated_tokens_to_agent']} tokens, estimated)",
        f"kept out of context: {totals['bytes_kept_out']} bytes"
        f"  (~{totals['estimated_tokens_kept_out']} tokens, estimated)",
    ]
    by_source = data["by_source"]
    hook = by_source.get("hook", {})
    if hook.get("captures"):
        lines.append(f"  of which hook captures: {hook['captures']} (the agent had already "
                     "seen that output; stored for the record, nothing kept out)")
    summaries = data["summaries"]
    lines.append(f"summaries written:  {summaries['count']} ({summaries['bytes']} bytes)")
    phases = data["phases"]
    if phases:
        lines += ["", "by phase:"]
        width = max(len(name) for name in phases)
        for name, bucket in phases.items():
            lines.append(f"  {name:<{width}}  {bucket['events']} events, "
                         f"{bucket['captures']} captures, {bucket['bytes_captured']} bytes "
                         f"captured, {bucket['bytes_to_agent']} to the agent")
    lines += ["", ESTIMATE]
    return "\n".join(lines)
