"""What runs while an agent works: guard hooks, the run ledger, and the setup doctor.

Hooks start often and must start fast, so modules here import the config and content
loaders (pydantic, ruamel, marko) only inside the functions that need them.
"""
