"""Compute something in a forked child while this process gets on with other work.

The memo's extra sections (paths to lower risk, the uncertainty sweep) take about a second
of pure Python, and so does loading WeasyPrint; on a machine with two cores they can run at
the same time. The child sends its result back as JSON over a pipe (never pickle). If the
child cannot be forked, fails, or returns something unreadable, ``result()`` simply runs the
function here — so errors surface exactly as they would without the child, and nothing is
ever lost.
"""

from __future__ import annotations

import json
import os
import sys


class Beside:
    """A call running in a forked child; ``result()`` waits for it (or runs it here)."""

    def __init__(self, fn, *args, **kwargs):
        self._call = (fn, args, kwargs)
        self._pid = None
        self._fd = None
        if not can_fork():
            return
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # the child: compute, send, and leave without running any exit handlers
            os.close(read_fd)
            os._exit(_send(write_fd, fn, args, kwargs))
        os.close(write_fd)
        self._pid, self._fd = pid, read_fd

    def result(self):
        """The call's value: the child's if it succeeded, else computed here."""
        if self._pid is not None:
            with os.fdopen(self._fd, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            if status == 0:
                try:
                    return json.loads(payload)
                except ValueError:
                    pass
        fn, args, kwargs = self._call
        return fn(*args, **kwargs)


def _send(write_fd: int, fn, args, kwargs) -> int:
    """In the child: the call's value as JSON down the pipe; the exit status says if it worked."""
    try:
        payload = json.dumps(fn(*args, **kwargs), ensure_ascii=False).encode("utf-8")
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001 - the parent re-runs the call and reports what went wrong
        return 1
    return 0


def can_fork() -> bool:
    # Linux only: on macOS a forked child of a process that has touched system frameworks
    # can crash, and Windows has no fork; there the call simply runs in this process.
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and os.environ.get("RISKKIT_JOBS") != "1"
