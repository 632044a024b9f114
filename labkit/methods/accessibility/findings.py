"""Key findings of the accessibility analysis, from its results record."""

from __future__ import annotations

from labkit.findings import num, pct, sv_en

SERVICES_EN = {
    "grundskola": "primary school",
    "förskola": "pre-school",
    "vårdcentral": "health centre",
    "bibliotek": "library",
    "livsmedelsbutik": "grocery shop",
    "hållplats": "public transport stop",
    "grönområde": "green space",
    "mötesplats": "meeting place",
}


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """Which service is furthest away, which is closest, and who reaches them least well."""
    out = []
    access = r.get("access") or {}
    if r.get("synthetic") or r.get("services_synthetic"):
        out.append(
            sv_en(
                lang,
                "Serviceadresserna och områdespunkterna är syntetiska: läs siffrorna som ett exempel.",
                "The service locations and area points are synthetic: read the figures as an example.",
            )
        )
    timed = {k: v for k, v in access.items() if v.get("mean_minutes") is not None}
    mode = r.get("travel", "walk")
    how = {"walk": ("till fots", "on foot"), "bike": ("med cykel", "by bike")}.get(mode, (mode, mode))
    if timed:
        far = max(timed, key=lambda k: timed[k]["mean_minutes"])
        near = min(timed, key=lambda k: timed[k]["mean_minutes"])
        out.append(
            sv_en(
                lang,
                f"Längst bort ligger {far}: i genomsnitt {num(timed[far]['mean_minutes'], 0)} minuter "
                f"{how[0]}; närmast ligger {near} ({num(timed[near]['mean_minutes'], 0)} minuter).",
                f"Furthest away is the nearest {SERVICES_EN.get(far, far)}: "
                f"{num(timed[far]['mean_minutes'], 0, 'en')} minutes {how[1]} on average; closest is the "
                f"{SERVICES_EN.get(near, near)} ({num(timed[near]['mean_minutes'], 0, 'en')} minutes).",
            )
        )
        share = timed[far].get("share_within_20min")
        if share is not None:
            out.append(
                sv_en(
                    lang,
                    f"{pct(share)} av invånarna når {far} inom 20 minuter.",
                    f"{pct(share, 0, 'en')} of residents reach a {SERVICES_EN.get(far, far)} within "
                    "20 minutes.",
                )
            )
    equity = {k: v for k, v in (r.get("equity") or {}).items() if v.get("ratio_born_abroad") is not None}
    if equity:
        worst = max(equity, key=lambda k: equity[k]["ratio_born_abroad"])
        ratio = equity[worst]["ratio_born_abroad"]
        if ratio > 1.05:
            out.append(
                sv_en(
                    lang,
                    f"Utrikes födda har {num(ratio, 2)} gånger så lång restid till {worst} som övriga "
                    "invånare.",
                    f"People born abroad travel {num(ratio, 2, 'en')} times as long to a "
                    f"{SERVICES_EN.get(worst, worst)} as other residents.",
                )
            )
        else:
            out.append(
                sv_en(
                    lang,
                    "Utrikes födda når servicen lika bra som övriga invånare.",
                    "People born abroad reach services as well as other residents.",
                )
            )
    market = r.get("housing_market") or {}
    if market.get("theil_h_total"):
        share = market["theil_h_between"] / market["theil_h_total"]
        out.append(
            sv_en(
                lang,
                f"{pct(share)} av upplåtelseformernas ojämna fördelning i regionen ligger mellan "
                "kommunerna, resten inom dem.",
                f"{pct(share, 0, 'en')} of the uneven spread of tenure in the region lies between "
                "municipalities, the rest within them.",
            )
        )
    return out
