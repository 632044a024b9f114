"""Swedish (default) and English words of the evaluation report, including the catalogue of data gaps."""

from __future__ import annotations

from labkit.i18n import text
from labkit.methods.evaluation.kinds import PRINCIPLES, SCORE_LABELS_EN, SCORE_LABELS_SV, TOOLBOX

#: Names, headers and sentences of the evaluation report.
TEXT = {
    "sv": {
        # indicators
        "share_hyresratt": "Andel hyresrätt",
        "tenure_theil_h": "Upplåtelseformer, Theils H",
        "mean_tkr": "Medellöneinkomst, tkr",
        "wage_gini": "Inkomstspridning mellan områden (Gini)",
        "mean_tkr_approx": "Medellöneinkomst, tkr (ungefärlig, vägd med folkmängden)",
        "wage_gini_approx": "Inkomstspridning mellan områden (Gini, ungefärlig, vägd med folkmängden)",
        "wage_note": (
            "Kommunens och regionens **medellöneinkomst** och **inkomstspridningen** är ungefärliga: varje "
            "områdes medelvärde är SCB:s eget, men SCB räknar det över de personer som inkomsttabellen "
            "gäller, och hur många de är per område finns inte i underlaget. Områdena vägs därför med hela "
            "folkmängden, barn medräknade, så områden med många barn väger något för tungt."
        ),
        "share_pop_challenged": "Andel boende i områdestyp 1–2",
        "share_born_abroad": "Andel födda utomlands",
        "dissimilarity": "Olikhetsindex D, födda utomlands",
        "n_areas": "Antal områden",
        "population": "Folkmängd",
        "omradestyp": "Områdestyp",
        "area_name": "Område",
        "year": "År",
        "scope": "Nivå",
        "municipality": "Kommunen",
        "region": "Regionen (alla områden i källan)",
        "indicator": "Indikator",
        "dimension": "Del av GR:s definition",
        "value": "Värde",
        "housing": "Boende- och livsmiljöer",
        "income": "Socioekonomi",
        "area_type": "Boende- och livsmiljöer",
        "segregation": "Över tid och rum",
        "participation": "Delaktighet",
        # data gaps
        "needed": "Vad som behövs",
        "where": "Var uppgifterna finns",
        "gap_service": "Tillgång till service",
        "gap_service_needed": (
            "Andel boende per område inom gångavstånd till livsmedelsbutik, vårdcentral, apotek, skola och "
            "förskola"
        ),
        "gap_service_where": "Tillväxtanalys serviceanalys (PiPoS), eller egna avståndsberäkningar på SCB:s "
        "befolkning per DeSO och kommunens lokalregister",
        "gap_green": "Grönområden och rekreation",
        "gap_green_needed": (
            "Andel boende inom gångavstånd till ett grönområde av viss storlek, och tillgång till fritid "
            "och kultur"
        ),
        "gap_green_where": (
            "SCB:s statistik om grönytor i tätorter, Lantmäteriets kartdata, kommunens grönplan och "
            "föreningsregister"
        ),
        "gap_transport": "Kollektivtrafik",
        "gap_transport_needed": "Andel boende nära en hållplats med tät trafik (avgångar per timme)",
        "gap_transport_where": "Hållplatser och tidtabeller i GTFS-format från Samtrafiken via Trafiklab "
        "(Västtrafik), kopplade till befolkning per DeSO",
        "gap_trust": "Tillit och social sammanhållning",
        "gap_trust_needed": (
            "Enkätsvar om tillit till andra och till samhällets institutioner, per område och grupp"
        ),
        "gap_trust_where": "Folkhälsomyndighetens nationella folkhälsoenkät (Hälsa på lika villkor), SCB:s "
        "medborgarundersökning; valdeltagandet i Kolada (N05401) är ett grovt ersättningsmått",
        "gap_meeting": "Mötesplatser och sammanlänkande stråk",
        "gap_meeting_needed": "Mötesplatser per område och hur väl gång- och cykelstråk binder ihop områdena",
        "gap_meeting_where": "Kommunens register över mötesplatser och gång- och cykelnät; platsinventering, "
        "till exempel med RISE:s PRISMA",
        "gap_safety": "Trygghet",
        "gap_safety_needed": "Andel som känner sig trygga i sitt bostadsområde",
        "gap_safety_where": (
            "Brottsförebyggande rådets Nationella trygghetsundersökning (NTU) eller kommunens egen "
            "trygghetsundersökning"
        ),
        "gap_groups": "Uppdelning per grupp",
        "gap_groups_needed": "Indikatorerna per kön, ålder, utbildningsnivå och sysselsättning",
        "gap_groups_where": "SCB per DeSO/RegSO: FolkmDesoAldKon (ålder och kön), UtbSUNBefDesoRegsoN "
        "(utbildning), sysselsättning 20–64 år",
        "gap_participation": "Deltagande i labbet",
        "gap_participation_needed": "Deltagare i labbets workshoppar med bostadsområde",
        "gap_participation_where": (
            "Labbets journal (deltagare med hemområde); i denna rapport används påhittade exempel eller "
            "inga uppgifter"
        ),
        # access indicators
        "service_type": "Service",
        "n_services": "Antal i kommunen",
        "mean_minutes": "Medelrestid till närmaste, min",
        "share_within_20min": "Andel boende inom 20 min",
        "ratio_born_abroad": "Kvot födda utomlands / födda i Sverige (restid)",
        "gap_covered": "Del av GR:s definition",
        "access_intro": (
            "Tillgången till service, kollektivtrafik, grönområden och mötesplatser är beräknad med metoden "
            "*tillgänglighet* ({year}, restid {travel}): befolkningsviktad medelrestid till närmaste, "
            "andelen boende inom 20 minuter och kvoten mellan födda utomlands och födda i Sverige (över 1 = "
            "födda utomlands har längre restid). Indikatorerna ersätter motsvarande dataluckor."
        ),
        "access_synthetic": (
            "**Observera: syntetiska exempel.** Tjänsterna och/eller områdespunkterna är påhittade och "
            "beskriver inga verkliga verksamheter; siffrorna visar bara hur indikatorerna fungerar. Ange "
            "verkliga filer med parametrarna services_file och area_points_file."
        ),
        "access_missing": (
            "Tillgänglighet kan inte beräknas för källans områden (inga tjänster eller områdespunkter), så "
            "tillgång till service, kollektivtrafik, grönområden och mötesplatser står kvar som dataluckor. "
            "Ange filer med parametrarna services_file och area_points_file."
        ),
        # participation
        "participants": "Deltagare",
        "with_area": "Deltagare med känt bostadsområde",
        "share_challenged": "Andel deltagare från områdestyp 1–2",
        "population_share_challenged": "Andel av befolkningen i områdestyp 1–2",
        "representation_ratio": "Representationskvot (1 = som befolkningen)",
        "suppressed": "färre än 5",
        # difference-in-differences
        "treated": "Insatsområden",
        "comparison": "Jämförelseområden",
        "counterfactual": "Insatsområden om de följt jämförelseområdenas utveckling",
        "start": "Insatsen börjar",
        "effect": "Skattad effekt",
        "ci": "Konfidensintervall {level}",
        "p": "p-värde",
        "n_obs": "Observationer (område × år)",
        "n_treated": "Insatsområden",
        "n_comparison": "Jämförelseområden",
        "years_before": "År före",
        "years_after": "År efter",
        "pre_trend": "Skillnad i trend före insatsen, per år",
        "pre_trend_p": "p-värde för trendskillnaden",
        "se_hc1": "robusta standardfel (HC1)",
        "se_cluster": "standardfel klustrade per område",
        "se_classical": "klassiska standardfel",
        "inference": "p-värde och intervall från",
        "inference_randomisation": "slumpinferens, {assignments} placebotilldelningar",
        "inference_model": "regressionen, {se}",
        "model_p": "p-värde med {se} (som jämförelse)",
        "did_reading": (
            "Jämfört med jämförelseområdena förändrades **{outcome}** i insatsområdena med **{effect}** mer "
            "efter att insatsen började ({start}). Konfidensintervallet ({level}) går från {low} till "
            "{high} och p-värdet är {p}."
        ),
        "did_clear": "Intervallet innehåller inte noll: skillnaden är större än vad slumpen brukar ge.",
        "did_unclear": (
            "Intervallet innehåller noll: vi kan **inte** säga att insatsen gjorde skillnad. Det betyder "
            "inte att den saknade effekt, bara att underlaget inte räcker för att visa det."
        ),
        "did_clear_ri": (
            "Bara {share} av placebotilldelningarna ger en minst lika stor skillnad (p högst {alpha}), och "
            "intervallet innehåller inte noll: skillnaden är större än vad som brukar skilja {n_treated} "
            "slumpvis valda områden i kommunen från de övriga."
        ),
        "did_unclear_ri": (
            "{share} av placebotilldelningarna ger en minst lika stor skillnad, så p-värdet är över {alpha} "
            "och intervallet innehåller noll: vi kan **inte** säga att insatsen gjorde skillnad. Det "
            "betyder inte att den saknade effekt, bara att underlaget inte räcker för att visa det."
        ),
        "did_method_ri": (
            "**Metod.** Med {n_treated} insatsområden (färre än 10) går det inte att lita på regressionens "
            "standardfel, så p-värdet och intervallet bygger på **slumpinferens**: skattningen räknas om "
            "för {assignments} placebotilldelningar, där {n_treated} av de {n_areas} områdena (med och utan "
            "insats) i stället får spela insatsområden ({how}). p-värdet är andelen tilldelningar vars "
            "skattning är minst lika stor (i absolutbelopp) som den verkliga, och intervallet innehåller de "
            "effekter som samma test inte kan förkasta på nivån {alpha}. Metoden förutsätter att "
            "insatsområdena kunde ha varit vilka som helst av områdena; valdes de för att de skiljer sig "
            "från de andra är p-värdet för lågt. Med {se} hade p-värdet varit {model_p}."
        ),
        "did_how_exact": "alla möjliga tilldelningar",
        "did_how_drawn": "slumpvis dragna med frö {seed}, den verkliga tilldelningen medräknad",
        "did_method_model": (
            "**Metod.** p-värdet och intervallet bygger på regressionens {se} (t-fördelning), eftersom det "
            "finns {n_treated} insatsområden."
        ),
        "did_min_p": (
            "**Observera:** med {n_areas} områden och {n_treated} insatsområden finns bara {assignments} "
            "möjliga tilldelningar, så p-värdet kan aldrig bli lägre än {min_p}. Ingen effekt kan visas på "
            "nivån {alpha}, hur stor den än är."
        ),
        "unbounded": "obegränsat",
        "did_limits": (
            "**Begränsningar.** Skattningen bygger på antagandet att insatsområdena hade utvecklats som "
            "jämförelseområdena utan insatsen (parallella trender). Underlaget är litet: {treated} med "
            "insats och {n_comparison} utan. Områden väljs ofta ut för insatser just för att de skiljer sig "
            "från andra, folk flyttar in och ut, och insatser kan spilla över till grannområden. Siffran "
            "gäller områden, inte enskilda personer."
        ),
        "did_pretrend_warn": (
            "**Varning:** före insatsen skilde sig trenderna åt (p = {p}); antagandet om parallella trender "
            "är tveksamt."
        ),
        "did_pretrend_ok": "Före insatsen syns ingen tydlig skillnad i trend (p = {p}).",
        "did_pretrend_none": "Det finns bara ett år före insatsen, så trenderna före kan inte jämföras.",
        "did_missing": "Ingen effekt kunde skattas: {reason}",
        "did_dropped": "Områden utan uppgift alla år är utelämnade: {areas}.",
        "origin_parameter": "Insatsområdena är angivna som parametrar.",
        "origin_journal": "Insatsområdena kommer från labbets journal.",
        "origin_example": (
            "**Exempel:** inga insatsområden är angivna, så rapporten visar metoden på en **påhittad "
            "insats** i området med lägst medellöneinkomst ({area}) från {year}. Resultatet säger ingenting "
            "om någon verklig insats."
        ),
        "synthetic_did": ("Områdena i källan är syntetiska, så skattningen visar bara hur metoden fungerar."),
        # surveys
        "survey_origin_file": "Enkätsvaren kommer från filen {path}.",
        "survey_origin_journal": "Enkätsvaren kommer från labbets journal.",
        "survey_origin_example": "**Exempel:** enkätsvaren är påhittade exempel, inte verkliga svar.",
        "survey_origin_none": "Det finns inga enkätsvar för kommunen.",
        "question": "Påstående",
        "group": "Grupp",
        "wave": "Omgång",
        "n": "Antal svar",
        "mean": "Medelvärde (1–5)",
        "agree": "Andel som instämmer till stor del eller helt",
        "wave_from": "Från omgång",
        "wave_to": "Till omgång",
        "mean_change": "Förändring av medelvärdet",
        "agree_change": "Förändring av andelen som instämmer",
        "n_from": "Svar före",
        "n_to": "Svar efter",
        "mean_from": "Medel före",
        "mean_to": "Medel efter",
        "agree_from": "Instämmer före",
        "agree_to": "Instämmer efter",
        "no_change": (
            "Enkäten har bara en omgång; förändringen visas när det finns svar från en andra omgång."
        ),
        "survey_title": "Svar per påstående, omgång {wave}",
        "survey_group_title": "{question}: svar per grupp, omgång {wave}",
        "no_groups": "Svaren saknar grupp, så de kan inte delas upp per grupp.",
        # maturity
        "method": "Metod",
        "stage": "Steg",
        "score": "Mognad (0–4)",
        "kommun": "Kommun",
        "evidence": "Underlag",
        "origin": "Källa",
        "origin_row_journal": "journal",
        "origin_row_example": "påhittat exempel",
        "maturity_title": "Från labb till vardag: steg per metod och kommun",
        "maturity_examples": (
            "**Exempel:** bedömningarna för {kommuner} är påhittade exempel, eftersom labbets journal saknar "
            "bedömningar där. Registrera era egna med formuläret."
        ),
        "maturity_none": "Det finns inga bedömningar.",
        "widget_off": (
            "Registreringen är avstängd i rapporten. Sätt parametern capture till True i en workshop."
        ),
        "widget_saved": "Sparat i journalen: {id}",
        "widget_save": "Spara bedömning",
        "not_assessed": "ej bedömd",
        "score_short": "mognad",
    },
    "en": {
        "share_hyresratt": "Share rented (hyresrätt)",
        "tenure_theil_h": "Tenure mix, Theil's H",
        "mean_tkr": "Mean wage income, SEK thousands",
        "wage_gini": "Income spread between areas (Gini)",
        "mean_tkr_approx": "Mean wage income, SEK thousands (approximate, weighted by population)",
        "wage_gini_approx": "Income spread between areas (Gini, approximate, weighted by population)",
        "wage_note": (
            "The municipality's and region's **mean wage income** and **income spread** are approximate: "
            "each area's mean is SCB's own, but SCB averages over the persons the income table covers, and "
            "how many they are per area is not in the data. The areas are therefore weighted by their whole "
            "population, children included, so areas with many children weigh somewhat too much."
        ),
        "share_pop_challenged": "Share living in area type 1–2",
        "share_born_abroad": "Share born abroad",
        "dissimilarity": "Dissimilarity D, born abroad",
        "n_areas": "Areas",
        "population": "Population",
        "omradestyp": "Area type",
        "area_name": "Area",
        "year": "Year",
        "scope": "Level",
        "municipality": "The municipality",
        "region": "The region (all areas in the source)",
        "indicator": "Indicator",
        "dimension": "Part of GR's definition",
        "value": "Value",
        "housing": "Housing and living environments",
        "income": "Socio-economics",
        "area_type": "Housing and living environments",
        "segregation": "Over time and space",
        "participation": "Participation",
        "needed": "What is needed",
        "where": "Where the data are",
        "gap_service": "Access to services",
        "gap_service_needed": (
            "Share of residents per area within walking distance of a grocery store, health centre, "
            "pharmacy, school and preschool"
        ),
        "gap_service_where": "Tillväxtanalys' service analysis (PiPoS), or own distance calculations on SCB "
        "population per DeSO and the municipality's premises register",
        "gap_green": "Green space and recreation",
        "gap_green_needed": "Share of residents within walking distance of a green space of some size, and "
        "access to leisure and culture",
        "gap_green_where": "SCB statistics on green space in urban areas, Lantmäteriet map data, the "
        "municipality's green plan and register of associations",
        "gap_transport": "Public transport",
        "gap_transport_needed": "Share of residents near a stop with frequent service (departures per hour)",
        "gap_transport_where": (
            "Stops and timetables in GTFS from Samtrafiken via Trafiklab (Västtrafik), joined to population "
            "per DeSO"
        ),
        "gap_trust": "Trust and social cohesion",
        "gap_trust_needed": "Survey answers on trust in others and in institutions, by area and group",
        "gap_trust_where": (
            "The Public Health Agency's national public health survey (Hälsa på lika villkor), SCB's "
            "citizen survey; turnout in Kolada (N05401) is a rough proxy"
        ),
        "gap_meeting": "Meeting places and connecting paths",
        "gap_meeting_needed": (
            "Meeting places per area and how well walking and cycling paths connect the areas"
        ),
        "gap_meeting_where": (
            "The municipality's register of meeting places and walking and cycling network; a site "
            "inventory, e.g. with RISE's PRISMA"
        ),
        "gap_safety": "Safety",
        "gap_safety_needed": "Share who feel safe in their neighbourhood",
        "gap_safety_where": "The Swedish Crime Survey (NTU) of Brå, or the municipality's own safety survey",
        "gap_groups": "Breakdown by group",
        "gap_groups_needed": "The indicators by gender, age, education and employment",
        "gap_groups_where": (
            "SCB per DeSO/RegSO: FolkmDesoAldKon (age and sex), UtbSUNBefDesoRegsoN (education), employment "
            "20–64"
        ),
        "gap_participation": "Participation in the lab",
        "gap_participation_needed": "Participants in the lab's workshops with their home area",
        "gap_participation_where": "The lab journal (participants with home area); this report uses invented "
        "examples or no data",
        "service_type": "Service",
        "n_services": "Number in the municipality",
        "mean_minutes": "Mean travel time to the nearest, min",
        "share_within_20min": "Share of residents within 20 min",
        "ratio_born_abroad": "Ratio born abroad / born in Sweden (travel time)",
        "gap_covered": "Part of GR's definition",
        "access_intro": (
            "Access to services, public transport, green space and meeting places is computed with the "
            "*accessibility* method ({year}, travel time {travel}): the population-weighted mean time to "
            "the nearest, the share of residents within 20 minutes and the ratio between residents born "
            "abroad and born in Sweden (above 1 = those born abroad travel longer). These indicators "
            "replace the matching data gaps."
        ),
        "access_synthetic": (
            "**Note: synthetic examples.** The services and/or area points are invented and describe no real "
            "facilities; the figures only show how the indicators work. Give real files with the parameters "
            "services_file and area_points_file."
        ),
        "access_missing": (
            "Access cannot be computed for the source's areas (no services or area points), so access to "
            "services, public transport, green space and meeting places remains among the data gaps. Give "
            "files with the parameters services_file and area_points_file."
        ),
        "participants": "Participants",
        "with_area": "Participants with a known home area",
        "share_challenged": "Share of participants from area type 1–2",
        "population_share_challenged": "Share of the population in area type 1–2",
        "representation_ratio": "Representation ratio (1 = as the population)",
        "suppressed": "fewer than 5",
        "treated": "Intervention areas",
        "comparison": "Comparison areas",
        "counterfactual": "Intervention areas had they followed the comparison areas",
        "start": "Intervention starts",
        "effect": "Estimated effect",
        "ci": "Confidence interval {level}",
        "p": "p-value",
        "n_obs": "Observations (area × year)",
        "n_treated": "Intervention areas",
        "n_comparison": "Comparison areas",
        "years_before": "Years before",
        "years_after": "Years after",
        "pre_trend": "Difference in trend before the start, per year",
        "pre_trend_p": "p-value of the trend difference",
        "se_hc1": "robust standard errors (HC1)",
        "se_cluster": "standard errors clustered by area",
        "se_classical": "classical standard errors",
        "inference": "p-value and interval from",
        "inference_randomisation": "randomisation inference, {assignments} placebo assignments",
        "inference_model": "the regression, {se}",
        "model_p": "p-value with {se} (for comparison)",
        "did_reading": (
            "Compared with the comparison areas, **{outcome}** in the intervention areas changed by "
            "**{effect}** more after the intervention started ({start}). The {level} confidence interval "
            "runs from {low} to {high}; the p-value is {p}."
        ),
        "did_clear": "The interval excludes zero: the difference is larger than chance usually gives.",
        "did_unclear": (
            "The interval includes zero: we **cannot** say that the intervention made a difference. That "
            "does not mean it had no effect, only that the data cannot show it."
        ),
        "did_clear_ri": (
            "Only {share} of the placebo assignments give a difference at least as large (p at most "
            "{alpha}), and the interval excludes zero: the difference is larger than what usually separates "
            "{n_treated} randomly chosen areas of the municipality from the others."
        ),
        "did_unclear_ri": (
            "{share} of the placebo assignments give a difference at least as large, so the p-value is "
            "above {alpha} and the interval includes zero: we **cannot** say that the intervention made a "
            "difference. That does not mean it had no effect, only that the data cannot show it."
        ),
        "did_method_ri": (
            "**Method.** With {n_treated} intervention areas (fewer than 10) the regression's standard "
            "errors cannot be trusted, so the p-value and the interval come from **randomisation "
            "inference**: the estimate is recomputed for {assignments} placebo assignments in which "
            "{n_treated} of the {n_areas} areas (with and without the intervention) play the intervention "
            "areas instead ({how}). The p-value is the share of assignments whose estimate is at least as "
            "large (in absolute value) as the real one, and the interval holds the effects the same test "
            "cannot reject at level {alpha}. The method assumes the intervention areas could have been any "
            "of the areas; if they were chosen because they differ from the others, the p-value is too low. "
            "With {se} the p-value would have been {model_p}."
        ),
        "did_how_exact": "every possible assignment",
        "did_how_drawn": "drawn at random with seed {seed}, the real assignment included",
        "did_method_model": (
            "**Method.** The p-value and the interval come from the regression's {se} (t distribution), as "
            "there are {n_treated} intervention areas."
        ),
        "did_min_p": (
            "**Note:** with {n_areas} areas and {n_treated} intervention areas there are only {assignments} "
            "possible assignments, so the p-value can never fall below {min_p}. No effect can be shown at "
            "level {alpha}, however large."
        ),
        "unbounded": "unbounded",
        "did_limits": (
            "**Limits.** The estimate assumes that the intervention areas would have developed like the "
            "comparison areas without the intervention (parallel trends). The data are small: {treated} "
            "with the intervention and {n_comparison} without. Areas are often chosen for interventions "
            "because they differ, people move in and out, and effects can spill over to neighbouring areas. "
            "The figure describes areas, not individuals."
        ),
        "did_pretrend_warn": (
            "**Warning:** the trends differed before the start (p = {p}); parallel trends are doubtful."
        ),
        "did_pretrend_ok": "Before the start there is no clear difference in trend (p = {p}).",
        "did_pretrend_none": "There is only one year before the start, so earlier trends cannot be compared.",
        "did_missing": "No effect could be estimated: {reason}",
        "did_dropped": "Areas without data in every year are left out: {areas}.",
        "origin_parameter": "The intervention areas are given as parameters.",
        "origin_journal": "The intervention areas come from the lab journal.",
        "origin_example": (
            "**Example:** no intervention areas are given, so the report shows the method on an **invented "
            "intervention** in the area with the lowest mean wage income ({area}) from {year}. The result "
            "says nothing about any real intervention."
        ),
        "synthetic_did": (
            "The areas of the source are synthetic, so the estimate only shows how the method works."
        ),
        "survey_origin_file": "The survey answers come from the file {path}.",
        "survey_origin_journal": "The survey answers come from the lab journal.",
        "survey_origin_example": "**Example:** the survey answers are invented examples, not real answers.",
        "survey_origin_none": "There are no survey answers for the municipality.",
        "question": "Statement",
        "group": "Group",
        "wave": "Wave",
        "n": "Answers",
        "mean": "Mean (1–5)",
        "agree": "Share agreeing largely or fully",
        "wave_from": "From wave",
        "wave_to": "To wave",
        "mean_change": "Change of the mean",
        "agree_change": "Change of the share agreeing",
        "n_from": "Answers before",
        "n_to": "Answers after",
        "mean_from": "Mean before",
        "mean_to": "Mean after",
        "agree_from": "Agreeing before",
        "agree_to": "Agreeing after",
        "no_change": "The survey has only one wave; the change is shown once a second wave has answers.",
        "survey_title": "Answers per statement, wave {wave}",
        "survey_group_title": "{question}: answers per group, wave {wave}",
        "no_groups": "The answers have no group, so they cannot be split by group.",
        "method": "Method",
        "stage": "Stage",
        "score": "Maturity (0–4)",
        "kommun": "Municipality",
        "evidence": "Evidence",
        "origin": "Source",
        "origin_row_journal": "journal",
        "origin_row_example": "invented example",
        "maturity_title": "From lab to everyday: stage per method and municipality",
        "maturity_examples": (
            "**Example:** the assessments for {kommuner} are invented examples, because the lab journal has "
            "none there. Record your own with the form."
        ),
        "maturity_none": "There are no assessments.",
        "widget_off": "Capture is off in the report. Set the parameter capture to True in a workshop.",
        "widget_saved": "Saved in the journal: {id}",
        "widget_save": "Save assessment",
        "not_assessed": "not assessed",
        "score_short": "maturity",
    },
}

