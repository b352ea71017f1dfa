"""A Monte-Carlo oracle for bench/waitpred.py: the mean wait of a just-issued ticket over
forward runs of the simulator's own rules from its true state, sampling the simulator's true
distributions (arrival rates and peak, handling times by service and clerk, walks, turnarounds,
no-shows, lunch returns). It knows everything a predictor could learn, and nothing of the
future: what the clerks are doing now and since when, but not the draws already made for
their current case (it samples them given the time already spent).
"""

from __future__ import annotations

import heapq
import math
import random

from bench.hallsim import Clerk, HallSim, TicketRecord, arrival_rate, handling_s, tod


class Oracle:
    """Estimates for one simulated hall, as its tickets are issued."""

    def __init__(self, sim: HallSim, replays: int = 100, seed: int = 1) -> None:
        self.sim = sim
        self.hall = sim.hall
        self.replays = replays
        self.rng = random.Random(seed)
        hall = self.hall
        self.lunch = (tod(hall.lunch[0]), tod(hall.lunch[1]))
        self.close = tod(sim.options.close_at or hall.close_at)
        self.top = sim.rate * max(1.0, hall.peak_factor)
        self.shares = [(s.code, s.share) for s in hall.services]

    def wait(self, record: TicketRecord, now: float) -> float:
        """The oracle's estimate (seconds) for a ticket issued at `now` (seconds of the day)."""
        sim = self.sim
        counts: dict[tuple[str, bool], int] = {}
        ahead = 0
        for other in sim.waiting.values():
            key = (other.service, other.priority)
            counts[key] = counts.get(key, 0) + 1
            if key == (record.service, record.priority) and other.ticket_id < record.ticket_id:
                ahead += 1
        clerks = list(sim.clerks.values())
        target = (record.service, record.priority)
        total = 0.0
        for _ in range(self.replays):
            total += self._run(clerks, dict(counts), target, ahead, now)
        return total / self.replays

    def _occupancy(self, code: str, speed: float, rng: random.Random) -> float:
        hall = self.hall
        if rng.random() < hall.no_show:
            return hall.no_show_after_s + rng.uniform(*hall.turnaround_s)
        walk = rng.uniform(*hall.walk_s)
        return walk + handling_s(hall, code, speed, rng) + rng.uniform(*hall.turnaround_s)

    def _free_at(self, clerk: Clerk, now: float, rng: random.Random) -> float:
        """When a busy clerk can call again, given what they are doing now."""
        hall = self.hall
        lo_t, hi_t = hall.turnaround_s
        spent = now - clerk.since
        if clerk.phase == "turnaround":
            return clerk.since + rng.uniform(max(lo_t, min(spent, hi_t)), hi_t)
        if clerk.phase == "serving":
            took = handling_s(hall, clerk.service, clerk.speed, rng, spent)
            return clerk.since + took + rng.uniform(lo_t, hi_t)
        lo_w, hi_w = hall.walk_s  # called: on the way, or not coming
        late = 1.0 if spent < lo_w else max(0.0, (hi_w - spent) / (hi_w - lo_w))
        p = hall.no_show
        if rng.random() < p / (p + (1 - p) * late):
            return clerk.since + hall.no_show_after_s + rng.uniform(lo_t, hi_t)
        walk = rng.uniform(max(lo_w, min(spent, hi_w)), hi_w)
        took = handling_s(hall, clerk.service, clerk.speed, rng)
        return clerk.since + walk + took + rng.uniform(lo_t, hi_t)

    def _run(
        self,
        clerks: list[Clerk],
        counts: dict[tuple[str, bool], int],
        target: tuple[str, bool],
        ahead: int,
        now: float,
    ) -> float:
        rng, hall = self.rng, self.hall
        lunch_from, lunch_to = self.lunch
        n = len(clerks)
        state = [c.state for c in clerks]
        lunched = [c.lunch_done for c in clerks]
        heap: list[tuple[float, int]] = []
        for i, clerk in enumerate(clerks):
            if clerk.state == "closed":
                opens = next(tod(w.opens) for w in hall.windows if w.number == clerk.number)
                heap.append((max(now, opens), i))
            elif clerk.state == "lunch":
                back = lunch_to + rng.uniform(
                    max(0.0, min(now - lunch_to, hall.lunch_return_s)), hall.lunch_return_s
                )
                heap.append((max(now, back), i))
            elif clerk.state == "busy":
                heap.append((max(now, self._free_at(clerk, now, rng)), i))
        heapq.heapify(heap)
        left = ahead

        def wake(i: int, at: float) -> bool | None:
            """The clerk is free at `at`; True: it called the target; None: it went idle."""
            nonlocal left
            clerk = clerks[i]
            if not clerk.lunch_duty and not lunched[i] and lunch_from <= at < lunch_to:
                lunched[i] = True
                state[i] = "lunch"
                heapq.heappush(heap, (lunch_to + rng.uniform(0, hall.lunch_return_s), i))
                return False
            for prio in (True, False):
                for code in clerk.services:
                    key = (code, prio)
                    if counts.get(key, 0):
                        if key == target:
                            if left == 0:
                                return True
                            left -= 1
                        counts[key] -= 1
                        state[i] = "busy"
                        heapq.heappush(heap, (at + self._occupancy(code, clerk.speed, rng), i))
                        return False
            state[i] = "idle"
            return None

        def arrived(code: str, at: float) -> bool:
            for i in range(n):
                if state[i] == "idle" and code in clerks[i].services:
                    outcome = wake(i, at)
                    if outcome:
                        return True
                    if outcome is False and state[i] == "busy":
                        return False
            return False

        if arrived(target[0], now):  # the sim tells idle windows of the new ticket
            return 0.0
        clock = now
        next_arrival = self._next_arrival(clock)
        while True:
            top = heap[0][0] if heap else math.inf
            if next_arrival < top:
                clock = next_arrival
                code = self._pick(rng)
                key = (code, rng.random() < hall.priority_share)
                counts[key] = counts.get(key, 0) + 1
                if arrived(code, clock):
                    return clock - now
                next_arrival = self._next_arrival(clock)
                continue
            if top == math.inf:
                return 12 * 3600.0
            at, i = heapq.heappop(heap)
            if wake(i, at):
                return at - now

    def _next_arrival(self, clock: float) -> float:
        """The next arrival after `clock` (Poisson with the peak, by thinning)."""
        rng, hall = self.rng, self.hall
        while True:
            clock += rng.expovariate(self.top)
            if clock >= self.close:
                return math.inf
            if rng.random() * self.top < arrival_rate(hall, self.sim.rate, clock):
                return clock

    def _pick(self, rng: random.Random) -> str:
        pick = rng.random()
        for code, share in self.shares:
            pick -= share
            if pick < 0:
                return code
        return self.shares[-1][0]
