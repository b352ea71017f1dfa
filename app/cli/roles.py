"""The programs this one binary runs: the hall server, the screens (kiosk, counter, display,
counter screen, evaluator), the admin console, the one-PC hall (no command), the keypad
simulator and the `--smoke` self-test; and `config-path`. Qt is imported only when one runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import config
from app.config_file import ensure_config_file, load_config


def cmd_server(args: argparse.Namespace) -> int:
    """The hall server: headless, owns the database and the engine, serves the LAN."""
    import logging
    import signal

    from PySide6.QtCore import QCoreApplication, QTimer

    from app.composition import HallSystem
    from app.runtime.qt_gc import collect_on_main_thread

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config_file = Path(args.config) if args.config else None
    settings = load_config(config_file)
    db_url = args.db or settings.resolved_db_url()
    host = args.host if args.host is not None else settings.server_host
    port = args.port if args.port is not None else settings.server_port
    app = QCoreApplication(sys.argv[:1])
    collector = collect_on_main_thread(app)
    config_file = Path(args.config) if args.config else config.config_path()
    system = HallSystem(settings, db_url, config_file=config_file, tls=settings.server_tls)
    port = system.start(host, port, new_hall=args.new_hall)
    if not system.engine.service_loads():
        print(
            "数据库中还没有事项；试用可运行 seed-demo / no services yet: try seed-demo",
            file=sys.stderr,
        )
    scheme = "wss" if system.identity is not None else "ws"
    print(
        f"大厅服务器已启动 / hall server listening on {scheme}://{host}:{port} ({system.db_label})",
        flush=True,
    )
    if system.identity is not None:
        from app.models.server_cert import shown_fingerprint

        shown = shown_fingerprint(system.identity.fingerprint)
        print(f"证书指纹 / certificate fingerprint: {shown}", flush=True)
    collector.settle()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    wake = QTimer()  # lets Python run its signal handlers while Qt waits
    wake.start(250)
    wake.timeout.connect(lambda: None)
    code = app.exec()
    system.stop()
    return code


def cmd_config_path(args: argparse.Namespace) -> int:
    print(ensure_config_file())
    return 0


def cmd_smoke() -> int:
    from app.smoke import run

    return run()


def cmd_keypad_sim(args: argparse.Namespace) -> int:
    from app.devices.keypad.simulator import run

    return run(args)


def cmd_screen(args: argparse.Namespace) -> int:
    """kiosk, counter --window N, display, counter-screen --window N, evaluator --window N:
    the Qt screens."""
    from app.ui.launch import run_role

    return run_role(args)


def cmd_admin(args: argparse.Namespace) -> int:
    """The admin console; connects to the hall server named in the config file."""
    from app.ui.admin.launch import run_admin

    return run_admin(args)


def cmd_embedded(args: argparse.Namespace) -> int:
    """No command: the whole hall on this PC (server, kiosk, counter 1, display, keypad)."""
    from app.ui.launch import run_embedded

    return run_embedded(args)


def cmd_not_ready(args: argparse.Namespace) -> int:
    print(
        f"「{args.command}」尚未在此版本中提供 / '{args.command}' is not in this build yet",
        file=sys.stderr,
    )
    return 2
