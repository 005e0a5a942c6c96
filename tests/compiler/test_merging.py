"""Files shared with the user: wazir owns one marked block or some JSON entries, and every other
byte stays as the user wrote it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wazir_core.build import BuildReport, run_build
from wazir_core.merging import BEGIN, END, MergeError, merge_json, parse_user_json, set_block
from wazir_core.plugins.fileset import FileSet, JsonEntries, ManagedBlock
from wazir_core.plugins.target import TargetOptions
from wazir_core.writing.record import read_record

from .fakeplugins.gen_target import GenTarget
from .helpers import GEN, gen_config, host_with, make_target, tree, wazir

MARK = "wazir hook "


# Managed blocks ---------------------------------------------------------------------------

@pytest.mark.parametrize("user", [
    "", "# Mine\n", "# Mine", "# Mine\n\n", "line one\r\nline two\r\n", "tabs\tand  spaces  \n",
    "unicode ✓ — ünïcödé\n",
])
def test_adding_a_block_keeps_every_user_byte_before_it(user: str) -> None:
    merged = set_block(user, "wazir text")
    assert merged.startswith(user)
    assert f"{BEGIN}\nwazir text\n{END}\n" in merged
    assert set_block(merged, "wazir text") == merged, "idempotent"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_replacing_a_block_keeps_the_bytes_before_and_after_exactly(newline: str) -> None:
    before = f"# Project notes{newline}{newline}Keep this.{newline}"
    after = f"{newline}## After{newline}trailing text without newline"
    first = set_block(before, "old wazir text")
    text = first + after
    replaced = set_block(text, "new wazir text\nsecond line")
    assert replaced.startswith(before)
    assert replaced.endswith(after)
    assert "new wazir text\nsecond line" in replaced and "old wazir text" not in replaced
    assert set_block(replaced, "new wazir text\nsecond line") == replaced


def test_a_block_whose_lines_an_editor_turned_to_crlf_is_replaced_without_growing() -> None:
    user_before, user_after = "intro\r\n\r\n", "after\r\n"
    text = (user_before + set_block(None, "wazir") + user_after).replace("\r\n", "\n") \
        .replace("\n", "\r\n")
    once = set_block(text, "wazir")
    assert once == user_before + set_block(None, "wazir") + user_after, \
        "only the block's own lines change; no blank line appears after it"
    assert set_block(once, "wazir") == once


def test_removing_a_block_keeps_the_user_text() -> None:
    user = "# Mine\n\nkeep\n"
    merged = set_block(user, "wazir") + "tail\n"
    removed = set_block(merged, None)
    assert BEGIN not in removed and "wazir" not in removed.replace("# Mine", "")
    assert removed.startswith(user.rstrip("\n")) and removed.endswith("tail\n")
    assert set_block(set_block(None, "only wazir"), None) == ""


def test_a_begin_marker_without_an_end_is_refused() -> None:
    with pytest.raises(MergeError, match="without a wazir:end marker"):
        set_block(f"x\n{BEGIN}\nhalf\n", "new")


# JSON entries -----------------------------------------------------------------------------

USER_SETTINGS: dict[str, Any] = {
    "theme": "dark",
    "permissions": {"allow": ["Bash(ls)"]},
    "hooks": {
        "PreToolUse": [{"matcher": "Edit", "command": "my-own-linter"}],
        "Stop": [{"command": "notify-me"}],
    },
}


def test_owned_entries_are_added_replaced_and_removed_keeping_the_user_ones() -> None:
    owned = {"hooks": {"PreToolUse": [{"matcher": "*", "command": f"{MARK}guard"}],
                       "SessionStart": [{"command": f"{MARK}session-start"}]}}
    merged = merge_json(json.dumps(USER_SETTINGS), owned, MARK, ("hooks",))
    assert merged["theme"] == "dark" and merged["permissions"] == USER_SETTINGS["permissions"]
    assert merged["hooks"]["PreToolUse"] == [
        {"matcher": "Edit", "command": "my-own-linter"},
        {"matcher": "*", "command": f"{MARK}guard"}]
    assert merged["hooks"]["Stop"] == [{"command": "notify-me"}]
    assert list(merged) == list(USER_SETTINGS), "the user's key order is kept"

    again = merge_json(json.dumps(merged), owned, MARK, ("hooks",))
    assert again == merged, "owned entries are replaced, never duplicated"

    newer = {"hooks": {"PreToolUse": [{"matcher": "*", "command": f"{MARK}guard --v2"}]}}
    updated = merge_json(json.dumps(merged), newer, MARK, ("hooks",))
    assert updated["hooks"]["PreToolUse"][-1]["command"] == f"{MARK}guard --v2"
    assert "SessionStart" not in updated["hooks"], "a container wazir emptied goes away"

    removed = merge_json(json.dumps(merged), None, MARK, ("hooks",))
    assert removed == USER_SETTINGS


@pytest.mark.parametrize(("text", "says"), [
    ('{\n  // my comment\n  "a": 1\n}\n', "has comments"),
    ('/* block */ {"a": 1}', "has comments"),
    ('{"a": 1,}', "is not valid JSON (line 1"),
    ('{"a": \n', "is not valid JSON (line 2"),
    ('["a list"]', "does not hold a JSON object"),
])
def test_user_json_that_cannot_be_merged_safely_is_refused(text: str, says: str) -> None:
    with pytest.raises(MergeError, match=says.replace("(", r"\(")):
        parse_user_json(text)


def test_empty_user_json_is_an_empty_object() -> None:
    assert parse_user_json("") == {} and parse_user_json("  \n") == {}


# Through a build ----------------------------------------------------------------------------

def build(project: Path, **options: Any) -> BuildReport:
    gen_config(project, **options)
    return run_build(project, ["gen"], host=host_with(GenTarget()))


def test_a_build_keeps_the_users_markdown_bytes_around_its_block(project: Path) -> None:
    before = b"# House rules\r\n\r\nUse tabs.\r\n"
    (project / "GEN.md").write_bytes(before)
    assert build(project, variant="old", files=2).ok
    text = (project / "GEN.md").read_bytes()
    assert text.startswith(before) and b"variant old" in text
    after = b"\r\n## Added later by the user\r\nno final newline"
    (project / "GEN.md").write_bytes(text + after)

    assert build(project, variant="new", files=2).ok
    final = (project / "GEN.md").read_bytes()
    assert final.startswith(before) and final.endswith(after)
    assert b"variant new" in final and b"variant old" not in final
    assert read_record(project).files["GEN.md"].created is False


def test_a_build_keeps_the_users_json_keys_and_hooks(project: Path) -> None:
    (project / ".gen-settings.json").write_text(json.dumps(USER_SETTINGS, indent=4),
                                                encoding="utf-8")
    assert build(project, variant="old", files=2).ok
    data = json.loads((project / ".gen-settings.json").read_text())
    assert data["theme"] == "dark" and data["hooks"]["Stop"] == [{"command": "notify-me"}]
    assert data["hooks"]["PreToolUse"][0] == {"matcher": "Edit", "command": "my-own-linter"}
    assert data["hooks"]["PreToolUse"][1]["command"] == "wazir hook guard --variant old"

    assert build(project, variant="new", files=2).ok
    data = json.loads((project / ".gen-settings.json").read_text())
    commands = [h["command"] for h in data["hooks"]["PreToolUse"]]
    assert commands == ["my-own-linter", "wazir hook guard --variant new"]
    assert data["permissions"] == USER_SETTINGS["permissions"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "says"), [
    ('{\n  // keep me\n  "theme": "dark"\n}\n', "has comments"),
    ('{"theme": "dark",,}\n', "is not valid JSON"),
])
def test_a_build_refuses_a_settings_file_it_cannot_merge(project: Path, text: str, says: str
                                                        ) -> None:
    (project / ".gen-settings.json").write_text(text, encoding="utf-8")
    gen_config(project, files=2)
    proc = wazir("build", "-p", project, plugins=(GEN,))
    assert proc.returncode == 1
    assert ".gen-settings.json" in proc.stderr and says in proc.stderr
    assert "wazir will not overwrite it" in proc.stderr
    assert (project / ".gen-settings.json").read_text() == text
    assert set(tree(project)) == {"wazir.yaml", ".gen-settings.json"}


class ToggleOptions(TargetOptions):
    on: bool = True


def _toggle(bundle: Any) -> FileSet:
    """Writes the shared files only while its ``on`` option (in wazir.yaml) is true."""
    files = FileSet()
    files.add(".st/keep.md", "keep\n")
    if bundle.options.on:
        files.add("NOTES.md", ManagedBlock("wazir notes"))
        files.add("settings.json", JsonEntries({"hooks": {"Stop": [
            {"command": f"{MARK}stop"}]}}))
    return files


def _switch(project: Path, on: bool) -> None:
    (project / "wazir.yaml").write_text(f"options:\n  st:\n    on: {str(on).lower()}\n",
                                        encoding="utf-8")


def _toggle_host() -> Any:
    return host_with(make_target("st", _toggle, roots=(".st", "NOTES.md", "settings.json"),
                                 options=ToggleOptions))


def test_shared_files_wazir_created_are_removed_when_their_content_disappears(
        project: Path) -> None:
    host = _toggle_host()
    _switch(project, True)
    assert run_build(project, ["st"], host=host).ok
    assert (project / "NOTES.md").is_file() and (project / "settings.json").is_file()
    _switch(project, False)
    report = run_build(project, ["st"], host=host)
    assert report.ok
    assert not (project / "NOTES.md").exists(), "wazir created it and only wazir's part was in it"
    assert not (project / "settings.json").exists(), "an emptied settings file wazir created"
    assert set(read_record(project).files) == {".st/keep.md"}


def test_shared_files_the_user_owns_lose_only_wazirs_part(project: Path) -> None:
    (project / "NOTES.md").write_text("# Mine\n", encoding="utf-8")
    (project / "settings.json").write_text('{"theme": "dark"}\n', encoding="utf-8")
    host = _toggle_host()
    _switch(project, True)
    assert run_build(project, ["st"], host=host).ok
    _switch(project, False)
    assert run_build(project, ["st"], host=host).ok
    assert (project / "NOTES.md").read_text() == "# Mine\n"
    assert json.loads((project / "settings.json").read_text()) == {"theme": "dark"}
    assert set(read_record(project).files) == {".st/keep.md"}
