"""Counts and token estimates of loaded content (``wazir validate --stats``)."""

from __future__ import annotations

from typing import Any

from wazir_core.compose import compose_all
from wazir_core.models import Content


def content_stats(content: Content) -> dict[str, Any]:
    """Counts, per-module token estimates, and each role's default composition (always +
    auto layers, default budget)."""
    modules = content.modules.values()
    by_domain: dict[str, int] = {}
    for m in modules:
        by_domain[m.domain] = by_domain.get(m.domain, 0) + 1
    return {
        "counts": content.counts(),
        "domains": dict(sorted(by_domain.items())),
        "module_tokens": {m.id: m.tokens for m in modules},
        "module_tokens_total": sum(m.tokens for m in modules),
        "roles": {role: {"modules": len(c.selected), "tokens": c.tokens,
                         "dropped": sum(d.action == "dropped" for d in c.decisions)}
                  for role, c in compose_all(content).items()},
        "estimate": "tokens are estimated as characters / 4",
    }


def format_stats(report: dict[str, Any]) -> str:
    lines = ["counts:"]
    lines += [f"  {k:<10} {v}" for k, v in report["counts"].items()]
    lines.append("modules per domain:")
    lines += [f"  {k:<15} {v}" for k, v in report["domains"].items()]
    tokens = report["module_tokens"]
    if tokens:
        biggest = max(tokens.items(), key=lambda kv: kv[1])
        lines.append(f"module tokens (estimated): total {report['module_tokens_total']}, "
                     f"largest {biggest[0]} {biggest[1]}")
    roles = report.get("roles")
    if roles:
        lines.append("composed roles (default composition, estimated tokens):")
        lines += [f"  {r:<15} {v['modules']:>3} modules {v['tokens']:>7} tokens"
                  for r, v in roles.items()]
    return "\n".join(lines)
