"""Settings and paths. Paths come from platformdirs so every OS gets its usual place.

The hall's options live in one TOML file (``config_path()``), written with every option, its
default and a comment on first run. ``load_config`` reads it with tomllib and checks every
value; a bad one raises ConfigError naming the key, in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from app.appraisal.settings import HallHours
from app.errors import HallError
from app.models.hall_key import APP_NAME, KEY_FILE_NAME, config_folder
from app.models.private_files import private_folder, write_private
from app.models.server_cert import CERT_FILE_NAME, normal_fingerprint
from app.models.server_cert import KEY_FILE_NAME as CERT_KEY_FILE_NAME
from app.outbox.adapters import ADAPTERS
from app.outbox.settings import CitySettings, ProvinceSettings
from app.queue.settings import AppointmentRules, QueueSettings

log = logging.getLogger(__name__)

CONFIG_FILE = "hallqueue.toml"
LANGUAGES = ("zh_CN", "en")
VOICE_BACKENDS = ("clips", "tts", "chime")
PRINTER_BACKENDS = ("pdf", "escpos", "none")
DEMO_WINDOWS = range(1, 9)


def data_dir() -> Path:
    """Where the hall's database, reports and backups live (HALLQUEUE_HOME overrides)."""
    override = os.environ.get("HALLQUEUE_HOME")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return config_folder()


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'hall.db'}"


class ConfigError(HallError):
    """A configuration value is wrong; ``key`` names it (dotted TOML path)."""

    code = "config_error"

    def __init__(self, key: str, zh: str, en: str) -> None:
        super().__init__(f"配置项 {key}：{zh}", f"config key {key}: {en}")
        self.key = key


@dataclass(frozen=True)
class KeypadConfig:
    url: str  # serial port or socket://host:port; "" means the simulated keypad
    address: int = 1


@dataclass(frozen=True)
class Tokens:
    """Machine tokens: kiosk and display by machine name; counter and the tablet evaluator
    by window number (each works for its own window only); admin: the machines from which
    the console may log in (the supervisor's PC), by machine name."""

    kiosk: Mapping[str, str] = field(default_factory=dict)
    display: Mapping[str, str] = field(default_factory=dict)
    counter: Mapping[int, str] = field(default_factory=dict)
    evaluator: Mapping[int, str] = field(default_factory=dict)
    admin: Mapping[str, str] = field(default_factory=dict)
    window_api: Mapping[int, str] = field(default_factory=dict)  # 一窗受理系统, by window


@dataclass(frozen=True)
class Limits:
    """[limits]: logins and what one machine may add to the records per minute."""

    login_staff_failures: int = 5  # wrong passwords for one staff number → locked
    login_address_failures: int = 20  # failed logins from one address → locked
    login_backoff_after: int = 3  # failures in a row, then each next try waits 1, 2, 4 … s
    login_window_minutes: int = 15  # failures older than this are forgotten
    lockout_minutes: int = 15  # a lock lifts by itself after this (or a supervisor unlocks)
    tickets_per_minute: int = 20  # per kiosk (issue and check-in), sustained
    ticket_burst: int = 10  # per kiosk, at once (a family taking numbers)
    device_reports_per_minute: int = 12  # per machine: printer / keypad online reports
    device_report_burst: int = 6


