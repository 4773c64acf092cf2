"""Thin Telegram handlers: parse the update, check the role, call the core, render."""
