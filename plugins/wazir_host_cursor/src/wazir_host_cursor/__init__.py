"""Wazir target for cursor."""
