"""Sends a page's count to Redis off the request's path: the request queues it (microseconds) and one thread per
process sends what is queued, a tenth of a second's worth at a time, in one pipeline. The page never waits for
Redis, even a hung one.

What a process loses if it is killed outright is what it had queued and not yet sent: at most the last tenth of a
second's counts, and more only while Redis does not answer. On a normal exit (a gunicorn worker's restart) it sends
what is queued first, waiting at most EXIT_WAIT_SECONDS. If Redis cannot be reached, a batch is dropped with a
warning (counting fails open), and once MAX_QUEUED counts wait, new ones are dropped.
"""

import atexit
import logging
import os
import queue
import threading
import time
from collections.abc import Callable

import redis

logger = logging.getLogger(__name__)

MAX_QUEUED = 10_000
BATCH = 1_000
# After a count arrives, the sender waits this long for more before sending: one round trip and one wake-up of its
# thread for every tenth of a second of pages, instead of one for each page, which measured slower than sending
# from the request itself (the thread competed with the requests for the process).
GATHER_SECONDS = 0.1
EXIT_WAIT_SECONDS = 2.0

# KEYS: the client's repeat mark, the kind's hash; ARGV: the repeat window in seconds, the counter's field. Adds one
# only when the mark was not set yet, so that one client's repeats within the window count once.
COUNT_FIRST = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  return 1
end
return 0
"""

# (repeat mark key, hash key, hash field, repeat window in seconds)
Count = tuple[str, str, str, int]


class _Sender:
    def __init__(self, client: Callable[[], redis.Redis | None]) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._queue: queue.Queue[Count] = queue.Queue(maxsize=MAX_QUEUED)

    def put(self, count: Count) -> None:
        if self._pid != os.getpid():
            self._start()
        try:
            self._queue.put_nowait(count)
        except queue.Full:
            logger.warning("Counting behind (%d counts waiting for Redis); a count dropped", MAX_QUEUED)

    def _start(self) -> None:
        with self._lock:
            # A forked child inherits the parent's queue but not its thread: it starts its own.
            if self._pid == os.getpid():
                return
            self._queue = queue.Queue(maxsize=MAX_QUEUED)
            threading.Thread(target=self._run, name="count-sender", daemon=True).start()
            self._pid = os.getpid()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            time.sleep(GATHER_SECONDS)
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._send(batch)
            except redis.RedisError:
                logger.warning("Counting unavailable (Redis error); %d count(s) dropped", len(batch), exc_info=True)
            except Exception:
                logger.exception("Counting failed; %d count(s) dropped", len(batch))
            finally:
                for _ in batch:
                    self._queue.task_done()

    def _send(self, batch: list[Count]) -> None:
        client = self._client()
        if client is None:
            return
        script = client.register_script(COUNT_FIRST)
        pipeline = client.pipeline(transaction=False)
        for seen, hash_key, field, window in batch:
            script(keys=[seen, hash_key], args=[window, field], client=pipeline)
        pipeline.execute()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.execute unannotated

    def wait_sent(self, timeout: float) -> bool:
        """Waits until every count this process queued has been sent (or dropped); False if `timeout` ran out."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True


_sender: _Sender | None = None
_sender_lock = threading.Lock()


def sender(client: Callable[[], redis.Redis | None]) -> _Sender:
    """This process's sender, sending through the Redis `client()` returns."""
    global _sender
    if _sender is None:
        with _sender_lock:
            if _sender is None:
                _sender = _Sender(client)
                atexit.register(_send_before_exit)
    return _sender


def counts_sent(timeout: float) -> bool:
    """Waits until the counts this process queued are in Redis (or dropped); False if `timeout` ran out first."""
    return _sender is None or _sender.wait_sent(timeout)


def _send_before_exit() -> None:
    if _sender is not None and _sender._pid == os.getpid():
        _sender.wait_sent(EXIT_WAIT_SECONDS)
