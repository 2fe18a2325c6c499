"""Representations of the register in the API (read side)."""
