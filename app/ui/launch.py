"""Builds and runs each screen role (called from app/__main__.py, the composition root's
command line): the Qt application, the hall client from the config file, the devices."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from app import config
from app.config_file import load_config
from app.runtime.qt_gc import collect_on_main_thread
from app.ui.i18n import install_translator
from app.ui.interfaces import HallClientLike, KeypadLike, PrinterLike
from app.ui.keypad_bridge import KeypadDriverAdapter
from app.ui.resources import icons_dir, resources_dir, voice_dir
from app.ui.voice import AnnouncementQueue, make_backend

log = logging.getLogger(__name__)
KIOSK_IDLE_S = 60  # not in the config file yet
WINDOWED = "HALLQUEUE_WINDOWED"  # set to 1 to run a screen in a window (tests, laptops)
GEOMETRY_FILE = "windows.ini"  # beside the config: where windows were last left
SCREEN_SHARE = 0.85  # a window not yet placed takes this share of the screen, centred


def load_settings(args: argparse.Namespace) -> config.Config:
    path = getattr(args, "config", None)
    return load_config(Path(path) if path else None)


def make_app(language: str) -> QApplication:
    """The Qt application: high-DPI aware, the bundled CJK font, the chosen language."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    collect_on_main_thread(app)
    app.setApplicationName("hallqueue")
    font = resources_dir() / "fonts" / "wqy-microhei.ttc"
    if font.exists():
        QFontDatabase.addApplicationFont(str(font))
    icon = icons_dir() / "hallqueue.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_translator(app, language)
    return app


def show(widget: QWidget, *, full_screen: bool, screen: int = 0) -> None:
    """Full screen, or maximised; the geometry is set first as well, so that without a window
    manager (a bare X session on a kiosk) the window still fills the screen or a sensible
    share of it instead of its minimum size."""
    screens = QGuiApplication.screens()
    target = screens[screen] if 0 <= screen < len(screens) else QGuiApplication.primaryScreen()
    if 0 < screen < len(screens):
        widget.setScreen(screens[screen])
        widget.move(screens[screen].geometry().topLeft())
    if os.environ.get(WINDOWED) == "1":
        widget.resize(1280, 800)
        widget.show()
    elif full_screen:
        if target is not None:
            widget.setGeometry(target.geometry())
        widget.showFullScreen()
    else:
        if target is not None:
            widget.setGeometry(share_of(target.availableGeometry()))
        widget.showMaximized()


def share_of(area: QRect) -> QRect:
    """SCREEN_SHARE of an area, centred in it."""
    width, height = int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE)
    left = area.x() + (area.width() - width) // 2
    top = area.y() + (area.height() - height) // 2
    return QRect(left, top, width, height)


def geometry_store(path: Path | None = None) -> QSettings:
    return QSettings(str(path or config.config_dir() / GEOMETRY_FILE), QSettings.Format.IniFormat)


def restore_geometry(widget: QWidget, name: str, store: Path | None = None) -> bool:
    """The window where it was last closed (its size, place, maximised or not); else a
    sensible share of its screen. True when a saved geometry was used."""
    saved = geometry_store(store).value(f"{name}/geometry")
    if isinstance(saved, QByteArray | bytes) and widget.restoreGeometry(QByteArray(saved)):
        return True
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        widget.setGeometry(share_of(screen.availableGeometry()))
    return False


def save_geometry(widget: QWidget, name: str, store: Path | None = None) -> None:
    settings = geometry_store(store)
    settings.setValue(f"{name}/geometry", widget.saveGeometry())
    settings.sync()


class GeometryKeeper(QObject):
    """Saves a window's geometry when it closes (restore_geometry puts it back)."""

    def __init__(self, widget: QWidget, name: str, store: Path | None = None) -> None:
        super().__init__(widget)
        self.name, self.store = name, store
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and isinstance(watched, QWidget):
            save_geometry(watched, self.name, self.store)
        return False


def hall_client(settings: config.Config, role: str, **credential: Any) -> HallClientLike:
    from app.net.client import HallClient

    base = {"token": settings.client_token, "machine": settings.client_machine}
    url, pin = settings.client_server_url, settings.client_fingerprint
    return HallClient(url, role, base | credential, fingerprint=pin)


