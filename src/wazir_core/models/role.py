"""Roles: the agents of the pipeline, compiled into each host's subagents."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from wazir_core.models.base import Document, NonEmpty, Slug

#: Abstract tool capabilities; host plugins map them to each host's own tool names.
Capability = Literal["read", "search", "edit", "execute", "web", "delegate"]
CAPABILITIES: tuple[Capability, ...] = ("read", "search", "edit", "execute", "web", "delegate")

ROLE_SECTIONS = (
    "Purpose",
    "Inputs",
    "Context retrieval",
    "Required outputs",
    "Escalation rules",
    "Failure conditions",
)


class Role(Document):
    id: Slug
    title: NonEmpty
    description: NonEmpty
    capabilities: tuple[Capability, ...] = ()
    skills: tuple[Slug, ...] = ()
    body: str = Field("", description="The Markdown body after the frontmatter.")
