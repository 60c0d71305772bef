"""The access log's handler under `kg serve` (kg.server.linebatch): lines are written in batches, but every line
is written exactly once, in order, whole, within its delay, and at the latest when the process ends."""

from __future__ import annotations

import io
import logging
import os
import time

import pytest

from kg.server.linebatch import BatchedStreamHandler, flush_all


class Writes(io.StringIO):
    """A stream that remembers each write it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def logger_with(handler: logging.Handler, name: str) -> logging.Logger:
    log = logging.getLogger(f"test.linebatch.{name}")
    log.handlers = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return log


def wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.mark.parametrize("lengths", [[10] * 2000, [37, 4000, 3, 4095, 4096, 4097, 9000, 1, 200] * 20])
def test_every_line_is_written_once_in_order_in_writes_of_at_most_pipe_buf(lengths):
    stream = Writes()
    handler = BatchedStreamHandler(stream, max_bytes=4096, max_delay=60)
    log = logger_with(handler, "order")
    lines = [f"{i:06d} " + "x" * n for i, n in enumerate(lengths)]
    for line in lines:
        log.info(line)
    handler.flush()
    assert stream.getvalue() == "".join(line + "\n" for line in lines)
    assert all(write.endswith("\n") for write in stream.writes)  # never part of a line
    assert len(stream.writes) < len(lines)  # batched
    for write in stream.writes:  # a write holds whole lines up to PIPE_BUF, or one longer line alone
        assert len(write.encode()) <= 4096 or write.count("\n") == 1


def test_a_batch_counts_bytes_not_characters():
    stream = Writes()
    handler = BatchedStreamHandler(stream, max_bytes=4096, max_delay=60)
    log = logger_with(handler, "bytes")
    for _ in range(100):
        log.info("Sûdwest-Fryslân " * 10)  # more bytes than characters
    handler.flush()
    assert max(len(write.encode()) for write in stream.writes) <= 4096


def test_a_line_waits_no_longer_than_its_delay_without_more_lines():
    stream = Writes()
    handler = BatchedStreamHandler(stream, max_delay=0.05)
    log = logger_with(handler, "delay")
    log.info("alone")
    assert wait_for(lambda: stream.getvalue() == "alone\n")
    log.info("again, after the first batch")
    assert wait_for(lambda: stream.getvalue() == "alone\nagain, after the first batch\n")


def test_a_line_is_kept_until_its_batch_is_due():
    stream = Writes()
    handler = BatchedStreamHandler(stream, max_delay=60)
    logger_with(handler, "kept").info("pending")
    assert stream.getvalue() == ""
    flush_all()  # what a web worker runs as it ends
    assert stream.getvalue() == "pending\n"


def test_a_forked_child_does_not_write_its_parent_s_pending_lines(tmp_path):
    out = tmp_path / "log"
    with out.open("a") as stream:
        handler = BatchedStreamHandler(stream, max_delay=60)
        log = logger_with(handler, "fork")
        log.info("parent's line")
        pid = os.fork()
        if pid == 0:  # the child: logs its own line and writes what it has
            try:
                log.info("child's line")
                handler.flush()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        handler.flush()
    assert sorted(out.read_text().splitlines()) == ["child's line", "parent's line"]


def test_a_stream_that_cannot_be_written_loses_the_batch_without_raising(capsys):
    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError("the reader went away")

    handler = BatchedStreamHandler(Broken(), max_delay=60)
    logger_with(handler, "broken").info("lost")
    handler.flush()  # reported on stderr as logging reports a line it cannot write; no exception
    assert "Logging error" in capsys.readouterr().err


@pytest.mark.parametrize("created", [1_780_000_000.0, 1_780_000_000.999, 1_780_000_001.0005, 1_780_000_059.5])
def test_an_access_line_written_without_a_log_record_is_the_line_logging_writes(created, monkeypatch):
    """Under kg serve, kg.server.ops writes access lines straight to the batched handler; each must read
    exactly as the logging module would have written the record."""
    from kg.server.serve import LOG_FORMAT, _ClockFormatter, access_writer

    stream = io.StringIO()
    handler = BatchedStreamHandler(stream, max_delay=60)
    formatter = _ClockFormatter(LOG_FORMAT)
    handler.setFormatter(formatter)
    message = "192.0.2.7 GET /sparql?query=ASK%7B%7D 200 1.3ms 4f2a00000001"
    monkeypatch.setattr(time, "time", lambda: created)
    access_writer(handler, formatter)(message)
    handler.flush()
    record = logging.LogRecord("kg.access", logging.INFO, __file__, 1, message, (), None)
    record.created, record.msecs = created, int((created - int(created)) * 1000) + 0.0
    assert stream.getvalue() == logging.Formatter(LOG_FORMAT).format(record) + "\n"


@pytest.mark.parametrize(
    ("path", "status", "started"), [("/sparql?query=ASK", 200, 0.0), ("/x" * 400 + "?q", 404, None)]
)
def test_log_access_says_the_same_with_or_without_the_direct_writer(path, status, started, monkeypatch, caplog):
    from kg.server import ops

    monkeypatch.setattr(ops.time, "perf_counter", lambda: 0.0125)
    with caplog.at_level("INFO", logger="kg.access"):
        ops.log_access("192.0.2.7", "GET", path, status, started, "rid-1")
    logged = [r.getMessage() for r in caplog.records if r.name == "kg.access"]
    direct: list[str] = []
    monkeypatch.setattr(ops, "write_access_line", direct.append)
    with caplog.at_level("INFO", logger="kg.access"):
        ops.log_access("192.0.2.7", "GET", path, status, started, "rid-1")
    assert direct == logged and len(logged) == 1
    assert [r.getMessage() for r in caplog.records if r.name == "kg.access"] == logged  # not logged twice


def test_the_direct_writer_keeps_to_the_access_logger_s_level(monkeypatch):
    from kg.server import ops

    direct: list[str] = []
    monkeypatch.setattr(ops, "write_access_line", direct.append)
    monkeypatch.setattr(ops.access_log, "level", logging.WARNING)
    ops.access_log.manager._clear_cache()
    try:
        ops.log_access("192.0.2.7", "GET", "/", 200, None, "rid")
    finally:
        ops.access_log.manager._clear_cache()
    assert direct == []
