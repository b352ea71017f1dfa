"""The commented default config file (hallqueue.toml), written at the first start with fresh
random machine tokens (app.config.default_text fills them in). Every option is shown with its
default, in Chinese and English."""

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
