"""Key findings of the social impact analysis (SKA), from its results record."""

from __future__ import annotations

from labkit.findings import count, sv_en

ASPECTS_EN = {
    "Sammanhållen stad": "connected city",
    "Samspel": "interaction",
    "Vardagsliv": "everyday life",
    "Identitet": "identity",
    "Hälsa och säkerhet": "health and safety",
}
STATUS_EN = {"uppfyllt": "met", "delvis": "partly met", "hotat": "at risk", "ej bedömt": "not assessed"}


def _latest(goal: dict) -> str | None:
    statuses = [s for s in (goal.get("status") or {}).values() if s]
    return statuses[-1] if statuses else None


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """The goals and their latest status, the threatened ones, conflicts, the most negative aspect."""
    out = []
    if r.get("origin") == "examples":
        out.append(
            sv_en(
                lang,
                "Underlaget är labkits exempelposter, inte en verklig detaljplan.",
                "The records are labkit's examples, not a real detailed plan.",
            )
        )
    goals = r.get("goals") or []
    if goals:
        latest = [_latest(g) for g in goals]
        tally = {s: latest.count(s) for s in ("uppfyllt", "delvis", "hotat", "ej bedömt") if latest.count(s)}
        parts_sv = ", ".join(f"{n} {s}" for s, n in tally.items())
        parts_en = ", ".join(f"{n} {STATUS_EN[s]}" for s, n in tally.items())
        out.append(
            sv_en(
                lang,
                f"{count(len(goals), 'socialt mål', 'sociala mål')} följs i planen; senaste "
                f"bedömning: {parts_sv}.",
                f"{count(len(goals), 'social goal is', 'social goals are', 'en')} followed in the plan; "
                f"latest assessment: {parts_en}.",
            )
        )
        threatened = [g["goal"] for g, s in zip(goals, latest, strict=True) if s == "hotat"]
        if threatened:
            out.append(sv_en(lang, f"Hotat: ”{threatened[0]}”.", f"At risk: “{threatened[0]}”."))
    conflicts = r.get("conflicts") or []
    if conflicts:
        against = sum(1 for c in conflicts if c.get("relation") == "målkonflikt")
        out.append(
            sv_en(
                lang,
                f"{count(against, 'målkonflikt', 'målkonflikter')} och "
                f"{count(len(conflicts) - against, 'vinna-vinna-samband', 'vinna-vinna-samband')} "
                "är beskrivna.",
                f"{count(against, 'goal conflict', 'goal conflicts', 'en')} and "
                f"{count(len(conflicts) - against, 'win-win link', 'win-win links', 'en')} are described.",
            )
        )
    matrix = (r.get("matrix_summary") or {}).get("inventering") or {}
    if matrix:
        worst = max(matrix, key=lambda a: matrix[a].get("-", 0))
        n = matrix[worst].get("-", 0)
        if n:
            out.append(
                sv_en(
                    lang,
                    f"Inventeringen ser flest negativa konsekvenser inom {worst.lower()} "
                    f"({count(n, 'cell', 'celler')} med minus).",
                    f"The inventory sees most negative consequences under {ASPECTS_EN.get(worst, worst)} "
                    f"({count(n, 'cell', 'cells', 'en')} marked minus).",
                )
            )
    return out
