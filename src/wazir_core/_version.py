"""Version numbers, kept in a module with no imports so the fast paths can read them."""

__version__ = "0.1.0"

#: The plugin API this core speaks. A plugin declares the version it was written for; the
#: core accepts the same major version with a minor version not newer than its own.
PLUGIN_API_VERSION = "1.0"
