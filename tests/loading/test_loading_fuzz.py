"""Property tests: whatever bytes a pack's files hold, ``load_content`` returns a ContentLoad
(models, or located errors) and never raises, and it never writes to the pack."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wazir_core.diagnostics import Diagnostic, has_errors
from wazir_core.loading import ContentLoad, load_content
from wazir_core.models import Content

from .packkit import MINIMAL_PACK, build_pack, snapshot, write_file

# Kept small so the three properties together stay well under ~20 s on a busy machine; no
# example database, so nothing is written to the working folder.
settings.register_profile(
    "wazir-loading",
    max_examples=60,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("wazir-loading")

#: Every file the loader reads, plus new ones it would pick up.
TARGETS = [
    *MINIMAL_PACK,
    "roles/extra.md",
    "workflows/extra.md",
    "hooks/extra.yaml",
    "skills/extra/SKILL.md",
    "skills/extra/notes/deep.txt",
    "expertise/security/extra.md",
]

TOKENS = [
    "---", "---\n", "\n", "\n", "\r\n", "\r", " ", "  ", "    ", "\t", ":", ": ", "- ", "-",
    "[", "]", "{", "}", ",", "'", '"', "#", "&a ", "*a", "<<: *a", "!!int ", "!!float ",
    "!!binary ", "!!python/object:os.system ", "!!set ", "!!timestamp ", "? ", "|", ">-",
    "%YAML 1.1\n", "...", "~", "null", "true", "yes", "0x1F", "0o17", "1e999", "-.inf",
    "2001-13-01", "2001-01-01 10:00:00", "123", "-0", "id", "name", "title", "description",
    "role", "skills", "capabilities", "moment", "timeout", "hosts", "always", "stacks",
    "on_demand", "pipeline", "phase", "gate", "on_reject", "loop_cap", "references", "url",
    "body", "origin", "tokens", "## Purpose", "## Steps", "## Checklist", "##", "```", "~~~",
    "\ufeff", "\x00", "\x85", "\u2028", "é", "\U0001f600", "<", ">", "builder", "build",
    "making-things", "quality/testing", "Making_Things", "a:b", "x" * 70, "\\", "%", "@", "`",
]

token_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
text_or_tokens = st.one_of(token_text, st.text(max_size=60))


@st.composite
def mutated(draw: st.DrawFn, original: str) -> bytes:
    """A near-valid file: the original with a few edits, then maybe odd bytes around it."""
    text = original
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        kind = draw(st.sampled_from(["insert", "delete", "replace-line", "swap", "truncate",
                                     "indent", "dup-line"]))
        pos = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:pos] + draw(text_or_tokens) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)):]
        elif kind == "truncate":
            text = text[:pos]
        else:
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "replace-line":
                lines[i] = draw(text_or_tokens)
            elif kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif kind == "indent":
                lines[i] = draw(st.sampled_from([" ", "  ", "\t", "- "])) + lines[i]
            else:
                lines.insert(i, lines[j])
            text = "\n".join(lines)
    data = text.encode("utf-8", errors="surrogatepass")
    wrap = draw(st.sampled_from(["plain", "bom", "crlf", "latin1-byte", "binary-tail"]))
    if wrap == "bom":
        data = b"\xef\xbb\xbf" + data
    elif wrap == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif wrap == "latin1-byte":
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + b"\xe9" + data[cut:]
    elif wrap == "binary-tail":
        data += draw(st.binary(max_size=20))
    return data


def near_valid_file() -> st.SearchStrategy[tuple[str, bytes]]:
    return st.sampled_from(list(MINIMAL_PACK)).flatmap(
        lambda rel: st.tuples(st.just(rel), mutated(MINIMAL_PACK[rel])))


def random_bytes_file() -> st.SearchStrategy[tuple[str, bytes]]:
    return st.tuples(st.sampled_from(TARGETS), st.binary(max_size=300))


def token_soup_file() -> st.SearchStrategy[tuple[str, bytes]]:
    soup = st.lists(st.sampled_from(TOKENS), max_size=80).map(
        lambda parts: "".join(parts).encode("utf-8", errors="surrogatepass"))
    return st.tuples(st.sampled_from(TARGETS), soup)


def check_load(files: list[tuple[str, bytes]]) -> ContentLoad:
    """Write the files over a fresh minimal pack and load it; check the result's shape."""
    with tempfile.TemporaryDirectory() as tmp:
        pack = build_pack(Path(tmp) / "pack")
        for rel, data in files:
            write_file(pack, rel, data)
        before = snapshot(pack)
        result = load_content([pack])
        assert snapshot(pack) == before, "loading wrote to the pack"
    assert isinstance(result, ContentLoad)
    assert isinstance(result.ok, bool)
    for diag in result.diagnostics:
        assert isinstance(diag, Diagnostic)
        assert diag.path, diag
        assert diag.line >= 0 and diag.col >= 0, diag
        assert str(diag) and json.dumps(diag.to_json())
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if result.content is None:
        assert has_errors(result.diagnostics), result.diagnostics
    else:
        assert isinstance(result.content, Content)
        result.content.model_dump()
    assert result.ok == (result.content is not None and not errors)
    return result


@settings(PROFILE)
@given(st.lists(random_bytes_file(), min_size=1, max_size=3))
def test_random_bytes_never_raise(files: list[tuple[str, bytes]]) -> None:
    check_load(files)


@settings(PROFILE)
@given(st.lists(near_valid_file(), min_size=1, max_size=3))
def test_near_valid_yaml_and_markdown_never_raise(files: list[tuple[str, bytes]]) -> None:
    check_load(files)


@settings(PROFILE)
@given(st.lists(token_soup_file(), min_size=1, max_size=3))
def test_yaml_token_soup_never_raises(files: list[tuple[str, bytes]]) -> None:
    check_load(files)


@settings(PROFILE, max_examples=30)
@given(st.text(alphabet="abcXYZ019-_:.é ", min_size=1, max_size=70).filter(
    lambda s: s.strip(".") != "" and s == s.strip()))
def test_any_skill_folder_name_never_raises(name: str) -> None:
    skill = f"---\nname: {name}\ndescription: Use when fuzzing.\n---\nBody.\n"
    result = check_load([(f"skills/{name}/SKILL.md", skill.encode())])
    valid = (len(name) <= 64 and all((part.isalnum() and part.isascii() and part.islower())
                                     or part.isdigit() for part in name.split("-")))
    if not valid:
        assert not result.ok


def test_valid_pack_still_loads_after_the_properties() -> None:
    assert check_load([]).ok