#: Stage names shown to readers (the stored values are Swedish).
STAGE_LABELS = {
    "sv": {"idé": "idé", "prototyp": "prototyp", "test": "test", "pilot": "pilot", "rutin": "rutin"},
    "en": {"idé": "idea", "prototyp": "prototype", "test": "test", "pilot": "pilot", "rutin": "routine"},
}


def words(key: str, lang: str = "sv", **values: object) -> str:
    """The report text ``key`` in ``lang``, with ``values`` filled in."""
    return text(TEXT, key, lang, **values)


def method_label(key: str, lang: str = "sv") -> str:
    """The toolbox method's name in ``lang`` (the key itself when unknown)."""
    for name, label_sv, label_en in TOOLBOX:
        if name == key:
            return label_en if lang == "en" else label_sv
    return key


def principle_label(key: str, lang: str = "sv") -> str:
    """The lab principle's name in ``lang``."""
    for name, label_sv, label_en in PRINCIPLES:
        if name == key:
            return label_en if lang == "en" else label_sv
    return key


def score_label(score: int, lang: str = "sv") -> str:
    """The words of a principle score 0-4."""
    return (SCORE_LABELS_EN if lang == "en" else SCORE_LABELS_SV)[int(score)]


def stage_label(stage: str, lang: str = "sv") -> str:
    """A stage in ``lang``."""
    return STAGE_LABELS[lang].get(stage, stage)