def make_printer(settings: config.Config, data_dir: Path | None = None) -> PrinterLike | None:
    from app.devices.printing import EscPosTicketPrinter, PdfTicketPrinter

    if settings.printer_backend == "escpos" and settings.printer_target:
        return EscPosTicketPrinter(settings.printer_target)
    if settings.printer_backend == "pdf":
        return PdfTicketPrinter((data_dir or config.data_dir()) / "tickets")
    return None


def make_keypad(settings: config.Config, window: int) -> KeypadLike | None:
    """The window's keypad driver, when the config names its port."""
    keypad = settings.keypads.get(window)
    if keypad is None or not keypad.url:
        return None
    from app.devices.keypad.driver import KeypadDriver

    driver = KeypadDriver(keypad.url, [keypad.address])
    driver.start()
    return KeypadDriverAdapter(driver, keypad.address)


def make_voice(settings: config.Config) -> AnnouncementQueue:
    return AnnouncementQueue(make_backend(settings.voice_backend, voice_dir()))


def slip_factory(settings: config.Config) -> Any:
    from app.devices.printing import TicketSlip

    return lambda issued, hall_name: TicketSlip.from_dict(issued, hall_name or settings.hall_name)


def run_kiosk(args: argparse.Namespace) -> int:
    from app.ui.kiosk import KioskScreen

    settings = load_settings(args)
    app = make_app(settings.language)
    client = hall_client(settings, "kiosk")
    kiosk = KioskScreen(
        client,
        make_printer(settings),
        slip_factory=slip_factory(settings),
        idle_timeout_s=KIOSK_IDLE_S,
    )
    client.open()
    show(kiosk, full_screen=True)
    return app.exec()


def run_display(args: argparse.Namespace) -> int:
    from app.ui.display import LobbyDisplay

    settings = load_settings(args)
    app = make_app(settings.language)
    client = hall_client(settings, "display")
    display = LobbyDisplay(client, make_voice(settings))
    client.open()
    show(display, full_screen=True)
    return app.exec()


def run_counter_screen(args: argparse.Namespace) -> int:
    """The counter screen as its own program: it connects as a display machine."""
    from app.ui.counter_screen import CounterScreen

    settings = load_settings(args)
    app = make_app(settings.language)
    client = hall_client(settings, "display")
    screen = CounterScreen(client, args.window)
    client.open()
    show(screen, full_screen=True)
    return app.exec()


def run_counter(args: argparse.Namespace) -> int:
    """The clerk workstation; with a second monitor, the counter screen goes on it."""
    from app.ui.counter import ClerkWorkstation

    settings = load_settings(args)
    app = make_app(settings.language)
    window = int(args.window)

    def connect(staff_no: str, password: str, **more: str) -> HallClientLike:
        credential = {"window": window, "staff_no": staff_no, "password": password, **more}
        return hall_client(settings, "counter", **credential)

    # No keypad of its own in [devices.keypads]: the window's keypad is on the server's bus,
    # or it has a tablet evaluator; the server asks those itself.
    keypad = make_keypad(settings, window)
    station = ClerkWorkstation(window, connect, keypad)
    attach_counter_screen(station)
    show(station, full_screen=False)
    return app.exec()


def run_evaluator(args: argparse.Namespace) -> int:
    """The window's tablet evaluator (平板评价器): its own token from the config's [client],
    good for this window only (the server's [tokens.evaluator])."""
    from app.ui.evaluator import EvaluatorScreen

    settings = load_settings(args)
    app = make_app(settings.language)
    window = int(args.window)
    client = hall_client(settings, "evaluator", window=window)
    screen = EvaluatorScreen(client, window)
    client.open()
    show(screen, full_screen=True)
    return app.exec()


