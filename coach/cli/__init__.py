"""The `coach` command line."""

from coach.cli.main import app

__all__ = ["app"]
