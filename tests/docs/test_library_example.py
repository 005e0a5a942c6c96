"""The library example in docs/library.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).parents[2] / "docs" / "library.md"


def test_library_example_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    exec(compile(code.group(1), str(DOC), "exec"), {"project": tmp_path})
    out = capsys.readouterr().out
    assert "10 roles" in out and "agent files rendered in memory" in out
    assert "pack folder does not exist" in out
    assert list((tmp_path / ".claude" / "agents").glob("*.md"))
