"""The plugin contract: hookspecs, the Target API, FileSet, and the typed plugin host."""
