"""The Qt screens: kiosk, clerk workstation, lobby display, counter screen, voice.

Importing app.net first applies its guard against PySide6 6.12.0's lost references to None
(every void Qt call drops one; see app/runtime/qt_refcounts.py) before any screen runs.
"""

from app.runtime import qt_refcounts

__all__ = ["qt_refcounts"]
