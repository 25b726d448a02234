"""CPython asyncio peer for `./run.sh bench`: the same workloads as bench.Workloads.

    python3 bench/py_workloads.py [--uvloop] WORKLOAD N [SEED]

WORKLOAD is one of tasks, pingpong-future, pingpong-queue, timers-virtual, timers-real.
Prints one line: ``RESULT seconds=S count=N rss_kb=K cpu_seconds=C`` where S is the wall time
of the whole asyncio.run(...) call, N the number of tasks, switches or timers, K the process's
peak resident set (VmHWM) and C the CPU time the process used meanwhile. Standard library only;
with --uvloop, uvloop's event loop (uvloop.run) in place of asyncio's (not for timers-virtual: a
uvloop loop cannot be put on a virtual clock).
"""

import asyncio
import random
import sys
import time

# The random delays of the timer workloads, in seconds: uniform in [0, MAX).
VIRTUAL_MAX_DELAY = 10.0
REAL_MAX_DELAY = 0.010


async def tasks(n):
    """Create n tasks that each sleep(0), then gather them."""
    async def one():
        await asyncio.sleep(0)

    await asyncio.gather(*[asyncio.create_task(one()) for _ in range(n)])


async def pingpong_future(switches):
    """Two tasks hand control to each other through futures: one switch per await.

    Each future's result is the future to answer on; nothing may keep the first one, or the
    whole chain of futures stays reachable.
    """
    loop = asyncio.get_running_loop()
    rounds = switches // 2

    async def pong(mine):
        while True:
            theirs = await mine
            if theirs is None:
                return
            mine = loop.create_future()
            theirs.set_result(mine)

    theirs = loop.create_future()
    other = asyncio.create_task(pong(theirs))
    for _ in range(rounds):
        mine = loop.create_future()
        theirs.set_result(mine)
        theirs = await mine
    theirs.set_result(None)
    await other


async def pingpong_queue(switches):
    """Two tasks hand an item back and forth through two queues: one switch per get."""
    rounds = switches // 2
    to_pong = asyncio.Queue()
    to_ping = asyncio.Queue()

    async def pong():
        for _ in range(rounds):
            item = await to_pong.get()
            to_ping.put_nowait(item)

    other = asyncio.create_task(pong())
    for i in range(rounds):
        to_pong.put_nowait(i)
        await to_ping.get()
    await other


async def timers(n, max_delay, seed):
    """n tasks that each sleep a random delay in [0, max_delay)."""
    rnd = random.Random(seed)
    delays = [rnd.random() * max_delay for _ in range(n)]
    await asyncio.gather(*[asyncio.create_task(asyncio.sleep(d)) for d in delays])


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop on a virtual clock: when it would wait for a timer, time jumps to it."""

    def __init__(self):
        super().__init__()
        self._virtual_now = 0.0
        real_select = self._selector.select

        def select(timeout=None):
            if timeout is not None and timeout > 0:
                self._virtual_now += timeout
                return real_select(0)
            return real_select(timeout)

        self._selector.select = select

    def time(self):
        return self._virtual_now


def peak_rss_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss


def main(argv):
    run = asyncio.run
    if len(argv) > 1 and argv[1] == "--uvloop":
        import uvloop
        run = uvloop.run
        argv = argv[:1] + argv[2:]
    workload, n = argv[1], int(argv[2])
    seed = int(argv[3]) if len(argv) > 3 else 42
    cpu_start = time.process_time()
    start = time.perf_counter()
    if workload == "tasks":
        run(tasks(n))
    elif workload == "pingpong-future":
        run(pingpong_future(n))
    elif workload == "pingpong-queue":
        run(pingpong_queue(n))
    elif workload == "timers-real":
        run(timers(n, REAL_MAX_DELAY, seed))
    elif workload == "timers-virtual" and run is not asyncio.run:
        print("timers-virtual: uvloop has no virtual clock", file=sys.stderr)
        return 64
    elif workload == "timers-virtual":
        with asyncio.Runner(loop_factory=VirtualClockLoop) if hasattr(asyncio, "Runner") else _Runner() as runner:
            runner.run(timers(n, VIRTUAL_MAX_DELAY, seed))
    else:
        print("unknown workload: " + workload, file=sys.stderr)
        return 64
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print("RESULT seconds=%.6f count=%d rss_kb=%d cpu_seconds=%.6f" % (seconds, n, peak_rss_kb(), cpu), flush=True)
    return 0


class _Runner:
    """asyncio.Runner with a VirtualClockLoop for Pythons before 3.11."""

    def __enter__(self):
        self.loop = VirtualClockLoop()
        return self

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    def __exit__(self, *exc):
        self.loop.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
