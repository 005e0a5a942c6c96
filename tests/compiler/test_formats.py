"""Serializing data files (the fast TOML path writes exactly what tomli_w writes) and one-line
display fields."""

from __future__ import annotations

import random
import tomllib

import pytest
import tomli_w

from wazir_core.rendering.formats import _toml_safe, clip, one_line, toml_dumps

AWKWARD = ['plain', 'a "quote"', "back\\slash", "tab\there", "line\nfeed", "crlf\r\nend",
           "lone\rreturn", "bell\x07 del\x7f esc\x1b", "unicode ✓ עברית", "", "\n", '"""',
           "trailing quote\"", "ends with backslash\\", "\x00nul", "form\ffeed\bback"]
KEYS = ["name", "developer_instructions", "with space", "dotted.key", "ünï", "a-b_c", "1"]


def _expected(data: dict[str, str]) -> str:
    return tomli_w.dumps(_toml_safe(data), multiline_strings=True)


@pytest.mark.parametrize("text", AWKWARD)
def test_flat_string_tables_match_tomli_w(text: str) -> None:
    data = {key: text for key in KEYS}
    assert toml_dumps(data) == _expected(data)
    assert tomllib.loads(toml_dumps(data)) == {k: text.replace("\r\n", "\n") if "\n" in text
                                               else text for k in KEYS}


def test_random_strings_match_tomli_w() -> None:
    rng = random.Random(8)
    alphabet = ['"', "\\", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "a", " ", "é", "✓", "'"]
    for _ in range(2000):
        data = {"".join(rng.choices([*alphabet, "k"], k=rng.randint(1, 4))):
                "".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(3)}
        assert toml_dumps(data) == _expected(data), data


def test_nested_tables_still_go_through_tomli_w() -> None:
    data = {"name": "x", "table": {"key": "value", "list": [1, 2]}}
    assert toml_dumps(data) == _expected(data)


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("  two\n lines\t here ", 20, "two lines here"),
    ("exactly ten", 11, "exactly ten"),
    ("one word too many", 10, "one word…"),
    ("abcdefghijk", 5, "abcd…"),
])
def test_clip_makes_one_line_no_longer_than_the_limit(text: str, limit: int,
                                                      expected: str) -> None:
    assert clip(text, limit) == expected
    assert len(clip(text, limit)) <= limit
    assert clip(text, len(one_line(text))) == one_line(text), "a line that fits is not cut"


def test_one_line_turns_every_whitespace_run_into_one_space() -> None:
    assert one_line("  two\r\n lines\t\f here \n") == "two lines here"
    assert one_line(42) == "42"
