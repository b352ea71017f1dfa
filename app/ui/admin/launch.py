"""Runs the admin console from the config file: the hall server's URL, the language, this
PC's ticket printer for reprints (optional)."""

from __future__ import annotations

import argparse
from typing import Any

from app import config
from app.ui.admin.console import AdminConsole
from app.ui.admin.language import use_language
from app.ui.interfaces import HallClientLike
from app.ui.launch import (
    GeometryKeeper,
    hall_client,
    load_settings,
    make_app,
    make_printer,
    restore_geometry,
    slip_factory,
)


def run_admin(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    app = make_app("en")  # the console installs both catalogues itself
    use_language(app, settings.language)

    def connect(staff_no: str, password: str, **more: Any) -> HallClientLike:
        """The console logs in with this PC's admin token ([client] token and machine, as in
        the server's [tokens.admin]); `more`: new_password for a forced change."""
        return hall_client(settings, "admin", staff_no=staff_no, password=password, **more)

    console = AdminConsole(
        connect,
        printer=make_printer(settings),  # the PDF backend writes slips to print by hand
        slip_factory=slip_factory(settings),
        reports_folder=config.data_dir() / "reports",
        language=settings.language,
    )
    # Where the supervisor left it; the first time a large share of the screen, maximised
    # where a window manager does that.
    if restore_geometry(console, "admin"):
        console.show()
    else:
        console.showMaximized()
    GeometryKeeper(console, "admin")
    return app.exec()
