"""The tablet evaluator (平板评价器) at a window: `python -m app evaluator --window N`.

It logs in with its own token, bound to its window (role "evaluator"), and only ever answers
the rating session the server opened when the window's clerk finished a case:

- idle: 工作人员身份公开, the clerk's photo, name, 工号, title and the window's services
  (evaluator_state and staff_photo, again on sign-in/out, a configuration change and a
  reconnect); a calm welcome while nobody is signed in;
- rating: on rating_requested for its window (or an open session found at start-up), the five
  levels as big buttons, good to bad, with the time left;
- reasons: after a 差评 (不满意 / 非常不满意), the hall's reasons as toggles, 其他 with a text
  field, and a confirm button; evaluator_rate {session, level, reasons, note} sends it;
- thanks, then idle again. At the deadline (or when the session closes as 未评价) it goes back
  to idle without sending anything. A visitor still choosing reasons near the deadline has
  the level they pressed sent with the reasons chosen so far, so a 差评 is never lost to the
  clock (the server would close the session as 未评价).
"""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.ui.counter_desk import parse_time
from app.ui.counter_rating import LEVELS, level_text
from app.ui.evaluator_parts import COLUMN, ROW, IdlePage, LevelButton, ReasonsPage, centred
from app.ui.i18n import error_text, in_ui_language
from app.ui.interfaces import HallClientLike
from app.ui.widgets import ConnectionBanner, Debounce, MessageBar, apply_font_scale, scaled

THANKS_MS = 4000  # the thanks page stays this long
AUTO_SEND_S = 2.0  # a 差评 still on the reasons page is sent this long before the deadline
TICK_MS = 200
LEVEL_TEXT = 0.05  # the level names' size, as a share of the screen's shorter side
LOST_REPLY_S = 10.0  # no answer to a rating sent by the deadline and this long after: idle
REFRESH_KINDS = ("window_signed_in", "window_signed_out")  # of its window; config_changed: any
STYLE = """
EvaluatorScreen { background: #f4f7fb; }
#header { background: #0b4ea2; }
#header QLabel { color: white; }
#identityCard { background: white; border: 1px solid #d0d9e6; border-radius: 16px; }
#welcome { color: #0b4ea2; }
#hint, #countdown { color: #455a64; }
#refusal { color: #b71c1c; }
#prompt, #thanks { color: #0b4ea2; }
#reasonToggle { background: white; color: #263238; border: 3px solid #90a4ae;
    border-radius: 12px; padding: 0.3em; }
#reasonToggle:checked { background: #ffebee; color: #b71c1c; border-color: #b71c1c; }
#note { border: 3px solid #90a4ae; border-radius: 12px; padding: 0.3em; background: white; }
#backButton { background: white; color: #263238; border: 3px solid #90a4ae;
    border-radius: 12px; padding: 0.3em; }
#confirmButton { background: #0b4ea2; color: white; border: none; border-radius: 12px;
    padding: 0.3em; }
#confirmButton:disabled, #backButton:disabled { background: #cfd8dc; color: #eceff1; }
"""
IDLE, RATING, REASONS, THANKS = range(4)


def reason_name(reason: dict[str, Any]) -> str:
    """A 差评 reason as the hall's configuration names it, in the screen's language."""
    name = in_ui_language(reason.get("zh"), reason.get("en"), reason.get("code"))
    return name[:1].upper() + name[1:]


def level_name(level: int, zh: Any, en: Any) -> str:
    """The five levels by the screens' own names (as the desk shows them); any other by the
    server's."""
    return level_text(level) if level in LEVELS else in_ui_language(zh, en, level)


