"""Workflows: one phase of the pipeline (or a stand-alone procedure) led by one role."""

from __future__ import annotations

from pydantic import Field

from wazir_core.models.base import Document, NonEmpty, Slug

WORKFLOW_SECTIONS = ("Purpose", "Steps", "Approval gate", "Failure conditions")


class Workflow(Document):
    id: Slug
    title: NonEmpty
    description: NonEmpty
    role: Slug = Field(description="The primary role that runs this workflow.")
    inputs: tuple[Slug, ...] = ()
    outputs: tuple[Slug, ...] = ()
    skills: tuple[Slug, ...] = ()
    body: str = ""
