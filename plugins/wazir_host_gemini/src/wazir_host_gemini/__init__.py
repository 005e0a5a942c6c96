"""Wazir target for gemini."""
