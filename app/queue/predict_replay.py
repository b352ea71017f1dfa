"""Replaying the hall's dispatch rules forward from a snapshot, to see when tickets are called.

The rules are those of counter.call_next: a free window takes priority tickets first (those
transferred to it, then its services by rank), then the others in the same order, FIFO. One
replay follows every queue at once and notes when each waiting ticket is called, and when a
ticket joining each queue now would be: the first moment a window would have taken it (a
window that finds the queue empty when it is that queue's turn, or one that calls a later
arrival of that queue, which such a ticket would stand before). Until that moment the extra
ticket changes nothing, so one replay answers for every queue.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import random
from dataclasses import dataclass

from app.queue.predict_model import HallModel, PredictorConfig, ServiceModel, Waiting, mean_of


@dataclass
class _Layout:
    """Queues numbered 0..n-1; each window's queue numbers in the order it calls them."""

    service_queue: dict[tuple[int, bool], int]  # (service, priority) → queue number
    window_queue: dict[tuple[int, bool], int]  # (window, priority) → queue number
    queue_service: list[int]  # service of a service queue; -1 for a window's queue
    order: list[list[int]]  # per window (index in model.windows)
    reachable: set[int]  # queues some window calls


def _layout(model: HallModel) -> _Layout:
    service_queue: dict[tuple[int, bool], int] = {}
    window_queue: dict[tuple[int, bool], int] = {}
    queue_service: list[int] = []
    for sid in sorted(model.services):
        for prio in (True, False):
            service_queue[(sid, prio)] = len(queue_service)
            queue_service.append(sid)
    order = []
    for window in model.windows:
        calls = []
        for prio in (True, False):
            window_queue[(window.window_id, prio)] = len(queue_service)
            calls.append(len(queue_service))
            queue_service.append(-1)
            calls += [
                service_queue[(sid, prio)] for sid in window.service_ids if sid in model.services
            ]
        order.append(calls)
    reachable = {number for calls in order for number in calls}
    return _Layout(service_queue, window_queue, queue_service, order, reachable)


class _Arrivals:
    """Later tickets as queue numbers over time, made in chunks as the replay needs them: a
    Poisson stream, or (deterministically) evenly spaced at the expected rates."""

    CHUNK = 1800.0

    def __init__(
        self,
        model: HallModel,
        rng: random.Random | None,
        service_queue: dict[tuple[int, bool], int],
        enabled: bool,
        horizon: float,
    ) -> None:
        cuts = {0.0, horizon}
        for service in model.services.values():
            for start, end, _rate in service.arrivals:
                cuts.update(x for x in (start, end) if 0.0 < x < horizon)
        edges = sorted(cuts)
        # per bin: start, end, total rate, cumulative rates, their queue numbers (normal, priority)
        self.bins: list[tuple[float, float, float, list[float], list[tuple[int, int]]]] = []
        if enabled:
            for start, end in itertools.pairwise(edges):
                rates = [(sid, _rate_at(service, start)) for sid, service in model.services.items()]
                rates = sorted((sid, r) for sid, r in rates if r > 0)
                total = sum(r for _, r in rates)
                if total > 0:
                    cumulative = list(itertools.accumulate(r for _, r in rates))
                    queues = [
                        (service_queue[(s, False)], service_queue[(s, True)]) for s, _ in rates
                    ]
                    self.bins.append((start, end, total, cumulative, queues))
        self.rng = rng
        self.share = model.priority_share
        self.bin = 0
        self.clock = 0.0
        self.made_until = 0.0
        self.due: dict[int, float] = {}
        self.times: list[float] = [math.inf]
        self.queues: list[int] = [-1]

    def extend(self, until: float) -> None:
        """Make the arrivals up to `until` (the lists end with an infinite sentinel)."""
        self.times.pop()
        self.queues.pop()
        times, queues, rng, bins = self.times, self.queues, self.rng, self.bins
        while self.bin < len(bins):
            start, end, total, cumulative, numbers = bins[self.bin]
            clock = max(self.clock, start)
            stop = min(end, until)
            while True:
                gap = -math.log(1.0 - rng.random()) / total if rng else 1.0 / total
                if clock + gap >= stop:
                    break
                clock += gap
                times.append(clock)
                if rng:
                    u = rng.random() * total
                    pick = numbers[min(len(numbers) - 1, bisect.bisect_right(cumulative, u))]
                    queues.append(pick[1] if rng.random() < self.share else pick[0])
                else:  # the service furthest behind its expected share
                    previous = 0.0
                    for pick, upto in zip(numbers, cumulative, strict=True):
                        self.due[pick[0]] = self.due.get(pick[0], 0.0) + (upto - previous) / total
                        previous = upto
                    chosen = max(numbers, key=lambda item: self.due[item[0]])[0]
                    self.due[chosen] -= 1.0
                    queues.append(chosen)
            if stop >= end:
                self.clock = end
                self.bin += 1
                continue
            # the Poisson stream has no memory: restart at `until` next time
            self.clock = until if rng else clock
            break
        self.made_until = until
        times.append(math.inf)
        queues.append(-1)

    @property
    def exhausted(self) -> bool:
        return self.bin >= len(self.bins)


