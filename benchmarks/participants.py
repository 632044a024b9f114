"""Benchmark: the participant app under a room of phones, on loopback.

Starts ``python -m labkit.participants`` on a fresh lab journal in a temporary folder, lets the facilitator
open brainwriting and voting and add 10 statements, then runs N simulated participants at once (httpx,
asyncio; each with its own cookies): each joins (code form, details form) and sends W writes (a fifth ideas,
the rest statement votes), one after another by default or ``--parallel`` at a time, without a pause
unless ``--think SECONDS`` gives a mean pause before each write. Afterwards it resends a
tenth of the acknowledged writes (a phone whose answer was lost) and reads the journal.

Prints writes per second, p50/p95/max latency of the writes, how many were refused, and the lost
(acknowledged but not in the journal) and duplicated (more records than distinct submissions) writes.
Usage: ``python benchmarks/participants.py [--participants 100] [--writes 20] [--parallel 1]``.
Only 127.0.0.1 is contacted; the run is bounded by its counts and a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labkit.capture.journal import LabJournal
from labkit.participants.keys import Keys
from labkit.participants.server import open_room

WORKSHOP = "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(journal: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
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
    """One simulated participant: its cookies, what it sent and what was acknowledged."""

    def __init__(self, base: str, name: str) -> None:
        self.name = name
        self.http = httpx.AsyncClient(base_url=base, timeout=120)
        self.csrf = ""
        self.sent: list[tuple[str, str, dict]] = []  # (kind, key, form)
        self.acked: list[tuple[str, str, dict]] = []
        self.latencies: list[float] = []
        self.refused: dict[int, int] = {}

    async def join(self, code: str) -> None:
        start = (await self.http.get("/")).text
        await self.http.post(
            "/code", data={"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": code}
        )
        form = (await self.http.get("/join")).text
        answer = await self.http.post(
            "/join",
            data={
                "csrf": hidden(form, "csrf"),
                "key": hidden(form, "key"),
                "pseudonym": self.name,
                "role": "invånare",
                "consent": "ja",
            },
        )
        if answer.status_code != 303:
            raise SystemExit(f"{self.name} could not join: {answer.status_code}")
        self.csrf = hidden(form, "csrf")

    async def write(self, kind: str, action: str, fields: dict, key: str | None = None) -> bool:
        key = key or f"{self.name}-{secrets.token_urlsafe(12)}"
        data = {"csrf": self.csrf, "key": key, **fields}
        self.sent.append((kind, key, data))
        began = time.perf_counter()
        answer = await self.http.post(action, data=data)
        self.latencies.append(time.perf_counter() - began)
        if answer.status_code == 303:
            self.acked.append((kind, key, data))
            return True
        self.refused[answer.status_code] = self.refused.get(answer.status_code, 0) + 1
        return False


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
    args: argparse.Namespace, base: str, code: str, statements: list[str]
) -> tuple[list[Phone], float]:
    phones = [Phone(base, f"B{n:03d}") for n in range(args.participants)]
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

    began = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(participate(phone) for phone in phones)), timeout=args.timeout)
    seconds = time.perf_counter() - began
    # a tenth of the acknowledged writes are sent again, as after a lost answer: none may be stored twice
    retry = rng.sample([(p, w) for p in phones for w in p.acked], k=sum(len(p.acked) for p in phones) // 10)
    for phone, (kind, key, data) in retry:
        answer = await phone.http.post("/ideas" if kind == "idea" else "/vote", data=data)
        if answer.status_code != 303:
            raise SystemExit(f"a resend was refused: {answer.status_code}")
    for phone in phones:
        await phone.http.aclose()
    return phones, seconds


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
    args = parser.parse_args()
    load = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="labkit-bench-participants-"))
    journal = folder / "labs" / "1462" / "labbok.sqlite"
    port = free_port()
    server = start_server(journal, port)
    base = f"http://127.0.0.1:{port}"
    try:
        keys = Keys.load(journal.parent)
        asyncio.run(facilitate(base, keys.facilitator))
        statements = list(LabJournal(journal).frame("statement")["id"])
        phones, seconds = asyncio.run(run(args, base, keys.join_code(WORKSHOP), statements))
        cpu = server_cpu(server.pid)
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
        f"server CPU: {cpu:.1f} s for the whole run (joins, writes and resends); load average before: "
        f"{load[0]:.1f}, after: {os.getloadavg()[0]:.1f}"
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
