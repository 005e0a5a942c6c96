"""Every bad input from issue 2, through the real CLI: ``wazir validate PACK`` exits 1, names
``file:line:col``, prints no traceback, and writes nothing (``validate_fails`` checks all of
that for every test here). Parametrized tests send their first case through the CLI and the
others through ``load_content`` in-process, which prints the same lines."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .packkit import (
    MINIMAL_PACK,
    Validation,
    run_cli,
    snapshot,
    validate_fails,
    write_file,
)

ROLE = MINIMAL_PACK["roles/builder.md"]
WORKFLOW = MINIMAL_PACK["workflows/build.md"]
HOOK = MINIMAL_PACK["hooks/guard.yaml"]
MANIFEST = MINIMAL_PACK["pack.yaml"]
SKILL = MINIMAL_PACK["skills/making-things/SKILL.md"]

MakePack = Callable[..., Path]
Fails = Callable[..., Validation]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, (old, text)
    return text.replace(old, new)


def skill_md(name: str, description: str = "Use when testing the loader.") -> str:
    return f"---\nname: {name}\ndescription: {description}\n---\n# {name}\n\nBody.\n"


# --- malformed YAML ----------------------------------------------------------------------


def test_malformed_yaml_file(make_pack: MakePack) -> None:
    # line 3 is "moment: pre-tool: now"; the second ':' (column 17) is not allowed there.
    pack = make_pack({"hooks/guard.yaml": replace_once(HOOK, "moment: pre-tool",
                                                       "moment: pre-tool: now")})
    result = validate_fails(pack)
    result.expect_error("hooks/guard.yaml", 3, 17, contains="malformed YAML")


def test_malformed_yaml_in_frontmatter_counts_lines_from_the_file_start(
        make_pack: MakePack) -> None:
    # Frontmatter YAML starts on line 2 of the file; the bad line is the file's line 3.
    pack = make_pack({"roles/builder.md": replace_once(ROLE, "title: Builder",
                                                       "title: Builder: the one")})
    result = validate_fails(pack)
    result.expect_error("roles/builder.md", 3, 15, contains="malformed YAML")


def test_unclosed_flow_sequence(make_pack: MakePack) -> None:
    pack = make_pack({"workflows/build.md": replace_once(WORKFLOW, "inputs: [plan]",
                                                         "inputs: [plan")})
    result = validate_fails(pack)
    line = result.expect_error("workflows/build.md", contains="malformed YAML")
    # The parser notices on the next key; the reported line is inside the frontmatter.
    assert re.search(r"workflows/build\.md:[67]:\d+:", line), line


def test_invalid_scalar_value_is_located(make_pack: MakePack) -> None:
    # ruamel raises a plain ValueError for these; they must become located errors.
    pack = make_pack({
        "roles/builder.md": replace_once(ROLE, "title: Builder", "title: 2001-13-01"),
        "hooks/guard.yaml": replace_once(HOOK, "timeout: 10", "timeout: !!int soon"),
    })
    result = validate_fails(pack)
    result.expect_error("roles/builder.md", 3, 8, contains="invalid value")
    result.expect_error("hooks/guard.yaml", 8, 10, contains="invalid value")


def _nested_by_aliases(depth: int) -> str:
    # Each item nests the one before: a value ``depth`` levels deep that the YAML parsers
    # read in linear time (deep flow brackets make the locating parser quadratic).
    items = ["  - &a0 []", *(f"  - &a{i} [*a{i - 1}]" for i in range(1, depth))]
    return "id:\n" + "\n".join(items) + "\n"


@pytest.mark.parametrize("text", [
    "id: " + "[" * 150 + "]" * 150 + "\n",
    _nested_by_aliases(1100),
], ids=["flow-150", "aliases-1100"])
def test_deeply_nested_yaml(fails: Fails, make_pack: MakePack, text: str) -> None:
    # 1100 levels: repr() of the value hits the recursion limit while the message is written.
    pack = make_pack({"hooks/guard.yaml": text})
    fails(pack).expect_error("hooks/guard.yaml", 1, 1, contains="field 'id': expected a string")


def test_duplicate_key(make_pack: MakePack) -> None:
    pack = make_pack({"hooks/guard.yaml": HOOK + "moment: stop\n"})
    validate_fails(pack).expect_error("hooks/guard.yaml", 11, 1, contains="duplicate key")


# --- frontmatter ---------------------------------------------------------------------------


MISSING, NOT_CLOSED = "frontmatter missing", "frontmatter not closed"


@pytest.mark.parametrize(("text", "says"), [
    ("# Builder\n\n## Purpose\n- x\n", MISSING),
    ("\n---\nid: builder\n---\n## Purpose\n", MISSING),
    ("id: builder\ntitle: Builder\n---\n## Purpose\n", MISSING),
    ("", MISSING),
    ("---\nid: builder\ntitle: Builder\n## Purpose\n- x\n", NOT_CLOSED),
    ("---\nid: builder\n", NOT_CLOSED),
    ("---", NOT_CLOSED),
    ("---\nid: builder\n----\n## Purpose\n", NOT_CLOSED),
], ids=["no-frontmatter", "blank-first-line", "no-opening-fence", "empty-file",
        "no-closing", "yaml-only", "fence-only", "four-dashes"])
def test_frontmatter_missing_or_not_closed(fails: Fails, make_pack: MakePack, text: str,
                                           says: str) -> None:
    pack = make_pack({"roles/builder.md": text})
    fails(pack).expect_error("roles/builder.md", 1, 1, contains=says)


def test_frontmatter_that_is_not_a_mapping(make_pack: MakePack) -> None:
    pack = make_pack({"roles/builder.md": "---\n- id\n- builder\n---\n" + ROLE.split("---\n")[2]})
    validate_fails(pack).expect_error("roles/builder.md", 2, 1, contains="expected a mapping")


# --- required fields, types ----------------------------------------------------------------


def test_required_field_missing_in_frontmatter(make_pack: MakePack) -> None:
    pack = make_pack({"roles/builder.md": replace_once(ROLE, "title: Builder\n", "")})
    validate_fails(pack).expect_error("roles/builder.md", 2, 1,
                                      contains="missing required field 'title'")


def test_required_fields_missing_in_yaml_file_are_all_reported(make_pack: MakePack) -> None:
    hook = replace_once(replace_once(HOOK, "failure_mode: block\n", ""), "moment: pre-tool\n", "")
    result = validate_fails(make_pack({"hooks/guard.yaml": hook}))
    result.expect_error("hooks/guard.yaml", 1, 1, contains="missing required field 'failure_mode'")
    result.expect_error("hooks/guard.yaml", 1, 1, contains="missing required field 'moment'")


def test_required_field_missing_in_a_nested_item(make_pack: MakePack) -> None:
    manifest = replace_once(MANIFEST, "  - phase: build\n    gate: human\n", "  - gate: human\n")
    result = validate_fails(make_pack({"pack.yaml": manifest}))
    result.expect_error("pack.yaml", 8, contains="missing required field 'pipeline.0.phase'")


@pytest.mark.parametrize(("rel", "old", "new", "line", "col", "message"), [
    ("hooks/guard.yaml", "timeout: 10", "timeout: soon", 8, 1,
     "field 'timeout': expected an integer, got string 'soon'"),
    ("roles/builder.md", "title: Builder", "title: [a, b]", 3, 1,
     "field 'title': expected a string, got list ['a', 'b']"),
    ("roles/builder.md", "capabilities: [read, edit, execute]", "capabilities: {read: yes}", 5, 1,
     "field 'capabilities': expected a list, got mapping"),
    ("roles/builder.md", "description: Builds what the plan says.", "description:", 4, 1,
     "field 'description': expected a string, got nothing (null)"),
    ("pack.yaml", "    gate: human", "    gate: [human]", 9, 5,
     "field 'pipeline.0.gate'"),
    ("roles/builder.md", "capabilities: [read, edit, execute]",
     "capabilities: [read, fly, execute]", 5, 22, "field 'capabilities.1'"),
    ("hooks/guard.yaml", "  claude: native", "  claude: sometimes", 10, 3, "field 'hosts.claude'"),
], ids=["int", "str", "list", "null", "nested-enum", "list-item", "map-value"])
def test_field_of_the_wrong_type(fails: Fails, make_pack: MakePack, rel: str, old: str,
                                 new: str, line: int, col: int, message: str) -> None:
    pack = make_pack({rel: replace_once(MINIMAL_PACK[rel], old, new)})
    fails(pack).expect_error(rel, line, col, contains=message)


def test_wrong_type_message_says_expected_and_got(make_pack: MakePack) -> None:
    pack = make_pack({"pack.yaml": replace_once(MANIFEST, "    gate: human",
                                                "    gate: human\n    loop_cap: many")})
    line = validate_fails(pack).expect_error("pack.yaml", 10, 5)
    assert "loop_cap" in line and "expected an integer" in line and "'many'" in line, line


# --- unknown fields ------------------------------------------------------------------------


@pytest.mark.parametrize(("rel", "old", "new", "line", "col", "hint"), [
    ("roles/builder.md", "capabilities:", "capabilites:", 5, 1, "capabilities"),
    ("hooks/guard.yaml", "failure_mode:", "failure-mode:", 7, 1, "failure_mode"),
    ("pack.yaml", "    gate: human", "    gaet: human", 9, 5, "gate"),
    ("expertise/quality/testing.md", "  - title: Example", "  - titel: Example", 6, 5, "title"),
], ids=["role", "hook", "nested", "nested-in-list"])
def test_unknown_field_with_did_you_mean(fails: Fails, make_pack: MakePack, rel: str, old: str,
                                         new: str, line: int, col: int, hint: str) -> None:
    pack = make_pack({rel: replace_once(MINIMAL_PACK[rel], old, new)})
    found = fails(pack).expect_error(rel, line, col, contains="unknown field")
    assert f"did you mean '{hint}'?" in found, found


def test_unknown_field_without_a_close_match_has_no_hint(make_pack: MakePack) -> None:
    pack = make_pack({"roles/builder.md": replace_once(ROLE, "title: Builder",
                                                       "title: Builder\nfavourite_colour: blue")})
    found = validate_fails(pack).expect_error("roles/builder.md", 4, 1,
                                              contains="unknown field 'favourite_colour'")
    assert "did you mean" not in found


@pytest.mark.parametrize(("rel", "field", "line"), [
    ("roles/builder.md", "body: text", 3),
    ("expertise/quality/testing.md", "id: quality/other", 3),
    ("expertise/quality/testing.md", "domain: security", 3),
    ("expertise/quality/testing.md", "tokens: 5", 3),
], ids=["role-body", "module-id", "module-domain", "module-tokens"])
def test_fields_the_loader_sets_are_rejected(fails: Fails, make_pack: MakePack, rel: str,
                                             field: str, line: int) -> None:
    text = MINIMAL_PACK[rel]
    first_line = text.split("\n")[1]
    pack = make_pack({rel: replace_once(text, first_line, f"{first_line}\n{field}")})
    key = field.split(":")[0]
    fails(pack).expect_error(rel, line, 1, contains=f"field '{key}' is set by wazir")


# --- duplicates and cross-references ------------------------------------------------------


def test_duplicate_role_id_across_files(make_pack: MakePack) -> None:
    # The id sits on line 3 of the second file, so the location must come from the key.
    other = "---\ntitle: Other builder\nid: builder\ndescription: Also builds.\n---\n"
    other += ROLE.split("---\n", 2)[2]
    pack = make_pack({"roles/other.md": other})
    found = validate_fails(pack).expect_error("roles/other.md", 3, 1,
                                              contains="duplicate role id 'builder'")
    assert "roles/builder.md:2" in found, found


def test_duplicate_hook_and_workflow_ids(make_pack: MakePack) -> None:
    pack = make_pack({
        "hooks/zz-guard.yaml": "# a copy of guard.yaml\n" + HOOK,
        "workflows/zz-build.md": WORKFLOW,
    })
    result = validate_fails(pack)
    result.expect_error("hooks/zz-guard.yaml", 2, 1, contains="duplicate hook id 'guard'")
    result.expect_error("workflows/zz-build.md", 2, 1,
                        contains="duplicate workflow id 'build'")


def test_workflow_names_a_role_that_does_not_exist(make_pack: MakePack) -> None:
    pack = make_pack({"workflows/build.md": replace_once(WORKFLOW, "role: builder",
                                                         "role: ghost")})
    found = validate_fails(pack).expect_error("workflows/build.md", 5, 1,
                                              contains="names role 'ghost', which does not exist")
    assert "known roles: builder" in found


def test_role_and_workflow_name_skills_that_do_not_exist(make_pack: MakePack) -> None:
    pack = make_pack({
        "roles/builder.md": replace_once(ROLE, "skills: [making-things]",
                                         "skills: [making-things, flying]"),
        "workflows/build.md": replace_once(WORKFLOW, "skills: [making-things]",
                                           "skills:\n  - making-things\n  - flying"),
    })
    result = validate_fails(pack)
    result.expect_error("roles/builder.md", 6, 25, contains="names skill 'flying'")
    result.expect_error("workflows/build.md", 10, 5, contains="names skill 'flying'")


def test_pipeline_phase_without_a_workflow(make_pack: MakePack) -> None:
    manifest = MANIFEST + "  - phase: ship\n    on_reject: nowhere\n"
    result = validate_fails(make_pack({"pack.yaml": manifest}))
    result.expect_error("pack.yaml", 10, 5, contains="pipeline phase 'ship' has no workflow")
    result.expect_error("pack.yaml", 11, 5, contains="'nowhere', which is not an earlier phase")


@pytest.mark.parametrize(("composition", "line", "col", "module"), [
    ("always:\n  builder:\n    - quality/testing\n    - quality/nope\n", 4, 7, "quality/nope"),
    ("always:\n  builder: [quality/testing]\nstacks:\n  python:\n    builder: [backend/python]\n",
     5, 15, "backend/python"),
    ("always:\n  builder: [quality/testing]\nconcerns:\n  auth:\n    builder:\n"
     "      - security/authentication\n", 6, 9, "security/authentication"),
    ("always:\n  builder: [quality/testing]\non_demand: [quality/testing, backend/go]\n",
     3, 30, "backend/go"),
], ids=["always", "stacks", "concerns", "on-demand"])
def test_composition_map_names_a_module_that_does_not_exist(fails: Fails,
        make_pack: MakePack, composition: str, line: int, col: int, module: str) -> None:
    pack = make_pack({"expertise/composition.yaml": composition})
    fails(pack).expect_error("expertise/composition.yaml", line, col,
                                      contains=f"names module '{module}', which does not exist")


def test_composition_map_names_a_role_that_does_not_exist(make_pack: MakePack) -> None:
    pack = make_pack({"expertise/composition.yaml":
                      "always:\n  builder: [quality/testing]\nauto:\n  ghost: [quality/testing]\n"})
    validate_fails(pack).expect_error("expertise/composition.yaml", 4, 3,
                                      contains="names role 'ghost', which does not exist")


# --- skill names and descriptions -----------------------------------------------------------


@pytest.mark.parametrize("name", ["Making-Things", "making_things", "making:things",
                                  "making--things", "-making"],
                         ids=["uppercase", "underscore", "colon", "double-hyphen",
                              "leading-hyphen"])
def test_skill_name_breaks_the_agent_skills_rules(fails: Fails, make_pack: MakePack,
                                                  name: str) -> None:
    pack = make_pack({f"skills/{name}/SKILL.md": skill_md(name)})
    fails(pack).expect_error(f"skills/{name}/SKILL.md", 2, 1,
                                      contains=f"field 'name': string '{name}' is not a valid "
                                               "name")


def test_skill_name_over_64_characters(make_pack: MakePack) -> None:
    name = "a" * 65
    pack = make_pack({f"skills/{name}/SKILL.md": skill_md(name)})
    found = validate_fails(pack).expect_error(f"skills/{name}/SKILL.md", 2, 1,
                                              contains="field 'name'")
    assert "64" in found, found


def test_skill_name_of_exactly_64_characters_is_fine(make_pack: MakePack) -> None:
    name = "a" * 64
    pack = make_pack({f"skills/{name}/SKILL.md": skill_md(name),
                      "expertise/composition.yaml": MINIMAL_PACK["expertise/composition.yaml"]})
    proc = run_cli("validate", str(pack), cwd=pack.parent)
    assert proc.returncode == 0, proc.stderr


def test_skill_name_differs_from_its_folder(make_pack: MakePack) -> None:
    pack = make_pack({"skills/making-things/SKILL.md": replace_once(
        SKILL, "name: making-things", "name: make-things")})
    validate_fails(pack).expect_error(
        "skills/making-things/SKILL.md", 2, 1,
        contains="name 'make-things' must equal its file or folder name 'making-things'")


def test_skill_folder_without_skill_md(make_pack: MakePack) -> None:
    pack = make_pack({"skills/empty-skill/skill.md": skill_md("empty-skill")})
    found = validate_fails(pack).error_lines()
    assert any("skills/empty-skill" in ln and "no SKILL.md" in ln for ln in found), found


@pytest.mark.parametrize(("rel", "old", "new", "line"), [
    ("skills/making-things/SKILL.md", "description: Use when you are about to make a thing "
     "from a plan.", "description: ''", 3),
    ("skills/making-things/SKILL.md", "description: Use when you are about to make a thing "
     "from a plan.", "description: '   '", 3),
    ("roles/builder.md", "description: Builds what the plan says.", 'description: ""', 4),
    ("hooks/guard.yaml", "description: Blocks writes to protected paths.", "description: ''", 2),
    ("pack.yaml", "description: A demo pack for the loader tests.", "description: ''", 4),
], ids=["skill", "skill-blank", "role", "hook", "pack"])
def test_empty_description(fails: Fails, make_pack: MakePack, rel: str, old: str, new: str,
                           line: int) -> None:
    pack = make_pack({rel: replace_once(MINIMAL_PACK[rel], old, new)})
    fails(pack).expect_error(rel, line, 1,
                                      contains="field 'description' must not be empty")


def test_skill_description_too_long_or_with_angle_brackets(make_pack: MakePack) -> None:
    pack = make_pack({
        "skills/long-one/SKILL.md": skill_md("long-one", "Use when " + "x" * 1020),
        "skills/angled/SKILL.md": skill_md("angled", "Use when <b>bold</b> is needed."),
    })
    result = validate_fails(pack)
    result.expect_error("skills/long-one/SKILL.md", 3, 1, contains="field 'description'")
    result.expect_error("skills/angled/SKILL.md", 3, 1, contains="field 'description'")


# --- encodings -----------------------------------------------------------------------------


def test_non_utf8_markdown_file(make_pack: MakePack) -> None:
    data = ROLE.encode().replace(b"Builds what", b"Builds wh\xff\xfet")
    pack = make_pack({"roles/builder.md": data})
    # Line 4 is "description: Builds wh\xff..."; the bad byte is the 23rd on the line.
    validate_fails(pack).expect_error("roles/builder.md", 4, 23, contains="not valid UTF-8")


def test_latin1_yaml_file(make_pack: MakePack) -> None:
    data = HOOK.replace("Blocks writes", "Blocks café writes").encode("latin-1")
    pack = make_pack({"hooks/guard.yaml": data})
    # "description: Blocks caf" is 23 characters; the Latin-1 "é" is the 24th.
    validate_fails(pack).expect_error("hooks/guard.yaml", 2, 24, contains="byte 0xe9")


def test_utf16_file(make_pack: MakePack) -> None:
    pack = make_pack({"pack.yaml": MANIFEST.encode("utf-16")})
    validate_fails(pack).expect_error("pack.yaml", 1, 1, contains="not valid UTF-8")


# --- symlinks ------------------------------------------------------------------------------


def test_symlink_pointing_outside_the_pack(make_pack: MakePack, tmp_path: Path) -> None:
    outside = write_file(tmp_path, "outside/role.md", replace_once(ROLE, "id: builder",
                                                                   "id: outsider"))
    pack = make_pack()
    os.symlink(os.path.relpath(outside, pack / "roles"), pack / "roles" / "outsider.md")
    validate_fails(pack).expect_error("roles/outsider.md", 1, 1,
                                      contains="points outside the pack")


def test_skill_folder_symlinked_outside_the_pack(make_pack: MakePack, tmp_path: Path) -> None:
    write_file(tmp_path, "elsewhere/SKILL.md", skill_md("borrowed"))
    pack = make_pack()
    os.symlink(tmp_path / "elsewhere", pack / "skills" / "borrowed")
    validate_fails(pack).expect_error("skills/borrowed", 1, 1, contains="points outside the pack")


def test_absolute_symlink_inside_the_pack_is_fine(make_pack: MakePack) -> None:
    pack = make_pack()
    target = pack / "skills" / "making-things" / "checklist.md"
    os.symlink(target, pack / "skills" / "making-things" / "checklist-link.md")
    proc = run_cli("validate", str(pack), cwd=pack.parent)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("rel", [
    "roles/loop.md",
    "hooks/loop.yaml",
    "skills/loopy",
    "skills/making-things/loop.md",
    "expertise/loopy",
    "expertise/quality/loop.md",
], ids=["role", "hook", "skill-folder", "skill-file", "expertise-folder", "module"])
def test_symlink_loop(fails: Fails, make_pack: MakePack, rel: str) -> None:
    pack = make_pack()
    os.symlink(Path(rel).name, pack / rel)
    fails(pack).expect_error(rel, 1, 1, contains="symlink loop")


@pytest.mark.parametrize("rel", ["pack.yaml", "expertise/composition.yaml"])
def test_symlink_loop_in_place_of_a_yaml_file(fails: Fails, make_pack: MakePack, rel: str) -> None:
    pack = make_pack()
    (pack / rel).unlink()
    os.symlink(Path(rel).name, pack / rel)
    fails(pack).expect_error(rel, 1, 1, contains="symlink loop")


def test_two_symlinks_pointing_at_each_other(make_pack: MakePack) -> None:
    pack = make_pack()
    os.symlink("b.md", pack / "roles" / "a.md")
    os.symlink("a.md", pack / "roles" / "b.md")
    result = validate_fails(pack)
    result.expect_error("roles/a.md", 1, 1, contains="symlink loop")
    result.expect_error("roles/b.md", 1, 1, contains="symlink loop")


def test_broken_symlink(make_pack: MakePack) -> None:
    pack = make_pack()
    os.symlink("missing.md", pack / "roles" / "gone.md")
    validate_fails(pack).expect_error("roles/gone.md", 1, 1, contains="broken symlink")


def test_skill_subfolder_symlinked_inside_the_pack(make_pack: MakePack) -> None:
    pack = make_pack()
    os.symlink("../../roles", pack / "skills" / "making-things" / "refs")
    validate_fails(pack).expect_error("skills/making-things/refs", 1, 1,
                                      contains="symlink to a folder")


# --- empty and missing packs --------------------------------------------------------------


def test_empty_pack_folder(tmp_path: Path) -> None:
    pack = tmp_path / "empty"
    pack.mkdir()
    result = validate_fails(pack)
    assert any(ln.startswith("empty: error:") and "no pack.yaml" in ln
               for ln in result.error_lines()), result.stderr


def test_pack_with_only_a_manifest(tmp_path: Path) -> None:
    pack = tmp_path / "bare"
    write_file(pack, "pack.yaml", MANIFEST.split("pipeline:")[0])
    validate_fails(pack).expect_error("pack.yaml", 1, 1, contains="the pack is empty")


def test_empty_manifest(make_pack: MakePack) -> None:
    pack = make_pack({"pack.yaml": ""})
    validate_fails(pack).expect_error("pack.yaml", 1, 1, contains="got an empty document")


def test_pack_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = validate_fails(missing, cwd=tmp_path)
    assert "nowhere: error: pack folder does not exist" in result.stderr, result.stderr
    assert not missing.exists()


def test_pack_path_that_is_a_file(tmp_path: Path) -> None:
    file = write_file(tmp_path, "pack.yaml", MANIFEST)
    result = validate_fails(file, cwd=tmp_path)
    assert "pack.yaml: error: is not a folder" in result.stderr, result.stderr


# --- several files at once ----------------------------------------------------------------


def test_errors_in_several_files_are_all_reported_in_one_run(make_pack: MakePack) -> None:
    pack = make_pack({
        "pack.yaml": replace_once(MANIFEST, "    gate: human", "    gaet: human"),
        "roles/builder.md": replace_once(ROLE, "capabilities:", "capabilites:"),
        "hooks/guard.yaml": replace_once(HOOK, "timeout: 10", "timeout: soon"),
        "skills/making-things/SKILL.md": replace_once(
            SKILL, "description: Use when you are about to make a thing from a plan.",
            "description: ''"),
        "expertise/quality/testing.md": "no frontmatter\n",
        "workflows/build.md": WORKFLOW.encode().replace(b"Build\n", b"Bu\xc3ld\n", 1),
        "skills/Bad_Name/SKILL.md": skill_md("Bad_Name"),
    })
    result: Validation = validate_fails(pack)
    result.expect_error("pack.yaml", 9, 5, contains="unknown field 'pipeline.0.gaet'")
    result.expect_error("roles/builder.md", 5, 1, contains="unknown field 'capabilites'")
    result.expect_error("hooks/guard.yaml", 8, 1, contains="field 'timeout'")
    result.expect_error("skills/making-things/SKILL.md", 3, 1, contains="must not be empty")
    result.expect_error("expertise/quality/testing.md", 1, 1, contains="frontmatter missing")
    result.expect_error("workflows/build.md", 3, 10, contains="not valid UTF-8")
    result.expect_error("skills/Bad_Name/SKILL.md", 2, 1, contains="not a valid name")
    count = len(result.error_lines())
    assert f"{count} error(s)" in result.stderr


def test_several_errors_in_one_file_are_all_reported(make_pack: MakePack) -> None:
    role = replace_once(ROLE, "title: Builder", "title: [x]\nfavourite: blue")
    role = replace_once(role, "capabilities: [read, edit, execute]", "capabilities: [fly]")
    result = validate_fails(make_pack({"roles/builder.md": role}))
    result.expect_error("roles/builder.md", 3, 1, contains="field 'title'")
    result.expect_error("roles/builder.md", 4, 1, contains="unknown field 'favourite'")
    result.expect_error("roles/builder.md", 6, 16, contains="field 'capabilities.0'")


def test_missing_required_sections(make_pack: MakePack) -> None:
    role = replace_once(ROLE, "## Escalation rules\n", "## Escalation\n")
    module = MINIMAL_PACK["expertise/quality/testing.md"]
    module = replace_once(module, "## Checklist\n", "## Fixes first\n")
    result = validate_fails(make_pack({"roles/builder.md": role,
                                       "expertise/quality/testing.md": module}))
    result.expect_error("roles/builder.md", 8, 1, contains="'## Escalation rules'")
    result.expect_error("expertise/quality/testing.md", 9, 1, contains="'## Checklist'")


def test_validate_writes_nothing_even_when_the_pack_is_valid(pack: Path) -> None:
    before = snapshot(pack.parent)
    proc = run_cli("validate", str(pack), cwd=pack.parent)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(pack.parent) == before
