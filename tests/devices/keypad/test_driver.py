"""The driver against the simulator over a real pty and over socket://127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.devices.keypad import FOUR_KEY_EXAMPLE, MODELS, KeypadModel, RatingEnd, codec
from app.devices.keypad.simulator import KeypadSimulator
from app.models import Rating, RatingPath
from app.queue import QueueEngine
from tests.devices.keypad.conftest import ADDRESS, WAIT, DriverFactory, Recorder


def _finished_ticket(engine: QueueEngine) -> int:
    issued = engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    engine.call_next(1)
    engine.start(1)
    engine.finish(1, "done")
    return int(issued.ticket.id)


def test_a_full_rating_is_stored_with_its_keypad_trace(
    sim: KeypadSimulator, make_driver: DriverFactory, engine: QueueEngine
) -> None:
    ticket_id = _finished_ticket(engine)
    asked = engine.rating_session(ticket_id)  # the server's session, whose token it echoes
    assert asked is not None
    driver = make_driver(sim.url)
    session = driver.start_rating(ADDRESS, ticket_id, timeout_s=20, session=asked.session)
    assert sim.wait_session(ADDRESS) == session.session
    assert sim.press(4, ADDRESS)
    result = session.result(WAIT)
    assert (result.level, result.end, result.level_name) == (4, RatingEnd.KEY, "满意")
    assert (result.device, result.device_address) == (sim.url, ADDRESS)
    key_frame = codec.decode(bytes.fromhex(result.raw_frame))
    assert key_frame.cmd == codec.KEY
    assert codec.read_key(key_frame.data).session == session.session
    engine.answer_rating(
        result.keypad_session,
        window=1,
        level=result.level,
        path=RatingPath.BUS,
        device=result.device,
        device_address=result.device_address,
        raw_frame=result.raw_frame,
    )
    with engine.db.read() as conn:
        row = conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).one()
    assert (row.level, row.device, row.device_address) == (4, sim.url, ADDRESS)
    assert (row.keypad_session, row.raw_frame) == (session.session, result.raw_frame)
    # The keypad was acknowledged, so it stops repeating the event.
    assert sim.wait_for(lambda: not sim.keypads[ADDRESS].pending, WAIT)


def test_no_key_in_time_ends_as_not_rated_and_cancels_the_keypad(
    sim: KeypadSimulator, make_driver: DriverFactory
) -> None:
    driver = make_driver(sim.url)
    session = driver.start_rating(ADDRESS, 99, timeout_s=1)
    sim.wait_session(ADDRESS)
    result = session.result(WAIT)
    assert (result.level, result.end, result.raw_frame) == (None, RatingEnd.TIMEOUT, "")
    assert result.level_name == "未评价"
    assert sim.wait_for(lambda: sim.keypads[ADDRESS].session is None, WAIT)
    assert sim.wait_for(lambda: any(f.cmd == codec.CANCEL for f in list(sim.received)), WAIT)


def test_a_cancelled_session_ends_without_a_level(
    sim: KeypadSimulator, make_driver: DriverFactory
) -> None:
    driver = make_driver(sim.url)
    session = driver.start_rating(ADDRESS, 5, timeout_s=20)
    sim.wait_session(ADDRESS)
    driver.cancel(ADDRESS).result(WAIT)
    assert session.result(0).end is RatingEnd.CANCELLED
    assert sim.wait_for(lambda: sim.keypads[ADDRESS].session is None, WAIT)
    assert not sim.press(5, ADDRESS)  # the keypad no longer takes a key


def test_duplicate_key_frames_give_one_rating(
    sim: KeypadSimulator, make_driver: DriverFactory, recorder: Recorder
) -> None:
    sim.duplicate_keys = 3
    driver = make_driver(sim.url)
    session = driver.start_rating(ADDRESS, 7, timeout_s=20)
    sim.wait_session(ADDRESS)
    sim.press(5, ADDRESS)
    assert session.result(WAIT).level == 5
    assert sim.wait_for(lambda: not sim.keypads[ADDRESS].pending, WAIT)
    assert sim.wait_for(lambda: driver.duplicates_dropped >= 2, WAIT)
    assert recorder.kinds(ADDRESS).count("rating") == 1


def test_unplug_and_replug_is_reported_and_recovered_without_restart(
    sim: KeypadSimulator, make_driver: DriverFactory, recorder: Recorder
) -> None:
    """After a power-cycling replug the driver re-shows the display and re-arms the session."""
    driver = make_driver(sim.url)
    driver.set_display(ADDRESS, "张三 1001").result(WAIT)
    session = driver.start_rating(ADDRESS, 11, timeout_s=30)
    sim.wait_session(ADDRESS)
    online = recorder.wait("online")
    sim.unplug()
    offline = recorder.wait("offline", after=online)
    assert not driver.online(ADDRESS)
    sim.replug(power_cycle=True)
    recorder.wait("online", after=offline)
    assert sim.wait_session(ADDRESS) == session.session
    assert sim.wait_for(lambda: sim.keypads[ADDRESS].display == "张三 1001", WAIT)
    sim.press(3, ADDRESS)
    assert session.result(WAIT).level == 3


def test_a_key_pressed_while_unplugged_arrives_after_replug(
    sim: KeypadSimulator, make_driver: DriverFactory, recorder: Recorder
) -> None:
    driver = make_driver(sim.url)
    session = driver.start_rating(ADDRESS, 12, timeout_s=30)
    sim.wait_session(ADDRESS)
    sim.unplug()
    recorder.wait("offline")
    assert sim.press(2, ADDRESS)  # the keypad keeps the event until it is acknowledged
    sim.replug()
    assert session.result(WAIT).level == 2


def test_a_keypad_that_stops_answering_goes_offline_and_comes_back(
    sim: KeypadSimulator, make_driver: DriverFactory, recorder: Recorder
) -> None:
    driver = make_driver(sim.url)
    first = recorder.wait("online")
    sim.mute(True, ADDRESS)
    offline = recorder.wait("offline", after=first)
    assert "未在规定时间内应答" in str(recorder.events[offline][2])
    sim.mute(False, ADDRESS)
    recorder.wait("online", after=offline)
    assert driver.ping(ADDRESS).result(WAIT).model == 0x4851


def test_corrupted_replies_are_retried(sim: KeypadSimulator, make_driver: DriverFactory) -> None:
    driver = make_driver(sim.url)
    driver.ping(ADDRESS).result(WAIT)
    sim.corrupt_next = 2
    assert driver.ping(ADDRESS).result(WAIT).firmware == "1.0"
    assert driver.link.parser.crc_errors >= 1


def test_a_port_missing_at_start_is_offline_until_it_appears(
    tmp_path: Path, make_driver: DriverFactory, recorder: Recorder
) -> None:
    link = f"{tmp_path}/later"
    driver = make_driver(link)
    session = driver.start_rating(ADDRESS, 13, timeout_s=30)
    recorder.wait("offline")
    with KeypadSimulator.on_pty(link, addresses=[ADDRESS]) as sim:
        recorder.wait("online")
        sim.wait_session(ADDRESS)
        sim.press(5, ADDRESS)
        assert session.result(WAIT).level == 5
    assert driver.ping(ADDRESS).exception(WAIT) is not None


def test_a_four_key_model_maps_its_keys_to_distinct_levels(make_driver: DriverFactory) -> None:
    """Keys 1..4 of the example model are 非常满意/满意/基本满意/不满意 (5/4/3/2)."""
    model = MODELS["example-4key"]
    with KeypadSimulator.on_tcp(addresses=[ADDRESS], keymap=FOUR_KEY_EXAMPLE) as sim:
        driver = make_driver(sim.url, model=model)
        levels = []
        for key in (1, 2, 3, 4):
            session = driver.start_rating(ADDRESS, 20 + key, timeout_s=20)
            sim.wait_session(ADDRESS)
            sim.press_key(key, ADDRESS)
            result = session.result(WAIT)
            levels.append((result.key, result.level, result.level_name))
    assert levels == [(1, 5, "非常满意"), (2, 4, "满意"), (3, 3, "基本满意"), (4, 2, "不满意")]


def test_an_unmapped_key_is_reported_and_the_session_stays_open(
    make_driver: DriverFactory, recorder: Recorder
) -> None:
    four_key = KeypadModel("example-4key", FOUR_KEY_EXAMPLE)
    with KeypadSimulator.on_tcp(addresses=[ADDRESS]) as sim:
        driver = make_driver(sim.url, model=four_key)
        session = driver.start_rating(ADDRESS, 30, timeout_s=20)
        sim.wait_session(ADDRESS)
        sim.press_key(5, ADDRESS)  # a five-key keypad wired to a four-key configuration
        recorder.wait("unknown_key")
        assert not session.done
        driver.cancel(ADDRESS).result(WAIT)
