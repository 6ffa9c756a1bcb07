#!/usr/bin/env python3
"""A lossy, slow point-to-point link into a network namespace, in user space.

For kernels without the netem qdisc (issue 19's "20 % loss and 200 ms delay" fault test). Two TUN
devices, one here and one moved into NAMESPACE, with point-to-point addresses; every IP packet read
from one is written to the other after DELAY ms, unless it is dropped (LOSS %). Real packets, so
TCP really retransmits and really waits. Python stdlib only: it stays out of the Swift build.

Exact meaning, per affected direction (--directions): each packet is dropped with probability
LOSS/100, independently, and a kept one leaves DELAY ms after it arrived (order kept, like netem
with no jitter). So with both directions affected, ping shows a round trip of 2 x DELAY and a loss
of 1 - (1 - LOSS/100)^2; with one direction, DELAY and LOSS (netem's `delay D loss L` on one
interface, which acts on that interface's egress only).

Prints one line starting with "ready" once both ends are up, and statistics when it ends. Ends on
SIGTERM, SIGINT, or end of stdin when stdin is a pipe or a socket (the test that started it is
gone). The TUN devices are not persistent: they vanish with this process however it ends, even on
SIGKILL.
"""

import argparse
import fcntl
import heapq
import os
import random
import select
import signal
import stat
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
TUN_PATH = "/dev/net/tun"
IP = "/usr/sbin/ip" if os.path.exists("/usr/sbin/ip") else "ip"
# netem's default queue limit: beyond it a direction drops, as a full qdisc would.
QUEUE_LIMIT = 1000


class Stopped(Exception):
    """SIGTERM or SIGINT."""


def fail(message, status=2):
    print(f"lossy_link: {message}", file=sys.stderr, flush=True)
    sys.exit(status)


def open_tun(name):
    try:
        fd = os.open(TUN_PATH, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        fail(f"{TUN_PATH} is missing: this needs the kernel's TUN driver (CONFIG_TUN) and its device "
             f"node (mknod {TUN_PATH} c 10 200)")
    except PermissionError:
        fail(f"cannot open {TUN_PATH}: permission denied (this needs root, or CAP_NET_ADMIN)")
    except OSError as error:
        fail(f"cannot open {TUN_PATH}: {error.strerror}")
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), IFF_TUN | IFF_NO_PI))
    except OSError as error:
        fail(f"cannot create TUN device {name}: {error.strerror}")
    return fd


