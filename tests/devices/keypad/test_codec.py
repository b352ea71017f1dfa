"""Hall keypad protocol v1 codec: frames, CRC, payloads and the resyncing stream parser."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.devices.errors import ChecksumError, ProtocolError
from app.devices.keypad import codec
from app.devices.keypad.codec import Frame, FrameParser, KeyEvent

SPEC_EXAMPLE = bytes.fromhex("AA 55 03 09 10 05 07 00 00 00 05 BA 3D")

frames = st.builds(
    Frame,
    address=st.integers(0, 255),
    seq=st.integers(0, 255),
    cmd=st.integers(0, 255),
    data=st.binary(max_size=40),
)


def test_crc16_modbus_check_value() -> None:
    assert codec.crc16_modbus(b"123456789") == 0x4B37


def test_the_spec_example_frame_encodes_and_decodes() -> None:
    """Keypad 3 pushes KEY for session 7, level 5, SEQ 9."""
    frame = Frame(3, 9, codec.KEY, codec.key_data(KeyEvent(7, 5)))
    assert frame.encode() == SPEC_EXAMPLE
    assert codec.decode(SPEC_EXAMPLE) == frame
    assert codec.read_key(frame.data) == KeyEvent(7, 5)


def test_a_reply_echoes_seq_and_sets_the_high_bit() -> None:
    ping = Frame(3, 1, codec.PING)
    reply = ping.reply(codec.ping_reply_data(0x4851, 1, 2))
    assert (reply.seq, reply.cmd) == (1, 0x81)
    assert reply.answers(ping) and not reply.answers(Frame(3, 2, codec.PING))
    assert codec.read_ping_reply(reply.data).firmware == "1.2"


def test_strict_decode_names_checksum_and_length_errors() -> None:
    spoiled = bytearray(SPEC_EXAMPLE)
    spoiled[8] ^= 0x01
    with pytest.raises(ChecksumError) as bad_crc:
        codec.decode(bytes(spoiled))
    assert "校验" in bad_crc.value.zh and "checksum" in bad_crc.value.en
    with pytest.raises(ProtocolError):
        codec.decode(SPEC_EXAMPLE[:-1])
    with pytest.raises(ProtocolError):
        codec.decode(b"\x00" + SPEC_EXAMPLE[1:])


def test_payload_readers_refuse_wrong_lengths() -> None:
    with pytest.raises(ProtocolError):
        codec.read_key(b"\x01\x02")
    with pytest.raises(ProtocolError):
        codec.read_poll_reply(b"\x01")
    assert codec.read_poll_reply(b"") is None
    event = KeyEvent(0xDEADBEEF, 4, codec.FLAG_REPEAT)
    assert codec.read_poll_reply(codec.poll_event_data(event)) == event


def test_display_text_is_cut_to_64_bytes_on_a_character_boundary() -> None:
    data = codec.display_data("窗口" * 20)  # 120 bytes of UTF-8
    assert len(data) <= codec.DISPLAY_MAX_BYTES
    assert data.decode("utf-8") == "窗口" * 10 + "窗"


def test_a_good_frame_held_back_by_a_false_header_comes_out_when_the_line_goes_quiet() -> None:
    parser = FrameParser()
    good = Frame(3, 4, codec.PING | codec.REPLY, b"\x01\x02\x03\x04")
    assert parser.feed(b"\xaa\x55\x01\x02\x03\xf0" + good.encode()) == []
    assert parser.pending > 0
    assert parser.flush() == [good]
    assert parser.pending == 0


def test_a_false_header_whose_length_reaches_into_a_real_frame_does_not_hide_it() -> None:
    """Garbage "AA 55 .. .. .. 05" claims 13 bytes that end inside the next real frame."""
    parser = FrameParser()
    false_start = bytes.fromhex("AA 55 01 02 03 05")
    assert parser.feed(false_start + SPEC_EXAMPLE + SPEC_EXAMPLE) == [
        codec.decode(SPEC_EXAMPLE),
        codec.decode(SPEC_EXAMPLE),
    ]
    assert parser.crc_errors >= 1


def test_the_parser_resyncs_after_a_bad_crc_by_dropping_one_byte() -> None:
    spoiled = bytearray(SPEC_EXAMPLE)
    spoiled[-1] ^= 0xFF
    parser = FrameParser()
    good = Frame(1, 2, codec.PING).encode()
    assert parser.feed(bytes(spoiled) + good) == [Frame(1, 2, codec.PING)]
    assert parser.crc_errors == 1


@given(frames)
def test_any_frame_round_trips(frame: Frame) -> None:
    assert codec.decode(frame.encode()) == frame
    assert FrameParser().feed(frame.encode()) == [frame]


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges)]


def _spoiled(frame: Frame) -> bytes:
    wire = bytearray(frame.encode())
    wire[-1] ^= 0x01
    return bytes(wire)


# Random bytes mixed with headers, good frames and frames with a wrong CRC.
streams = st.lists(
    st.one_of(
        st.binary(max_size=30),
        st.just(codec.HEADER),
        frames.map(Frame.encode),
        frames.map(_spoiled),
    ),
    max_size=12,
).map(b"".join)


@given(streams, st.lists(st.integers(0, 10_000), max_size=30))
@settings(max_examples=300)
def test_random_streams_in_random_chunks_never_raise_nor_yield_bad_frames(
    stream: bytes, cuts: list[int]
) -> None:
    parser = FrameParser()
    for chunk in _chunks(stream, cuts):
        for frame in parser.feed(chunk):
            # Its exact wire bytes, CRC included, were in the stream: no frame is made up
            # and none comes out with a CRC that did not match.
            assert frame.encode() in stream


no_header_garbage = st.binary(max_size=40).map(lambda b: b.replace(b"\xaa", b"\x00"))


@given(
    st.lists(st.tuples(no_header_garbage, frames), max_size=8),
    no_header_garbage,
    st.lists(st.integers(0, 10_000), max_size=30),
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_every_valid_frame_hidden_in_garbage_is_found(
    pieces: list[tuple[bytes, Frame]], tail: bytes, cuts: list[int]
) -> None:
    stream = b"".join(garbage + frame.encode() for garbage, frame in pieces) + tail
    parser = FrameParser()
    found = [f for chunk in _chunks(stream, cuts) for f in parser.feed(chunk)]
    assert found == [frame for _, frame in pieces]


@given(
    st.lists(st.tuples(frames, st.booleans(), st.integers(0, 1000)), max_size=8),
    st.lists(st.integers(0, 10_000), max_size=30),
)
@settings(max_examples=200, derandomize=True)
def test_corrupted_frames_between_good_ones_are_skipped(
    items: list[tuple[Frame, bool, int]], cuts: list[int]
) -> None:
    """Each spoiled frame has one byte of its body or CRC changed (CRC-16 catches it);
    derandomized because a 1-in-65536 CRC collision on overlapping bytes is possible."""
    stream = b""
    expected = []
    for frame, spoil, where in items:
        wire = bytearray(frame.encode())
        if spoil:
            index = 6 + where % (len(wire) - 6)  # data or CRC, not the header or length
            wire[index] ^= 0x5A
        else:
            expected.append(frame)
        stream += bytes(wire)
    parser = FrameParser()
    found = [f for chunk in _chunks(stream, cuts) for f in parser.feed(chunk)]
    found += parser.flush()  # the end of the stream: the line goes quiet
    assert all(f in found for f in expected)
    assert all(f.encode() in stream for f in found)
