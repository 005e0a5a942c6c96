"""Hook definitions: guardrails and observers, wired into each host's hook configuration."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from wazir_core.models.base import Document, NonEmpty, Slug

Moment = Literal["session-start", "pre-tool", "post-tool", "pre-compact", "stop"]
ToolClass = Literal["read", "write", "edit", "shell", "delegate", "any"]
FailureMode = Literal["block", "warn", "capture"]
HostMapping = Literal["native", "skip"]


class HookDefinition(Document):
    id: Slug
    description: NonEmpty
    moment: Moment
    tools: tuple[ToolClass, ...] = ()
    input_contract: tuple[NonEmpty, ...] = ()
    output_contract: tuple[NonEmpty, ...] = ()
    failure_mode: FailureMode
    timeout: int = Field(30, ge=1, le=600, description="Seconds; hosts in milliseconds convert.")
    hosts: dict[Slug, HostMapping] = Field(default_factory=dict)

    def runs_on(self, host: str) -> bool:
        """Hosts not named default to a native hook entry."""
        return self.hosts.get(host, "native") == "native"

    @property
    def command(self) -> str:
        return f"wazir hook {self.id}"
