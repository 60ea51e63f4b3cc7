"""Manchette: a self-hosted news portal engine."""

__version__ = "0.1.0"
