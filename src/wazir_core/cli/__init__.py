"""The typer command-line interface. Command modules import heavy libraries lazily."""
