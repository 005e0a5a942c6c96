"""Wazir target for claude."""
