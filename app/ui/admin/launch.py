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

    def connect(staff_no: str, password: str) -> HallClientLike:
        from app.net.client import HallClient

        credential: dict[str, Any] = {"staff_no": staff_no, "password": password}
        return HallClient(settings.client_server_url, "admin", credential)

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
