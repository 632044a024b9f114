"""Benchmark: the participant app under a room of phones, on loopback.

Starts ``python -m labkit.participants`` on a fresh lab journal in a temporary folder (its own process),
lets the facilitator open brainwriting and voting and add 10 statements, then runs N simulated
participants at once in this process: each joins (code form, details form) and sends W writes (a fifth
ideas, the rest statement votes), one after another by default or ``--parallel`` at a time, without a
pause unless ``--think SECONDS`` gives a mean pause before each write. Afterwards it resends a tenth of
the acknowledged writes (a phone whose answer was lost) and reads the journal.

The simulated phones write their HTTP/1.1 requests by hand on kept-alive asyncio connections (no HTTP
library), so the load generator costs little CPU and leaves the two shared cores to the server; a
latency is measured as the phone sees it, from sending the request to reading the whole answer.
``--pin`` puts the server on CPU 0 and the load generator on CPU 1 (``taskset``).

Prints writes per second, p50/p95/max latency of the writes, the CPU time of the server and of the load
generator while writing, the machine's load average (``os.getloadavg``) before and after, how many writes
were refused, and the lost (acknowledged but not in the journal) and duplicated (more records than
distinct submissions) writes.
Usage: ``python benchmarks/participants.py [--participants 100] [--writes 20] [--parallel 1] [--pin]``.
Only 127.0.0.1 is contacted; the run is bounded by its counts and a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labkit.capture.journal import LabJournal
from labkit.participants.app import COOKIE
from labkit.participants.keys import Keys
from labkit.participants.server import open_room

WORKSHOP = "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(journal: Path, port: int, cpu: int | None = None) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            *(["taskset", "-c", str(cpu)] if cpu is not None else []),
            sys.executable,
            "-m",
            "labkit.participants",
            "--kommun",
            "1462",
            "--journal",
            str(journal),
            "--workshop",
            WORKSHOP,
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise SystemExit("the participant server did not start")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def hidden(html: str, name: str) -> str:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)[0]


async def facilitate(base: str, key: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as desk:
        await desk.get(f"/facilitator?key={key}")
        token = hidden((await desk.get("/facilitator")).text, "csrf")
        for activity in ("brainwriting", "voting"):
            await desk.post(
                "/facilitator/room",
                data={"csrf": token, "key": secrets.token_urlsafe(16), "activity": activity, "open": "1"},
            )
        for n in range(10):
            await desk.post(
                "/facilitator/statement",
                data={"csrf": token, "key": secrets.token_urlsafe(16), "text": f"Påstående {n + 1}"},
            )


class Phone:
    """One simulated participant: one kept-alive HTTP/1.1 connection, its cookie, what it sent and got back.

    The requests are written by hand on an asyncio stream (no HTTP library), so the load generator costs
    little CPU and leaves the shared cores to the server; a latency is the time from writing the request
    to reading the whole answer, as the phone sees it.
    """

    def __init__(self, host: str, port: int, name: str) -> None:
        self.host, self.port, self.name = host, port, name
        self.cookie = ""
        self.csrf = ""
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []  # kept-alive connections
        self.sent: list[tuple[str, str, dict]] = []  # (kind, key, form)
        self.acked: list[tuple[str, str, dict]] = []
        self.latencies: list[float] = []
        self.refused: dict[int, int] = {}

    async def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        """Send one request on the kept connection (opened again if the server closed it): status, body."""
        body = urlencode(form).encode() if form is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if self.cookie:
            head += f"Cookie: {COOKIE}={self.cookie}\r\n"
        if form is not None:
            head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        data = head.encode() + b"\r\n" + body
        for attempt in (1, 2):
            stream = self.idle.pop() if self.idle else await asyncio.open_connection(self.host, self.port)
            reader, writer = stream
            try:
                writer.write(data)
                header = await reader.readuntil(b"\r\n\r\n")
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                writer.close()
                if attempt == 2:
                    raise
        lines = header.decode("latin-1").split("\r\n")
        status, length, close = int(lines[0].split()[1]), 0, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "set-cookie" and value.strip().startswith(COOKIE + "="):
                self.cookie = value.strip().split(";")[0].split("=", 1)[1]
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        text = (await reader.readexactly(length)).decode() if length else ""
        if close:
            writer.close()
        else:
            self.idle.append(stream)
        return status, text

    async def join(self, code: str) -> None:
        start = (await self.request("GET", "/"))[1]
        await self.request(
            "POST", "/code", {"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": code}
        )
        form = (await self.request("GET", "/join"))[1]
        status, _ = await self.request(
            "POST",
            "/join",
            {
                "csrf": hidden(form, "csrf"),
                "key": hidden(form, "key"),
                "pseudonym": self.name,
                "role": "invånare",
                "consent": "ja",
            },
        )
        if status != 303:
            raise SystemExit(f"{self.name} could not join: {status}")
        self.csrf = hidden(form, "csrf")

    async def write(self, kind: str, action: str, fields: dict, key: str | None = None) -> bool:
        key = key or f"{self.name}-{secrets.token_urlsafe(12)}"
        data = {"csrf": self.csrf, "key": key, **fields}
        self.sent.append((kind, key, data))
        began = time.perf_counter()
        status, _ = await self.request("POST", action, data)
        self.latencies.append(time.perf_counter() - began)
        if status == 303:
            self.acked.append((kind, key, data))
            return True
        self.refused[status] = self.refused.get(status, 0) + 1
        return False

    async def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle = []


def plan(n_writes: int, statements: list[str], rng: random.Random) -> list[tuple[str, str, dict]]:
    """The writes of one participant: a fifth ideas, the rest statement votes."""
    n_ideas = max(1, n_writes // 5)
    writes = [
        ("idea", "/ideas", {"text": f"Idé {k + 1}: {rng.choice(['bänkar', 'ljus', 'läxhjälp'])}"})
        for k in range(n_ideas)
    ]
    writes += [
        (
            "statement_vote",
            "/vote",
            {"statement": rng.choice(statements), "vote": rng.choice(["1", "0", "-1"])},
        )
        for _ in range(n_writes - n_ideas)
    ]
    rng.shuffle(writes)
    return writes


async def run(
    args: argparse.Namespace, port: int, code: str, statements: list[str], server_pid: int
) -> tuple[list[Phone], float, float]:
    """Join every phone, then let them all write at once; return the phones, the seconds and server CPU
    seconds."""
    phones = [Phone("127.0.0.1", port, f"B{n:03d}") for n in range(args.participants)]
    await asyncio.gather(*(phone.join(code) for phone in phones))
    rng = random.Random(1)
    plans = {phone.name: plan(args.writes, statements, rng) for phone in phones}

    async def participate(phone: Phone) -> None:
        gate = asyncio.Semaphore(args.parallel)

        pause = random.Random(phone.name)

        async def one(kind: str, action: str, fields: dict) -> None:
            async with gate:
                if args.think:
                    await asyncio.sleep(pause.expovariate(1 / args.think))
                await phone.write(kind, action, fields)

        await asyncio.gather(*(one(*w) for w in plans[phone.name]))

    cpu = server_cpu(server_pid)
    began = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(participate(phone) for phone in phones)), timeout=args.timeout)
    seconds = time.perf_counter() - began
    cpu = server_cpu(server_pid) - cpu
    # a tenth of the acknowledged writes are sent again, as after a lost answer: none may be stored twice
    retry = rng.sample([(p, w) for p in phones for w in p.acked], k=sum(len(p.acked) for p in phones) // 10)
    for phone, (kind, _key, data) in retry:
        status, _ = await phone.request("POST", "/ideas" if kind == "idea" else "/vote", data)
        if status != 303:
            raise SystemExit(f"a resend was refused: {status}")
    for phone in phones:
        await phone.close()
    return phones, seconds, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--writes", type=int, default=20, help="writes per participant")
    parser.add_argument("--parallel", type=int, default=1, help="writes a participant has in flight at once")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause in seconds before each write (a person reading and typing; default 0)",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="pin the server to CPU 0 and this load generator to CPU 1 (taskset), so they do not compete",
    )
    args = parser.parse_args()
    if args.pin:
        os.sched_setaffinity(0, {1})
    load = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="labkit-bench-participants-"))
    journal = folder / "labs" / "1462" / "labbok.sqlite"
    port = free_port()
    server = start_server(journal, port, cpu=0 if args.pin else None)
    base = f"http://127.0.0.1:{port}"
    try:
        keys = Keys.load(journal.parent)
        asyncio.run(facilitate(base, keys.facilitator))
        statements = list(LabJournal(journal).frame("statement")["id"])
        mine = resource.getrusage(resource.RUSAGE_SELF)
        phones, seconds, cpu = asyncio.run(run(args, port, keys.join_code(WORKSHOP), statements, server.pid))
        after = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = after.ru_utime + after.ru_stime - mine.ru_utime - mine.ru_stime
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    room = open_room("1462", journal=journal, workshop=WORKSHOP)
    stored: dict[str, int] = {}
    for kind in ("idea", "statement_vote"):
        for record in room.journal.raw(kind):
            stored[record["id"]] = stored.get(record["id"], 0) + 1
    acked_ids = {room.record_id(kind, phone.name, key) for phone in phones for kind, key, _ in phone.acked}
    sent_ids = {room.record_id(kind, phone.name, key) for phone in phones for kind, key, _ in phone.sent}
    lost = len(acked_ids - set(stored))
    duplicated = sum(count - 1 for count in stored.values()) + len(set(stored) - sent_ids)
    latencies = sorted(x for phone in phones for x in phone.latencies)
    acked = sum(len(phone.acked) for phone in phones)
    refused: dict[int, int] = {}
    for phone in phones:
        for status, count in phone.refused.items():
            refused[status] = refused.get(status, 0) + count
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(
        f"participants: {args.participants}, writes each: {args.writes}, in flight per participant: "
        f"{args.parallel}, mean pause before a write: {args.think} s, CPUs: {os.cpu_count()}"
    )
    print(
        f"writes acknowledged: {acked} of {len(latencies)} in {seconds:.1f} s = {acked / seconds:.0f} "
        "writes/s"
    )
    print(
        f"latency: p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    print(
        f"CPU while writing: server {cpu:.1f} s ({cpu / len(latencies) * 1000:.2f} ms a write), "
        f"load generator {client_cpu:.1f} s (joins, writes and resends)"
        + ("; server pinned to CPU 0, load generator to CPU 1" if args.pin else "")
    )
    print(
        "machine load (os.getloadavg, 1/5/15 min): before "
        + "/".join(f"{x:.1f}" for x in load)
        + ", after "
        + "/".join(f"{x:.1f}" for x in load_after)
    )
    print(f"refused: {refused or 0}")
    print(
        f"journal: {len(stored)} records; lost: {lost}; duplicated: {duplicated} "
        f"(after resending {acked // 10} acknowledged writes)"
    )
    print(f"integrity: {room.journal.integrity()}")
    return 0 if lost == 0 and duplicated == 0 and not refused else 1


if __name__ == "__main__":
    sys.exit(main())
