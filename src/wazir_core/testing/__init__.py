"""The test kit for host plugin authors: fixtures, a sample content pack, and ``TargetContract``.

Enable it in a plugin's ``conftest.py`` with ``pytest_plugins = ["wazir_core.testing.plugin"]``
and subclass ``TargetContract`` in a test file, setting only ``target_name``. The helpers
below serve a plugin's own tests: golden files (``compare_golden``), throw-away projects
(``make_project``, ``build_clean``, ``output_tree``, ``errors``), shared format checks
(``split_frontmatter``, ``hook_problems``) and real-client checks (``run_client_check``).
"""

from wazir_core.testing.checks import anchored_regex_problems, hook_problems, split_frontmatter
from wazir_core.testing.clients import client_unavailable, run_client_check
from wazir_core.testing.contract import TargetContract
from wazir_core.testing.golden import (
    EXECUTABLE_MARK,
    GOLDEN_SUFFIX,
    compare_golden,
    mark_executables,
)
from wazir_core.testing.project import (
    SAMPLE_PACK,
    ProjectFactory,
    build_clean,
    errors,
    make_project,
    output_tree,
    render_sample,
)

__all__ = ["EXECUTABLE_MARK", "GOLDEN_SUFFIX", "SAMPLE_PACK", "ProjectFactory", "TargetContract",
           "anchored_regex_problems", "build_clean", "client_unavailable", "compare_golden",
           "errors", "hook_problems", "make_project", "mark_executables", "output_tree",
           "render_sample", "run_client_check", "split_frontmatter"]
