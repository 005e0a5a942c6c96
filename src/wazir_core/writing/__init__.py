"""The Write step — the only code that changes the project tree."""

from wazir_core.writing.apply import apply_plan
from wazir_core.writing.plan import Action, Plan, make_plan

__all__ = ["Action", "Plan", "apply_plan", "make_plan"]