@dataclass(frozen=True)
class Config:
    hall_name: str = "政务服务中心"
    issuer: str = ""  # the body that issues the month and year 通报; "" → the hall's name
    notice: str = "请取号后留意叫号，过号请到原窗口重新排队。"
    language: str = "zh_CN"
    server_host: str = "0.0.0.0"
    server_port: int = 8765
    server_tls: bool = True  # wss:// with the server's own certificate (pinned by clients)
    tls_cert_file: str = ""  # "" → hall-cert.pem beside the config file
    tls_key_file: str = ""  # "" → hall-cert.key beside the config file
    db_url: str = ""  # "" → SQLite file in the data folder
    max_message_bytes: int = 65536
    client_server_url: str = "wss://127.0.0.1:8765"
    client_machine: str = ""
    client_token: str = ""
    client_fingerprint: str = ""  # the server certificate's SHA-256 (64 hex digits)
    tokens: Tokens = field(default_factory=Tokens)
    queue: QueueSettings = field(default_factory=QueueSettings)
    estimate_waits: bool = True
    embedded_any_hour: bool = True
    keypads: Mapping[int, KeypadConfig] = field(default_factory=dict)
    keypad_bus: str = ""  # the server's RS-485 keypad bus (windows with keypad_url "bus")
    printer_backend: str = "pdf"
    printer_target: str = ""
    voice_backend: str = "clips"
    hours: HallHours = field(default_factory=HallHours)
    reports_dir: str = ""  # "" → reports in the data folder
    backups: bool = True
    hall_id: str = ""  # written by the server: the hall whose database it serves
    backup_destinations: tuple[str, ...] = ()  # folders for copies besides backups/
    backup_interval_minutes: int = 15  # 0: only the copy after closing
    backup_keep_daily: int = 30
    backup_keep_monthly: int = 12
    mac_key_file: str = ""  # "" → hall.key beside the config file
    api_host: str = "0.0.0.0"  # the HTTP API for machines (online platform, windows' systems)
    api_port: int = 8766
    api_tls: bool = True  # HTTPS with the server's own certificate (tokens never in clear)
    intake_token: str = ""  # the online platform's token; "" → no intake API
    phone_url: str = ""  # the phone page's address on the public Wi-Fi; "" → no phone page
    phone_host: str = "0.0.0.0"
    phone_port: int = 8767
    phone_rating_url: str = ""  # phone rating (好差评) link after the case; "" → none
    phone_requests_per_minute: int = 60  # per phone (address); more are refused (429)
    limits: Limits = field(default_factory=Limits)
    province: ProvinceSettings = field(default_factory=ProvinceSettings)  # 好差评 uploads
    city: CitySettings = field(default_factory=CitySettings)  # the city's database
    window_api_enabled: bool = False  # the windows' business systems' routes on [api]

    def resolved_db_url(self) -> str:
        return self.db_url or default_db_url()

    @property
    def issuing_body(self) -> str:
        return self.issuer or self.hall_name

    def resolved_key_file(self, config_file: Path | None = None) -> Path:
        """The hall's MAC key file: server.mac_key_file (relative to the config file's
        folder), else hall.key beside the config file."""
        folder = (config_file or config_path()).parent
        name = Path(self.mac_key_file).expanduser() if self.mac_key_file else Path(KEY_FILE_NAME)
        return folder / name

    def resolved_tls_files(self, config_file: Path | None = None) -> tuple[Path, Path]:
        """The server's certificate and its key: [server] tls_cert_file / tls_key_file
        (relative to the config file's folder), else beside the config file."""
        folder = (config_file or config_path()).parent
        cert = Path(self.tls_cert_file).expanduser() if self.tls_cert_file else None
        key = Path(self.tls_key_file).expanduser() if self.tls_key_file else None
        return folder / (cert or CERT_FILE_NAME), folder / (key or CERT_KEY_FILE_NAME)

    def resolved_reports_dir(self) -> Path:
        return Path(self.reports_dir) if self.reports_dir else data_dir() / "reports"

    def with_queue(self, **changes: Any) -> Config:
        return replace(self, queue=replace(self.queue, **changes))


