"""Stands in for PySide6 when scripts/test checks that the core runs on a machine without Qt:
with this folder first on PYTHONPATH, any import of PySide6 fails as it would there."""

raise ImportError("PySide6 is hidden: this run checks that the core needs no Qt")
