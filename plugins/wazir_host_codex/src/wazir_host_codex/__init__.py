"""Wazir target for codex."""
