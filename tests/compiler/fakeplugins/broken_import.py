"""A plugin module that raises while it is imported."""

raise RuntimeError("broken_import exploded at import time")
