"""Kill -9 of the participant server during a burst of votes, then a restart: every acknowledged vote is in
the journal once, the phones' sessions still work, and resending every vote (acknowledged or not) doubles
none."""

from __future__ import annotations

import os
import secrets
import signal
import threading
from pathlib import Path

import httpx
import pytest
from participants_helpers import csrf, free_port, hidden, http_join, spawn, wait_for

from labkit.capture.journal import LabJournal
from labkit.participants.keys import Keys
from labkit.participants.server import open_room

PHONES = ("P1", "P2", "P3", "P4")


def test_kill_9_during_a_burst_of_votes_loses_no_acknowledged_vote(tmp_path: Path) -> None:
    journal_file = tmp_path / "labs" / "1462" / "labbok.sqlite"
    port = free_port()
    server = spawn(journal_file, port, "W1", "--rate-burst", "100000")
    base = f"http://127.0.0.1:{port}"
    keys = Keys.load(journal_file.parent)
    code = keys.join_code("W1")
    desk = httpx.Client(base_url=base, timeout=30)
    phones = {name: httpx.Client(base_url=base, timeout=30) for name in PHONES}
    try:
        assert desk.get(f"/facilitator?key={keys.facilitator}").status_code == 303
        page = desk.get("/facilitator").text
        token = hidden(page, "csrf")
        desk.post(
            "/facilitator/room",
            data={"csrf": token, "key": secrets.token_urlsafe(16), "activity": "voting", "open": "1"},
        )
        for n in range(5):
            desk.post(
                "/facilitator/statement",
                data={"csrf": token, "key": secrets.token_urlsafe(16), "text": f"Påstående {n}"},
            )
        statements = list(LabJournal(journal_file).frame("statement")["id"])
        assert len(statements) == 5
        for name, phone in phones.items():
            http_join(phone, code, name)

        sent: dict[str, list[tuple[str, dict]]] = {name: [] for name in PHONES}
        acked: dict[str, list[str]] = {name: [] for name in PHONES}
        stop = threading.Event()

        def burst(name: str) -> None:
            phone, n = phones[name], 0
            while not stop.is_set():
                key = f"{name}-vote-{n:06d}-{secrets.token_hex(4)}"
                data = {
                    "csrf": csrf(phone),
                    "key": key,
                    "statement": statements[n % 5],
                    "vote": ("1", "0", "-1")[n % 3],
                }
                sent[name].append((key, data))
                try:
                    answer = phone.post("/vote", data=data)
                except httpx.HTTPError:
                    return  # the server is gone: this vote was never acknowledged
                if answer.status_code == 303:
                    acked[name].append(key)
                n += 1

        threads = [threading.Thread(target=burst, args=(name,)) for name in PHONES]
        for thread in threads:
            thread.start()
        wait_for(lambda: sum(map(len, acked.values())) >= 150, 120, "150 acknowledged votes")
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert server.returncode == -signal.SIGKILL

        room = open_room("1462", journal=journal_file, workshop="W1")
        stored = [record["id"] for record in room.journal.raw("statement_vote")]
        assert len(stored) == len(set(stored))
        for name in PHONES:
            for key in acked[name]:
                assert stored.count(room.record_id("statement_vote", name, key)) == 1, (name, key)
        n_acked = sum(map(len, acked.values()))
        n_sent = sum(map(len, sent.values()))
        assert n_acked <= len(stored) <= n_sent
        room.journal.close()

        server = spawn(
            journal_file, port, "W1", "--rate-burst", "100000"
        )  # restart on the same journal and keys
        for name, phone in phones.items():  # the same cookies still work: sessions survived
            assert f"Hej {name}!" in phone.get("/").text
            for _key, data in sent[name]:  # a phone resends everything it is unsure of (and more)
                assert phone.post("/vote", data=data).status_code == 303
        journal = LabJournal(journal_file)
        votes = journal.raw("statement_vote")
        assert len(votes) == n_sent == len({record["id"] for record in votes})
        expected = {
            open_room("1462", journal=journal_file, workshop="W1").record_id("statement_vote", name, key)
            for name in PHONES
            for key, _ in sent[name]
        }
        assert {record["id"] for record in votes} == expected
        assert journal.integrity() == "ok"
    finally:
        for client in (desk, *phones.values()):
            client.close()
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
