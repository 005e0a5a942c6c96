"""``wazir init``: a commented ``wazir.yaml`` with the project's detected stacks."""

from __future__ import annotations

from pathlib import Path

from wazir_core.detect import detect_stacks
from wazir_core.diagnostics import Diagnostic, WazirError
from wazir_core.filenames import CONFIG_FILE
from wazir_core.writing.apply import write_atomic

_TEMPLATE = """\
# Wazir project configuration. Every key is optional; `wazir schema config` prints the schema.

# Hosts `wazir build` generates files for (claude, codex, cursor, gemini, or any installed
# third-party target). Empty: every installed target.
targets: []

# Stacks select expertise modules for each role. Detected from this project's files:
stacks: {stacks}

# Concerns add expertise for what this project deals with, e.g. auth, payments, pii,
# accessibility, i18n, public-api. `wazir compose --role reviewer --explain` shows the effect.
concerns: []

# Extra content packs (folders with a pack.yaml), layered after wazir's own, in this order.
packs: []

# Paths the write guard protects, in addition to the content pack's (globs, '/' separators).
protected_paths: []

# At most this many expertise modules and estimated tokens per role.
budget:
  max_modules: 15
  max_tokens: 40000

# Per-target options, validated by each target, e.g.
# options:
#   claude: {{}}
options: {{}}
"""


def write_config(project: Path, force: bool = False) -> tuple[Path, tuple[str, ...]]:
    path = project / CONFIG_FILE
    if path.exists() and not force:
        raise WazirError([Diagnostic(path.as_posix(), message=(
            "already exists; wazir init leaves it alone (use --force to replace it)"))],
            exit_code=1)
    stacks = detect_stacks(project)
    listed = "[" + ", ".join(stacks) + "]"
    write_atomic(path, _TEMPLATE.format(stacks=listed).encode("utf-8"))
    return path, stacks