def ip(*arguments):
    result = subprocess.run([IP, *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"`ip {' '.join(arguments)}` failed: {result.stderr.strip() or 'no output'}")


class Direction:
    """One way across the link: packets read from `source`, written to `sink` when due."""

    def __init__(self, label, source, sink, loss, delay):
        self.label, self.source, self.sink = label, source, sink
        self.loss, self.delay = loss / 100.0, delay / 1000.0
        self.queued = self.forwarded = self.dropped = self.overflowed = 0

    def describe(self):
        return f"{self.label}: loss {self.loss * 100:g} %, delay {self.delay * 1000:g} ms one-way"

    def statistics(self):
        total = self.forwarded + self.dropped + self.overflowed + self.queued
        share = 100.0 * self.dropped / total if total else 0.0
        return (f"{self.label}: {total} packets, {self.dropped} dropped ({share:.1f} %), "
                f"{self.overflowed} over the queue limit, {self.forwarded} delivered, "
                f"{self.queued} still in flight")


def forward(directions, by_source, rng):
    """Moves packets until the starter goes away: drops, delays, delivers when due."""
    outer, inner = directions[0].source, directions[1].source
    # A pipe or socket on stdin is the starter's lifeline: its end of file means the starter is gone.
    mode = os.fstat(0).st_mode
    watch_stdin = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
    pending = []  # (due, sequence, direction, packet): the sequence keeps arrival order for equal due times
    sequence = 0
    while True:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, direction, packet = heapq.heappop(pending)
            direction.queued -= 1
            try:
                os.write(direction.sink, packet)
                direction.forwarded += 1
            except OSError:
                direction.overflowed += 1  # the device is down or its queue full: lost, as on a wire
        timeout = max(0.0, pending[0][0] - now) if pending else None
        readable = [outer, inner] + ([0] if watch_stdin else [])
        ready, _, _ = select.select(readable, [], [], timeout)
        if 0 in ready and not os.read(0, 4096):
            return  # the test that started us is gone
        arrived = time.monotonic()
        for fd in ready:
            if fd == 0:
                continue
            direction = by_source[fd]
            while True:  # drain what is there: one select per packet would add delay under load
                try:
                    packet = os.read(fd, 65535)
                except BlockingIOError:
                    break
                except OSError:
                    break  # e.g. the device went down: nothing more to read now
                if rng.random() < direction.loss:
                    direction.dropped += 1
                elif direction.queued >= QUEUE_LIMIT:
                    direction.overflowed += 1
                else:
                    sequence += 1
                    direction.queued += 1
                    heapq.heappush(pending, (arrived + direction.delay, sequence, direction, packet))


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--namespace", required=True, help="existing `ip netns` namespace for the inner end")
    parser.add_argument("--outer", required=True, help="TUN device name here, e.g. sfat1234-2a")
    parser.add_argument("--inner", required=True, help="TUN device name in the namespace")
    parser.add_argument("--outer-address", required=True, help="IPv4 address of the outer end")
    parser.add_argument("--inner-address", required=True, help="IPv4 address of the inner end")
    parser.add_argument("--loss", type=float, default=0.0, help="drop percentage per packet (0-100)")
    parser.add_argument("--delay", type=float, default=0.0, help="one-way delay in ms")
    parser.add_argument("--directions", choices=["both", "to-namespace", "from-namespace"], default="both",
                        help="which way(s) get the loss and the delay; the other way is a clean wire")
    parser.add_argument("--seed", type=int, default=None, help="random seed (printed; default: from the clock)")
    arguments = parser.parse_args()
    if not 0 <= arguments.loss <= 100 or arguments.delay < 0:
        parser.error("--loss must be 0-100 and --delay at least 0")
    return arguments


def main():
    arguments = parse()
    seed = arguments.seed if arguments.seed is not None else time.time_ns() % 1_000_000
    rng = random.Random(seed)
    outer = open_tun(arguments.outer)
    inner = open_tun(arguments.inner)
    # The open descriptor keeps working once the device is in another namespace.
    ip("link", "set", arguments.inner, "netns", arguments.namespace)
    ip("addr", "add", arguments.outer_address, "peer", arguments.inner_address, "dev", arguments.outer)
    ip("link", "set", arguments.outer, "up")
    ip("-n", arguments.namespace, "addr", "add", arguments.inner_address, "peer", arguments.outer_address,
       "dev", arguments.inner)
    ip("-n", arguments.namespace, "link", "set", arguments.inner, "up")

    def shaped(label):
        hit = arguments.directions in ("both", label)
        return (arguments.loss, arguments.delay) if hit else (0.0, 0.0)

    directions = [
        Direction("to-namespace", outer, inner, *shaped("to-namespace")),
        Direction("from-namespace", inner, outer, *shaped("from-namespace")),
    ]
    by_source = {direction.source: direction for direction in directions}
    print(f"ready: {arguments.outer} {arguments.outer_address} <-> {arguments.inner} {arguments.inner_address} "
          f"(netns {arguments.namespace}); " + "; ".join(d.describe() for d in directions) + f"; seed {seed}",
          flush=True)

    # The handler raises: a flag alone would not end a select that Python retries after a signal.
    def stop(*_):
        raise Stopped()

    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, stop)
    try:
        forward(directions, by_source, rng)
    except Stopped:
        pass
    print("stopped: " + "; ".join(d.statistics() for d in directions), flush=True)


if __name__ == "__main__":
    main()
