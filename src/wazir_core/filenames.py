"""The names of the files wazir reads: a module of their own, so the light paths (hooks, the
rebuild check) can use them without importing pydantic."""

CONFIG_FILE = "wazir.yaml"
PACK_MANIFEST = "pack.yaml"
