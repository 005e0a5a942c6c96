"""Rendering helpers for targets: serializers for host formats and the Jinja environment."""
