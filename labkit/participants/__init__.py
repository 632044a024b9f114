"""The participant app: participants take part in a co-creation workshop from their own phones.

``labkit workshop cocreation --kommun CODE --participants`` serves it beside the facilitator's Voila view:
participants join with the workshop's join code (or its QR code), add ideas, "ja, och" additions, scores,
dots, statement votes and proposals; the facilitator opens and closes rounds and approves statements; a
projector page shows the join code, the idea wall, the dots and the opinion groups. Everything is read
from and written to the municipality's lab journal (:class:`labkit.capture.LabJournal`).

Modules: ``app`` (the Starlette app, ``create_app``), ``room`` (the workshop and every read and write),
``server`` (start, address, ``--lan``), ``keys`` (persisted secrets), ``security`` (headers, limits, CSRF)
and ``text`` (Swedish and English texts). Importing this package imports none of them, so the ``labkit``
command stays quick.
"""
