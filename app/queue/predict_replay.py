"""Replaying the hall's dispatch rules forward from a snapshot, to see when a ticket is called.

The rules are those of counter.call_next: a free window takes priority tickets first (those
transferred to it, then its services by rank), then the others in the same order, FIFO. Queues
are kept as counts: only the ticket of interest and the tickets ahead of it matter, and later
tickets of its own queue always stand behind it.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

from app.queue.predict_model import HallModel, PredictorConfig, Queues, ServiceModel


@dataclass
class _Layout:
    """Queues numbered 0..n-1; each window's queue numbers in the order it calls them."""

    service_queue: dict[tuple[int, bool], int]  # (service, priority) → queue number
    window_queue: dict[tuple[int, bool], int]  # (window, priority) → queue number
    queue_service: list[int]  # service of a service queue; -1 for a window's queue
    order: list[list[int]]  # per window (index in model.windows)
    target: int


def _layout(model: HallModel, queues: Queues) -> _Layout:
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
            calls += [service_queue[(sid, prio)] for sid in window.service_ids]
        order.append(calls)
    kind, key, prio = queues.target_queue
    target = (service_queue if kind == "service" else window_queue).get((key, prio), -1)
    return _Layout(service_queue, window_queue, queue_service, order, target)


class _Arrivals:
    """Later tickets over time: a Poisson stream (or evenly spaced ones, deterministically)."""

    def __init__(
        self, model: HallModel, rng: random.Random | None, enabled: bool, horizon: float
    ) -> None:
        cuts = {0.0, horizon}
        for service in model.services.values():
            for start, end, _rate in service.arrivals:
                cuts.update(x for x in (start, end) if 0.0 < x < horizon)
        edges = sorted(cuts)
        self.bins: list[tuple[float, float, float, list[tuple[int, float]]]] = []
        if enabled:
            for start, end in itertools.pairwise(edges):
                rates = [
                    (sid, _rate_at(service, start))
                    for sid, service in sorted(model.services.items())
                ]
                rates = [(sid, r) for sid, r in rates if r > 0]
                total = sum(r for _, r in rates)
                if total > 0:
                    self.bins.append((start, end, total, rates))
        self.rng = rng
        self.priority_share = model.priority_share
        self.bin = 0
        self.clock = 0.0
        self.counts: dict[int, float] = {}
        self.next_time = self._draw()

    def _draw(self) -> float:
        while self.bin < len(self.bins):
            start, end, total, _ = self.bins[self.bin]
            self.clock = max(self.clock, start)
            gap = self.rng.expovariate(total) if self.rng else 1.0 / total
            if self.clock + gap < end:
                self.clock += gap
                return self.clock
            self.clock = end
            self.bin += 1
        return float("inf")

    def pop(self) -> tuple[int, bool]:
        """The service and priority of the arrival at next_time; draws the one after it."""
        rates = self.bins[self.bin][3]
        total = self.bins[self.bin][2]
        if self.rng:
            pick = self.rng.random() * total
            sid = rates[-1][0]
            for candidate, rate in rates:
                pick -= rate
                if pick < 0:
                    sid = candidate
                    break
            prio = self.rng.random() < self.priority_share
        else:  # the service furthest behind its expected share
            for candidate, rate in rates:
                self.counts[candidate] = self.counts.get(candidate, 0.0) + rate / total
            sid = max(rates, key=lambda item: self.counts[item[0]])[0]
            self.counts[sid] -= 1.0
            prio = False
        self.next_time = self._draw()
        return sid, prio


def _rate_at(service: ServiceModel, moment: float) -> float:
    for start, end, rate in service.arrivals:
        if start <= moment < end:
            return rate
    return 0.0


def _mean_residual(service: ServiceModel, elapsed: float) -> float:
    rest = [h - elapsed for h in service.pool if h > elapsed]
    return sum(rest) / len(rest) if rest else max(30.0, 0.2 * service.mean_s)


