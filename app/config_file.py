"""The config file on disk: written with every option, its default, a comment and fresh
machine tokens on first run (``ensure_config_file``), read and checked (``load_config``), and
the hall's id recorded in it by the server (``record_hall_id``)."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path

from app.config import Config, ConfigError, config_path
from app.config_reader import parse_config
from app.config_template import DEFAULT_TEMPLATE
from app.models.private_files import private_folder, write_private

DEMO_WINDOWS = range(1, 9)


def new_token() -> str:
    return secrets.token_urlsafe(18)


def default_text() -> str:
    """The default file with fresh random machine tokens."""
    return DEFAULT_TEMPLATE.format(
        kiosk_tokens=f'kiosk1 = "{new_token()}"\n',
        display_tokens=f'lobby = "{new_token()}"\n',
        counter_tokens="".join(f'{n} = "{new_token()}"\n' for n in DEMO_WINDOWS),
        evaluator_tokens="".join(f'{n} = "{new_token()}"\n' for n in DEMO_WINDOWS),
        admin_tokens=f'supervisor-pc = "{new_token()}"\n',
        window_api_tokens="".join(f'{n} = "{new_token()}"\n' for n in DEMO_WINDOWS),
    )


def ensure_config_file(path: Path | None = None) -> Path:
    """Write the commented default file if there is none; returns its path."""
    path = path or config_path()
    if not path.exists():
        private_folder(path.parent)
        tmp = path.with_suffix(".tmp")
        write_private(tmp, default_text().encode("utf-8"))  # it holds the machine tokens
        tmp.replace(path)
    return path


HALL_ID_LINE = re.compile(r"^[ \t]*hall_id[ \t]*=.*$", re.MULTILINE)
SECTION = re.compile(r"^[ \t]*\[([^\]]+)\][ \t]*(#.*)?$", re.MULTILINE)


def record_hall_id(path: Path, hall_id: str) -> None:
    """Write ``[server] hall_id`` into the config file, keeping the rest of it as it is
    (comments included); atomic (temporary file, rename)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f'hall_id = "{hall_id}"'
    sections = list(SECTION.finditer(text))
    server = next((m for m in sections if m.group(1).strip() == "server"), None)
    if server is None:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + f"[server]\n{line}\n"
    else:
        after = [m for m in sections if m.start() > server.start()]
        end = after[0].start() if after else len(text)
        body = text[server.end() : end]
        if HALL_ID_LINE.search(body):
            body = HALL_ID_LINE.sub(line, body, count=1)
        else:
            body = f"\n{line}" + body
        text = text[: server.end()] + body + text[end:]
    parse_config(text, source=str(path))  # never write a file that does not load
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    if path.exists():
        shutil.copymode(path, tmp)
    tmp.replace(path)


def load_config(path: Path | None = None, *, create: bool = True) -> Config:
    path = path or config_path()
    if create:
        ensure_config_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), f"无法读取：{exc}", f"cannot read: {exc}") from exc
    return parse_config(text, source=str(path))


def config_for_tools(config_file: Path | None = None) -> tuple[Config, Path]:
    """The config of a command-line tool (verify, report): read when the file exists, never
    written; the defaults otherwise. Returns it with the config file's path."""
    path = config_file or config_path()
    return (load_config(path, create=False) if path.exists() else Config()), path