DEFAULT_TEMPLATE = """\
# 政务服务大厅排队叫号评价系统 配置文件 / hall queue system configuration.
# Every option is shown with its default. Edit, save, and restart the program.
# 每一项均为默认值；修改后保存并重启程序生效。

[hall]
# 大厅名称，显示在显示屏与票据上 / hall name on the screens and tickets
name = "政务服务中心"
# 显示屏滚动通知 / scrolling notice on the lobby display
notice = "请取号后留意叫号，过号请到原窗口重新排队。"
# 界面语言 / user interface language: "zh_CN" or "en"
language = "zh_CN"
# 大厅作息时间（考勤据此核对；闭厅后服务器自动备份并生成日报）
# hall hours: attendance is checked against them; after closing the server backs up the
# database and writes the daily report
opening = "08:30"
closing = "17:30"
# 午休时段：午休暂停只能在此时段内；午间值班窗口此时段不得关闭
# lunch hours: a lunch pause only within them; 午间值班 windows stay open through them
lunch_start = "12:00"
lunch_end = "13:30"
# 考核通报的发文单位（红头），留空为大厅名称
# the body that issues the monthly and yearly appraisal 通报 (letterhead); empty = the name
issuer = ""

[server]
# 大厅服务器监听地址与端口。默认 "0.0.0.0"：本机所有网卡，大厅局域网内的终端即可连接。
# 信息化审计建议：改为服务器在大厅局域网（VLAN）上的地址，如 "192.168.10.5"，使服务器
# 不在其他网卡（如电子政务外网）上监听；单机试用可设 "127.0.0.1"。
# address and port the hall server listens on. Default "0.0.0.0": every network card, so
# the hall's machines reach it. An IT auditor should set the server's own address on the
# hall LAN (e.g. "192.168.10.5"), so that it does not listen on any other network card.
host = "0.0.0.0"
port = 8765
# 加密连接（wss://）：服务器首次启动时生成自己的证书，各终端核对其指纹。仅当服务器只在
# 127.0.0.1 上监听时才可关闭。
# encrypted connections (wss://): the server makes its own certificate at its first start and
# every client pins its fingerprint. Turn off only when the server listens on 127.0.0.1.
tls = true
# 证书与私钥文件；留空为配置文件旁的 hall-cert.pem 与 hall-cert.key（私钥仅本用户可读）
# certificate and private key; empty = hall-cert.pem and hall-cert.key beside this file
tls_cert_file = ""
tls_key_file = ""
# 数据库地址；留空为数据目录中的 SQLite 文件
# database URL; empty = SQLite file in the data folder (postgresql+psycopg://… for a city)
db_url = ""
# 单条消息的最大字节数 / largest message a client may send (bytes, 1024–1048576)
max_message_bytes = 65536
# 日报目录；留空为数据目录下的 reports / daily reports folder; empty = reports in the data folder
reports_dir = ""
# 闭厅后在线备份 SQLite 数据库（保留 30 天与 12 个月）
# back up the SQLite database after closing (keeps 30 days and 12 months)
backups = true
# 大厅编号：服务器首次启动时自动写入，用来认出本厅的数据库，请勿修改。
# 有编号时，数据库丢失或换成别的数据库，服务器拒绝启动（见 README 的恢复步骤）。
# this hall's id, written by the server at its first start; do not edit. With an id here the
# server refuses to start on a missing or different database (see the README on recovery).
hall_id = ""
# 大厅密钥文件（防篡改校验用，勿放入数据库备份，须另行备份）；留空为配置文件旁的 hall.key
# the hall's MAC key file (seals the records against tampering; keep it out of database
# backups and back it up separately); empty = hall.key beside this config file
mac_key_file = ""

[backup]
# 备份位置（除数据库旁的 backups 文件夹外）：另一块硬盘、U 盘、主管电脑的共享文件夹。
# 文件夹须事先建好；未连接时在主管监控上显示并每分钟重试，不影响大厅运行。
# backup destinations besides the backups folder beside the database: a second disk, a USB
# drive, a mounted share of the supervisor PC. Each folder must exist already; one that is
# not reachable is shown on the supervisor's monitor and retried every minute.
# destinations = ["D:/hall-backups", "//supervisor-pc/hall-backups"]
destinations = []
# 开厅期间每隔多少分钟在线备份一次（数据有变动时）；0 = 只在闭厅后备份
# minutes between online copies while the hall is open (when data changed); 0 = after closing only
interval_minutes = 15
# 保留最近多少天的每日备份、多少个月的月初备份（当天的间隔备份另行保留至次日）
# how many daily copies and monthly (first of month) copies to keep; the day's interval
# copies are kept until the next day
keep_daily = 30
keep_monthly = 12

[client]
# 本机连接的服务器地址 / the hall server this machine connects to (wss://SERVER:8765)
server_url = "wss://127.0.0.1:8765"
# 本机名称（取号机、显示屏、主管电脑）/ this machine's name (kiosk, display, supervisor PC)
machine = ""
# 本机令牌，与服务器 [tokens.*] 中的一致 / this machine's token, as in the server's [tokens.*]
token = ""
# 服务器证书指纹（在服务器上运行 python -m app setup-client 可见）；不符则拒绝连接
# the server certificate's SHA-256 fingerprint (shown by python -m app setup-client on the
# server); a server showing another certificate is refused
fingerprint = ""

# 每台机器的令牌（服务器端使用）/ one token per machine (used by the server).
# 取号机与显示屏按机器名；窗口终端按窗口号，令牌只能用于该窗口。
# Kiosks and displays by machine name; counters by window number (a token works for its
# window only). Generated at random when this file is first written.
[tokens.kiosk]
{kiosk_tokens}
[tokens.display]
{display_tokens}
[tokens.counter]
{counter_tokens}
# 平板评价器按窗口号 / tablet evaluators (平板评价器) by window number
[tokens.evaluator]
{evaluator_tokens}# 管理后台只能从持有此令牌的电脑（主管电脑）登录
# the console logs in only from these machines (the supervisor's PC), by machine name
[tokens.admin]
{admin_tokens}
# 一窗受理系统（窗口业务系统）调用本地接口的令牌，按窗口号，只能用于该窗口（见 docs/OUTBOX.md）
# tokens of the windows' business systems (一窗受理系统) for the local API, by window number;
# a token works for its own window only (docs/OUTBOX.md)
[tokens.window_api]
{window_api_tokens}
[queue]
# 每个号最多重呼次数 / how many times a ticket may be recalled
recall_cap = 3
# 只在事项的取号时间内出号 / issue tickets only within each service's hours
enforce_hours = true
# 只在工作日出号（节假日表）/ issue tickets only on working days (holiday calendar)
enforce_calendar = true
# 暂停超过此分钟数须说明原因 / a pause longer than this (minutes) needs a reason
long_pause_minutes = 10
# 取号时估算预计等候时间（印在票据上）/ estimate each new ticket's wait (printed on it)
estimate_waits = true

[appointments]
# 预约签到：时段开始前多少分钟起可在取号机签到 / check-in opens this many minutes before the slot
early_minutes = 30
# 迟到超过此分钟数按现场取号排队 / later than this after the slot's start: queued as a walk-in
late_minutes = 15
# 有现场取号的群众等候时，最多连续叫几个准时预约号（0 为不限）
# at most this many on-time appointments called in a row while a walk-in waits (0: no cap)
in_a_row = 3
# 可预约未来多少天内的时段 / slots can be booked this many days ahead
horizon_days = 14
# 午休时段是否开放预约 / offer slots during the lunch hours
lunch_slots = false
# 预约凭证与短信中的地点；留空为大厅名称 / the place on the notice and SMS; empty = hall name
place = ""

[api]
# 大厅服务器的 HTTP 接口（网上预约平台推送预约、一窗受理系统办结），监听地址与端口
# the hall server's HTTP API for machines (the online platform pushes appointments, the
# windows' business systems finish cases): address, port
host = "0.0.0.0"
port = 8766
# HTTPS，使用服务器自己的证书（与 wss:// 相同），令牌不以明文经过局域网。仅当前面有
# 反向代理负责 HTTPS 时才可关闭。
# HTTPS with the server's own certificate (the wss:// one), so tokens never cross the LAN in
# clear. Turn off only behind a reverse proxy that does HTTPS.
tls = true
# 网上预约平台的令牌（至少 16 个字符）；留空则不开放预约接口（见 docs/APPOINTMENTS.md）
# the online platform's token (16+ characters); empty = no intake API (see docs/APPOINTMENTS.md)
intake_token = ""

[phone]
# 手机查看排队进度：票据二维码指向的地址（大厅公共 Wi-Fi 上访问本服务器的地址），留空为不开放
# the visitor's phone page: the address the ticket's QR code points to (this server on the
# hall's public Wi-Fi), e.g. "http://10.20.0.2:8767"; empty = no phone page
url = ""
# 手机页面监听的地址与端口（只开放给公共 Wi-Fi 的网卡地址更好）。手机页面为明文 HTTP：手机
# 无法信任服务器自签的证书，且页面不带任何令牌或密码。
# where the phone page listens (best: the address of the public Wi-Fi's network card only).
# Plain HTTP: phones cannot trust the server's self-made certificate, and the page carries no
# token or password.
host = "0.0.0.0"
port = 8767
# 办结后手机上显示的评价链接（好差评）；留空为不显示（默认以窗口评价器为准）
# the rating link shown on the phone after the case; empty = none (the window's evaluator counts)
rating_url = ""
# 每部手机每分钟最多请求数 / requests a minute from one phone at most
requests_per_minute = 60

[ratings]
# 办结后等待评价的秒数，超时记为“未评价” / seconds the visitor has to rate; then 未评价
timeout_s = 15
# 快于此毫秒数的评价标记为异常 / a rating sooner than this (ms) is flagged to the supervisor
min_press_ms = 600
# 接受的评价途径：bus 服务器总线评价器、relayed 窗口电脑转发的评价器、tablet 平板评价器
# device paths accepted: bus (keypads on the server's bus), relayed (a keypad on the clerk
# PC, its frames relayed), tablet (the window's touch-screen evaluator)
paths = ["bus", "relayed", "tablet"]

[limits]
# 同一工号连续输错密码次数达到此数即锁定；同一地址登录失败达到此数即锁定该地址
# wrong passwords for one staff number, and failed logins from one address, before a lock
login_staff_failures = 5
login_address_failures = 20
# 连续失败此数后，每次再试须等待 1、2、4…秒（最多 30 秒）
# failures in a row, after which each further try must wait 1, 2, 4 … s (at most 30)
login_backoff_after = 3
# 失败记录保留分钟数；锁定分钟数（到时自动解除，主管可在管理后台提前解锁）
# minutes a failure is remembered; minutes a lock lasts (a supervisor can unlock sooner)
login_window_minutes = 15
lockout_minutes = 15
# 每台取号机每分钟最多出号数与瞬间最多连续出号数 / tickets per kiosk per minute, and at once
tickets_per_minute = 20
ticket_burst = 10
# 每台设备每分钟最多状态报告数（打印机、评价器）/ device status reports per machine per minute
device_reports_per_minute = 12
device_report_burst = 6

[province]
# 省好差评系统的上报地址（https://…）；留空则不上报。每条评价、更正、差评整改结果均先存入
# 待发队列，再按序上报，失败自动重试（见 docs/OUTBOX.md）
# the province's 好差评 platform (https://…); empty = no uploads. Every rating, correction and
# 差评 整改 result is queued with it and sent in order, retried until taken (docs/OUTBOX.md)
url = ""
# 报文格式（适配器）/ message format (adapter): "national"
format = "national"
# 接口令牌（以 Authorization: Bearer 发送）/ the platform's token (sent as a Bearer token)
token = ""
# 自有 CA 证书文件（内网 https）/ a CA certificate file for an https endpoint with its own CA
ca_file = ""
timeout_s = 10
# 最早一条未送达超过此分钟数时在主管监控上报警 / alarm when the oldest undelivered item is older
stuck_minutes = 30
# 行政区划代码、机构编码（随报文上报）/ the hall's area code and organisation code
area_code = ""
org_code = ""

[city]
# 市级考评数据库（PostgreSQL）：本厅的办件、评价、考勤、投诉、回访等记录按序上报；
# 留空则不上报。市里网络中断时大厅照常工作，恢复后自动补报。
# the city's appraisal database (postgresql+psycopg://user:pass@host/db): the hall ships its
# records there in order; empty = none. The hall works on when the city is unreachable and
# catches up when it is back.
db_url = ""
stuck_minutes = 60
batch = 2000

[window_api]
# 一窗受理系统本地接口：办结并发起评价（带办件编号、事项编码），在 [api] 的地址与端口上
# （HTTPS）；令牌见 [tokens.window_api]
# the local API of the windows' business systems: finish a case and ask for its rating with
# its 办件编号 and 事项编码, served on [api]'s address and port (HTTPS); tokens under
# [tokens.window_api]
enabled = false

[embedded]
# 单机演示（python -m app）不受取号时间与工作日限制
# the one-PC default (python -m app) ignores service hours and the calendar (demo at any hour)
any_hour = true

[devices]
# 票据打印机 / ticket printer: "pdf" (PDF files in the data folder), "escpos", "none"
printer_backend = "pdf"
# 打印机目标：escpos 时为 usb:VID:PID、串口或 host:port / printer target for escpos
printer_target = ""
# 服务器上的评价器总线（RS-485 轮询，多台评价器共用一条线）："" 为无。
# 管理端中评价器地址（URL）设为 "bus" 的窗口由服务器在该总线上按其评价器地址轮询；
# 这些窗口的柜台电脑不在 [devices.keypads] 中配置评价器。
# the server's keypad bus (RS-485 polling, many keypads on one line): a COM port,
# /dev/ttyUSB0 or socket://host:port of a serial-to-Ethernet converter; "" = none.
# Windows whose keypad URL is "bus" (admin console) are polled there at their keypad
# address; their counter PCs list no keypad in [devices.keypads].
keypad_bus = ""

# 各窗口评价器；未配置的窗口使用模拟评价器
# keypad per window (serial port or socket://host:port, bus address 1–247);
# windows not listed use the simulated keypad.
[devices.keypads]
# 1 = {{ url = "/dev/ttyUSB0", address = 1 }}
# 2 = {{ url = "socket://192.168.1.50:4001", address = 2 }}

[voice]
# 语音播报 / call announcement: "clips" (recorded clips), "tts" (speech engine), "chime"
backend = "clips"
"""


