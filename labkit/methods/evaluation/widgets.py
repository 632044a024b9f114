"""A form that records a maturity assessment in the lab journal (ipywidgets, imported only when used)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labkit.methods.evaluation.kinds import PRINCIPLES, STAGES, TOOLBOX
from labkit.methods.evaluation.text import method_label, principle_label, stage_label, words


def record_maturity(journal: Any, values: dict[str, object]) -> str:
    """Store one maturity assessment in ``journal`` (a LabJournal) and return its id.

    Empty evidence notes are left out. Raises the journal's CaptureError when a value is not allowed.
    """
    fields = {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}
    return journal.add("maturity", **fields)


def _controls(lang: str) -> dict[str, Any]:
    import ipywidgets as widgets

    controls: dict[str, Any] = {
        "method": widgets.Dropdown(
            options=[(method_label(k, lang), k) for k, _sv, _en in TOOLBOX], description=words("method", lang)
        ),
        "stage": widgets.Dropdown(
            options=[(stage_label(s, lang), s) for s in STAGES], description=words("stage", lang)
        ),
    }
    for name, _sv, _en in PRINCIPLES:
        controls[name] = widgets.IntSlider(
            value=0,
            min=0,
            max=4,
            description=principle_label(name, lang),
            style={"description_width": "initial"},
        )
        controls[f"{name}_evidence"] = widgets.Text(
            placeholder=words("evidence", lang), layout=widgets.Layout(width="60%")
        )
    controls["note"] = widgets.Textarea(placeholder="…", layout=widgets.Layout(width="60%"))
    return controls


def maturity_form(
    kommun_kod: str, *, enabled: bool = False, lang: str = "sv", labs_root: str | Path | None = None
) -> Any:
    """The capture form for a workshop; a Markdown note instead when ``enabled`` is False (batch reports).

    Each press of the button appends one ``maturity`` record to ``labs/<kommun_kod>/labbok.sqlite``; the
    analysis always reads the journal, never the form's state.
    """
    if not enabled:
        from IPython.display import Markdown

        return Markdown(f"*{words('widget_off', lang)}*")
    import ipywidgets as widgets

    from labkit.capture.journal import LabJournal
    from labkit.errors import CaptureError

    controls, output = _controls(lang), widgets.Output()
    button = widgets.Button(description=words("widget_save", lang), button_style="primary")

    def save(_button: object) -> None:
        values = {name: control.value for name, control in controls.items()}
        with output:
            output.clear_output()
            try:
                record_id = record_maturity(LabJournal.for_municipality(kommun_kod, root=labs_root), values)
                print(words("widget_saved", lang, id=record_id))
            except CaptureError as err:
                print(err)

    button.on_click(save)
    return widgets.VBox([*controls.values(), button, output])
