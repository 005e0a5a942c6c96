"""The files a Codex ``apply_patch`` call touches; Codex sends the patch text, not a path."""

from __future__ import annotations

import re

from wazir_core.runtime.shellparse import WriteTarget

BEGIN = "*** Begin Patch"
_FILE_LINE = re.compile(r"^\*\*\* (Add File|Update File|Delete File|Move to): (.+?)[ \t\r]*$",
                        re.MULTILINE)


def is_patch(text: str) -> bool:
    return BEGIN in text


def patch_targets(text: str) -> list[WriteTarget]:
    return [WriteTarget(m.group(2), "remove" if m.group(1) == "Delete File" else "write")
            for m in _FILE_LINE.finditer(text)]