KNOWN = {
    "hall": {
        "name",
        "notice",
        "language",
        "opening",
        "closing",
        "lunch_start",
        "lunch_end",
        "issuer",
    },
    "server": {
        "host",
        "port",
        "db_url",
        "max_message_bytes",
        "reports_dir",
        "backups",
        "hall_id",
        "mac_key_file",
        "tls",
        "tls_cert_file",
        "tls_key_file",
    },
    "backup": {"destinations", "interval_minutes", "keep_daily", "keep_monthly"},
    "client": {"server_url", "machine", "token", "fingerprint"},
    "tokens": {"kiosk", "display", "counter", "evaluator", "admin", "window_api"},
    "limits": {f.name for f in fields(Limits)},
    "province": {
        "url",
        "format",
        "token",
        "ca_file",
        "timeout_s",
        "stuck_minutes",
        "area_code",
        "org_code",
    },
    "city": {"db_url", "stuck_minutes", "batch"},
    "window_api": {"enabled"},
    "ratings": {"timeout_s", "min_press_ms", "paths"},
    "queue": {
        "recall_cap",
        "enforce_hours",
        "enforce_calendar",
        "long_pause_minutes",
        "estimate_waits",
    },
    "appointments": {
        "early_minutes",
        "late_minutes",
        "in_a_row",
        "horizon_days",
        "lunch_slots",
        "place",
    },
    "api": {"host", "port", "tls", "intake_token"},
    "phone": {"url", "host", "port", "rating_url", "requests_per_minute"},
    "embedded": {"any_hour"},
    "devices": {"printer_backend", "printer_target", "keypads", "keypad_bus"},
    "voice": {"backend"},
}


