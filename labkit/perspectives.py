"""Youth and senior perspectives: presets that adjust the other methods through ``perspektiv``.

Sources (docs/METHODS.md): GR's *Handbok för ungas inflytande i samhällsplaneringen* (Lilla Edet) and
*Seniorperspektiv i samhällsplaneringen* (Stenungsund). The two dialogue methods of the Lilla Edet handbook
could not be read; the youth preset lists the methods of a comparable handbook (Lund), which also gives the
age span 13–25 of national youth policy. The senior preset follows Stenungsund's web survey, its three
themes lokalisering, trygghet and service, and the citizen workshop on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from labkit.errors import ConfigError

#: Allowed values of the ``perspektiv`` parameter ("" means no perspective).
PERSPECTIVE_NAMES = ("", "unga", "seniorer")


@dataclass(frozen=True)
class Perspective:
    """One preset: its ages, Boverket target groups, dialogue methods, themes and survey template.

    ``youth_ages`` is (first, last) inclusive or None; ``senior_ages`` the lower bounds of the senior
    groups ("this age and older") or None; ``housing_groups`` the keys of Boverket's groups in focus.
    ``methods`` and ``themes`` are (key, Swedish text, English text) triples; ``survey`` rows are
    (question id, theme, Swedish question, English question, answer kind "scale" or "text").
    """

    name: str
    title_sv: str
    title_en: str
    youth_ages: tuple[int, int] | None
    senior_ages: tuple[int, ...] | None
    housing_groups: tuple[str, ...]
    methods: tuple[tuple[str, str, str], ...]
    themes: tuple[tuple[str, str, str], ...]
    survey: tuple[tuple[str, str, str, str, str], ...]
    source: str

    def title(self, lang: str = "sv") -> str:
        """The preset's title in Swedish (default) or English."""
        return self.title_en if lang == "en" else self.title_sv


YOUTH = Perspective(
    name="unga",
    title_sv="Ungas perspektiv (13–25 år)",
    title_en="Youth perspective (aged 13–25)",
    youth_ages=(13, 25),
    senior_ages=None,
    housing_groups=("ungdomar", "studenter"),
    methods=(
        (
            "fokusgrupp",
            "Fokusgrupp: ett samtal i liten grupp om en fråga, gärna i skolan eller på fritidsgården",
            "Focus group: a small-group conversation on one question, ideally at school or the youth centre",
        ),
        (
            "framtidsverkstad",
            "Framtidsverkstad: kritik, vision och förverkligande av en plats",
            "Vision workshop: critique, vision and realisation of a place",
        ),
        (
            "praktisk_demokrati",
            "Praktisk demokrati: unga genomför en liten förändring själva med en budget",
            "Practical democracy: young people carry out a small change themselves, with a budget",
        ),
        (
            "case_scenarier",
            "Case och scenarier: unga tar ställning till konkreta förslag eller framtidsbilder",
            "Cases and scenarios: young people take a stand on concrete proposals or futures",
        ),
        (
            "aterkoppling",
            "Återkoppling: berätta för de unga vad som blev av deras förslag, och när",
            "Feedback: tell the young people what became of their proposals, and when",
        ),
    ),
    themes=(
        (
            "representativitet",
            "Vilka unga deltar? Jämför ålder, kön och bostadsområde med befolkningen",
            "Which young people take part? Compare age, sex and home area with the population",
        ),
        ("motesplatser", "Mötesplatser och platser att vara på", "Meeting places and places to be"),
        (
            "forsta_bostad",
            "Första egna bostaden: små hyresrätter och studentbostäder",
            "The first home of one's own: small rentals and student housing",
        ),
    ),
    survey=(),
    source=(
        "GR:s Handbok för ungas inflytande i samhällsplaneringen (Lilla Edet); metoderna och åldrarna enligt "
        "Lunds Praktisk handbok i ungas inflytande"
    ),
)

SENIORS = Perspective(
    name="seniorer",
    title_sv="Seniorperspektiv (65+ och 80+)",
    title_en="Senior perspective (65+ and 80+)",
    youth_ages=None,
    senior_ages=(65, 80),
    housing_groups=("aldre", "funktionsnedsattning"),
    methods=(
        (
            "webbenkat",
            "Webbenkät under hösten (finns även på papper)",
            "Web survey in the autumn (also on paper)",
        ),
        ("medborgarworkshop", "Medborgarworkshop om de tre temana", "Citizen workshop on the three themes"),
    ),
    themes=(
        (
            "lokalisering",
            "Lokalisering: bo kvar där man alltid har bott, nära mataffär, vårdcentral och apotek",
            "Location: stay where one has always lived, near a grocery store, health centre and pharmacy",
        ),
        (
            "trygghet",
            "Trygghet: känna sig trygg i bostaden och på vägen dit",
            "Security: feel safe at home and on the way there",
        ),
        (
            "service",
            "Service: kollektivtrafik- eller flexlinjehållplats nära bostaden, service i närheten",
            "Service: a public-transport or flexline stop near the home, services nearby",
        ),
    ),
    survey=(
        (
            "L1",
            "lokalisering",
            "Vill du bo kvar i den kommundel där du bor i dag när du blir äldre?",
            "Do you want to stay in your current district as you grow older?",
            "scale",
        ),
        (
            "L2",
            "lokalisering",
            "Hur viktigt är det att ha mataffär, vårdcentral och apotek på gångavstånd?",
            (
                "How important is it to have a grocery store, health centre and pharmacy within walking "
                "distance?"
            ),
            "scale",
        ),
        (
            "T1",
            "trygghet",
            "Hur trygg känner du dig i din bostad?",
            "How safe do you feel in your home?",
            "scale",
        ),
        (
            "T2",
            "trygghet",
            "Hur trygg känner du dig utomhus i ditt område när det är mörkt?",
            "How safe do you feel outdoors in your area after dark?",
            "scale",
        ),
        (
            "S1",
            "service",
            "Hur nöjd är du med avståndet till närmaste hållplats för kollektivtrafik eller flexlinje?",
            "How satisfied are you with the distance to the nearest public-transport or flexline stop?",
            "scale",
        ),
        (
            "S2",
            "service",
            "Vilken service saknar du nära bostaden?",
            "Which services do you miss near your home?",
            "text",
        ),
    ),
    source=(
        "GR:s Seniorperspektiv i samhällsplaneringen (Stenungsund): webbenkät, tre teman, medborgarworkshop"
    ),
)

