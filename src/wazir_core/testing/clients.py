"""Running a host's real client on generated output, through a conformance-kit check script.

A check script (``validate-<host>.sh <folder>``) exits 0 when the client accepts the folder,
1 when it rejects it and 2 when the client is not available. A missing script or client skips
the test with the reason; under CI (``CI`` set and ``WAZIR_CLIENTS`` not ``skip``) it fails,
so a CI run cannot pass without the clients.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

#: The exit status of a check script whose client is not installed.
UNAVAILABLE = 2


def client_unavailable(message: str) -> NoReturn:
    """Skip the test, or fail it under CI, because a client or the kit is missing."""
    if os.environ.get("CI") and os.environ.get("WAZIR_CLIENTS") != "skip":
        pytest.fail(message)
    pytest.skip(message)


def run_client_check(script: Path, folder: Path, client: str, timeout: float = 900
                     ) -> subprocess.CompletedProcess[str]:
    """Run ``bash script folder``; returns the finished process when the client answered
    (exit 0 or 1), and skips (or fails under CI) when the script or the client is missing."""
    if not script.is_file():
        client_unavailable(f"conformance kit check not found at {script}")
    result = subprocess.run(["bash", str(script), str(folder)], capture_output=True,
                            text=True, timeout=timeout, check=False)
    if result.returncode == UNAVAILABLE:
        client_unavailable(f"{client} client not available: {result.stdout[-400:]} "
                           f"{result.stderr[-400:]}")
    return result


__all__ = ["UNAVAILABLE", "client_unavailable", "run_client_check"]