# Keys of older versions that are read no more: a config file with them still loads (a hall
# that upgrades keeps working), with a warning saying what replaced them.
RETIRED = {
    "window_api.host": "the windows' API is served on [api] host / port now (HTTPS)",
    "window_api.port": "the windows' API is served on [api] host / port now (HTTPS)",
}


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


def parse_config(text: str, *, source: str = "<config>") -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, f"TOML 格式错误：{exc}", f"not valid TOML: {exc}") from exc
    return _Reader(raw).config()


class _Reader:
    """Reads the parsed TOML, checking each value against its default's type."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def _table(self, key: str) -> dict[str, Any]:
        node: Any = self.raw
        for part in key.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else None
            if not isinstance(node, dict):
                raise ConfigError(key, "应为一个表（[节]）", "must be a table ([section])")
        return node

    def _get(self, key: str, default: Any) -> Any:
        section, _, name = key.rpartition(".")
        value = self._table(section).get(name, default)
        kind = type(default)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(
                key, f"应为整数，现为 {value!r}", f"must be an integer, not {value!r}"
            )
        if kind is bool and not isinstance(value, bool):
            raise ConfigError(
                key, f"应为 true 或 false，现为 {value!r}", f"must be true or false, not {value!r}"
            )
        if kind is str and not isinstance(value, str):
            raise ConfigError(key, f"应为文本，现为 {value!r}", f"must be a string, not {value!r}")
        return value

    def _time(self, key: str, default: dt.time) -> dt.time:
        value: str = self._get(key, default.strftime("%H:%M"))
        try:
            return dt.datetime.strptime(value, "%H:%M").time()
        except ValueError:
            raise ConfigError(
                key,
                f"应为 HH:MM 格式的时间，现为 {value!r}",
                f"must be a time HH:MM, not {value!r}",
            ) from None

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        value: int = self._get(key, default)
        if not low <= value <= high:
            raise ConfigError(
                key, f"应在 {low}–{high} 之间，现为 {value}", f"must be {low}..{high}, not {value}"
            )
        return value

    def _choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        value: str = self._get(key, default)
        if value not in choices:
            allowed = ", ".join(choices)
            raise ConfigError(
                key,
                f"应为 {allowed} 之一，现为 {value!r}",
                f"must be one of {allowed}, not {value!r}",
            )
        return value

    def _names(self, key: str) -> dict[str, str]:
        tokens = {}
        for name, value in self._table(key).items():
            if not isinstance(value, str) or len(value) < 8:
                raise ConfigError(
                    f"{key}.{name}", "令牌应为至少 8 个字符的文本", "a token must be 8+ characters"
                )
            tokens[name] = value
        return tokens

    def _window(self, key: str, name: str) -> int:
        if not name.isdigit() or not 1 <= int(name) <= 9999:
            raise ConfigError(
                f"{key}.{name}", "键应为窗口号（1–9999）", "the key must be a window number"
            )
        return int(name)

    def _keypads(self) -> dict[int, KeypadConfig]:
        key = "devices.keypads"
        keypads = {}
        for name, value in self._table(key).items():
            number = self._window(key, name)
            if not isinstance(value, dict) or not isinstance(value.get("url", ""), str):
                raise ConfigError(
                    f"{key}.{name}",
                    '应为 { url = "…", address = N }',
                    'must be { url = "…", address = N }',
                )
            address = value.get("address", 1)
            if isinstance(address, bool) or not isinstance(address, int) or not 1 <= address <= 247:
                raise ConfigError(
                    f"{key}.{name}.address", "地址应为 1–247", "the address must be 1..247"
                )
            keypads[number] = KeypadConfig(str(value.get("url", "")), address)
        return keypads

    def check_known(self) -> None:
        for section, value in self.raw.items():
            if section not in KNOWN:
                raise ConfigError(section, "未知的配置节", "unknown section")
            if not isinstance(value, dict):
                raise ConfigError(section, "应为一个表（[节]）", "must be a table ([section])")
            for name in value:
                if f"{section}.{name}" in RETIRED:
                    log.warning(
                        "config: %s.%s is no longer used (%s): remove it",
                        section,
                        name,
                        RETIRED[f"{section}.{name}"],
                    )
                elif name not in KNOWN[section]:
                    raise ConfigError(f"{section}.{name}", "未知的配置项", "unknown key")

    def config(self) -> Config:
        self.check_known()
        d = Config()
        q = d.queue
        counter = {
            self._window("tokens.counter", name): token
            for name, token in self._names("tokens.counter").items()
        }
        evaluator = {
            self._window("tokens.evaluator", name): token
            for name, token in self._names("tokens.evaluator").items()
        }
        window_api = {
            self._window("tokens.window_api", name): token
            for name, token in self._names("tokens.window_api").items()
        }
        long_pause = self._int("queue.long_pause_minutes", q.long_pause_minutes, 1, 480)
        paths = self._get("ratings.paths", list(q.rating_paths))
        if (
            not isinstance(paths, list)
            or not paths
            or any(path not in ("bus", "relayed", "tablet") for path in paths)
        ):
            raise ConfigError(
                "ratings.paths",
                "应为 bus、relayed、tablet 中的一个或几个",
                "must list one or more of bus, relayed, tablet",
            )
        url = self._get("client.server_url", d.client_server_url)
        if not url.startswith(("ws://", "wss://")):
            raise ConfigError(
                "client.server_url",
                "应以 wss://（或本机的 ws://）开头",
                f"must start with wss:// (or ws:// on this PC), not {url!r}",
            )
        fingerprint = self._get("client.fingerprint", d.client_fingerprint)
        if fingerprint and not normal_fingerprint(fingerprint):
            raise ConfigError(
                "client.fingerprint",
                "应为 64 位十六进制数（可含冒号）",
                "must be a SHA-256 fingerprint: 64 hex digits (colons allowed)",
            )
        return Config(
            hall_name=self._get("hall.name", d.hall_name),
            issuer=self._get("hall.issuer", d.issuer),
            notice=self._get("hall.notice", d.notice),
            language=self._choice("hall.language", d.language, LANGUAGES),
            server_host=self._get("server.host", d.server_host),
            server_port=self._int("server.port", d.server_port, 0, 65535),
            db_url=self._get("server.db_url", d.db_url),
            max_message_bytes=self._int(
                "server.max_message_bytes", d.max_message_bytes, 1024, 1 << 20
            ),
            client_server_url=url,
            client_machine=self._get("client.machine", d.client_machine),
            client_token=self._get("client.token", d.client_token),
            client_fingerprint=normal_fingerprint(fingerprint),
            server_tls=self._get("server.tls", d.server_tls),
            tls_cert_file=self._get("server.tls_cert_file", d.tls_cert_file),
            tls_key_file=self._get("server.tls_key_file", d.tls_key_file),
            limits=self._limits(d.limits),
            tokens=Tokens(
                kiosk=self._names("tokens.kiosk"),
                display=self._names("tokens.display"),
                counter=counter,
                evaluator=evaluator,
                admin=self._names("tokens.admin"),
                window_api=window_api,
            ),
            queue=QueueSettings(
                recall_cap=self._int("queue.recall_cap", q.recall_cap, 0, 20),
                enforce_hours=self._get("queue.enforce_hours", q.enforce_hours),
                enforce_calendar=self._get("queue.enforce_calendar", q.enforce_calendar),
                long_pause_minutes=long_pause,
                rating_timeout_s=self._int("ratings.timeout_s", q.rating_timeout_s, 5, 300),
                rating_min_press_ms=self._int(
                    "ratings.min_press_ms", q.rating_min_press_ms, 0, 10_000
                ),
                rating_paths=tuple(paths),
                appointments=self._appointments(),
            ),
            estimate_waits=self._get("queue.estimate_waits", d.estimate_waits),
            embedded_any_hour=self._get("embedded.any_hour", d.embedded_any_hour),
            keypads=self._keypads(),
            keypad_bus=self._get("devices.keypad_bus", d.keypad_bus),
            printer_backend=self._choice(
                "devices.printer_backend", d.printer_backend, PRINTER_BACKENDS
            ),
            printer_target=self._get("devices.printer_target", d.printer_target),
            voice_backend=self._choice("voice.backend", d.voice_backend, VOICE_BACKENDS),
            # One key for both: the queue's long pause is attendance's long leave (离岗说明).
            hours=replace(self._hours(d.hours), long_leave_minutes=long_pause),
            reports_dir=self._get("server.reports_dir", d.reports_dir),
            backups=self._get("server.backups", d.backups),
            hall_id=self._get("server.hall_id", d.hall_id),
            backup_destinations=self._folders("backup.destinations"),
            backup_interval_minutes=self._int(
                "backup.interval_minutes", d.backup_interval_minutes, 0, 1440
            ),
            backup_keep_daily=self._int("backup.keep_daily", d.backup_keep_daily, 1, 3660),
            backup_keep_monthly=self._int("backup.keep_monthly", d.backup_keep_monthly, 0, 1200),
            mac_key_file=self._get("server.mac_key_file", d.mac_key_file),
            api_host=self._get("api.host", d.api_host),
            api_port=self._int("api.port", d.api_port, 0, 65535),
            api_tls=self._get("api.tls", d.api_tls),
            intake_token=self._secret("api.intake_token"),
            phone_url=self._http_url("phone.url"),
            phone_host=self._get("phone.host", d.phone_host),
            phone_port=self._int("phone.port", d.phone_port, 0, 65535),
            phone_rating_url=self._http_url("phone.rating_url"),
            phone_requests_per_minute=self._int(
                "phone.requests_per_minute", d.phone_requests_per_minute, 10, 10_000
            ),
            **self._uplinks(d),
        )

    def _appointments(self) -> AppointmentRules:
        """[appointments], with the hall hours of [hall] (lunch left out unless lunch_slots)."""
        d = AppointmentRules()
        hours = self._hours(HallHours())
        lunch = (
            None
            if self._get("appointments.lunch_slots", False)
            else (
                hours.lunch_start,
                hours.lunch_end,
            )
        )
        return AppointmentRules(
            early_minutes=self._int("appointments.early_minutes", d.early_minutes, 0, 240),
            late_minutes=self._int("appointments.late_minutes", d.late_minutes, 0, 240),
            in_a_row=self._int("appointments.in_a_row", d.in_a_row, 0, 100),
            horizon_days=self._int("appointments.horizon_days", d.horizon_days, 0, 366),
            hall_open=hours.open_at,
            hall_close=hours.close_at,
            lunch=lunch,
            place=self._get("appointments.place", d.place),
        )

    def _secret(self, key: str) -> str:
        value: str = self._get(key, "")
        if value and len(value) < 16:
            raise ConfigError(
                key, "令牌应为至少 16 个字符（或留空）", "a token must be 16+ characters (or empty)"
            )
        return value

    def _http_url(self, key: str) -> str:
        value: str = self._get(key, "").strip()
        if value and not value.startswith(("http://", "https://")):
            raise ConfigError(
                key, "应以 http:// 或 https:// 开头", f"must start with http://, not {value!r}"
            )
        return value.rstrip("/")

    def _limits(self, default: Limits) -> Limits:
        """Every [limits] value a whole number of at least 1."""
        return Limits(
            **{
                f.name: self._int(f"limits.{f.name}", getattr(default, f.name), 1, 100_000)
                for f in fields(Limits)
            }
        )

    def _uplinks(self, d: Config) -> dict[str, Any]:
        """[province], [city], [window_api]: where the hall reports, and who may call it."""
        p, c = d.province, d.city
        url = self._get("province.url", p.url)
        if url and not url.startswith(("http://", "https://")):
            raise ConfigError("province.url", "应以 https:// 开头", "must start with https://")
        fmt = self._choice("province.format", p.format, tuple(sorted(ADAPTERS)))
        db_url = self._get("city.db_url", c.db_url)
        if db_url and not db_url.startswith("postgresql"):
            raise ConfigError(
                "city.db_url", "应为 PostgreSQL 地址", "must be a postgresql+psycopg:// URL"
            )
        return {
            "province": ProvinceSettings(
                url=url,
                format=fmt,
                token=self._get("province.token", p.token),
                ca_file=self._get("province.ca_file", p.ca_file),
                timeout_s=self._int("province.timeout_s", p.timeout_s, 1, 300),
                stuck_minutes=self._int("province.stuck_minutes", p.stuck_minutes, 1, 10080),
                area_code=self._get("province.area_code", p.area_code),
                org_code=self._get("province.org_code", p.org_code),
            ),
            "city": CitySettings(
                db_url=db_url,
                stuck_minutes=self._int("city.stuck_minutes", c.stuck_minutes, 1, 10080),
                batch=self._int("city.batch", c.batch, 10, 100_000),
            ),
            "window_api_enabled": self._get("window_api.enabled", d.window_api_enabled),
        }

    def _folders(self, key: str) -> tuple[str, ...]:
        section, _, name = key.rpartition(".")
        value = self._table(section).get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(
                key,
                '应为文件夹路径的列表，如 ["D:/备份"]',
                'must be a list of folders, e.g. ["D:/backups"]',
            )
        return tuple(value)

    def _hours(self, default: HallHours) -> HallHours:
        opening = self._time("hall.opening", default.open_at)
        closing = self._time("hall.closing", default.close_at)
        if closing <= opening:
            raise ConfigError(
                "hall.closing", "闭厅时间应晚于开厅时间", "closing must be after opening"
            )
        lunch_start = self._time("hall.lunch_start", default.lunch_start)
        lunch_end = self._time("hall.lunch_end", default.lunch_end)
        if not opening <= lunch_start < lunch_end <= closing:
            raise ConfigError(
                "hall.lunch_end",
                "午休时段应在开厅与闭厅之间，且开始早于结束",
                "lunch must start before it ends, within the hall hours",
            )
        return replace(
            default,
            open_at=opening,
            close_at=closing,
            lunch_start=lunch_start,
            lunch_end=lunch_end,
        )