def replay(
    model: HallModel,
    queues: Queues,
    rng: random.Random | None,
    *,
    config: PredictorConfig,
    counter: list[int],
) -> float | None:
    """Seconds from now until the ticket is called in one replay (rng None: mean times)."""
    lay = _layout(model, queues)
    if lay.target < 0:
        return None
    horizon = config.horizon_s
    counts = [0] * len(lay.queue_service)
    window_items: dict[int, list[int]] = {}
    for key, number in lay.service_queue.items():
        counts[number] = queues.by_service.get(key, 0)
    for key, number in lay.window_queue.items():
        items = list(reversed(queues.by_window.get(key, ())))
        window_items[number] = items
        counts[number] = len(items)
    target, ahead = lay.target, queues.target_ahead
    counts[target] = 1  # never empty: the ticket itself stands in it
    if not any(target in calls for calls in lay.order):
        return None

    services = model.services
    pools = {sid: (s.pool, len(s.pool)) for sid, s in services.items()}
    p_ns, walk, turn = model.no_show_rate, model.walk_s, model.turnaround_s
    ns_cost = model.no_show_cost_s
    means = {
        sid: p_ns * ns_cost + (1 - p_ns) * (walk + s.mean_s) + turn for sid, s in services.items()
    }
    draw: Callable[[], float] = rng.random if rng else (lambda: 0.5)

    def occupancy(sid: int) -> float:
        if rng is None:
            return means[sid]
        if draw() < p_ns:
            return ns_cost + turn
        pool, size = pools[sid]
        return walk + pool[int(draw() * size)] + turn

    heap: list[tuple[float, int]] = []
    for index, window in enumerate(model.windows):
        at = window.free_at_s
        sid = window.busy_service_id
        if sid is not None and sid in services:
            service = services[sid]
            if rng is None:
                rest = _mean_residual(service, window.busy_elapsed_s)
                if not window.busy_started:
                    rest = max(0.0, walk - window.busy_elapsed_s) + service.mean_s
            elif not window.busy_started and draw() < p_ns:
                rest = max(0.0, ns_cost - window.busy_elapsed_s)
            else:
                lead = 0.0 if window.busy_started else max(0.0, walk - window.busy_elapsed_s)
                spent = window.busy_elapsed_s if window.busy_started else 0.0
                rest = max(30.0, 0.2 * service.mean_s)
                for _ in range(12):
                    h = service.pool[int(draw() * len(service.pool))]
                    if h > spent:
                        rest = h - spent
                        break
                rest += lead
            at += rest + turn
        heapq.heappush(heap, (at, index))

    arrivals = _Arrivals(model, rng, config.future_arrivals, horizon)
    lunch_from, lunch_to = model.lunch_from_s, model.lunch_to_s
    windows = model.windows
    order = lay.order
    steps = 0
    while heap:
        at, index = heapq.heappop(heap)
        if at > horizon:
            break
        if windows[index].skips_lunch and lunch_from <= at < lunch_to:
            heapq.heappush(heap, (lunch_to, index))
            continue
        while arrivals.next_time <= at:
            sid, prio = arrivals.pop()
            counts[lay.service_queue[(sid, prio)]] += 1
        steps += 1
        for number in order[index]:
            if counts[number]:
                break
        else:  # idle until the next ticket arrives
            if arrivals.next_time < horizon:
                heapq.heappush(heap, (arrivals.next_time, index))
            continue
        if number == target:
            if ahead == 0:
                counter[0] += steps
                return at
            ahead -= 1
            served = lay.queue_service[number]
            if served < 0:
                served = window_items[number].pop()
        else:
            counts[number] -= 1
            served = lay.queue_service[number]
            if served < 0:
                served = window_items[number].pop()
        heapq.heappush(heap, (at + occupancy(served), index))
    counter[0] += steps
    return horizon


def expected_wait(
    model: HallModel, queues: Queues, config: PredictorConfig, seed: int
) -> float | None:
    """The mean over Monte-Carlo replays (fewer for long queues), or one mean-time replay."""
    counter = [0]
    if config.replays <= 0:
        return replay(model, queues, None, config=config, counter=counter)
    rng = random.Random(seed)
    first = replay(model, queues, rng, config=config, counter=counter)
    if first is None:
        return None
    per_replay = max(1, counter[0])
    runs = max(config.min_replays, min(config.replays, config.step_budget // per_replay))
    total = first
    for _ in range(runs - 1):
        total += replay(model, queues, rng, config=config, counter=counter) or 0.0
    return total / runs
