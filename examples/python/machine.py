#!/usr/bin/env python3
"""A clocklab model machine in plain Python 3 (standard library only, Python 3.9 or newer).

It speaks clocklab's wire protocol (docs/protocol.md) to a real clocklab router, runs the model
on the plan the router sends, and writes its log in clocklab's format, so `clocklab analyze`
reads its events like those of any other machine. It is a reference for writing a machine in
another language: one file, top to bottom in the order things happen.

    python3 examples/python/machine.py --id m3 --router 127.0.0.1:7400 --log-dir logs

What it does, in order:
  1. connect over TCP and send `hello`; the router answers `welcome` (the run's name and seed)
  2. open <log dir>/<runId>/<id>.jsonl, then wait for `start` (the start barrier)
  3. tick on the absolute schedule t0 + k * 1000 / ticksPerSecond (k = 1, 2, ...), exactly one
     event per tick: take one queued message (RECEIVE), else roll the action die (SEND/INTERNAL)
  4. keep Lamport, vector and hybrid logical clocks by the model's rules, log every event
  5. after the last tick say `done`, keep queueing deliveries until the router's `end`
  6. write <id>.final.json (what is still queued), say `bye`, close

Not done here, to stay small: rejoining after a lost connection (this machine stops instead) and
resuming from an earlier log. Its dice are Python's own `random`, seeded from the run's seed and
its id: it follows clocklab's rules but does not roll the same numbers as a clocklab machine.
"""

import argparse
import json
import math
import os
import random
import re
import select
import signal
import socket
import struct
import sys
import time
from collections import deque

PROTOCOL_VERSION = 1
# Frames from the router may be large (a start frame lists every machine of the run).
MAX_FRAME_BYTES = 16 * 1024 * 1024
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
RUN_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
# Names the run directory uses for its own files: no machine may take them (in any case).
RESERVED_IDS = {"router", "network", "run", "report", "events", "shiviz", "experiment",
                "comparison", "coordinator", "cluster"}
CONNECT_TIMEOUT_S = 10.0  # keep trying this long to reach a router that is not up yet
END_WAIT_S = 15.0  # after `done`, wait this long for `end`
STOP_WAIT_S = 2.5  # after a signal, wait this long for `end`
# The die's faces in the order the weights are laid out: the action for each weight.
ACTIONS = [("sendFirst", "SEND_FIRST"), ("sendSecond", "SEND_SECOND"),
           ("broadcast", "BROADCAST"), ("direct", "DIRECT"), ("internal", "INTERNAL")]


class Refused(Exception):
    """The router refused us (an `error` frame) or spoke something that is not the protocol."""


# --- time -----------------------------------------------------------------------------------