def _rate_at(service: ServiceModel, moment: float) -> float:
    for start, end, rate in service.arrivals:
        if start <= moment < end:
            return rate
    return 0.0


def _beyond(service: ServiceModel, elapsed: float) -> tuple[float, ...]:
    """Handling times longer than `elapsed` (the pool is sorted); past the longest one seen,
    the excess of the longest tenth over its start, as a case that long is likely to go on."""
    pool = service.pool
    found = pool[bisect.bisect_right(pool, elapsed) :]
    if found:
        return found
    top = pool[int(0.9 * len(pool)) :] or pool
    return tuple(elapsed + max(30.0, h - top[0]) for h in top)


def _mean_residual(service: ServiceModel, elapsed: float) -> float:
    rest = _beyond(service, elapsed)
    return sum(rest) / len(rest) - elapsed


def _pick(samples: tuple[float, ...], rng: random.Random | None) -> float:
    """One of the samples (rng None: their mean)."""
    if rng is None:
        return mean_of(samples)
    return samples[int(rng.random() * len(samples))]


def _no_show_given(model: HallModel, elapsed: float) -> float:
    """The chance that a called visitor not at the window after `elapsed` will not come."""
    p = model.no_show_rate
    if p <= 0 or not model.walks:
        return p
    late = sum(1 for w in model.walks if w > elapsed) / len(model.walks)
    return p / (p + (1 - p) * late) if p + (1 - p) * late > 0 else 1.0


def _busy_rest(model: HallModel, index: int, rng: random.Random | None) -> float:
    """Time until a window's case in hand is over, and the window can call again."""
    window = model.windows[index]
    sid = window.busy_service_id
    if sid is None or sid not in model.services:
        return 0.0
    service = model.services[sid]
    speed, elapsed = window.speed, window.busy_elapsed_s
    walk = model.walk_s
    if rng is None:
        if window.busy_started:
            return _mean_residual(service, elapsed / speed) * speed + model.turnaround_s
        return max(0.0, walk - elapsed) + service.mean_s * speed + model.turnaround_s
    if not window.busy_started and rng.random() < _no_show_given(model, elapsed):
        return max(0.0, model.no_show_cost_s - elapsed) + model.turnaround_s
    lead = 0.0 if window.busy_started else max(0.0, walk - elapsed)
    spent = elapsed / speed if window.busy_started else 0.0
    longer = _beyond(service, spent)
    rest = longer[int(rng.random() * len(longer))] - spent
    return lead + rest * speed + model.turnaround_s


@dataclass
class Calls:
    """One replay: per queue number, when its waiting tickets are called (in order), and when
    a ticket joining it now would be (math.inf: not within the horizon, or never)."""

    waiting: list[list[float]]
    new: list[float]
    steps: int


