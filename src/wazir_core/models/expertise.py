"""Expertise modules: short, actionable knowledge composed into roles per project."""

from __future__ import annotations

from typing import Literal

from wazir_core.models.base import Document, Model, NonEmpty

Domain = Literal[
    "antipatterns",
    "architecture",
    "backend",
    "content",
    "design",
    "frontend",
    "humanize",
    "i18n",
    "infrastructure",
    "performance",
    "quality",
    "security",
]
MODULE_SECTIONS = ("When this applies", "Checklist", "Signals", "Fixes")


class Reference(Model):
    title: NonEmpty
    url: NonEmpty


class ExpertiseModule(Document):
    """``id`` is ``<domain>/<slug>``; ``tokens`` is estimated from the body at load time."""

    id: NonEmpty
    domain: Domain
    title: NonEmpty
    summary: NonEmpty
    tags: tuple[NonEmpty, ...] = ()
    references: tuple[Reference, ...] = ()
    body: str = ""
    tokens: int = 0


def estimate_tokens(text: str) -> int:
    """A byte-free, model-free estimate (characters / 4, rounded up), labelled as such."""
    return -(-len(text) // 4)
