"""The test kit for host plugin authors: fixtures, a sample content pack, and ``TargetContract``.

Enable it in a plugin's ``conftest.py`` with ``pytest_plugins = ["wazir_core.testing.plugin"]``
and subclass ``TargetContract`` in a test file, setting only ``target_name``.
"""

from wazir_core.testing.contract import TargetContract
from wazir_core.testing.project import SAMPLE_PACK, ProjectFactory, render_sample

__all__ = ["SAMPLE_PACK", "ProjectFactory", "TargetContract", "render_sample"]