def replay(
    model: HallModel,
    waiting: Waiting,
    lay: _Layout,
    rng: random.Random | None,
    *,
    config: PredictorConfig,
) -> Calls:
    """One replay (rng None: mean times, no randomness)."""
    horizon = config.horizon_s
    size = len(lay.queue_service)
    counts = [0] * size
    window_items: dict[int, list[int]] = {}
    for key, number in lay.service_queue.items():
        counts[number] = len(waiting.by_service.get(key, ()))
    fallback = min(model.services)  # a suspended service's ticket sent to a window
    for key, number in lay.window_queue.items():
        items = [
            sid if sid in model.services else fallback
            for _tid, sid in reversed(waiting.by_window.get(key, ()))
        ]
        window_items[number] = items
        counts[number] = len(items)
    initial = list(counts)
    calls: list[list[float]] = [[] for _ in range(size)]
    new = [math.inf] * size
    reachable = lay.reachable
    left = sum(initial[number] for number in reachable)  # waiting tickets not yet called
    unknown = {n for n in reachable if lay.queue_service[n] >= 0}  # `new` still to find

    services = model.services
    p_ns = model.no_show_rate
    base = model.walk_s + model.turnaround_s
    ns_occupancy = model.no_show_cost_s + model.turnaround_s
    means = {
        sid: p_ns * ns_occupancy + (1 - p_ns) * (base + s.mean_s) for sid, s in services.items()
    }
    handling = {sid: (1 - p_ns) * s.mean_s for sid, s in services.items()}
    pools = {sid: s.pool for sid, s in services.items()}
    draw = rng.random if rng else None
    queue_service = lay.queue_service

    windows = model.windows
    heap = [(_pick(w.free_at_s, rng) + _busy_rest(model, i, rng), i) for i, w in enumerate(windows)]
    heapq.heapify(heap)
    arrivals = _Arrivals(model, rng, lay.service_queue, config.future_arrivals, horizon)
    arrivals.extend(arrivals.CHUNK)
    times, arrived = arrivals.times, arrivals.queues
    next_arrival = 0
    # lunch still to take: (from, to, back) per window; None once taken or if none is due
    lunches = [
        (w.lunch_s[0], w.lunch_s[1], _pick(w.lunch_back_s, rng))
        if w.lunch_s is not None and w.lunch_back_s
        else None
        for w in windows
    ]
    speeds = [w.speed for w in windows]
    order = lay.order
    steps = 0
    heappop, heappush = heapq.heappop, heapq.heappush
    while heap and (left or unknown):
        at, index = heappop(heap)
        if at > horizon:
            break
        lunch = lunches[index]
        if lunch is not None and lunch[0] <= at:
            lunches[index] = None
            if at < lunch[1]:
                heappush(heap, (max(at, lunch[2]), index))
                continue
        if at > arrivals.made_until and not arrivals.exhausted:
            arrivals.extend(at + arrivals.CHUNK)
        while times[next_arrival] <= at:
            counts[arrived[next_arrival]] += 1
            next_arrival += 1
        steps += 1
        for number in order[index]:
            if counts[number]:
                break
            if number in unknown:  # its turn, and empty: a ticket joining now goes here
                new[number] = at
                unknown.discard(number)
        else:  # idle until the next ticket arrives
            while times[next_arrival] == math.inf and not arrivals.exhausted:
                arrivals.extend(arrivals.made_until + arrivals.CHUNK)
            if times[next_arrival] < horizon:
                heappush(heap, (times[next_arrival], index))
            continue
        counts[number] -= 1
        done = calls[number]
        if len(done) < initial[number]:
            done.append(at)
            left -= 1
        elif number in unknown:  # a later arrival: a ticket joining now would go first
            new[number] = at
            unknown.discard(number)
        served = queue_service[number]
        if served < 0:
            served = window_items[number].pop()
        if draw is None:
            at += means[served] + (speeds[index] - 1.0) * handling[served]
        elif draw() < p_ns:
            at += ns_occupancy
        else:
            pool = pools[served]
            at += base + pool[int(draw() * len(pool))] * speeds[index]
        heappush(heap, (at, index))
    return Calls(calls, new, steps + next_arrival)


@dataclass
class Samples:
    """Call times over several replays, per queue key: for each waiting ticket (in order) and
    for a ticket joining now; math.inf where it was not called within the horizon."""

    by_service: dict[tuple[int, bool], tuple[list[list[float]], list[float]]]
    by_window: dict[tuple[int, bool], list[list[float]]]
    replays: int


def sample_calls(model: HallModel, waiting: Waiting, config: PredictorConfig, seed: int) -> Samples:
    """Monte-Carlo replays (fewer for long queues; `config.replays` = 0: one replay with mean
    times). Queues no window calls are left out."""
    lay = _layout(model)
    runs: list[Calls] = []
    if config.replays <= 0:
        runs.append(replay(model, waiting, lay, None, config=config))
    else:
        rng = random.Random(seed)
        runs.append(replay(model, waiting, lay, rng, config=config))
        per_replay = max(1, runs[0].steps)
        count = max(config.min_replays, min(config.replays, config.step_budget // per_replay))
        runs += [replay(model, waiting, lay, rng, config=config) for _ in range(count - 1)]

    def per_ticket(number: int, size: int) -> list[list[float]]:
        return [
            [run.waiting[number][i] if i < len(run.waiting[number]) else math.inf for run in runs]
            for i in range(size)
        ]

    by_service = {
        key: (
            per_ticket(number, len(waiting.by_service.get(key, ()))),
            [r.new[number] for r in runs],
        )
        for key, number in lay.service_queue.items()
        if number in lay.reachable
    }
    by_window = {
        key: per_ticket(number, len(waiting.by_window.get(key, ())))
        for key, number in lay.window_queue.items()
        if number in lay.reachable and waiting.by_window.get(key)
    }
    return Samples(by_service, by_window, len(runs))
