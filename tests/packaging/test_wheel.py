"""The core wheel ships the bundled content pack, and an installed wheel can use it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        if os.environ.get("CI"):  # scripts/test installs uv: missing there is a failure
            pytest.fail("uv is not installed")
        pytest.skip("uv is not installed")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([uv, "build", "--wheel", "--package", "wazir", "-o", str(out)], cwd=ROOT,
                   check=True, capture_output=True)
    return next(out.glob("wazir-*.whl"))


def test_wheel_contains_the_content_pack(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "wazir_core/_content/pack.yaml" in names
        assert "wazir_core/_content/expertise/composition.yaml" in names
        assert "wazir_core/rendering/templates/_wazir/instructions.md.j2" in names
        assert "wazir_core/testing/sample_pack/pack.yaml" in names
        assert "wazir_core/py.typed" in names
        script = zf.getinfo("wazir_core/_content/skills/scanning-a-project/scripts/"
                            "list-manifests.sh")
        assert (script.external_attr >> 16) & stat.S_IXUSR, "executable bit lost in the wheel"
        source = sum(1 for p in (ROOT / "content").rglob("*") if p.is_file())
        shipped = sum(1 for n in names if n.startswith("wazir_core/_content/")
                      and not n.endswith("/"))
        assert shipped == source


def test_installed_wheel_validates_its_own_pack(wheel: Path, tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv is not None
    site = tmp_path / "site"
    subprocess.run([uv, "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from wazir_core.bundled import bundled_pack; print(bundled_pack())")
    where = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True,
                           text=True, check=True, cwd=tmp_path).stdout.strip()
    assert where.startswith(str(site)), where
    result = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                             "sys.argv = ['wazir', 'validate', sys.argv[2]];"
                             "from wazir_core.__main__ import main; main()", str(site), where],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "10 roles" in result.stdout
