"""The parse cache: shared by projects, yet every message names files as a fresh load would."""

from __future__ import annotations

from pathlib import Path

import pytest

import wazir_core.loading.cache as parse_cache
from wazir_core.loading import load_content
from wazir_core.loading.cache import load_content_cached

from .packkit import build_pack


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WAZIR_CACHE_DIR", str(folder))
    return folder


def _origins(pack: Path) -> list[str]:
    loaded = load_content_cached([pack])
    assert loaded.ok and loaded.content is not None
    return [role.origin.path for role in loaded.content.roles.values() if role.origin]


def _forbid_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_load(*args: object) -> None:
        raise AssertionError("the content was parsed again")

    monkeypatch.setattr(parse_cache, "load_content", no_load)


def test_a_new_project_reuses_the_content_parsed_for_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = build_pack(tmp_path / "shared" / "pack")
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path / "one")
    first = _origins(pack)
    monkeypatch.chdir(tmp_path / "two")
    _forbid_loading(monkeypatch)
    assert _origins(pack) == first == [(pack / "roles/builder.md").as_posix()]


@pytest.mark.parametrize("cwd", ["above", "inside"])
def test_files_are_named_as_a_fresh_load_names_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cwd: str) -> None:
    """From above the pack messages use relative names, from inside it names relative to the
    working folder: a cached load made elsewhere must not leak its names."""
    pack = build_pack(tmp_path / "pack")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    _origins(pack)  # cached with the names seen from elsewhere
    monkeypatch.chdir(tmp_path if cwd == "above" else pack / "roles")
    fresh = load_content([pack])
    assert fresh.content is not None
    expected = [role.origin.path for role in fresh.content.roles.values() if role.origin]
    assert expected == (["pack/roles/builder.md"] if cwd == "above" else ["builder.md"])
    assert _origins(pack) == expected
    _forbid_loading(monkeypatch)
    assert _origins(pack) == expected, "and the second load from here is a cache hit"
