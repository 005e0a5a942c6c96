"""A UTF-8 byte-order mark and CRLF line endings are not errors: they load exactly like the
plain file, and errors in such files point at the same line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wazir_core.loading import load_content

from .packkit import MINIMAL_PACK, run_cli, validate_in_process, write_file

#: Files the loader parses (supporting files of a skill are kept byte for byte on purpose).
PARSED = [rel for rel in MINIMAL_PACK if rel != "skills/making-things/checklist.md"]

VARIANTS: dict[str, Callable[[str], bytes]] = {
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode(),
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
    "cr": lambda text: text.replace("\n", "\r").encode(),
}


def rewrite(pack: Path, variant: str, files: list[str], texts: dict[str, str]) -> None:
    for rel in files:
        write_file(pack, rel, VARIANTS[variant](texts[rel]))


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_bom_and_line_endings_load_exactly_like_the_plain_files(pack: Path,
                                                                variant: str) -> None:
    plain = load_content([pack])
    assert plain.ok, plain.diagnostics
    assert plain.content is not None
    rewrite(pack, variant, PARSED, MINIMAL_PACK)
    assert (pack / "roles" / "builder.md").read_bytes() != MINIMAL_PACK["roles/builder.md"].encode()
    other = load_content([pack])
    assert other.ok, other.diagnostics
    assert other.content is not None
    # Same path, so even the origins must match; model equality is deep.
    assert other.content == plain.content
    assert other.content.model_dump() == plain.content.model_dump()
    assert other.diagnostics == plain.diagnostics
    role = other.content.roles["builder"]
    assert "\r" not in role.body and "\ufeff" not in role.body
    assert role.body.startswith("## Purpose\n")


def test_bom_crlf_pack_passes_the_cli(pack: Path) -> None:
    rewrite(pack, "bom-crlf", PARSED, MINIMAL_PACK)
    proc = run_cli("validate", str(pack), cwd=pack.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: 1 roles, 1 workflows, 1 phases, 1 skills, 1 hooks, "
                                  "1 modules"), proc.stdout


BROKEN = {
    "pack.yaml": MINIMAL_PACK["pack.yaml"].replace("    gate: human", "    gaet: human"),
    "roles/builder.md": MINIMAL_PACK["roles/builder.md"].replace("capabilities:", "capabilites:"),
    "workflows/build.md": MINIMAL_PACK["workflows/build.md"].replace("role: builder",
                                                                     "role: ghost"),
    "hooks/guard.yaml": MINIMAL_PACK["hooks/guard.yaml"].replace("moment: pre-tool",
                                                                 "moment: pre-tool: now"),
    "expertise/composition.yaml": MINIMAL_PACK["expertise/composition.yaml"].replace(
        "on_demand: []", "on_demand: [quality/testing, quality/nope]"),
    "skills/making-things/SKILL.md": MINIMAL_PACK["skills/making-things/SKILL.md"].replace(
        "name: making-things", "name: Making_Things"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_errors_in_bom_and_crlf_files_have_the_same_locations(make_pack: Callable[..., Path],
                                                              variant: str) -> None:
    pack = make_pack(BROKEN)
    plain = validate_in_process(pack, pack.parent)
    assert plain.returncode == 1
    assert len(plain.error_lines()) >= len(BROKEN), plain.stderr
    rewrite(pack, variant, list(BROKEN), BROKEN)
    other = validate_in_process(pack, pack.parent)
    assert other.stderr == plain.stderr


def test_non_utf8_column_counts_characters_after_a_bom(make_pack: Callable[..., Path]) -> None:
    text = MINIMAL_PACK["roles/builder.md"].replace("Builds what", "Builds wh\x00at")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode().replace(b"\x00", b"\xff")
    # "description: Builds wé" has 22 characters (23 bytes); the bad byte is character 23.
    data = data.replace(b"Builds wh", "Builds wé".encode(), 1)
    pack = make_pack({"roles/builder.md": data})
    result = validate_in_process(pack, pack.parent)
    assert result.expect_error("roles/builder.md", 4, 23, contains="not valid UTF-8")
