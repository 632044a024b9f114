"""Journal faults get clear answers: disk full, damaged, empty, read-only, locked, foreign; export whole or
absent."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from labkit.capture import LabJournal, journal
from labkit.capture.csvio import export_csv, file_names, import_csv
from labkit.capture.journal import FILE_NAME
from labkit.capture.recover import check_journal, recover_journal
from labkit.cli import main
from labkit.errors import CaptureError
from labkit.methods.cocreation.widget_text import LABELS
from labkit.methods.cocreation.widgets import BrainwritingForm, explain


def _permissions_bind_me() -> bool:
    """True when a folder without write permission stops this process (not so for root, who may write
    anywhere)."""
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o555)
        try:
            Path(scratch, "probe").touch()
        except PermissionError:
            return True
        finally:
            os.chmod(scratch, 0o755)
    return False


#: Read-only places are made with a read-only mount where permissions do not bind (root), else with chmod.
MOUNT_READ_ONLY = not _permissions_bind_me()


def _mount(*args: str) -> None:
    try:
        done = subprocess.run(["mount", *args], check=False, capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no mount command on this machine; the test needs a small tmpfs (root, as in CI)")
    if done.returncode:
        pytest.skip(
            f"cannot mount ({' '.join(args)}): {done.stderr.strip() or done.returncode}; mounting a small "
            "tmpfs needs root (CAP_SYS_ADMIN), as in CI"
        )


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs: a real disk that fills up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        _umount(disk)


def _fill(disk: Path) -> Path:
    """Fill ``disk`` up (again) with a file; return the file (delete it to free the space)."""
    filler = disk / "filler"
    with open(filler, "ab", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC
    return filler


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def _statements(path: Path, n: int) -> list[dict]:
    with LabJournal(path, workshop="w1") as opened:
        for i in range(n):
            opened.add("statement", text=f"påstående {i} " + "x" * 200)
        return opened.raw()


def _hint(path: Path) -> str:
    return (
        f"Nothing was written to it. See the damage with `labkit capture check --journal {path}` and copy "
        f"what is readable into a new journal with `labkit capture recover --journal {path} "
        f"{path.with_name('labbok-recovered.sqlite')}`; the damaged file is kept as it is."
    )


# --------------------------------------------------------------------------- disk full


def test_disk_full_is_said_plainly_nothing_is_half_saved_and_the_form_keeps_the_text(
    small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = small_disk / FILE_NAME
    opened = LabJournal(path, workshop="w1")
    opened.add("participant", pseudonym="P01", role="invånare")
    first = opened.add("idea", text="Före", round=1, participant="P01")
    filler = _fill(small_disk)
    full = (
        f"{path}: cannot save to the lab journal: the disk is full: expected free space on the disk; found "
        "database or disk is full (SQLITE_FULL). Nothing was saved; the journal is as it was before. Free "
        "some space on the disk, then try again."
    )
    with pytest.raises(CaptureError) as err:
        opened.add("idea", text="x" * 4000, round=1, participant="P01")
    assert str(err.value) == full
    _fill(small_disk)  # what SQLite freed when it rolled back
    with pytest.raises(CaptureError) as err:  # again: the real cause, not "cannot rollback"
        opened.add("idea", text="y" * 4000, round=1, participant="P01")
    assert str(err.value) == full
    assert [r["id"] for r in opened.raw()][-1] == first and opened.count() == 2

    _fill(small_disk)
    form = BrainwritingForm(opened)
    form.participant.value, form.text.value = "P01", "Bänkar vid busshållplatsen " * 100
    assert form.save() is None
    assert LABELS["sv"]["err_disk_full"] in form.message.value and str(path) in form.message.value
    assert form.text.value == "Bänkar vid busshållplatsen " * 100  # kept for a retry

    folder = tmp_path / "papper"
    folder.mkdir()
    (folder / "statement.csv").write_text("text\n" + "\n".join("s" * 3000 for _ in range(10)) + "\n")
    status, out, errors = _run(
        ["capture", "import", "--kommun", "1402", "--journal", str(path), str(folder)], capsys
    )
    assert (status, out) == (2, "")
    assert errors == f"labkit: error: {full}\n"

    filler.unlink()
    record = form.save()
    assert record and form.text.value == ""
    assert opened.count() == 3 and opened.integrity() == "ok"
    opened.close()


def test_an_export_onto_a_full_disk_leaves_nothing(small_disk: Path, tmp_path: Path) -> None:
    source = tmp_path / FILE_NAME
    _statements(source, 200)
    _fill(small_disk)
    target = small_disk / "export"
    with LabJournal(source) as opened, pytest.raises(CaptureError) as err:
        export_csv(opened, target)
    assert str(err.value) == (
        f"{target}: cannot write the export: the disk is full: expected free space on the "
        "disk; found No space left on device (ENOSPC). No export was written. Free some space "
        "on the disk, then try again."
    )
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


# --------------------------------------------------------------------------- damaged, empty, foreign


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 5000)


def test_a_damaged_journal_is_refused_with_the_commands_to_run(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / FILE_NAME
    original = _statements(path, 300)
    _damage(path)
    before = _sha(path)

    def damaged(action: str) -> str:
        return (
            f"{path}: cannot {action} the lab journal: the file is damaged: expected an intact labkit "
            f"journal; found database disk image is malformed (SQLITE_CORRUPT). {_hint(path)}"
        )

    for action, call in (
        ("read", lambda j: j.count()),
        ("read", lambda j: j.frame("statement")),
        ("read", lambda j: j.integrity()),
        ("save to", lambda j: j.add("statement", text="mer")),
        ("save to", lambda j: j.set_setting("dots_per_participant", 4)),
    ):
        with pytest.raises(CaptureError) as err:
            call(LabJournal(path))
        assert str(err.value) == damaged(action)
    paper = tmp_path / "papper"
    paper.mkdir()
    (paper / "statement.csv").write_text("text\nEtt påstående\n")
    for action, argv in (
        ("read", ["capture", "export", "--kommun", "1402", "--journal", str(path), str(tmp_path / "ut")]),
        ("save to", ["capture", "import", "--kommun", "1402", "--journal", str(path), str(paper)]),
        (
            "read",
            ["capture", "purge", "--kommun", "1402", "--journal", str(path), "--workshop", "w1", "--dry-run"],
        ),
    ):
        assert _run(argv, capsys) == (2, "", f"labkit: error: {damaged(action)}\n")
    assert not (tmp_path / "ut").exists()
    assert _sha(path) == before

    status, out, errors = _run(["capture", "check", "--journal", str(path)], capsys)
    assert (status, out) == (
        2,
        (f"labkit: {path}: damaged, 1 problem(s):\n  database disk image is malformed (SQLITE_CORRUPT)\n"),
    )
    assert errors == (
        f"labkit: error: {path}: the lab journal is damaged: expected PRAGMA integrity_check ok; found "
        "database disk image is malformed (SQLITE_CORRUPT). Copy what is readable into a new journal "
        f"with `labkit capture recover --journal {path} {tmp_path / 'labbok-recovered.sqlite'}`; the "
        "damaged file is kept as it is.\n"
    )

    new = tmp_path / "labbok-recovered.sqlite"
    status, out, _ = _run(["capture", "recover", "--journal", str(path), str(new)], capsys)
    recovered = LabJournal(new).raw()
    assert status == 0 and _sha(path) == before
    assert 0 < len(recovered) < 300
    by_id = {record["id"]: record for record in original}
    assert all(record == by_id[record["id"]] for record in recovered)  # exact copies, in the original order
    assert [r["id"] for r in recovered] == [
        r["id"] for r in original if r["id"] in {x["id"] for x in recovered}
    ]
    assert out == (
        f"labkit: recovered {len(recovered)} record(s) and 0 setting(s) from {path} into {new}\n"
        f"  records: {len(recovered)} statement\n"
        f"  unreadable: {300 - len(recovered)} record(s), 0 setting(s)\n"
        f"  the damaged file is unchanged: {path}\n"
    )
    assert check_journal(new).lines() == [
        (f"labkit: {new}: ok (PRAGMA integrity_check), schema version 2, {len(recovered)} record(s)")
    ]
    LabJournal(new).add("statement", text="efter räddningen")  # the new journal takes writes
    status, _, errors = _run(["capture", "recover", "--journal", str(path), str(new)], capsys)
    assert (status, errors) == (
        2,
        (
            f"labkit: error: {new}: the new journal exists already: expected the name of a "
            "file that does not exist yet; found a file.\n"
        ),
    )


def test_recover_keeps_settings_and_every_record_of_an_intact_journal(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with LabJournal(path, workshop="w1") as opened:
        opened.set_setting("dots_per_participant", 5)
        opened.add("participant", pseudonym="P01", role="invånare")
        opened.retract(opened.add("idea", text="Fel", round=1, participant="P01"), "dubblett")
        original = opened.raw()
    report = recover_journal(path, tmp_path / "ny.sqlite")
    assert (report.records, report.settings, report.unreadable_records) == (
        {"participant": 1, "idea": 1, "retraction": 1},
        1,
        0,
    )
    copy = LabJournal(tmp_path / "ny.sqlite")
    assert copy.raw() == original and copy.setting("dots_per_participant") == 5


def test_a_zero_byte_file_is_damaged_not_new(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / FILE_NAME
    path.touch()
    for action, call in (
        ("save to", lambda j: j.add("statement", text="x")),
        ("read", lambda j: j.frame("statement")),
    ):
        with pytest.raises(CaptureError) as err:
            call(LabJournal(path))
        assert str(err.value) == (
            f"{path}: cannot {action} the lab journal: the file is damaged: expected an intact "
            f"labkit journal; found an empty file (0 bytes). {_hint(path)}"
        )
    assert path.stat().st_size == 0 and sorted(os.listdir(tmp_path)) == [FILE_NAME]
    status, out, _ = _run(["capture", "check", "--journal", str(path)], capsys)
    assert (status, out) == (2, f"labkit: {path}: damaged, 1 problem(s):\n  the file is empty (0 bytes)\n")
    report = recover_journal(path, tmp_path / "ny.sqlite")
    assert (report.records, report.settings) == ({}, 0)
    assert LabJournal(tmp_path / "ny.sqlite").count() == 0


def test_a_foreign_sqlite_file_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "annat.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE kunder (namn TEXT)")
        conn.execute("INSERT INTO kunder VALUES ('Anna')")
    conn.close()
    before = path.read_bytes()
    refused = (
        f"{path}: not a labkit lab journal: expected a journal labkit created; found a SQLite database with "
        "application id 0 and 1 schema objects."
    )
    for call in (
        lambda j: j.add("statement", text="x"),
        lambda j: j.count(),
        lambda j: j.set_setting("store_names", 1),
    ):
        with pytest.raises(CaptureError) as err:
            call(LabJournal(path))
        assert str(err.value) == refused
    paper = tmp_path / "papper"
    paper.mkdir()
    (paper / "statement.csv").write_text("text\nEtt påstående\n")
    status, _, errors = _run(
        ["capture", "import", "--kommun", "1402", "--journal", str(path), str(paper)], capsys
    )
    assert (status, errors) == (2, f"labkit: error: {refused}\n")
    with pytest.raises(CaptureError) as err:
        recover_journal(path, tmp_path / "ny.sqlite")
    assert str(err.value) == refused
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annat.sqlite", "papper"]


# --------------------------------------------------------------------------- read-only, locked


def _read_only_folder(folder: Path) -> None:
    """Make ``folder`` read-only: a read-only tmpfs for root (who may write anywhere), else chmod."""
    if MOUNT_READ_ONLY:
        _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder))
        _statements(folder / FILE_NAME, 3)
        _mount("-o", "remount,ro", str(folder))
    else:
        _statements(folder / FILE_NAME, 3)
        folder.chmod(0o555)


def test_a_journal_in_a_read_only_folder_reads_and_refuses_to_save(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    _read_only_folder(folder)
    path = folder / FILE_NAME
    try:
        opened = LabJournal(path)
        assert opened.count() == 3 and opened.frame("statement")["text"].str.startswith("påstående").all()
        sqlite_says = (
            "unable to open database file (SQLITE_CANTOPEN)"
            if MOUNT_READ_ONLY
            else "attempt to write a readonly database (SQLITE_READONLY_DIRECTORY)"
        )
        refused = (
            f"{path}: cannot save to the lab journal: the file or its folder is read-only: expected a file "
            f"and folder labkit may write to; found {sqlite_says}. Nothing "
            "was saved; the journal is as it was before. Copy the journal to a folder you may write to, or "
            "ask for write access, then try again."
        )
        with pytest.raises(CaptureError) as err:
            opened.add("statement", text="ny")
        assert str(err.value) == refused
        status, out, _ = _run(
            ["capture", "export", "--kommun", "1402", "--journal", str(path), str(tmp_path / "ut")], capsys
        )
        assert status == 0 and len(out.splitlines()) == len(file_names())
        new = folder / "ny" / FILE_NAME
        cause = "Read-only file system (EROFS)" if MOUNT_READ_ONLY else "Permission denied (EACCES)"
        paper = tmp_path / "papper"
        paper.mkdir()
        (paper / "statement.csv").write_text("text\nEtt påstående\n")
        status, _, errors = _run(
            ["capture", "import", "--kommun", "1402", "--journal", str(new), str(paper)], capsys
        )
        assert (status, errors) == (
            2,
            (
                f"labkit: error: {new}: cannot save to the lab journal: the file or its "
                "folder is read-only: expected a file and folder labkit may write to; found "
                f"{cause}. Nothing was saved; the journal is as it was before. Copy the "
                "journal to a folder you may write to, or ask for write access, then try "
                "again.\n"
            ),
        )
        if MOUNT_READ_ONLY:  # the folder becomes writable: the same journal object saves on the next try
            _mount("-o", "remount,rw", str(folder))
        else:
            folder.chmod(0o755)
        opened.add("statement", text="ny")
        assert opened.count() == 4 and opened.integrity() == "ok"
        opened.close()
    finally:
        if MOUNT_READ_ONLY:
            _umount(folder)
        else:
            folder.chmod(0o755)


def test_a_read_only_journal_file_refuses_to_save(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    _statements(path, 2)
    if MOUNT_READ_ONLY:
        _mount("--bind", str(path), str(path))
        _mount("-o", "remount,ro,bind", str(path))
    else:
        path.chmod(0o400)
    try:
        before = _sha(path)
        opened = LabJournal(path)
        with pytest.raises(CaptureError) as err:
            opened.add("statement", text="ny")
        assert str(err.value) == (
            f"{path}: cannot save to the lab journal: the file or its folder is read-only: "
            "expected a file and folder labkit may write to; found attempt to write a "
            "readonly database (SQLITE_READONLY). Nothing was saved; the journal is as it was "
            "before. Copy the journal to a folder you may write to, or ask for write access, "
            "then try again."
        )
        assert opened.count() == 2 and _sha(path) == before
        opened.close()
    finally:
        if MOUNT_READ_ONLY:
            _umount(path)
        else:
            path.chmod(0o600)


def test_a_journal_locked_by_another_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / FILE_NAME
    _statements(path, 1)
    monkeypatch.setattr(journal, "BUSY_SECONDS", 0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        opened = LabJournal(path)
        with pytest.raises(CaptureError) as err:
            opened.add("statement", text="ny")
        assert str(err.value) == (
            f"{path}: cannot save to the lab journal: another program holds the journal "
            "locked: expected the lock released within 0.2 seconds; found database is locked "
            "(SQLITE_BUSY). Nothing was saved; the journal is as it was before. Wait until the "
            "other program has finished (or close it), then try again."
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    opened.add("statement", text="ny")
    assert opened.count() == 2


# ------------------------------------------------------------------------- export whole or absent; import cap


def test_export_is_whole_or_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / FILE_NAME
    _statements(path, 5)
    target = tmp_path / "ut"
    with LabJournal(path) as opened:
        first = export_csv(opened, target)
        assert first == [target / name for name in file_names()]
        old = {p.name: p.read_bytes() for p in target.iterdir()}
        opened.add("statement", text="en till")
        calls = []
        real = os.fsync

        def failing(fd: int) -> None:
            calls.append(fd)
            if len(calls) == 5:
                raise OSError(errno.EIO, "Input/output error")
            real(fd)

        monkeypatch.setattr(os, "fsync", failing)
        with pytest.raises(CaptureError) as err:
            export_csv(opened, target)
        assert str(err.value) == (
            f"{target}: cannot write the export: the disk reported a read or write error: "
            "expected a disk that reads and writes without errors; found Input/output error "
            "(EIO). No export was written. Check the disk, USB stick or network share, then "
            "try again."
        )
        assert {p.name: p.read_bytes() for p in target.iterdir()} == old  # the earlier export, whole
        assert sorted(p.name for p in tmp_path.iterdir() if "sqlite" not in p.name) == [
            "ut"
        ]  # no temporary folder
        monkeypatch.setattr(os, "fsync", real)
        export_csv(opened, target)  # replaces the earlier export
        assert (target / "statement.csv").read_text(encoding="utf-8-sig").count("\n") == 7
        assert sorted(p.name for p in tmp_path.iterdir() if "sqlite" not in p.name) == ["ut"]
        (target / "anteckningar.txt").write_text("mina anteckningar")
        with pytest.raises(CaptureError) as err:
            export_csv(opened, target)
        assert str(err.value) == (
            f"{target}: cannot write the export into a folder with other files: expected a "
            "new or empty folder, or an earlier export ("
            + ", ".join(file_names())
            + "); found also anteckningar.txt."
        )
        assert (target / "anteckningar.txt").read_text() == "mina anteckningar"


def test_import_refuses_files_above_the_size_cap_before_reading_them(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "papper"
    folder.mkdir()
    (folder / "statement.csv").write_bytes(b"text\n" + b"\xff\xfe not csv at all \0" * 70_000)  # 1.3 MB
    (folder / "idea.csv").write_text("text,round,participant\n")
    opened = LabJournal(tmp_path / FILE_NAME)
    with pytest.raises(CaptureError) as err:
        import_csv(opened, folder, max_bytes=1_000_000)
    assert str(err.value) == (
        f"{folder}: CSV files too large to import: expected at most 1.0 MB in all (a lab "
        "journal export is far smaller; raise the limit with --max-mb); found 1.3 MB "
        "(largest: statement.csv, 1.3 MB)."
    )
    status, _, errors = _run(
        [
            "capture",
            "import",
            "--kommun",
            "1402",
            "--journal",
            str(opened.path),
            "--max-mb",
            "0.5",
            str(folder),
        ],
        capsys,
    )
    assert (status, errors) == (
        2,
        (
            f"labkit: error: {folder}: CSV files too large to import: expected at most 0.5 "
            "MB in all (a lab journal export is far smaller; raise the limit with --max-mb); "
            "found 1.3 MB (largest: statement.csv, 1.3 MB).\n"
        ),
    )
    assert not opened.exists


@pytest.mark.parametrize(
    ("what", "key"),
    [
        ("cannot save to the lab journal: the disk is full", "err_disk_full"),
        ("cannot save to the lab journal: the file is damaged", "err_damaged"),
        ("cannot save to the lab journal: the file or its folder is read-only", "err_read_only"),
        ("cannot save to the lab journal: another program holds the journal locked", "err_locked"),
        ("cannot save to the lab journal: the disk reported a read or write error", "err_disk"),
        ("cannot save to the lab journal", "err_journal"),
        ("not a labkit lab journal", "err_journal"),
    ],
)
def test_the_forms_explain_each_journal_fault(what: str, key: str) -> None:
    error = CaptureError(what, path="labbok.sqlite", found="x")
    assert explain(error) == LABELS["sv"][key]
    assert explain(error, "en") == LABELS["en"][key]


def test_check_and_recover_need_a_journal_and_max_mb_a_positive_size(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert _run(["capture", "check"], capsys) == (
        2,
        "",
        (
            "labkit: error: option '--journal': no journal named: expected --journal PATH or --kommun CODE; "
            "found neither.\n"
        ),
    )
    assert _run(["capture", "recover", str(tmp_path / "ny.sqlite")], capsys)[0] == 2
    status, _, errors = _run(["capture", "check", "--journal", str(tmp_path / "saknas.sqlite")], capsys)
    assert (status, errors) == (
        2,
        (
            f"labkit: error: {tmp_path / 'saknas.sqlite'}: no lab journal: expected an "
            "existing journal file; found no file.\n"
        ),
    )
    status, _, errors = _run(
        [
            "capture",
            "import",
            "--kommun",
            "1402",
            "--journal",
            str(tmp_path / "j.sqlite"),
            "--max-mb",
            "0",
            str(tmp_path),
        ],
        capsys,
    )
    assert (status, errors) == (
        2,
        (
            "labkit: error: option '--max-mb': invalid value: expected a number of megabytes "
            "above 0; found 0.0.\n"
        ),
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_second_journal_object_does_not_drop_the_writers_locks(tmp_path: Path) -> None:
    """Opening the same journal again in one process must never close a descriptor of the file outside
    SQLite: that releases the writer's POSIX locks, and another process then deletes the live WAL."""
    import subprocess
    import sys

    path = tmp_path / "labbok.sqlite"
    writer = LabJournal(path, workshop="W1")
    writer.add("participant", pseudonym="P1", role="invånare")
    other = LabJournal(path, workshop="W1")
    assert len(other.raw("participant")) == 1  # opens and inspects the journal in this process
    other.close()
    subprocess.run(
        [
            sys.executable,
            "-c",
            (
                f"import sqlite3; sqlite3.connect({str(path)!r}).execute("
                "'select count(*) from records').fetchone()"
            ),
        ],
        check=True,
    )
    assert Path(f"{path}-wal").exists()  # still the writer's log: not checkpointed and deleted under it
    writer.add("participant", pseudonym="P2", role="invånare")
    writer.close()
    assert len(LabJournal(path).raw("participant")) == 2
