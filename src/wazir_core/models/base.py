"""Shared pieces of the content models: the frozen base class and the name rules."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_MAX = 64

#: Lowercase words joined by single hyphens, at most 64 characters: the Agent Skills rule,
#: used for every id so one name works as a file name and a command name on every host.
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Origin(BaseModel):
    """Where a model was read from, so later checks can point at ``file:line``."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    path: str
    line: int = 1


class Model(BaseModel):
    """Frozen, closed models: content is data, and an unknown key is a mistake to report."""

    # defer_build: a validator is built on first validation, not at import; a build whose
    # content comes from the parse cache never validates, and so never pays for it.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True,
                              defer_build=True)


class Document(Model):
    """A model read from one file; ``origin`` is set by the loader, never by the author."""

    origin: SkipJsonSchema[Origin | None] = Field(default=None, exclude=True, repr=False)


def normalize_name(name: str) -> str:
    """The form under which two names collide on a host (case, ``_`` and ``:`` folded)."""
    return re.sub(r"[-_:\s]+", "-", name.strip().lower())