class HostClock:
    """Epoch milliseconds that never jump: the wall clock read once, then a monotonic clock.

    The router's t0 is epoch ms on the same host clock, so ticks line up with other machines;
    the monotonic clock keeps the schedule steady if the wall clock is adjusted mid-run.
    """

    def __init__(self):
        best = None
        for _ in range(5):  # the narrowest of a few readings pins the offset best
            before = time.monotonic_ns()
            wall = time.time_ns()
            after = time.monotonic_ns()
            if best is None or after - before < best[0]:
                best = (after - before, wall - (before + after) // 2)
        self.offset_ns = best[1]

    def now_ms(self):
        return (time.monotonic_ns() + self.offset_ns) / 1e6


def number(value):
    """A float that is a whole number is written as one (1700000000000, not 1700000000000.0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# --- framing: 4-byte big-endian length, then that many bytes of UTF-8 JSON ------------------

def encode_frame(frame):
    body = json.dumps(frame, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    data = body.encode("utf-8")
    return struct.pack(">I", len(data)) + data


class FrameReader:
    """Collects bytes as they arrive and yields each whole frame (a dict with a string `type`)."""

    def __init__(self):
        self.buffer = bytearray()

    def feed(self, data):
        self.buffer += data
        frames = []
        while len(self.buffer) >= 4:
            (length,) = struct.unpack_from(">I", self.buffer)
            if length == 0 or length > MAX_FRAME_BYTES:
                raise Refused("a frame of %d bytes: this is not a clocklab router" % length)
            if len(self.buffer) < 4 + length:
                break
            body = bytes(self.buffer[4:4 + length])
            del self.buffer[:4 + length]
            try:
                frame = json.loads(body.decode("utf-8"))
            except ValueError as error:  # bad UTF-8 or bad JSON
                raise Refused("a frame that is not UTF-8 JSON (%s)" % error)
            if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
                raise Refused("a frame without a type")
            frames.append(frame)
        return frames


# --- clocks ---------------------------------------------------------------------------------

def read_physical_clock(plan, t0, true_ms):
    """What this machine believes the time is: true time plus its offset, its drift since t0,
    and what the plan's clock faults add at this moment."""
    clock = plan["clock"]
    reading = true_ms + clock["offsetMs"] + clock["driftPpm"] / 1e6 * (true_ms - t0)
    faults = plan.get("clockFaults", [])
    if not faults:
        return reading
    return reading + sum(clock_fault_error_ms(fault, true_ms) for fault in faults)


def clock_fault_error_ms(fault, t):
    """What one clock fault adds to the reading at true time t (ms)."""
    if t < fault["fromMs"]:
        return 0
    end = fault.get("toMs", math.inf)
    kind = fault["kind"]
    if kind == "drift":  # extra drift while the fault lasts; what it gained stays afterwards
        return fault.get("driftPpm", 0) / 1e6 * (min(t, end) - fault["fromMs"])
    if t >= end:
        return 0
    if kind == "step":  # the clock jumps by stepMs (negative: back)
        return fault.get("stepMs", 0)
    amplitude = fault.get("amplitudeMs", 0)
    period = fault.get("periodMs", 1)
    if kind == "strobe":  # flips between +amplitude and -amplitude every period
        return amplitude if math.floor((t - fault["fromMs"]) / period) % 2 == 0 else -amplitude
    return amplitude * math.sin(2 * math.pi * (t - fault["fromMs"]) / period)  # periodic


def hlc_local(hlc, physical):
    """Hybrid logical clock, local or send event (Kulkarni et al. 2014)."""
    wall = max(hlc["wall"], physical)
    return {"wall": wall, "logical": hlc["logical"] + 1 if wall == hlc["wall"] else 0}


def hlc_receive(hlc, theirs, physical):
    """Hybrid logical clock, receive of a message stamped `theirs`."""
    wall = max(hlc["wall"], theirs["wall"], physical)
    if wall == hlc["wall"] and wall == theirs["wall"]:
        logical = max(hlc["logical"], theirs["logical"]) + 1
    elif wall == hlc["wall"]:
        logical = hlc["logical"] + 1
    elif wall == theirs["wall"]:
        logical = theirs["logical"] + 1
    else:
        logical = 0
    return {"wall": wall, "logical": logical}


# --- the model machine ----------------------------------------------------------------------

class Machine:
    """One model machine: its clocks, its queue, its die, and one event per tick."""

    def __init__(self, machine_id, seed, start, log):
        plan = start["plan"]
        self.id = machine_id
        self.plan = plan
        self.t0 = start["t0"]
        self.log = log
        # The router sends the peers sorted its way (m2 before m10): keep that order, never re-sort.
        self.others = [peer for peer in start["peers"] if peer != machine_id]
        self.random = random.Random("%s:%s" % (seed, machine_id))
        self.faces = [(plan["actions"][key], action) for key, action in ACTIONS
                      if plan["actions"][key] > 0]
        self.payload = "x" * plan["payloadBytes"] if plan["payloadBytes"] > 0 else None
        self.queue = deque()
        self.seq = 0
        self.tick_number = 0
        self.sent = 0
        self.lamport = 0
        self.vector = {peer: 0 for peer in start["peers"]} if plan["vectorClocks"] else None
        self.hlc = {"wall": 0, "logical": 0}

    def roll(self):
        total = sum(weight for weight, _ in self.faces)
        face = self.random.randint(1, total)
        for weight, action in self.faces:
            if face <= weight:
                return action
            face -= weight
        raise AssertionError("unreachable")

    def destinations(self, kind, to):
        """Where the router will deliver a message: what the SEND line lists as `to`."""
        if not self.others:
            return []
        if kind == "SEND_FIRST":
            return [self.others[0]]
        if kind == "SEND_SECOND":  # with a single other machine, "second" is that one
            return [self.others[min(1, len(self.others) - 1)]]
        if kind == "BROADCAST":
            return list(self.others)
        return [to]  # DIRECT: the one machine named (the router drops and records a stranger)

    def tick(self, tick_number, true_ms, send_frame):
        """Exactly one event. `send_frame(frame)` hands a send to the router (False: it could not)."""
        self.tick_number = tick_number
        self.seq += 1
        system_ms = read_physical_clock(self.plan, self.t0, true_ms)
        physical = math.floor(system_ms)  # the HLC runs on whole milliseconds
        if self.queue:
            message = self.queue.popleft()
            self.lamport = max(self.lamport, message["lamport"]) + 1
            if self.vector is not None:
                theirs = message.get("vector") or {}
                for peer in self.vector:  # pointwise max over the run's machines, then our own + 1
                    if theirs.get(peer, 0) > self.vector[peer]:
                        self.vector[peer] = theirs[peer]
                self.vector[self.id] += 1
            self.hlc = hlc_receive(self.hlc, message["hlc"], physical)
            summary = {"id": message["id"], "from": message["from"], "lamport": message["lamport"],
                       "sentAt": message["sentAt"]}
            if message.get("duplicate") is True:
                summary["duplicate"] = True
            self.write("RECEIVE", true_ms, system_ms, summary)
            return
        action = self.roll()
        self.lamport += 1
        if self.vector is not None:
            self.vector[self.id] += 1
        self.hlc = hlc_local(self.hlc, physical)
        if action == "INTERNAL":
            self.write("INTERNAL", true_ms, system_ms)
            return
        self.sent += 1
        message_id = "%s:%d" % (self.id, self.sent)  # "<sender>:<n>", n = 1, 2, ...
        to = self.random.choice(self.others) if action == "DIRECT" and self.others else None
        frame = {"type": "send", "kind": action}
        if to is not None:
            frame["to"] = to  # one id on the wire, only for DIRECT
        frame.update({"id": message_id, "lamport": self.lamport, "hlc": dict(self.hlc),
                      "sentAt": number(system_ms)})
        if self.vector is not None:
            frame["vector"] = dict(self.vector)
        if self.payload is not None:
            frame["payload"] = self.payload
        summary = {"id": message_id, "kind": action, "to": self.destinations(action, to),
                   "lamport": self.lamport, "sentAt": number(system_ms)}
        if not send_frame(frame):
            summary["failed"] = "router-down"
        self.write("SEND", true_ms, system_ms, summary)

    def write(self, event_type, true_ms, system_ms, message=None):
        """One line of <id>.jsonl, keys in clocklab's order, handed to the kernel at once."""
        line = {"seq": self.seq, "tick": self.tick_number, "type": event_type,
                "trueTime": number(true_ms), "systemTime": number(system_ms), "lamport": self.lamport}
        if self.vector is not None:
            line["vector"] = dict(self.vector)
        line["hlc"] = dict(self.hlc)
        line["queueLength"] = len(self.queue)
        if message is not None:
            line["message"] = message
        self.log.write(json.dumps(line, separators=(",", ":"), ensure_ascii=False) + "\n")
        self.log.flush()


# --- the session with the router ------------------------------------------------------------

class Session:
    """Drives one machine through a run: handshake, ticks, done, end. Single-threaded: it waits
    in select() for the router's frames or the next tick, whichever comes first."""

    def __init__(self, args, clock):
        self.args = args
        self.clock = clock
        self.sock = None
        self.reader = FrameReader()
        self.state = "hello-sent"  # -> welcomed -> running -> draining -> ended
        self.run_id = None
        self.run_dir = None
        self.seed = None
        self.log = None
        self.machine = None
        self.next_tick = 1
        self.last_tick = None
        self.end_at = None
        self.stop_reason = None  # why ticking stopped: "duration reached", or a signal's name
        self.wait_deadline = None  # monotonic seconds: give up waiting for `end` then
        self.signal_name = None

    # Transport ---------------------------------------------------------------------------

    def connect(self, host, port):
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while True:
            try:
                self.sock = socket.create_connection((host, port), timeout=2)
                self.sock.settimeout(None)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return
            except OSError as error:
                if time.monotonic() >= deadline:
                    raise OSError("cannot reach the router at %s:%d (%s)" % (host, port, error))
                time.sleep(0.2)

    def send(self, frame):
        """Writes a frame; False if the connection is gone."""
        if self.sock is None:
            return False
        try:
            self.sock.sendall(encode_frame(frame))
            return True
        except OSError:
            self.sock = None
            return False

    # The run -----------------------------------------------------------------------------

    def run(self):
        host, _, port = self.args.router.rpartition(":")
        self.connect(host.strip("[]"), int(port))
        hello = {"type": "hello", "protocol": PROTOCOL_VERSION, "id": self.args.id}
        if self.args.token is not None:
            hello["token"] = self.args.token
        if self.args.speed is not None:
            hello["ticksPerSecond"] = self.args.speed
        self.send(hello)
        while self.state != "ended":
            self.step()
        return 0

    def step(self):
        """Waits for a frame or the next wake-up, then handles what is due."""
        if self.sock is None:  # a write found the connection gone
            print("%s: lost the router; this example does not reconnect" % self.args.id, file=sys.stderr)
            self.finish("lost the router")
            return
        if self.signal_name is not None and self.stop_reason is None:
            self.stop(self.signal_name)
        timeout = None
        wake_ms = self.next_wake_ms()
        if wake_ms is not None:
            timeout = max(0.0, (wake_ms - self.clock.now_ms()) / 1000)
        if self.wait_deadline is not None:
            left = max(0.0, self.wait_deadline - time.monotonic())
            timeout = left if timeout is None else min(timeout, left)
        if self.signal_name is not None or timeout is None:
            timeout = 0.5 if timeout is None else min(timeout, 0.5)  # look at the signal flag now and then
        try:
            readable, _, _ = select.select([self.sock], [], [], timeout)
        except InterruptedError:
            readable = []
        if readable:
            self.read()
        if self.state == "ended":
            return
        wake_ms = self.next_wake_ms()
        if wake_ms is not None and self.clock.now_ms() >= wake_ms:
            self.wake()
        if self.wait_deadline is not None and time.monotonic() >= self.wait_deadline:
            self.finish(self.stop_reason or "no end frame from the router")

    def read(self):
        try:
            data = self.sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            self.sock = None
            if self.state in ("hello-sent", "welcomed"):
                raise Refused("the router closed the connection before the run started")
            print("%s: lost the router; this example does not reconnect" % self.args.id, file=sys.stderr)
            self.finish("lost the router")
            return
        for frame in self.reader.feed(data):
            self.handle(frame)
            if self.state == "ended":
                return

    def handle(self, frame):
        kind = frame["type"]
        if kind == "welcome" and self.state == "hello-sent":
            self.welcome(frame)
        elif kind == "start" and self.state == "welcomed":
            self.start(frame)
        elif kind == "deliver" and self.state in ("running", "draining"):
            # The queue is not rate-limited: deliveries wait here until a tick takes one.
            self.machine.queue.append(frame)
        elif kind == "end":
            # Every delivery meant for us came before this frame: the queue is final.
            self.finish(self.stop_reason if self.state == "draining" else frame.get("reason", "run ended"))
        elif kind == "error":
            message = "%s: %s" % (frame.get("code"), frame.get("message"))
            self.finish("refused by the router: %s" % frame.get("code"), refused=True)
            raise Refused(message)
        elif kind not in ("welcome", "start", "deliver"):
            raise Refused("an unknown frame type %r" % kind)

    def welcome(self, frame):
        run_id = frame["runId"]
        # The run id names a directory: it must be a plain name, never a path.
        if not isinstance(run_id, str) or not RUN_ID_PATTERN.fullmatch(run_id):
            raise Refused("the router's run id %r is not a run name" % (run_id,))
        self.run_id = run_id
        self.seed = frame["seed"]
        self.run_dir = os.path.join(self.args.log_dir, run_id)
        os.makedirs(self.run_dir, exist_ok=True)
        path = os.path.join(self.run_dir, "%s.jsonl" % self.args.id)
        if os.path.exists(path) and os.path.getsize(path) > 0:
            raise Refused("%s already has events; this example does not resume from a log" % path)
        self.log = open(path, "a", encoding="utf-8")
        self.state = "welcomed"

    def start(self, frame):
        if "plan" not in frame or self.args.id not in frame["peers"]:
            raise Refused("the start frame has no plan for %s" % self.args.id)
        self.machine = Machine(self.args.id, self.seed, frame, self.log)
        speed = frame["plan"]["ticksPerSecond"]
        self.end_at = frame.get("endAt")
        if self.end_at is not None:
            # Ticks in (t0, endAt]; the small epsilon absorbs floating-point rounding.
            self.last_tick = math.floor((self.end_at - frame["t0"]) * speed / 1000 + 1e-9)
        self.state = "running"

    def tick_time_ms(self, k):
        """Tick k is at t0 + k * 1000 / ticksPerSecond (an absolute schedule), never after endAt."""
        due = self.machine.t0 + k * 1000 / self.machine.plan["ticksPerSecond"]
        return due if self.end_at is None else min(due, self.end_at)

    def next_wake_ms(self):
        if self.state != "running":
            return None
        if self.last_tick is not None and self.next_tick > self.last_tick:
            return self.end_at
        return self.tick_time_ms(self.next_tick)

    def wake(self):
        """Runs every tick that is due (a machine that fell behind catches up), then says done."""
        now = self.clock.now_ms()
        while self.last_tick is None or self.next_tick <= self.last_tick:
            due = self.tick_time_ms(self.next_tick)
            if due > now:
                return
            k = self.next_tick
            self.next_tick += 1
            if any(w["fromMs"] <= due < w["toMs"] for w in self.machine.plan.get("pauses", [])):
                continue  # a pause fault: this tick does not happen
            self.machine.tick(k, now, self.send)
            now = self.clock.now_ms()
        self.stop("duration reached")

    def stop(self, reason):
        """Stops ticking: say done and wait for the end frame (or end now if nothing is running)."""
        if self.state == "running":
            self.state = "draining"
            self.stop_reason = reason
            self.send({"type": "done", "ticks": self.machine.tick_number, "reason": reason})
            wait = END_WAIT_S if reason == "duration reached" else STOP_WAIT_S
            self.wait_deadline = time.monotonic() + wait
        elif self.state in ("hello-sent", "welcomed"):
            self.stop_reason = reason
            self.finish(reason)

    def finish(self, reason, refused=False):
        """The run is over for this machine: final file, close the log, say bye."""
        if self.state == "ended":
            return
        self.state = "ended"
        self.stop_reason = reason
        machine = self.machine
        if self.run_dir is not None:
            final = {"id": self.args.id, "runId": self.run_id, "endedAt": number(self.clock.now_ms()),
                     "reason": reason, "ticks": machine.tick_number if machine else 0,
                     "lamport": machine.lamport if machine else 0, "queued": []}
            for message in machine.queue if machine else []:
                entry = {"id": message["id"], "from": message["from"]}
                if message.get("duplicate") is True:
                    entry["duplicate"] = True
                final["queued"].append(entry)
            with open(os.path.join(self.run_dir, "%s.final.json" % self.args.id), "w",
                      encoding="utf-8") as file:
                file.write(json.dumps(final, indent=2, ensure_ascii=False) + "\n")
        if self.log is not None:
            self.log.close()
        if not refused:
            self.send({"type": "bye", "reason": "run ended"})
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def parse_args(argv):
    parser = argparse.ArgumentParser(description="A clocklab model machine in Python.")
    parser.add_argument("--id", required=True, help="machine id, e.g. m3")
    parser.add_argument("--router", default="127.0.0.1:7400", help="HOST:PORT (default 127.0.0.1:7400)")
    parser.add_argument("--log-dir", default="logs", help="where run directories go (default logs)")
    parser.add_argument("--token", help="the router's shared token, if it has one")
    parser.add_argument("--speed", type=float, help="ask for this speed instead of the run's plan")
    args = parser.parse_args(argv)
    if not ID_PATTERN.fullmatch(args.id) or args.id.lower() in RESERVED_IDS:
        parser.error("--id %s: expected 1-64 of A-Z a-z 0-9 _ . - starting with a letter or digit, "
                     "and not a name the run directory uses (router, run, ...)" % args.id)
    if not re.fullmatch(r".+:\d{1,5}", args.router):
        parser.error("--router %s: expected HOST:PORT, e.g. 127.0.0.1:7400" % args.router)
    return args


def main(argv):
    args = parse_args(argv)
    session = Session(args, HostClock())

    def on_signal(number_, _frame):
        session.signal_name = signal.Signals(number_).name  # handled in the loop, not here

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        code = session.run()
    except Refused as error:
        print("%s: %s" % (args.id, error), file=sys.stderr)
        session.finish("refused: %s" % error, refused=True)
        return 2
    except OSError as error:
        print("%s: %s" % (args.id, error), file=sys.stderr)
        return 1
    machine = session.machine
    print("%s stopped (%s) after %d ticks; log in %s" % (
        args.id, session.stop_reason, machine.tick_number if machine else 0, session.run_dir))
    if session.signal_name is not None:
        return 130
    return 0 if session.stop_reason != "lost the router" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
