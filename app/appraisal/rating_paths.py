"""How a period's ratings reached the server, and what the supervisor must see about them.

- Coverage per device path: rated (a level) by the server's bus keypads, keypads relayed by
  the clerk's PC, and tablet evaluators; 未评价 at the deadline; each over the finished cases.
- Device anomalies: the rating_anomaly events of the period by kind and window (answers that
  were refused, and ratings sooner than a person could press).
- Relayed against server-side: a keypad on the clerk's PC is the one path whose frames pass
  through the clerk's own machine, so a window whose relayed ratings are much better than its
  server-side ones (bus or tablet) — or, with none of its own, than the hall's server-side
  ones — is flagged for a look. Both sides need RELAYED_MIN and SERVER_MIN ratings, and the
  satisfaction rates must differ by at least GAP (docs/APPRAISAL.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, select

from app.appraisal.settings import AppraisalSettings
from app.models import Event, Rating, RatingPath, Ticket, TicketState

PATH_ZH = {
    RatingPath.BUS.value: "服务器总线评价器",
    RatingPath.RELAYED.value: "窗口电脑转发评价器",
    RatingPath.TABLET.value: "平板评价器",
    RatingPath.NONE.value: "未评价（超时）",
}
SERVER_SIDE = (RatingPath.BUS.value, RatingPath.TABLET.value)
RELAYED_MIN = 20  # relayed ratings a window needs before it is compared
SERVER_MIN = 20  # server-side ratings the comparison needs (the window's, else the hall's)
GAP = 0.15  # satisfaction-rate difference (15 points) that flags a window


@dataclass(frozen=True)
class PathCoverage:
    path: str
    zh: str
    count: int  # ratings that came this way (未评价 for "none")
    share: float | None  # of the finished cases


@dataclass(frozen=True)
class PathComparison:
    window_id: int
    relayed: int
    relayed_satisfaction: float
    server: int
    server_satisfaction: float
    against_hall: bool  # the window has too few server-side ratings: the hall's are used

    @property
    def gap(self) -> float:
        return self.relayed_satisfaction - self.server_satisfaction


@dataclass(frozen=True)
class AnomalyCount:
    anomaly: str
    zh: str
    count: int
    windows: dict[int, int] = field(default_factory=dict)  # window number → count


@dataclass(frozen=True)
class RatingIntegrity:
    finished: int
    paths: list[PathCoverage]
    anomalies: list[AnomalyCount]
    flagged: list[PathComparison]  # windows whose relayed ratings stand out

    @property
    def anomaly_total(self) -> int:
        return sum(a.count for a in self.anomalies)


def rating_integrity(
    conn: Connection, start: dt.date, end: dt.date, settings: AppraisalSettings
) -> RatingIntegrity:
    """The period's coverage per path, device anomalies and flagged windows."""
    in_period = Ticket.day.between(start, end)
    finished = int(
        conn.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(in_period, Ticket.state == TicketState.FINISHED.value)
        )
        or 0
    )
    originals = (
        select(Rating.window_id, Rating.path, Rating.level, Rating.scale)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(in_period, Rating.corrects_id.is_(None))
    )
    counts: Counter[str] = Counter()
    good: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])  # (window, side)
    for window_id, path, level, scale in conn.execute(originals):
        path = path or "unknown"  # rated before sessions existed
        counts[path] += 1
        if level is None or path not in (RatingPath.RELAYED.value, *SERVER_SIDE):
            continue
        side = "relayed" if path == RatingPath.RELAYED.value else "server"
        tally = good[(window_id, side)]
        tally[0] += 1
        tally[1] += int(level >= settings.scale(scale or 5).good_min)
    paths = [
        PathCoverage(path, PATH_ZH.get(path, path), counts[path], _share(counts[path], finished))
        for path in (*PATH_ZH, *sorted(set(counts) - set(PATH_ZH)))
        if counts[path] or path in PATH_ZH
    ]
    return RatingIntegrity(finished, paths, _anomalies(conn, start, end), _flagged(good))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _flagged(good: dict[tuple[int, str], list[int]]) -> list[PathComparison]:
    hall = [0, 0]
    for (_, side), (n, g) in good.items():
        if side == "server":
            hall[0] += n
            hall[1] += g
    flagged = []
    for (window_id, side), (n, g) in sorted(good.items()):
        if side != "relayed" or n < RELAYED_MIN:
            continue
        own = good.get((window_id, "server"), [0, 0])
        against_hall = own[0] < SERVER_MIN
        server = hall if against_hall else own
        if server[0] < SERVER_MIN:
            continue
        comparison = PathComparison(
            window_id, n, g / n, server[0], server[1] / server[0], against_hall
        )
        if comparison.gap >= GAP:
            flagged.append(comparison)
    return flagged


def _anomalies(conn: Connection, start: dt.date, end: dt.date) -> list[AnomalyCount]:
    since = dt.datetime.combine(start, dt.time())
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    rows = conn.execute(
        select(Event.data).where(
            and_(Event.kind == "rating_anomaly", Event.at >= since, Event.at < until)
        )
    )
    by_kind: dict[str, Counter[int]] = defaultdict(Counter)
    names: dict[str, str] = {}
    for (data,) in rows:
        kind = str(data.get("anomaly"))
        names[kind] = str(data.get("zh") or kind)
        by_kind[kind][int(data.get("window") or 0)] += 1
    return [
        AnomalyCount(kind, names[kind], sum(windows.values()), dict(sorted(windows.items())))
        for kind, windows in sorted(by_kind.items(), key=lambda item: -sum(item[1].values()))
    ]
