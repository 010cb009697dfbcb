"""The ``lifebuoy`` command."""

from lifebuoy.cli.app import app, main

__all__ = ["app", "main"]
