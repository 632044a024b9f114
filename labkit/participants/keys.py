"""The participant app's secrets, kept beside the lab journal so that a restart keeps sessions and links
valid.

``labs/<kommun>/deltagarapp.json`` (git-ignored with ``labs/``, readable by its owner only) holds the key
that signs session cookies and QR links, the facilitator's key, and one join code per workshop. It is
written atomically (a temporary file, then a rename), so a killed server never leaves half a file.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from pathlib import Path

from labkit.errors import CaptureError
from labkit.fileio import write_text_atomic

#: File name of the secrets, in the journal's folder.
FILE_NAME = "deltagarapp.json"

#: Characters of a join code: no 0/O, 1/I/L, so it is easy to read off a projector and type on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Length of a join code.
CODE_LENGTH = 6

_LOCK = threading.Lock()


def new_join_code() -> str:
    """A fresh random join code, e.g. ``K7QM2X``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A typed join code in its stored form: upper case, without spaces or dashes."""
    return re.sub(r"[\s-]", "", typed or "").upper()


class Keys:
    """The signing key, the facilitator key and the join codes of one lab (see the module docstring)."""

    def __init__(self, path: Path, data: dict) -> None:
        self.path = path
        self._data = data

    @classmethod
    def load(cls, folder: str | Path) -> Keys:
        """Read ``folder/deltagarapp.json``, creating it (and the folder) with fresh keys the first time.

        Raises
        ------
        CaptureError
            If the file exists but is not the app's JSON.
        """
        path = Path(folder) / FILE_NAME
        with _LOCK:
            if path.exists():
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as err:
                    raise CaptureError(
                        "cannot read the participant app's keys",
                        path=path,
                        expected="the JSON file the app wrote",
                        found=str(err),
                    ) from err
                if not (
                    isinstance(data, dict)
                    and isinstance(data.get("secret"), str)
                    and isinstance(data.get("facilitator"), str)
                    and isinstance(data.get("codes"), dict)
                ):
                    raise CaptureError(
                        "cannot read the participant app's keys",
                        path=path,
                        expected="keys secret, facilitator and codes",
                        found=repr(sorted(data)) if isinstance(data, dict) else type(data).__name__,
                    )
                return cls(path, data)
            keys = cls(
                path,
                {"secret": secrets.token_urlsafe(48), "facilitator": secrets.token_urlsafe(24), "codes": {}},
            )
            keys._save()
            return keys

    @property
    def secret(self) -> str:
        """The key that signs session cookies and QR links."""
        return self._data["secret"]

    @property
    def facilitator(self) -> str:
        """The facilitator's key (printed at start, in the facilitator's link)."""
        return self._data["facilitator"]

    def join_code(self, workshop: str) -> str:
        """The join code of ``workshop`` (made and saved the first time)."""
        with _LOCK:
            if workshop not in self._data["codes"] and self.path.exists():  # another process may have made it
                stored = json.loads(self.path.read_text(encoding="utf-8")).get("codes", {})
                if isinstance(stored.get(workshop), str):
                    self._data["codes"][workshop] = stored[workshop]
            codes = self._data["codes"]
            if workshop not in codes:
                codes[workshop] = new_join_code()
                self._save()
            return codes[workshop]

    def _save(self) -> None:
        text = json.dumps(self._data, indent=1, sort_keys=True)
        write_text_atomic(self.path, text, mode=0o600)  # only the facilitator's account may read the keys
