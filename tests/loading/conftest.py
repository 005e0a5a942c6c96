"""Fixtures for the loader tests (helpers live in ``packkit.py``)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from pathlib import Path

import pytest

from .packkit import Validation, build_pack, first_case, validate_fails


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A fresh minimal valid pack at ``tmp_path/pack``."""
    return build_pack(tmp_path / "pack")


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """Build a pack with some files added or replaced: ``make_pack({"roles/x.md": "..."})``."""
    numbers = count()

    def make(files: dict[str, str | bytes] | None = None, name: str | None = None) -> Path:
        return build_pack(tmp_path / (name or f"pack{next(numbers)}"), files)

    return make


@pytest.fixture
def fails(request: pytest.FixtureRequest) -> Callable[..., Validation]:
    """``validate_fails`` through the real CLI for the first case of a parametrized test and
    in-process (same output lines, same checks) for the other cases."""
    cli = first_case(request)

    def check(pack: Path, cwd: Path | None = None) -> Validation:
        return validate_fails(pack, cwd=cwd, cli=cli)

    return check
