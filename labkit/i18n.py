"""Swedish (default) and English text for everything a workshop participant or report reader sees.

Each module keeps its own catalogue, ``{"sv": {...}, "en": {...}}``, and looks words up with
:func:`text`. Code, logs and the CLI stay in English.
"""

from __future__ import annotations

from labkit.errors import ConfigError

LANGUAGES = ("sv", "en")

#: Words shared by every report.
COMMON = {
    "sv": {
        "synthetic_notice": (
            "Observera: områdena i detta underlag är syntetiska. De är genererade och kalibrerade så att "
            "summorna per kommun är exakt kommunens verkliga totaler (SCB Statistikdatabasen, {year}), "
            "men värdena för enskilda områden är påhittade och beskriver inga verkliga bostadsområden."
        ),
        "real_notice": "Källa: SCB Statistikdatabasen, egna exportfiler ({files}).",
        "municipality": "Kommun",
        "area": "Område",
        "year": "År",
        "population": "Folkmängd",
        "region": "Regionen",
    },
    "en": {
        "synthetic_notice": (
            "Note: the areas in this data are synthetic. They are generated and calibrated so that the "
            "totals per municipality equal the municipality's real totals exactly (SCB Statistikdatabasen, "
            "{year}), but the values of single areas are invented and describe no real neighbourhood."
        ),
        "real_notice": "Source: SCB Statistikdatabasen, exported files ({files}).",
        "municipality": "Municipality",
        "area": "Area",
        "year": "Year",
        "population": "Population",
        "region": "The region",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if labkit speaks it, else raise a ConfigError listing the languages."""
    if lang not in LANGUAGES:
        raise ConfigError(
            "unknown language", column="lang", expected="one of " + ", ".join(LANGUAGES), found=repr(lang)
        )
    return lang


def text(catalogue: dict, key: str, lang: str = "sv", **values: object) -> str:
    """Look ``key`` up in ``catalogue`` (falling back to :data:`COMMON`) and fill in ``values``."""
    check_lang(lang)
    words = catalogue.get(lang, {})
    template = words[key] if key in words else COMMON[lang][key]
    return template.format(**values) if values else template