class EvaluatorScreen(QWidget):
    def __init__(
        self,
        client: HallClientLike,
        window: int,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        thanks_ms: int = THANKS_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client, self.window_no, self.now = client, window, now
        self.state: dict[str, Any] = {}
        self.session: dict[str, Any] | None = None  # {session, number, timeout_s}
        self.level: int | None = None
        self.sending = False
        self._ends_at = 0.0  # time.monotonic() at the session's deadline
        self._photo: QPixmap | None = None
        self._photo_stale = False
        self._portrait: bool | None = None
        self.setObjectName("EvaluatorScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Rate our service · window {window}").format(window=window))
        self._build()
        self._refresh = Debounce(self.refresh, 200, self)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._thanks = QTimer(self)
        self._thanks.setSingleShot(True)
        self._thanks.setInterval(thanks_ms)
        self._thanks.timeout.connect(self.go_idle)
        client.connected_changed.connect(self._on_connected)
        client.event_received.connect(self._on_event)
        auth_failed = getattr(client, "auth_failed", None)  # app.net's client has it
        if auth_failed is not None:
            auth_failed.connect(self._on_auth_failed)
        self.show_idle()
        if client.is_connected:
            self.refresh()

    # layout
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(ConnectionBanner(self.client))
        header = QWidget()
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        head = QBoxLayout(ROW, header)
        head.setContentsMargins(24, 12, 24, 12)
        self.window_title = scaled(QLabel(""), 0.05, bold=True)
        head.addWidget(self.window_title)
        root.addWidget(header)
        self.message = scaled(MessageBar(), 0.035)
        root.addWidget(self.message)
        self.pages = QStackedWidget()
        root.addWidget(self.pages, 1)

        self.idle = IdlePage()
        self.pages.addWidget(self.idle)

        rating = QWidget()
        column = QBoxLayout(COLUMN, rating)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(12)
        self.prompt = scaled(centred(QLabel(self.tr("Please rate our service"))), 0.065, bold=True)
        self.prompt.setObjectName("prompt")
        self.case = scaled(centred(QLabel("")), 0.04)
        self.levels_host = QWidget()
        self.levels_box = QBoxLayout(ROW, self.levels_host)
        self.levels_box.setContentsMargins(0, 0, 0, 0)
        self.levels_box.setSpacing(16)
        self.level_buttons: dict[int, LevelButton] = {}
        self.countdown = scaled(centred(QLabel("")), 0.04)
        self.countdown.setObjectName("countdown")
        column.addWidget(self.prompt)
        column.addWidget(self.case)
        column.addWidget(self.levels_host, 1)
        column.addWidget(self.countdown)
        self.rating_page = rating
        self.pages.addWidget(rating)

        self.reasons = ReasonsPage()
        self.reasons.title.setText(self.tr("What were you not satisfied with? (choose any)"))
        self.reasons.note.setPlaceholderText(self.tr("Tell us more (you may leave this empty)"))
        self.reasons.back.setText(self.tr("Back"))
        self.reasons.confirm.setText(self.tr("Send my rating"))
        self.reasons.back.clicked.connect(self._back_to_levels)
        self.reasons.confirm.clicked.connect(self._confirm)
        self.reasons.note.returnPressed.connect(self._note_done)
        self.pages.addWidget(self.reasons)

        thanks = QWidget()
        column = QBoxLayout(COLUMN, thanks)
        self.thanks_title = scaled(
            centred(QLabel(self.tr("Thank you for your rating"))), 0.1, bold=True
        )
        self.thanks_title.setObjectName("thanks")
        self.thanks_note = scaled(centred(QLabel(self.tr("Your rating has been recorded"))), 0.05)
        column.addStretch(1)
        column.addWidget(self.thanks_title)
        column.addWidget(self.thanks_note)
        column.addStretch(1)
        self.pages.addWidget(thanks)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._turn(self.height() > self.width())
        self._scale()
        super().resizeEvent(event)
        QTimer.singleShot(0, self._show_photo)  # once the layout has placed the photo

    def _scale(self) -> None:
        """Fonts from the shorter side (the same in both orientations), and buttons at least
        two lines of their text high."""
        base = min(self.width(), self.height())
        apply_font_scale(self, base)
        for button in self.level_buttons.values():
            button.set_text_size(int(base * LEVEL_TEXT))
        page = self.reasons
        for widget in (page.back, page.confirm, page.note):
            widget.setMinimumHeight(int(widget.font().pixelSize() * 2.4))

    def _turn(self, portrait: bool) -> None:
        """The tablet turned: levels in a column (portrait) or a row (landscape)."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        self.levels_box.setDirection(COLUMN if portrait else ROW)
        for button in self.level_buttons.values():
            button.set_portrait(portrait)
        self.idle.set_portrait(portrait)
        self.reasons.set_portrait(portrait)

    # data
    def _on_connected(self, connected: bool) -> None:
        if connected:
            self.idle.refusal.hide()
            self.refresh()

    def _on_auth_failed(self, error: dict[str, Any]) -> None:
        self.idle.refusal.setText(error_text(error))
        self.idle.refusal.show()

    def refresh(self) -> None:
        if self.client.is_connected:
            self.client.request("evaluator_state", {}, self.on_state, self._refused)

    def on_state(self, state: dict[str, Any]) -> None:
        staff_before = self.state.get("staff_no")
        self.state = dict(state)
        self._set_levels(state.get("levels") or [])
        self.reasons.set_reasons([(r["code"], reason_name(r)) for r in state.get("reasons") or []])
        self._scale()
        if state.get("staff_no") != staff_before:
            self._photo = None  # the surname disc until the new clerk's photo comes
        if state.get("staff_no") != staff_before or self._photo_stale:
            self._photo_stale = False
            if state.get("staff_no"):
                self.client.request("staff_photo", {"staff_no": state["staff_no"]}, self._on_photo)
        self.show_idle()
        session = state.get("session")
        if session and session.get("open"):
            if self.session is None or self.session["session"] != session["session"]:
                deadline, now = parse_time(session.get("deadline")), self.now()
                timeout = float(session.get("timeout_s") or 0)
                left = (deadline - now).total_seconds() if deadline else timeout
                self.open_session(session, min(timeout, left))
        elif self.pages.currentIndex() in (RATING, REASONS) and not self.sending:
            self.go_idle()  # it closed while this tablet was away

    def _set_levels(self, levels: list[list[Any]]) -> None:
        """The five levels, best first, as the server lists them ([level, 中文, English])."""
        wanted = [(int(lv[0]), level_name(int(lv[0]), lv[1], lv[2])) for lv in levels]
        if [(b.level, b.name.text()) for b in self.level_buttons.values()] == wanted:
            return
        for button in self.level_buttons.values():
            button.deleteLater()
        self.level_buttons = {}
        for level, name in wanted:
            button = LevelButton(level, name)
            button.clicked.connect(lambda _=False, lv=level: self._chose(lv))
            button.set_portrait(bool(self._portrait))
            self.levels_box.addWidget(button, 1)
            self.level_buttons[level] = button
        self._scale()

    def _on_photo(self, reply: dict[str, Any]) -> None:
        if reply.get("staff_no") != self.state.get("staff_no"):
            return  # another clerk has signed in since
        photo = reply.get("photo")
        pixmap = QPixmap()
        self._photo = pixmap if photo and pixmap.loadFromData(base64.b64decode(photo)) else None
        self._show_photo()

    def _on_event(self, event: dict[str, Any]) -> None:
        kind, data = event.get("kind"), event.get("data") or {}
        self._photo_stale |= kind == "config_changed"  # a new photo, perhaps
        if kind == "config_changed" or (
            kind in REFRESH_KINDS and data.get("window") == self.window_no
        ):
            self._refresh.trigger()
        if data.get("window") != self.window_no:
            return
        if kind == "rating_requested":
            self.open_session(data, float(data.get("timeout_s") or 0))
        elif kind == "rating_recorded" and data.get("session") == self.token():
            self._closed(data.get("level"))

    def _refused(self, error: dict[str, Any]) -> None:
        self.message.show_error(error_text(error))

    # the flow
    def token(self) -> int | None:
        """The open session shown (the token the server gave it), if any."""
        return None if self.session is None else int(self.session["session"])

    def open_session(self, session: dict[str, Any], seconds_left: float) -> None:
        """A rating session of this window opened: the five levels, until its deadline."""
        if seconds_left <= 0 or not self.level_buttons:
            return
        self.session = {k: session.get(k) for k in ("session", "number", "timeout_s")}
        self.level, self.sending = None, False
        self._ends_at = time.monotonic() + seconds_left
        self._thanks.stop()
        self.message.clear_message()
        number = session.get("number") or ""
        self.case.setText(self.tr("Your number: {number}").format(number=number) if number else "")
        self._enable(True)
        self.reasons.reset()
        self.pages.setCurrentIndex(RATING)
        self._on_tick()
        self._tick.start()

    def _chose(self, level: int) -> None:
        if self.session is None or self.sending:
            return
        self.level = level
        if level <= int(self.state.get("bad_max") or 0):
            self.reasons.reset()
            name = self.level_buttons[level].name.text()
            self.reasons.chosen.setText(self.tr("Your rating: {level}").format(level=name))
            self.pages.setCurrentIndex(REASONS)
            self._on_tick()
        else:
            self._send([], "")

    def _back_to_levels(self) -> None:
        if not self.sending:
            self.level = None
            self.reasons.reset()
            self.pages.setCurrentIndex(RATING)

    def _note_done(self) -> None:
        """Enter on the on-screen keyboard: put the keyboard away, the text stays."""
        self.reasons.note.clearFocus()
        QGuiApplication.inputMethod().hide()

    def _confirm(self) -> None:
        self._send(*self.reasons.answer())

    def _send(self, codes: list[str], note: str) -> None:
        if self.session is None or self.level is None or self.sending:
            return
        self.sending = True
        self._enable(False)
        QGuiApplication.inputMethod().hide()
        args = {"session": self.session["session"], "level": self.level, "reasons": codes}
        if note:
            args["note"] = note
        token = self.session["session"]
        self.client.request(
            "evaluator_rate", args, lambda _: self._sent(token), lambda e: self._not_sent(token, e)
        )

    def _sent(self, token: int) -> None:
        if self.session is not None and self.session["session"] == token:
            self._closed(self.level)

    def _not_sent(self, token: int, error: dict[str, Any]) -> None:
        """Refused (too late, or another device of the window answered first: then its
        rating_recorded has shown the thanks already)."""
        if self.token() == token and self.pages.currentIndex() != THANKS:
            self.go_idle()
            self.message.show_error(error_text(error))

    def _closed(self, level: Any) -> None:
        """The session closed: with a rating (thanks), or as 未评价 (back to idle)."""
        if level is None:
            self.go_idle()
        elif self.pages.currentIndex() != THANKS:
            self._tick.stop()
            self.pages.setCurrentIndex(THANKS)
            self._thanks.start()

    def _on_tick(self) -> None:
        if self.session is None:
            return
        left = self._ends_at - time.monotonic()
        if self.pages.currentIndex() == REASONS and left <= AUTO_SEND_S and not self.sending:
            self._confirm()  # the visitor pressed a 差评: it is not lost to the clock
        if left <= 0 and (not self.sending or left < -LOST_REPLY_S):
            self.go_idle()
            return
        text = self.tr("{seconds} s left").format(seconds=max(0, int(left + 0.999)))
        self.countdown.setText(text)
        self.reasons.countdown.setText(text)

    def go_idle(self) -> None:
        self._tick.stop()
        self._thanks.stop()
        self.session, self.level, self.sending = None, None, False
        self.reasons.reset()
        QGuiApplication.inputMethod().hide()
        self.pages.setCurrentIndex(IDLE)

    def _enable(self, enabled: bool) -> None:
        for button in (*self.level_buttons.values(), self.reasons.back, self.reasons.confirm):
            button.setEnabled(enabled)
        for toggle in self.reasons.toggles:
            toggle.setEnabled(enabled)

    # views
    def show_idle(self) -> None:
        name = self.state.get("window_name") or ""
        self.window_title.setText(
            self.tr("Window {window}  {name}").format(window=self.window_no, name=name)
        )
        self.idle.show_state(self.state)
        self._show_photo()

    def _show_photo(self) -> None:
        self.idle.show_photo(self._photo, str(self.state.get("staff_name") or ""))
