"""The accessibility method: parameters, inputs, measures against hand-computed values and PySAL, equity,
the Theil decomposition against PySAL segregation, key figures, displays and the bundled synthetic files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, SCB_DIR

from labkit.data.bundled import load_bundled
from labkit.data.generate_accessibility import build
from labkit.errors import ConfigError, InputDataError
from labkit.lab import context as lab_context
from labkit.methods import accessibility
from labkit.methods.accessibility import equity, housing_market, measures
from labkit.methods.accessibility.inputs import TENURES, read_services

# --- a hand-computed 3 × 3 example --------------------------------------------------------------------------
# Areas A, B, C (100, 200, 300 residents); services s1, s2, s3 (capacity 10, 20, 30); catchment 20 min.
# Reach: A → s1, s2; B → s2, s3; C → s3. Step 1: R1 = 10/100, R2 = 20/(100+200), R3 = 30/(200+300).
# Step 2: A = 0.1 + 1/15 = 1/6; B = 1/15 + 0.06 = 19/150; C = 0.06.
MINUTES = pd.DataFrame(
    [[5, 15, 40], [25, 8, 12], [30, 22, 10]], index=["A", "B", "C"], columns=["s1", "s2", "s3"], dtype=float
)
POPULATION = pd.Series([100.0, 200.0, 300.0], index=["A", "B", "C"])
CAPACITY = pd.Series([10.0, 20.0, 30.0], index=["s1", "s2", "s3"])
EXPECTED_2SFCA = [1 / 6, 19 / 150, 0.06]


@pytest.fixture(scope="module")
def bundled_result() -> accessibility.Result:
    params = accessibility.Params(kommun_kod="1402")
    return accessibility.analyse(accessibility.load_inputs(lab_context(load_bundled()), params), params)


@pytest.fixture(scope="module")
def scb_result() -> accessibility.Result:
    from labkit.data.sources import load_source

    params = accessibility.Params(kommun_kod="1402")
    return accessibility.analyse(
        accessibility.load_inputs(lab_context(load_source("scb-exports", SCB_DIR)), params), params
    )


# --- parameters ---------------------------------------------------------------------------------------------


def test_params_reject_bad_values_with_the_allowed_set() -> None:
    with pytest.raises(ConfigError) as err:
        accessibility.Params(kommun_kod="1402", mode="car")
    assert str(err.value) == "parameter 'mode': invalid value: expected one of walk, cycle; found 'car'."
    with pytest.raises(ConfigError) as err:
        accessibility.Params(kommun_kod="1402", map_type="skola")
    assert str(err.value) == (
        "parameter 'map_type': invalid value: expected one of grundskola, förskola, "
        "gymnasieskola, vårdcentral, apotek, bibliotek, livsmedelsbutik, hållplats, grönområde, "
        "mötesplats, idrottsplats; found 'skola'."
    )
    with pytest.raises(ConfigError) as err:
        accessibility.Params(kommun_kod="1402", region="Göteborg")
    assert str(err.value) == (
        "parameter 'region': invalid value: expected one of GR, source, all or 4-digit "
        "municipality codes joined by commas, e.g. '1402,1480'; found 'Göteborg'."
    )
    with pytest.raises(ConfigError) as err:
        accessibility.Params.from_values("1402", "sv", {"thresholds": "10;20"})
    assert str(err.value) == (
        "parameter 'thresholds': invalid value: expected minutes separated by commas, "
        "e.g. '10,20,30'; found '10;20'."
    )
    with pytest.raises(ConfigError) as err:
        accessibility.Params(kommun_kod="1402", thresholds=(20.0, 10.0))
    assert str(err.value) == (
        "parameter 'thresholds': invalid value: expected increasing distinct minutes above 0 "
        "and at most 240, e.g. (10, 20, 30); found (20.0, 10.0)."
    )
    with pytest.raises(ConfigError) as err:
        accessibility.Params(kommun_kod="1402", detour=0.5)
    assert (
        str(err.value) == "parameter 'detour': invalid value: expected a finite number in [1, 3]; found 0.5."
    )


def test_params_from_notebook_values() -> None:
    values = {"year": 0, "thresholds": "5, 15", "mode": "cycle", "kommun": "1462"}
    params = accessibility.Params.from_values("1402", "sv", values)
    assert params.year is None and params.thresholds == (5.0, 15.0) and params.speed_kmh == 15.0


# --- measures against hand-computed values and PySAL access -------------------------------------------------


def test_2sfca_equals_hand_computed_values_and_pysal_access() -> None:
    from access import Access

    ours = measures.two_step_fca(POPULATION, CAPACITY, measures.to_pairs(MINUTES), 20.0)
    np.testing.assert_allclose(ours.to_numpy(), EXPECTED_2SFCA, rtol=1e-12)
    direct = Access(
        demand_df=POPULATION.rename("pop").rename_axis("geoid").reset_index(),
        demand_index="geoid",
        demand_value="pop",
        supply_df=CAPACITY.rename("cap").rename_axis("geoid").reset_index(),
        supply_index="geoid",
        supply_value="cap",
        cost_df=measures.to_pairs(MINUTES),
        cost_origin="origin",
        cost_dest="destination",
        cost_name="minutes",
    )
    pysal = direct.two_stage_fca(name="x", max_cost=20.0)["x_cap"].reindex(["A", "B", "C"])
    np.testing.assert_allclose(pysal.to_numpy(), EXPECTED_2SFCA, rtol=1e-12)
    numpy = measures.two_step_fca_numpy(POPULATION.to_numpy(), CAPACITY.to_numpy(), MINUTES.to_numpy(), 20.0)
    np.testing.assert_allclose(numpy, EXPECTED_2SFCA, rtol=1e-12)
    # All capacity is handed out: sum of population × access equals total capacity.
    assert float((ours * POPULATION).sum()) == pytest.approx(60.0, rel=1e-12)


def test_gravity_equals_the_closed_form() -> None:
    weight = 1 / MINUTES.to_numpy()  # beta = 1, every time above the 1-minute floor
    demand = (POPULATION.to_numpy()[:, None] * weight).sum(axis=0)
    expected = (weight * (CAPACITY.to_numpy() / demand)[None, :]).sum(axis=1)
    ours = measures.gravity(POPULATION, CAPACITY, measures.to_pairs(MINUTES), 1.0)
    np.testing.assert_allclose(ours.to_numpy(), expected, rtol=1e-12)
    assert float((ours * POPULATION).sum()) == pytest.approx(60.0, rel=1e-12)


def test_gravity_floor_at_one_minute() -> None:
    minutes = pd.DataFrame([[0.0]], index=["A"], columns=["s1"])
    value = measures.gravity(
        pd.Series([50.0], index=["A"]), pd.Series([5.0], index=["s1"]), measures.to_pairs(minutes), 2.0
    )
    assert value.iloc[0] == pytest.approx(0.1)


def test_nearest_within_and_straight_line() -> None:
    types = pd.Series(["skola", "skola", "park"], index=["s1", "s2", "s3"])
    assert measures.nearest(MINUTES, types).loc[["A", "B", "C"], "skola"].tolist() == [5.0, 8.0, 22.0]
    assert measures.within(MINUTES, types, 15.0).loc["A"].to_dict() == {"park": 0.0, "skola": 2.0}
    origins = pd.DataFrame({"x": [0.0], "y": [0.0]}, index=["A"])
    services = pd.DataFrame({"x": [3000.0], "y": [4000.0]}, index=["s1"])
    # 5 km × 1.3 at 5 km/h = 78 minutes.
    assert measures.straight_line_minutes(origins, services, 1.3, 5.0).iloc[0, 0] == pytest.approx(78.0)


def test_matrix_from_pairs_marks_missing_pairs_unreachable() -> None:
    pairs = pd.DataFrame({"origin": ["A", "A"], "destination": ["s1", "s1"], "minutes": [9.0, 7.0]})
    matrix = measures.matrix_from_pairs(pairs, pd.Index(["A", "B"]), pd.Index(["s1", "s2"]))
    assert (
        matrix.loc["A", "s1"] == 7.0
        and math.isinf(matrix.loc["A", "s2"])
        and math.isinf(matrix.loc["B", "s1"])
    )


# --- equity -------------------------------------------------------------------------------------------------


def test_weighted_quantile_and_concentration_index_by_hand() -> None:
    values, weights = np.array([30.0, 10.0, 20.0]), np.array([2.0, 1.0, 1.0])
    assert equity.weighted_quantile(values, weights, 0.25) == 10.0
    assert equity.weighted_quantile(values, weights, 0.5) == 20.0
    assert equity.weighted_quantile(values, weights, 0.51) == 30.0
    # Incomes 100, 200, 300; ranks 0.125, 0.375, 0.75; mean 22.5; CI = 2 × 8.75 / (4 × 22.5).
    ci = equity.concentration_index([10.0, 20.0, 30.0], [1.0, 1.0, 2.0], [100.0, 200.0, 300.0])
    assert ci == pytest.approx(17.5 / 90.0, rel=1e-12)
    np.testing.assert_allclose(
        equity.fractional_rank([100.0, 100.0, 300.0], [1.0, 1.0, 2.0]), [0.25, 0.25, 0.75]
    )
    assert math.isnan(equity.concentration_index([1.0, 2.0], [1.0, 1.0], [5.0, 5.0]))


def test_distributions_weight_by_group_population() -> None:
    areas = pd.DataFrame(
        {
            "area_code": ["A", "B"],
            "total": [10.0, 30.0],
            "born_abroad": [8.0, 2.0],
            "born_in_sweden": [2.0, 28.0],
            "omradestyp": [2, 5],
            "dominant_tenure": ["hyresratt", None],
        }
    )
    access = pd.DataFrame(
        {"area_code": ["A", "B"], "type": "vårdcentral", "measure": "nearest_minutes", "value": [30.0, 10.0]}
    )
    table = equity.distributions(access, equity.group_weights(areas)).set_index(["grouping", "group"])
    assert table.loc[("born_abroad", "born_abroad"), "mean"] == pytest.approx((8 * 30 + 2 * 10) / 10)
    assert table.loc[("born_abroad", "born_in_sweden"), "mean"] == pytest.approx((2 * 30 + 28 * 10) / 30)
    assert table.loc[("omradestyp", "omradestyp_2"), "population"] == 10.0
    assert ("tenure", "bostadsratt") not in table.index and table.loc[("tenure", "hyresratt"), "mean"] == 30.0
    ratio = equity.ratio_between(table.reset_index(), "nearest_minutes", "born_abroad", "born_in_sweden")
    assert ratio["vårdcentral"] == pytest.approx(26.0 / (340 / 30))


# --- the regional housing market ----------------------------------------------------------------------------


def _theil_information_form(frame: pd.DataFrame) -> float:
    """Theil's H written as ``sum_i t_i sum_m p_im ln(p_im / P_m) / (T E)`` (independent of the entropy
    form)."""
    counts = frame[list(TENURES)].to_numpy(dtype=float)
    t, shares = counts.sum(axis=1), counts / counts.sum(axis=1, keepdims=True)
    big = counts.sum(axis=0) / counts.sum()
    e = -np.sum(big * np.log(big))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(shares > 0, shares * np.log(shares / big), 0.0)
    return float(np.sum(t * terms.sum(axis=1)) / (t.sum() * e))


def test_theil_decomposition_small_example() -> None:
    frame = pd.DataFrame(
        {
            "area_code": list("abcd"),
            "kommun_kod": ["1", "1", "2", "2"],
            "kommun": ["K1"] * 2 + ["K2"] * 2,
            "hyresratt": [80.0, 20.0, 10.0, 0.0],
            "bostadsratt": [10.0, 30.0, 10.0, 40.0],
            "aganderatt": [10.0, 50.0, 80.0, 60.0],
        }
    )
    table = housing_market.municipality_table(frame)
    dec = housing_market.decomposition(table, "1", "custom")
    assert dec["theil_h_total"] == pytest.approx(_theil_information_form(frame), rel=1e-12)
    assert dec["theil_h_between"] + dec["theil_h_within"] == pytest.approx(dec["theil_h_total"], abs=1e-12)
    own = frame[frame["kommun_kod"] == "1"]
    region_e = housing_market.entropy(frame[list(TENURES)].sum().to_numpy())[0]
    own_e = housing_market.entropy(own[list(TENURES)].sum().to_numpy())[0]
    expected = 200 * own_e * _theil_information_form(own) / (400 * region_e)
    assert dec["contribution"] == pytest.approx(expected, rel=1e-12)
    # Two municipalities with the same mix have no between part.
    same = frame.assign(
        hyresratt=[80.0, 10.0, 10.0, 80.0],
        bostadsratt=[10.0, 30.0, 30.0, 10.0],
        aganderatt=[10.0, 60.0, 60.0, 10.0],
    )
    assert housing_market.decomposition(housing_market.municipality_table(same), "1", "x")[
        "theil_h_between"
    ] == (pytest.approx(0.0, abs=1e-15))


def test_a_negative_between_term_is_explained() -> None:
    from types import SimpleNamespace

    from labkit.methods.accessibility.display import region_note

    # K1's areas are evenly mixed (67/67/66 of 200), K2 is mostly owner-occupied (10/10/180): K1 is more mixed
    # than the region, so its between-term T_1 (E − E_1)/(T E) is negative while the between part stays
    # positive.
    frame = pd.DataFrame(
        {
            "area_code": list("abcd"),
            "kommun_kod": ["1", "1", "2", "2"],
            "kommun": ["K1"] * 2 + ["K2"] * 2,
            "hyresratt": [40.0, 27.0, 0.0, 10.0],
            "bostadsratt": [30.0, 37.0, 10.0, 0.0],
            "aganderatt": [30.0, 36.0, 90.0, 90.0],
        }
    )
    table = housing_market.municipality_table(frame)
    e = lambda counts: float(-sum(c / sum(counts) * math.log(c / sum(counts)) for c in counts if c))
    e_region, e_1 = e([77, 77, 246]), e([67, 67, 66])
    own = table.set_index("kommun_kod")
    assert own.loc["1", "between"] == pytest.approx(200 * (e_region - e_1) / (400 * e_region), rel=1e-12)
    assert own.loc["1", "between"] < 0 < own.loc["region", "between"]
    dec = housing_market.decomposition(table, "1", "custom")
    result = SimpleNamespace(
        params=SimpleNamespace(lang="en"), housing=table, decomposition=dec, synthetic=False
    )
    assert region_note(result).data.endswith(
        "\n\nThe *between* contribution is negative for K1. This is no error: a municipality's "
        "contribution is T_k (E − E_k)/(T E), negative when the municipality's own tenure mix is more even "
        "(higher entropy E_k) than the region's. The municipality then pulls the difference between "
        "municipalities down. The sum over the municipalities, the between part, is never negative, and "
        "the parts add up to the region's H."
    )


def test_scb_exports_theil_matches_pysal_over_all_gr_areas(scb_result: accessibility.Result) -> None:
    from segregation.multigroup import MultiInfoTheory

    from labkit.data.sources import load_source

    dec = scb_result.decomposition
    assert dec["region"] == "GR" and len(dec["municipalities"]) == 13
    assert abs(dec["theil_h_between"] + dec["theil_h_within"] - dec["theil_h_total"]) < 1e-9
    dataset = load_source("scb-exports", SCB_DIR)
    gr = dataset.areas[dataset.areas["kommun_kod"].isin(dec["municipalities"])]["area_code"]
    dwellings = dataset.dwellings_by_tenure
    pooled = dwellings[(dwellings["year"] == 2023) & dwellings["area_code"].isin(gr)][["area_code", *TENURES]]
    pooled = pooled.dropna().astype({t: float for t in TENURES})
    pooled = pooled[pooled[list(TENURES)].sum(axis=1) > 0]
    assert len(pooled) == dec["n_areas"]
    assert dec["theil_h_total"] == pytest.approx(MultiInfoTheory(pooled, list(TENURES)).statistic, abs=1e-12)
    assert 0 < dec["contribution"] < dec["theil_h_within"]


def test_scb_exports_without_area_points_says_so(scb_result: accessibility.Result) -> None:
    assert not scb_result.access_available
    assert scb_result.notes == (
        (
            "Tillgänglighet kan inte beräknas: inget av kommunens 15 områden har en punkt i "
            "`area_points.csv`. Ange en fil med områdespunkter (area_points_file) för källans områden. "
            "Delen om den regionala bostadsmarknaden nedan gäller ändå."
        ),
    )
    figures = accessibility.key_figures(scb_result)
    assert figures["access"] == {} and figures["access_available"] is False


# --- inputs -------------------------------------------------------------------------------------------------


def _services(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "services.csv"
    path.write_text("id,type,name,lat,lon,capacity,departures_per_hour\n" + body, encoding="utf-8")
    return path


def test_services_file_errors_name_the_row(tmp_path: Path) -> None:
    path = _services(tmp_path, "a,grundskola,A,57.7,12.0,100,\nb,skola,B,57.7,12.0,,\n")
    with pytest.raises(InputDataError) as err:
        read_services(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'type': unknown service type: expected one of grundskola, "
        "förskola, gymnasieskola, vårdcentral, apotek, bibliotek, livsmedelsbutik, hållplats, "
        "grönområde, mötesplats, idrottsplats; found 'skola'."
    )
    path = _services(tmp_path, "a,grundskola,A,57.7,12.0,100,\na,bibliotek,B,57.7,12.0,,\n")
    with pytest.raises(InputDataError) as err:
        read_services(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'id': repeated id: expected an id not used before (line 2 has it); found "
        "'a'."
    )
    path = _services(tmp_path, "a,grundskola,A,57.7,12.0,-5,\n")
    with pytest.raises(InputDataError) as err:
        read_services(path)
    assert str(err.value) == (
        f"{path}, line 2, column 'capacity': invalid value: expected a number of at least 0 "
        "or an empty cell; found '-5'."
    )


def test_services_filter_rare_stops(tmp_path: Path) -> None:
    path = _services(
        tmp_path, "a,hållplats,A,57.7,12.0,,2\nb,hållplats,B,57.7,12.0,,6\nc,hållplats,C,57.7,12.0,,\n"
    )
    services, dropped = read_services(path, min_departures=4.0)
    assert services["service_id"].tolist() == ["b", "c"] and dropped == 1
    assert not services["is_synthetic"].any()


def test_bundled_inputs_are_synthetic_and_complete() -> None:
    params = accessibility.Params(kommun_kod="1462")
    inputs = accessibility.load_inputs(lab_context(load_bundled()), params)
    assert len(inputs.areas) == 8 and inputs.areas["x"].notna().all()
    assert inputs.points_synthetic and inputs.services_synthetic and inputs.synthetic
    assert inputs.region_name == "source" and inputs.region_codes == ("1402", "1415", "1441", "1462", "1482")
    assert len(inputs.demand) == 58
    assert set(inputs.services["type"]) == {
        "grundskola",
        "förskola",
        "vårdcentral",
        "bibliotek",
        "livsmedelsbutik",
        "hållplats",
        "grönområde",
        "mötesplats",
    }


def test_od_matrix_replaces_straight_lines(tmp_path: Path) -> None:
    dataset = load_bundled()
    codes = dataset.areas[dataset.areas["kommun_kod"] == "1462"]["area_code"].tolist()
    matrix = tmp_path / "od.csv"
    matrix.write_text(
        "origin,destination,minutes\n"
        + "".join(
            f"{code},1462-vårdcentral-0{n},{10 * n + i}\n" for i, code in enumerate(codes) for n in (1, 2)
        ),
        encoding="utf-8",
    )
    params = accessibility.Params(kommun_kod="1462", od_matrix_file=str(matrix))
    result = accessibility.analyse(accessibility.load_inputs(lab_context(dataset), params), params)
    nearest = result.access[
        (result.access["measure"] == "nearest_minutes") & (result.access["type"] == "vårdcentral")
    ]
    assert nearest.set_index("area_code")["value"].reindex(codes).tolist() == [
        10.0 + i for i in range(len(codes))
    ]
    grundskola = result.access[
        (result.access["measure"] == "nearest_minutes") & (result.access["type"] == "grundskola")
    ]
    assert np.isinf(grundskola["value"]).all() and result.travel == "od_matrix"
    bad = tmp_path / "bad.csv"
    bad.write_text("origin,destination,minutes\n1462X001,nowhere,5\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        accessibility.load_inputs(
            lab_context(dataset), accessibility.Params(kommun_kod="1462", od_matrix_file=str(bad))
        )
    assert str(err.value) == (
        f"{bad}, line 2, column 'destination': unknown code: expected an id of the services "
        "file; found 'nowhere'."
    )


def test_area_points_from_a_geometry_file(tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    frame = gpd.GeoDataFrame(
        {"RegSOkod": ["1462X001", "1462X002"]},
        geometry=[box(330000, 6440000, 332000, 6442000), box(333000, 6443000, 334000, 6444000)],
        crs="EPSG:3006",
    )
    path = tmp_path / "areas.geojson"
    frame.to_file(path, driver="GeoJSON")
    params = accessibility.Params(kommun_kod="1462", area_points_file=str(path))
    inputs = accessibility.load_inputs(lab_context(load_bundled()), params)
    located = inputs.located.set_index("area_code")
    assert located.loc["1462X001", ["x", "y"]].tolist() == pytest.approx([331000, 6441000])
    assert located.loc["1462X002", ["x", "y"]].tolist() == pytest.approx([333500, 6443500])
    assert not inputs.points_synthetic and len(located) == 2
    result = accessibility.analyse(inputs, params)
    assert result.notes[1].startswith("6 av kommunens 8 områden saknar punkt och ingår inte: 1462X003")


# --- the whole analysis on the bundled data -----------------------------------------------------------------


def test_mean_minutes_matches_an_independent_computation(bundled_result: accessibility.Result) -> None:
    from pyproj import Transformer

    folder = ROOT / "data" / "accessibility"
    points = pd.read_csv(folder / "area_points.csv", dtype={"area_code": str, "kommun_kod": str})
    points = points[points["kommun_kod"] == "1402"]
    services = pd.read_csv(folder / "services.csv")
    services = services[services["type"] == "vårdcentral"]
    x, y = Transformer.from_crs(4326, 3006, always_xy=True).transform(services["lon"], services["lat"])
    distance = np.hypot(
        points["x"].to_numpy()[:, None] - x[None, :], points["y"].to_numpy()[:, None] - y[None, :]
    )
    minutes = distance.min(axis=1) * 1.3 / (5000 / 60)
    population = load_bundled().population_by_birth_region
    weights = (
        population[population["year"] == 2023].set_index("area_code")["total"].reindex(points["area_code"])
    )
    expected = float(np.sum(minutes * weights.to_numpy(dtype=float)) / weights.sum())
    figures = accessibility.key_figures(bundled_result)
    assert figures["access"]["vårdcentral"]["mean_minutes"] == pytest.approx(expected, rel=1e-9)
    share = float(weights[minutes <= 20].sum() / weights.sum())
    assert figures["access"]["vårdcentral"]["share_within_20min"] == pytest.approx(share, rel=1e-12)


def test_key_figures_have_the_issue_keys(bundled_result: accessibility.Result) -> None:
    figures = accessibility.key_figures(bundled_result)
    json.dumps(figures, allow_nan=False)
    for kind in (
        "grundskola",
        "förskola",
        "vårdcentral",
        "bibliotek",
        "livsmedelsbutik",
        "hållplats",
        "grönområde",
        "mötesplats",
    ):
        assert set(figures["access"][kind]) >= {"mean_minutes", "share_within_20min"}
        assert isinstance(figures["equity"][kind]["ratio_born_abroad"], float)
    assert set(figures["housing_market"]) >= {
        "region",
        "theil_h_total",
        "theil_h_between",
        "theil_h_within",
        "contribution",
    }
    assert figures["services_synthetic"] and figures["area_points_synthetic"]
    assert figures["access"]["bibliotek"]["mean_2sfca"] is None
    assert figures["access"]["vårdcentral"]["mean_2sfca"] > 0


def test_worst_sentence_names_the_worst_area(bundled_result: accessibility.Result) -> None:
    rows = bundled_result.access[
        (bundled_result.access["type"] == "grundskola")
        & (bundled_result.access["measure"] == "nearest_minutes")
    ]
    worst = rows.loc[rows["value"].idxmax(), "area_code"]
    name = bundled_result.areas.set_index("area_code").loc[worst, "area_name"]
    assert bundled_result.worst[0].startswith(f"**Grundskola:** längst restid har {name} (")
    assert bundled_result.notes[0].startswith("**Observera: tjänsterna är syntetiska exempel.**")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_displays_and_charts_render(lang: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    params = accessibility.Params(kommun_kod="1415", lang=lang)
    result = accessibility.analyse(accessibility.load_inputs(lab_context(load_bundled()), params), params)
    for styler in (
        accessibility.show_summary(result),
        accessibility.show_areas(result, "grundskola"),
        accessibility.show_equity(result),
        accessibility.show_tenure_mix(result),
    ):
        assert "<table" in styler.to_html()
    assert accessibility.show_worst(result).data.count("**") >= 16
    assert accessibility.plot_access_map(result).get_title()
    assert accessibility.plot_distributions(result, grouping="tenure").get_legend() is not None
    assert len(accessibility.plot_decomposition(result).patches) == 3
    plt.close("all")
    with pytest.raises(ConfigError) as err:
        accessibility.plot_distributions(result, grouping="age")
    assert str(err.value) == (
        "parameter 'grouping': unknown grouping: expected one of born_abroad, omradestyp, tenure; "
        "found 'age'."
    )


def test_regenerating_gives_the_committed_files() -> None:
    folder = ROOT / "data" / "accessibility"
    for name, text in build().items():
        assert (folder / name).read_text(encoding="utf-8") == text, name


def test_every_synthetic_point_is_inside_its_municipality() -> None:
    from labkit import geo

    points = pd.read_csv(ROOT / "data" / "accessibility" / "area_points.csv", dtype={"kommun_kod": str})
    assert points["is_synthetic"].all()
    assert (geo.municipality_of(points["x"], points["y"]).to_numpy() == points["kommun_kod"].to_numpy()).all()
    services = read_services(ROOT / "data" / "accessibility" / "services.csv")[0]
    assert services["is_synthetic"].all() and services["name"].str.startswith("Exempel").all()
