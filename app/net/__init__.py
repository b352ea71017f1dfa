"""Hall server hub and client over QtWebSockets (transport only)."""

from app.runtime import qt_refcounts

__all__ = ["qt_refcounts"]
