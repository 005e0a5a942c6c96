"""Test-only plugin modules. Subprocesses load them with
``WAZIR_PLUGINS=tests.compiler.fakeplugins.<module>`` (and ``PYTHONPATH`` = the repository)."""