def attach_counter_screen(station: Any, screen_index: int = 1) -> None:
    """Shows the window's counter screen on the given monitor while a clerk is logged in."""
    from app.ui.counter_screen import CounterScreen

    if len(QGuiApplication.screens()) <= screen_index:
        return
    shown: list[QWidget] = []

    def logged_in(client: HallClientLike) -> None:
        screen = CounterScreen(client, station.window_no)
        shown.append(screen)
        show(screen, full_screen=True, screen=screen_index)

    def logged_out() -> None:
        while shown:
            shown.pop().close()

    station.logged_in.connect(logged_in)
    station.logged_out.connect(logged_out)


def run_role(args: argparse.Namespace) -> int:
    runners = {
        "kiosk": run_kiosk,
        "counter": run_counter,
        "display": run_display,
        "counter-screen": run_counter_screen,
        "evaluator": run_evaluator,
    }
    return runners[args.command](args)


class EmbeddedParts:
    """Everything the one-PC hall shows, built on the in-process server (app.embedded_hall)."""

    def __init__(
        self,
        settings: config.Config,
        data_dir: Path,
        *,
        window: int = 1,
        db_url: str | None = None,
        jobs: bool = False,
    ) -> None:
        from app.devices.keypad.driver import KeypadDriver
        from app.devices.keypad.simulator import KeypadSimulator
        from app.devices.printing import PdfTicketPrinter
        from app.embedded_hall import EmbeddedHall
        from app.ui.counter import ClerkWorkstation
        from app.ui.display import LobbyDisplay
        from app.ui.keypad_sim_panel import SimulatedKeypadPanel
        from app.ui.kiosk import KioskScreen

        self.hall = EmbeddedHall(settings, data_dir=data_dir, db_url=db_url, jobs=jobs)
        self.hall.start()
        self.simulator = KeypadSimulator.on_tcp().start()
        self.driver = KeypadDriver(self.simulator.url, [1])
        self.driver.start()
        printer = make_printer(settings, data_dir) or PdfTicketPrinter(data_dir / "tickets")
        kiosk_client = self.hall.kiosk()
        self.kiosk = KioskScreen(
            kiosk_client,
            printer,
            slip_factory=slip_factory(settings),
            idle_timeout_s=KIOSK_IDLE_S,
        )
        display_client = self.hall.display()
        self.voice = make_voice(settings)
        self.display = LobbyDisplay(display_client, self.voice)
        self.station = ClerkWorkstation(
            window,
            lambda staff_no, password, **more: self.hall.counter(
                window, staff_no, password, **more
            ),
            KeypadDriverAdapter(self.driver, 1),
        )
        self.keypad_panel = SimulatedKeypadPanel(self.simulator, 1, window)
        kiosk_client.open()
        display_client.open()

    def show(self) -> None:
        """Tile the four windows over the screen so a newcomer sees the whole hall at once:
        display top left, kiosk on the right, the clerk's desk below, the keypad under it."""
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        width, height = (area.width(), area.height()) if area else (1600, 1000)
        left, top = (area.x(), area.y()) if area else (0, 0)
        kiosk_w = max(360, width // 2)
        main_w = width - kiosk_w
        display_h = height * 2 // 5
        panel_h = max(110, height // 8)
        places = (
            (self.display, (left, top, main_w, display_h)),
            (self.station, (left, top + display_h, main_w, height - display_h - panel_h)),
            (self.keypad_panel, (left, top + height - panel_h, main_w, panel_h)),
            (self.kiosk, (left + main_w, top, kiosk_w, height)),
        )
        for widget, (x, y, w, h) in places:
            widget.setGeometry(x, y, w, h)
            widget.show()

    def close(self) -> None:
        self.hall.stop()  # first: the clients close before the screens that use them go
        self.driver.stop()
        self.simulator.close()
        for widget in (self.kiosk, self.display, self.station, self.keypad_panel):
            widget.close()


def run_embedded(args: argparse.Namespace) -> int:
    """`python -m app`: server, kiosk, one clerk workstation (window 1, with a simulated
    keypad), the lobby display, all in this process on 127.0.0.1."""
    settings = load_settings(args)
    app = make_app(settings.language)
    parts = EmbeddedParts(settings, config.data_dir(), db_url=getattr(args, "db", None), jobs=True)
    parts.show()
    code = app.exec()
    parts.close()
    return code
