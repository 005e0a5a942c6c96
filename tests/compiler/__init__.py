"""Tests of the compiler: plugin host, composition, config, safe writing and the commands."""
