"""The method registry: an explicit, ordered mapping from slug to module and notebook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labkit import paths
from labkit.errors import ConfigError
from labkit.paths import NOTEBOOKS, ROOT  # noqa: F401 - ROOT re-exported: many modules import it from here


@dataclass(frozen=True)
class Method:
    """One toolbox method: its slug, module, notebook and one-line titles."""

    slug: str
    title_sv: str
    title_en: str
    #: "municipality": one job per municipality; "region": one job per run, after the others, reading
    #: their results (its outputs sit at the top of the run folder).
    scope: str = "municipality"
    #: Methods whose results this one reads (``ctx.upstream(slug)``); the runner runs them first.
    needs: tuple[str, ...] = ()
    #: The method's workshop view as ``"module:function"``: ``function(ctx, params)`` returns the widget that
    #: ``labkit workshop SLUG`` serves (:mod:`labkit.serve`); empty for a method without one.
    workshop: str = ""

    @property
    def module(self) -> str:
        """Dotted name of the method's module."""
        return f"labkit.methods.{self.slug}"

    @property
    def notebook(self) -> Path:
        """Path of the method's notebook."""
        return NOTEBOOKS / f"{self.slug}.ipynb"

    def title(self, lang: str = "sv") -> str:
        """The title in Swedish (default) or English."""
        return self.title_en if lang == "en" else self.title_sv


#: Ordered registry. A new method adds one line here (``labkit new-method`` does it for you).
METHODS: dict[str, Method] = {
    "target_groups": Method(
        "target_groups",
        "Målgruppsanalys: vilka bor var, hur segregerat och vilka ska bjudas in",
        "Target-group analysis: who lives where, how segregated, and whom to invite",
    ),
    "cocreation": Method(
        "cocreation",
        "Medskapande: idéer, prioritering, representativitet och åsiktsgrupper",
        "Co-creation: ideas, prioritisation, representativeness and opinion groups",
        needs=("target_groups",),
        workshop="labkit.methods.cocreation:workshop",
    ),
    "evaluation": Method(
        "evaluation",
        "Utvärdering och från labb till vardag: vad fungerade, för vem, och har det blivit rutin?",
        "Evaluation, from lab to everyday: what worked, for whom, and has it become routine?",
        needs=("accessibility",),
    ),
    "social_investment": Method(
        "social_investment",
        "Socialt investeringsperspektiv: lönar sig det förebyggande arbetet, och för vem?",
        "Social investment: does preventive work pay, and for whom?",
    ),
    "accessibility": Method(
        "accessibility",
        "Tillgänglighet: vem når service och den regionala bostadsmarknaden, per område och grupp",
        "Accessibility: who reaches services and the regional housing market, by area and by group",
    ),
    "prototyping": Method(
        "prototyping",
        "Prototyper: testkort, testlogg, lärande och beslut om pilot",
        "Prototyping: test cards, test log, learning and the decision to pilot",
        needs=("target_groups", "cocreation"),
        workshop="labkit.methods.prototyping:workshop",
    ),
    "ska": Method(
        "ska",
        "Social konsekvensanalys i detaljplan: matris, sociala mål och markanvändningsdialog",
        "Social impact analysis in detailed planning: matrix, social goals and land-use dialogue",
        workshop="labkit.methods.ska.widgets:workshop_view",
    ),
    "housing_provision": Method(
        "housing_provision",
        "Bostadsförsörjning: behov, gap mot planerat, avstämningar och läget per grupp",
        "Housing provision: needs, gaps to planned supply, checks and the state per group",
        needs=("target_groups",),
    ),
    "regional": Method(
        "regional",
        "Regionalt labb: vad kan kommunerna lära av varandra?",
        "Regional lab: what can the municipalities learn from each other?",
        # A run-wide method: it reads every municipality's results file of the run, after all other jobs.
        scope="region",
    ),
}


def needed_by(slug: str) -> tuple[str, ...]:
    """The methods that name ``slug`` in their ``needs``."""
    return tuple(method.slug for method in METHODS.values() if slug in method.needs)


def with_needs(slugs: list[str]) -> list[str]:
    """``slugs`` and every method they need (transitively), in registry order."""
    wanted, queue = set(), list(slugs)
    while queue:
        slug = queue.pop()
        if slug not in wanted:
            wanted.add(slug)
            queue.extend(get_method(slug).needs)
    return [slug for slug in METHODS if slug in wanted]


def depth(slug: str) -> int:
    """0 for a method that needs none, else one more than the deepest method it needs (the runner's wave).

    A job whose notebook is not a registered method (a test's or a user's own) needs none.
    """
    needs = METHODS[slug].needs if slug in METHODS else ()
    return 1 + max(depth(other) for other in needs) if needs else 0


def get_method(slug: str) -> Method:
    """Return the registered method ``slug`` or raise a ConfigError listing the slugs."""
    if slug not in METHODS:
        raise ConfigError(
            "unknown method", column="method", expected="one of " + ", ".join(METHODS), found=repr(slug)
        )
    return METHODS[slug]


def overview(kommun: str = "1402", reports: str | Path = "", lang: str = "sv"):
    """A table of the methods in lab order with their notebook and whether a report exists for ``kommun``.

    ``reports`` is a run folder (default: the project's ``reports/``). Used by ``notebooks/start.ipynb``.
    """
    import pandas as pd

    folder = Path(reports) if reports else paths.reports()
    heads = ("Metod", "Anteckningsbok", "Rapport") if lang == "sv" else ("Method", "Notebook", "Report")
    rows = []
    for method in METHODS.values():
        report = folder / ("" if method.scope == "region" else str(kommun).zfill(4)) / f"{method.slug}.html"
        rows.append(
            {
                heads[0]: method.title(lang),
                heads[1]: method.notebook.name,
                heads[2]: ("finns" if lang == "sv" else "yes") if report.is_file() else "–",
            }
        )
    return pd.DataFrame(rows)
