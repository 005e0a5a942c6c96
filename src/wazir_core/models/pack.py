"""The pack manifest: identity, protected paths, and the pipeline with its gates as data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from wazir_core.models.base import Document, Model, NonEmpty, Slug

GateKind = Literal["none", "human", "review"]


class PipelineStep(Model):
    """One phase of the delivery pipeline and the gate that closes it."""

    phase: Slug = Field(description="The workflow id that runs in this phase.")
    gate: GateKind = Field("none", description="Who approves leaving the phase.")
    on_reject: Slug | None = Field(None, description="The earlier phase a rejection returns to.")
    loop_cap: int = Field(3, ge=1, le=20, description="How often the rejection loop may run.")


class PackManifest(Document):
    """``pack.yaml``: what the pack is and how its phases follow each other."""

    id: Slug
    name: NonEmpty
    version: NonEmpty
    description: NonEmpty
    protected_paths: tuple[NonEmpty, ...] = ()
    pipeline: tuple[PipelineStep, ...] = ()
