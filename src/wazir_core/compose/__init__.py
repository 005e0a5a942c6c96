"""The Compose step: which expertise modules each role loads, with every decision explained."""

from wazir_core.compose.engine import Composition, Decision, Selected, compose, compose_all

__all__ = ["Composition", "Decision", "Selected", "compose", "compose_all"]
