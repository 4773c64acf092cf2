"""Lotsenbot: multilingual help for newcomers in Magdeburg."""

__version__ = "0.1.0"
