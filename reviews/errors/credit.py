"""Refusals of the credit part (see reviews/errors/__init__.py)."""
from core.errors import DomainError  # noqa: F401

__all__ = []
