"""`python -m app setup-client`: what one client machine needs to join the hall, shown on the
server PC: its [client] lines (server URL, machine name, token, the server certificate's
fingerprint), as text and as a QR code of the same text (in the terminal, or a PNG with
--png), to copy or scan into that machine's config file.

The server's certificate is made here if the server has none yet (setup), so the fingerprint
shown is the one the server will present. The token is a secret: the PNG is written
owner-only, and nothing of this is logged.
"""

from __future__ import annotations

import argparse
import io
import re
import socket
import sys
from pathlib import Path

from app import config
from app.config_file import load_config, new_token
from app.config_reader import parse_config
from app.errors import HallError
from app.models.private_files import write_private
from app.models.server_cert import ensure_identity, shown_fingerprint


class SetupError(HallError):
    code = "setup_error"


def lan_address() -> str:
    """This PC's address on its LAN as best known without sending anything (the address of
    the interface a packet to a private address would leave by)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def server_url(settings: config.Config, given: str | None) -> str:
    if given:
        return given
    host = settings.server_host
    if host in ("", "0.0.0.0", "::"):
        host = lan_address()
    scheme = "wss" if settings.server_tls else "ws"
    return f"{scheme}://{host}:{settings.server_port}"


def token_of(settings: config.Config, args: argparse.Namespace) -> tuple[str, str, str]:
    """(kind, machine name, token) of the client asked for."""
    tokens = settings.tokens
    if args.window is not None:
        found = tokens.counter.get(args.window)
        kind, machine = "counter", f"window-{args.window}"
    elif args.evaluator is not None:
        found = tokens.evaluator.get(args.evaluator)
        kind, machine = "evaluator", f"evaluator-{args.evaluator}"
    else:
        machine = args.machine
        tables = (("kiosk", tokens.kiosk), ("display", tokens.display), ("admin", tokens.admin))
        kind, found = next(((k, t[machine]) for k, t in tables if machine in t), ("", None))
    if not found:
        known = ", ".join([*tokens.kiosk, *tokens.display, *tokens.admin])
        raise SetupError(
            f"配置文件中没有该机器的令牌（已有：{known}；窗口用 --window N，评价器用 "
            "--evaluator N）",
            f"no token for that machine in the config file (machines: {known}; a window PC: "
            "--window N, a tablet evaluator: --evaluator N)",
        )
    return kind, machine, found


def add_machine(path: Path, table: str, machine: str) -> None:
    """Give a new machine a fresh token in the server's config file ([tokens.TABLE]), keeping
    the rest of the file as it is (comments included); the file stays owner-only."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", machine):
        raise SetupError(
            "机器名只能含字母、数字、- 和 _（至多 32 个）",
            "a machine name is letters, digits, - and _ (at most 32)",
        )
    text = path.read_text(encoding="utf-8")
    line = f'{machine} = "{new_token()}"\n'
    header = re.search(rf"^[ \t]*\[tokens\.{table}\][ \t]*(#.*)?\n", text, re.MULTILINE)
    if header is None:
        text = text.rstrip("\n") + f"\n\n[tokens.{table}]\n{line}"
    else:
        text = text[: header.end()] + line + text[header.end() :]
    parse_config(text, source=str(path))  # never write a file that does not load
    tmp = path.with_name(path.name + ".tmp")
    write_private(tmp, text.encode("utf-8"))
    tmp.replace(path)


def client_lines(url: str, machine: str, token: str, fingerprint: str) -> str:
    return (
        "[client]\n"
        f'server_url = "{url}"\n'
        f'machine = "{machine}"\n'
        f'token = "{token}"\n'
        f'fingerprint = "{fingerprint}"\n'
    )


def run(args: argparse.Namespace) -> int:
    import qrcode

    path = Path(args.config) if args.config else config.config_path()
    settings = load_config(path)
    if args.add:
        if args.machine is None:
            raise SetupError("--add 须与 --machine 同用", "--add goes with --machine NAME")
        tables = (settings.tokens.kiosk, settings.tokens.display, settings.tokens.admin)
        if any(args.machine in table for table in tables):
            raise SetupError(f"{args.machine} 已有令牌", f"{args.machine} has a token already")
        add_machine(path, args.add, args.machine)
        settings = load_config(path)
        print(f"已为 {args.machine} 生成令牌，请重启服务器 / a token for {args.machine} was "
              "added: restart the server", file=sys.stderr)  # fmt: skip
    kind, machine, token = token_of(settings, args)
    fingerprint = ""
    if settings.server_tls:
        cert, key = settings.resolved_tls_files(path)
        identity, made = ensure_identity(cert, key)
        fingerprint = shown_fingerprint(identity.fingerprint)
        if made:
            print(f"已生成服务器证书 / made the server's certificate: {cert}", file=sys.stderr)
    url = server_url(settings, args.url)
    text = client_lines(url, machine, token, fingerprint)
    what = {"counter": "窗口终端 / window PC", "evaluator": "平板评价器 / tablet evaluator"}
    print(f"# {what.get(kind, kind)}：{machine}（写入该机配置文件 / put into its config file）")
    print(text)
    if not fingerprint:
        print("注意：[server] tls = false，连接未加密 / note: TLS is off", file=sys.stderr)
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    if args.png:
        image = io.BytesIO()
        code.make_image().save(image, format="PNG")
        target = Path(args.png)
        write_private(target, image.getvalue())  # it holds the token
        print(f"二维码已写入 / QR code written to {target}（含令牌，用后删除 / holds the token)")
    else:
        code.print_ascii(out=sys.stdout, invert=True)
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "setup-client",
        help="显示某台终端的令牌、证书指纹与二维码 / a client's token, fingerprint and QR code",
    )
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("--machine", help="kiosk, display or supervisor PC name ([tokens.*])")
    which.add_argument("--window", type=int, help="a window PC (its window number)")
    which.add_argument("--evaluator", type=int, help="a window's tablet evaluator")
    sub.add_argument(
        "--add",
        choices=["kiosk", "display", "admin"],
        help="a new machine: give it a token in [tokens.KIND] first (admin: the supervisor PC)",
    )
    sub.add_argument("--url", help="the server URL the client uses (default: this PC's address)")
    sub.add_argument("--png", metavar="FILE", help="write the QR code as a PNG (owner-only)")
    sub.add_argument("--config", help="the server's config file (default: see config-path)")
    sub.set_defaults(handler=run)