#: Answer scales of the survey templates, by language and answer kind.
SCALES = {
    "sv": {"scale": "1–5 (1 = inte alls, 5 = i hög grad)", "text": "fritext"},
    "en": {"scale": "1–5 (1 = not at all, 5 = to a great extent)", "text": "free text"},
}

#: The presets by name.
PERSPECTIVES: dict[str, Perspective] = {"unga": YOUTH, "seniorer": SENIORS}


def check_perspective(name: object, column: str = "perspektiv") -> str:
    """Return ``name`` if it is an allowed perspective, else raise ConfigError listing the allowed values."""
    if not isinstance(name, str) or name not in PERSPECTIVE_NAMES:
        raise ConfigError(
            "invalid value", column=column, expected="one of '' (none), 'unga', 'seniorer'", found=repr(name)
        )
    return name


def get_perspective(name: str) -> Perspective | None:
    """The preset called ``name``, or None for ``""`` (no perspective).

    Raises
    ------
    ConfigError
        If ``name`` is not one of :data:`PERSPECTIVE_NAMES`.
    """
    return PERSPECTIVES.get(check_perspective(name))


def preset_ages(name: str, youth_ages: tuple[int, int], senior_ages: tuple[int, ...]) -> None:
    """Check that given ages agree with the preset's ages; ConfigError naming the parameter if not."""
    preset = get_perspective(name)
    if preset is None:
        return
    if preset.youth_ages is not None and tuple(youth_ages) != preset.youth_ages:
        lo, hi = preset.youth_ages
        raise ConfigError(
            f"youth_ages disagree with perspektiv '{name}'",
            column="youth_ages",
            expected=f"{lo}-{hi}",
            found=repr(youth_ages),
            hint="Leave youth_ages at its default.",
        )
    if preset.senior_ages is not None and tuple(senior_ages) != preset.senior_ages:
        raise ConfigError(
            f"senior_ages disagree with perspektiv '{name}'",
            column="senior_ages",
            expected=",".join(map(str, preset.senior_ages)),
            found=repr(senior_ages),
            hint="Leave senior_ages at its default.",
        )


def focus(table: pd.DataFrame, name: str, column: str = "group") -> pd.DataFrame:
    """The rows of ``table`` whose Boverket group is in the preset's focus (all rows for no perspective)."""
    preset = get_perspective(name)
    if preset is None:
        return table
    return table[table[column].isin(preset.housing_groups)].reset_index(drop=True)


def methods_table(name: str, lang: str = "sv") -> pd.DataFrame:
    """The preset's dialogue methods as a table (empty for no perspective)."""
    preset = get_perspective(name)
    rows = [] if preset is None else [(key, en if lang == "en" else sv) for key, sv, en in preset.methods]
    return pd.DataFrame(rows, columns=["key", "method"])


def themes_table(name: str, lang: str = "sv") -> pd.DataFrame:
    """The preset's themes as a table (empty for no perspective)."""
    preset = get_perspective(name)
    rows = [] if preset is None else [(key, en if lang == "en" else sv) for key, sv, en in preset.themes]
    return pd.DataFrame(rows, columns=["theme", "text"])


def survey_template(name: str, lang: str = "sv") -> pd.DataFrame:
    """The preset's survey questions: question id, theme, question and answer scale (empty if none)."""
    preset = get_perspective(name)
    rows = (
        []
        if preset is None
        else [
            (qid, theme, en if lang == "en" else sv, SCALES[lang][kind])
            for qid, theme, sv, en, kind in preset.survey
        ]
    )
    return pd.DataFrame(rows, columns=["question_id", "theme", "question", "scale"])


def describe(name: str, lang: str = "sv") -> str:
    """A Markdown paragraph on the perspective for a report (empty text for no perspective)."""
    preset = get_perspective(name)
    if preset is None:
        return ""
    themes = ", ".join(key for key, _, _ in preset.themes)
    if lang == "en":
        return f"**{preset.title('en')}.** Themes: {themes}. Source: {preset.source}."
    return f"**{preset.title('sv')}.** Teman: {themes}. Källa: {preset.source}."
