"""Skills in the Agent Skills format, with their supporting files."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from wazir_core.models.base import Document, Model, NonEmpty, Slug

Description = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1024, strip_whitespace=True, pattern=r"^[^<>]*$"),
]


class SkillFile(Model):
    """A supporting file, kept byte for byte with its executable bit."""

    path: str = Field(description="Path relative to the skill folder, with '/' separators.")
    data: bytes
    executable: bool = False


class Skill(Document):
    name: Slug
    description: Description
    license: NonEmpty | None = None
    compatibility: Annotated[str, StringConstraints(max_length=500)] | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    allowed_tools: NonEmpty | None = Field(None, alias="allowed-tools")
    body: str = ""
    files: tuple[SkillFile, ...] = ()
