"""Refusals of the reviews part (see reviews/errors/__init__.py)."""
from core.errors import DomainError  # noqa: F401

__all__ = []
