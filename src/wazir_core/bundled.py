"""Where wazir's own content pack lives: inside the wheel, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path


def bundled_pack() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_content"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "content"
