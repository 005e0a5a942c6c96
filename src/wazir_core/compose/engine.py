"""The composition engine: layers, de-duplication, and the budget with a fixed drop order.

Layers are taken in the order always, auto, stacks, concerns. A module named by several
layers stays in the most protected one. Over budget, modules are dropped from the least
protected layer first (concerns, then stacks, then auto, then always), last-listed first,
so the result is deterministic and every drop has a stated reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wazir_core.config import Budget
from wazir_core.models import Content

Layer = Literal["always", "auto", "stack", "concern"]
_PROTECTION: dict[Layer, int] = {"always": 3, "auto": 2, "stack": 1, "concern": 0}


@dataclass(frozen=True)
class Selected:
    module: str
    layer: Layer
    source: str
    tokens: int


@dataclass(frozen=True)
class Decision:
    module: str
    action: Literal["dropped", "deduplicated"]
    layer: Layer
    source: str
    reason: str


@dataclass(frozen=True)
class Composition:
    role: str
    stacks: tuple[str, ...]
    concerns: tuple[str, ...]
    budget: Budget
    selected: tuple[Selected, ...] = ()
    decisions: tuple[Decision, ...] = ()

    @property
    def modules(self) -> tuple[str, ...]:
        return tuple(s.module for s in self.selected)

    @property
    def tokens(self) -> int:
        return sum(s.tokens for s in self.selected)

    def to_json(self) -> dict[str, object]:
        return {
            "role": self.role,
            "stacks": list(self.stacks),
            "concerns": list(self.concerns),
            "budget": self.budget.model_dump(),
            "tokens": self.tokens,
            "tokens_note": "estimated as characters / 4",
            "modules": [s.__dict__ for s in self.selected],
            "decisions": [d.__dict__ for d in self.decisions],
        }


def _candidates(content: Content, role: str, stacks: Sequence[str], concerns: Sequence[str]
                ) -> list[tuple[str, Layer, str]]:
    cmap = content.composition
    out: list[tuple[str, Layer, str]] = [(m, "always", "always") for m in
                                         cmap.always.get(role, ())]
    out += [(m, "auto", "auto") for m in cmap.auto.get(role, ())]
    for stack in stacks:
        out += [(m, "stack", f"stacks.{stack}") for m in cmap.stacks.get(stack, {}).get(role, ())]
    for concern in concerns:
        out += [(m, "concern", f"concerns.{concern}")
                for m in cmap.concerns.get(concern, {}).get(role, ())]
    return out


def compose(content: Content, role: str, stacks: Sequence[str] = (),
            concerns: Sequence[str] = (), budget: Budget | None = None) -> Composition:
    """Select the modules for one role. Unknown modules are skipped (the loader reports them)."""
    budget = budget or Budget()
    decisions: list[Decision] = []
    kept: dict[str, Selected] = {}
    for module, layer, source in _candidates(content, role, stacks, concerns):
        found = content.modules.get(module)
        if found is None:
            continue
        if module in kept:
            first = kept[module]
            decisions.append(Decision(module, "deduplicated", layer, source,
                                      f"already selected by {first.source}"))
            continue
        kept[module] = Selected(module, layer, source, found.tokens)
    order = list(kept.values())
    by_drop_priority = sorted(range(len(order)),
                              key=lambda i: (_PROTECTION[order[i].layer], -i))
    dropped: set[int] = set()
    count, tokens = len(order), sum(s.tokens for s in order)
    for i in by_drop_priority:
        over_count = count > budget.max_modules
        over_tokens = tokens > budget.max_tokens
        if not (over_count or over_tokens):
            break
        item = order[i]
        why = (f"over the module budget ({count} > {budget.max_modules})" if over_count
               else f"over the token budget ({tokens} > {budget.max_tokens})")
        decisions.append(Decision(item.module, "dropped", item.layer, item.source, why))
        dropped.add(i)
        count -= 1
        tokens -= item.tokens
    selected = tuple(s for i, s in enumerate(order) if i not in dropped)
    return Composition(role, tuple(stacks), tuple(concerns), budget, selected, tuple(decisions))


def compose_all(content: Content, stacks: Sequence[str] = (), concerns: Sequence[str] = (),
                budget: Budget | None = None) -> dict[str, Composition]:
    return {role: compose(content, role, stacks, concerns, budget) for role in content.roles}
