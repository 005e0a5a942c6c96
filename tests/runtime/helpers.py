"""Running wazir the way a host does: a separate process, stdin in, exit code out."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Done:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def wazir(*args: str | Path, stdin: bytes | str | None = None, cwd: Path | None = None,
          env: dict[str, str] | None = None) -> Done:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run([sys.executable, "-m", "wazir_core", *map(str, args)],
                          input=data if data is not None else b"", capture_output=True,
                          cwd=cwd, env=env, timeout=120, check=False)
    return Done(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                proc.stderr.decode("utf-8", "replace"))


def hook(name: str, payload: dict[str, Any] | bytes | str, *options: str | Path,
         cwd: Path | None = None) -> Done:
    data = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    return wazir("hook", name, *options, stdin=data, cwd=cwd)


def run_in_process(name: str, payload: dict[str, Any] | bytes, host: str | None = None,
                   project: Path | None = None, state_root: Path | None = None) -> Any:
    from wazir_core.runtime.hooks import run_hook

    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return run_hook(name, host, io.BytesIO(data), project, state_root, env={})
