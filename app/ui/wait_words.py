"""How a visitor is told the wait, in one place: the kiosk's service button and the ticket on
its screen use this same line.

What the windows do now comes first (app.hall.availability): with no window serving the
service the visitor reads 暂无窗口办理, or the time it is served again, never a figure. Else
the estimate, worded by the predictor's own rule (app.queue.predict.format_wait), read
defensively: a service load or an issued ticket carries `estimated_wait_s`, and may carry the
likely range (`wait_low_s`, `wait_high_s`) and a reason (`wait_note`), which are passed on
only when present.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.queue.predict import format_wait
from app.ui.i18n import ui_language

EXTRA_FIELDS = (("low", "wait_low_s"), ("high", "wait_high_s"), ("reason", "wait_note"))


def wait_words(info: Mapping[str, Any], windows: Mapping[str, Any] | None = None) -> str:
    """The wait of a service load or an issued ticket as the visitor reads it; `windows` is
    the service's availability (reason, opens_at), when known. "" when there is nothing to
    say (no estimate, no reason)."""
    reason = str((windows or {}).get("reason") or "")
    opens = (windows or {}).get("opens_at")
    if reason == "lunch" and opens:
        text = QCoreApplication.translate("Wait", "Lunch break: served again from {time}")
        return text.format(time=opens)
    if reason == "before_hours" and opens:
        return QCoreApplication.translate("Wait", "Served from {time}").format(time=opens)
    if reason:
        return QCoreApplication.translate("Wait", "No window serves this now")
    seconds = info.get("estimated_wait_s")
    extra = {name: info[key] for name, key in EXTRA_FIELDS if key in info}
    if seconds is None and not extra.get("reason"):
        return ""
    return format_wait(seconds, ui_language(), **extra)
