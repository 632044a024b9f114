"""Tests of labkit.indices against hand-computed values, edge cases and per-municipality loops."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from inequality.gini import Gini

from labkit import indices
from labkit.errors import ConfigError, InputDataError


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """Areas as (kommun_kod, x, t) with nullable integer counts."""
    frame = pd.DataFrame(rows, columns=["kommun_kod", "x", "t"])
    return frame.astype({"x": "Int64", "t": "Int64"})


# Municipality "A": three areas with shares 0, 1/2 and 1.
#   (x, t) = (0, 10), (5, 10), (10, 10); y = t - x = (10, 5, 0); X = 15, Y = 15, T = 30, P = 1/2.
HAND = _frame([("A", 0, 10), ("A", 5, 10), ("A", 10, 10)])


def _random_areas(n_municipalities: int, seed: int) -> pd.DataFrame:
    """Many municipalities of 1-30 areas each, with some empty areas."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 31, n_municipalities)
    codes = np.repeat([f"{i:04d}" for i in range(n_municipalities)], sizes)
    t = rng.integers(0, 3000, codes.size)
    frame = pd.DataFrame({"kommun_kod": codes, "t": t, "x": rng.binomial(t, rng.uniform(0, 1, codes.size))})
    shares = rng.dirichlet([1, 1, 1], codes.size)
    for k, name in enumerate(["hyresratt", "bostadsratt", "aganderatt"]):
        frame[name] = rng.binomial(t, shares[:, k])
    frame["wage"] = rng.uniform(150, 500, codes.size)
    return frame.sample(frac=1, random_state=seed)  # areas need not be sorted by municipality


# --------------------------------------------------------------------------- hand-computed values


def test_single_group_hand_example() -> None:
    result = indices.single_group(HAND, "x", "t").loc["A"]
    # D = 1/2 (|0/15 - 10/15| + |5/15 - 5/15| + |10/15 - 0/15|) = 1/2 (2/3 + 0 + 2/3) = 2/3
    assert result["dissimilarity"] == pytest.approx(2 / 3, abs=1e-12)
    # xPx* = 0/15 * 0/10 + 5/15 * 5/10 + 10/15 * 10/10 = 1/6 + 2/3 = 5/6
    assert result["isolation"] == pytest.approx(5 / 6, abs=1e-12)
    # xPy* = 0/15 * 10/10 + 5/15 * 5/10 + 10/15 * 0/10 = 1/6
    assert result["exposure"] == pytest.approx(1 / 6, abs=1e-12)
    # eta2 = (5/6 - 1/2) / (1 - 1/2) = 2/3
    assert result["eta2"] == pytest.approx(2 / 3, abs=1e-12)
    # Gini: p = (0, 1/2, 1); pairs i<j: 10*10*1/2 + 10*10*1 + 10*10*1/2 = 200; both orders 400;
    # G = 400 / (2 * 30^2 * 1/2 * 1/2) = 400 / 450 = 8/9
    assert result["gini"] == pytest.approx(8 / 9, abs=1e-12)
    assert (result["n_areas"], result["group_total"], result["total"]) == (3, 15, 30)


def test_single_group_columns_and_index() -> None:
    result = indices.single_group(HAND, "x", "t")
    expected = ["dissimilarity", "isolation", "exposure", "eta2", "gini", "n_areas", "group_total", "total"]
    assert list(result.columns) == expected
    assert result.index.name == "kommun_kod" and list(result.index) == ["A"]


def test_multigroup_hand_example() -> None:
    # area 1: (a, b, c) = (6, 2, 2), t = 10; area 2: (0, 4, 6), t = 10; T = 20; P = (0.3, 0.3, 0.4)
    frame = pd.DataFrame({"kommun_kod": ["K", "K"], "a": [6, 0], "b": [2, 4], "c": [2, 6]})
    result = indices.multigroup(frame, ["a", "b", "c"]).loc["K"]
    # |p1 - P| = (0.3, 0.1, 0.2), |p2 - P| = (0.3, 0.1, 0.2): sum t_i |..| = 10 * 0.6 + 10 * 0.6 = 12
    # I = 0.3 * 0.7 + 0.3 * 0.7 + 0.4 * 0.6 = 0.66; D = 12 / (2 * 20 * 0.66) = 5/11
    assert result["multigroup_dissimilarity"] == pytest.approx(5 / 11, abs=1e-12)
    # E = -(0.3 ln 0.3 + 0.3 ln 0.3 + 0.4 ln 0.4)
    entropy = -(2 * 0.3 * math.log(0.3) + 0.4 * math.log(0.4))
    # area 1: 0.6 ln(0.6/0.3) + 0.2 ln(0.2/0.3) + 0.2 ln(0.2/0.4);
    # area 2: 0 + 0.4 ln(0.4/0.3) + 0.6 ln(0.6/0.4)
    area_1 = 0.6 * math.log(2) + 0.2 * math.log(2 / 3) + 0.2 * math.log(0.5)
    area_2 = 0.4 * math.log(4 / 3) + 0.6 * math.log(1.5)
    assert result["theil_h"] == pytest.approx((10 * area_1 + 10 * area_2) / (20 * entropy), abs=1e-12)
    assert result["n_areas"] == 2


def test_weighted_gini_hand_example() -> None:
    # v = (100, 200, 400), w = (1, 2, 1): W = 4, sum w v = 900, mu = 225
    # pairs i<j: 1*2*100 + 1*1*300 + 2*1*200 = 900; both orders 1800; G = 1800 / (2 * 4^2 * 225) = 0.25
    frame = pd.DataFrame({"kommun_kod": ["K"] * 3, "wage": [100.0, 200.0, 400.0], "pop": [1, 2, 1]})
    result = indices.weighted_gini(frame, "wage", "pop")
    assert result.name == "weighted_gini"
    assert result.loc["K"] == pytest.approx(0.25, abs=1e-12)
    assert result.loc["K"] == pytest.approx(Gini(np.array([100.0, 200.0, 200.0, 400.0])).g, abs=1e-12)


def test_weighted_gini_equals_inequality_gini_on_repeated_values() -> None:
    frame = _random_areas(5, seed=3)
    frame["t"] = frame["t"] // 10
    result = indices.weighted_gini(frame, "wage", "t")
    for code, areas in frame.groupby("kommun_kod"):
        repeated = np.repeat(areas["wage"].to_numpy(), areas["t"].to_numpy())
        assert result.loc[code] == pytest.approx(Gini(repeated).g, abs=1e-9), code


def test_weighted_gini_drops_missing_and_reports_areas_used() -> None:
    frame = pd.DataFrame(
        {"kommun_kod": ["K"] * 4, "wage": [100.0, np.nan, 200.0, 400.0], "pop": [1, 5, 2, 1]}
    )
    result = indices.weighted_gini(frame, "wage", "pop")
    assert result.loc["K"] == pytest.approx(0.25, abs=1e-12)
    assert result.attrs["n_areas"].loc["K"] == 3


def test_location_quotients_hand_example() -> None:
    # P = 1/2; shares (0, 1/2, 1) -> LQ = (0, 1, 2); the empty area gets NaN
    frame = pd.concat([HAND, _frame([("A", 0, 0)])], ignore_index=True)
    frame.index = ["a1", "a2", "a3", "a4"]
    result = indices.location_quotients(frame, "x", "t")
    expected = pd.Series([0.0, 1.0, 2.0, np.nan], index=frame.index, name="location_quotient")
    pd.testing.assert_series_equal(result, expected)


# --------------------------------------------------------------------------- edge cases


def test_one_area_is_unsegregated() -> None:
    # one area: p_1 = P = 3/10, so D = 0, G = 0, xPx* = P, xPy* = 1 - P, eta2 = 0
    result = indices.single_group(_frame([("K", 3, 10)]), "x", "t").loc["K"]
    assert result["dissimilarity"] == 0 and result["gini"] == 0
    assert result["isolation"] == pytest.approx(0.3) and result["exposure"] == pytest.approx(0.7)
    assert result["eta2"] == pytest.approx(0.0, abs=1e-15)
    assert result["n_areas"] == 1


def test_absent_group_gives_nan_not_error() -> None:
    frame = pd.concat([HAND, _frame([("B", 0, 10), ("B", 0, 20)])], ignore_index=True)
    result = indices.single_group(frame, "x", "t")
    assert result.loc["B", list(indices.SINGLE_GROUP_INDICES)].isna().all()
    assert (result.loc["B", "n_areas"], result.loc["B", "group_total"]) == (2, 0)
    assert result.loc["A", "dissimilarity"] == pytest.approx(2 / 3)
    assert indices.location_quotients(frame, "x", "t").iloc[3:].isna().all()


def test_whole_population_in_group_gives_nan_where_undefined() -> None:
    result = indices.single_group(_frame([("K", 4, 4), ("K", 6, 6)]), "x", "t").loc["K"]
    assert math.isnan(result["dissimilarity"]) and math.isnan(result["eta2"]) and math.isnan(result["gini"])
    assert (result["isolation"], result["exposure"]) == (1.0, 0.0)


def test_zero_population_area_is_left_out() -> None:
    with_empty = pd.concat([HAND, _frame([("A", 0, 0)])], ignore_index=True)
    result = indices.single_group(with_empty, "x", "t")
    pd.testing.assert_frame_equal(result, indices.single_group(HAND, "x", "t"))
    assert result.loc["A", "n_areas"] == 3


def test_municipality_without_population_gives_nan() -> None:
    result = indices.single_group(_frame([("K", 0, 0)]), "x", "t").loc["K"]
    assert result[list(indices.SINGLE_GROUP_INDICES)].isna().all() and result["n_areas"] == 0


def test_suppressed_counts_drop_the_area_and_are_counted() -> None:
    with_missing = pd.concat([HAND, _frame([("A", None, 40), ("A", 7, None)])], ignore_index=True)
    result = indices.single_group(with_missing, "x", "t")
    pd.testing.assert_frame_equal(result, indices.single_group(HAND, "x", "t"))
    assert result.loc["A", "n_areas"] == 3


def test_multigroup_suppressed_and_empty_areas_are_left_out() -> None:
    frame = pd.DataFrame(
        {"kommun_kod": ["K"] * 4, "a": [6, 0, None, 0], "b": [2, 4, 1, 0], "c": [2, 6, 1, 0]}
    )
    full = indices.multigroup(frame.astype({"a": "Int64"}), ["a", "b", "c"]).loc["K"]
    assert full["multigroup_dissimilarity"] == pytest.approx(5 / 11) and full["n_areas"] == 2


def test_multigroup_absent_group_counts_as_zero_log_zero() -> None:
    # PySAL gives NaN for H when a group is absent from the municipality; here it adds nothing.
    frame = _random_areas(4, seed=5).assign(empty=0)
    with_empty = indices.multigroup(frame, ["hyresratt", "bostadsratt", "empty"])
    without = indices.multigroup(frame, ["hyresratt", "bostadsratt"])
    pd.testing.assert_frame_equal(with_empty, without, rtol=0, atol=1e-12)


def test_multigroup_with_one_group_present_is_nan() -> None:
    frame = pd.DataFrame({"kommun_kod": ["K", "K"], "a": [3, 5], "b": [0, 0]})
    assert (
        indices.multigroup(frame, ["a", "b"]).loc["K", ["multigroup_dissimilarity", "theil_h"]].isna().all()
    )


def test_by_several_columns_gives_one_row_per_key() -> None:
    frame = pd.concat([HAND.assign(year=2022), HAND.assign(year=2023, x=HAND["x"] // 5)], ignore_index=True)
    result = indices.single_group(frame, "x", "t", by=["kommun_kod", "year"])
    assert list(result.index) == [("A", 2022), ("A", 2023)]
    one_year = indices.single_group(frame[frame["year"] == 2023], "x", "t")
    assert result.loc[("A", 2023), "gini"] == pytest.approx(one_year.loc["A", "gini"], abs=1e-15)


# --------------------------------------------------------------------------- errors


def test_negative_count_raises_with_whole_message() -> None:
    frame = _frame([("K", 1, 10), ("K", -3, 10), ("K", -1, 5)])
    with pytest.raises(InputDataError) as info:
        indices.single_group(frame, "x", "t")
    assert (
        str(info.value)
        == "column 'x': negative count: expected counts >= 0; found -3 in row 1 (2 row(s) in all)."
    )


def test_group_above_total_raises_with_whole_message() -> None:
    with pytest.raises(InputDataError) as info:
        indices.single_group(_frame([("K", 12, 10)]), "x", "t")
    expected = (
        "column 'x': group count larger than the total: expected at most the 't' count; found 12 > 10 in "
        "row 0 (1 row(s) in all)."
    )
    assert str(info.value) == expected


def test_missing_column_raises_with_whole_message() -> None:
    with pytest.raises(InputDataError) as info:
        indices.single_group(HAND, "x", "total")
    expected = (
        "column 'total': column missing from the area table: expected columns 'total'; found columns "
        "'kommun_kod', 'x', 't'."
    )
    assert str(info.value) == expected


def test_missing_key_column_raises_with_whole_message() -> None:
    with pytest.raises(InputDataError) as info:
        indices.multigroup(HAND, ["x", "t"], by=["kommun_kod", "year"])
    expected = (
        "column 'year': column missing from the area table: expected columns 'kommun_kod', 'year'; "
        "found columns 'kommun_kod', 'x', 't'."
    )
    assert str(info.value) == expected


def test_text_count_raises_with_whole_message() -> None:
    frame = HAND.astype({"x": str})
    with pytest.raises(InputDataError) as info:
        indices.weighted_gini(frame.assign(x="many"), "x", "t")
    assert str(info.value) == "column 'x': count column is not numeric: expected numbers; found dtype str."


def test_one_group_is_not_multigroup() -> None:
    with pytest.raises(ConfigError) as info:
        indices.multigroup(HAND, ["x"])
    assert str(info.value) == "too few groups for a multigroup index: expected at least 2; found ['x']."


def test_simulation_options_are_checked() -> None:
    with pytest.raises(ConfigError) as info:
        indices.random_allocation(HAND, "x", "t", n_sim=0)
    assert str(info.value) == "invalid n_sim: expected an integer >= 1; found 0."
    with pytest.raises(ConfigError) as info:
        indices.bootstrap_interval(HAND, "x", "t", level=95)
    assert str(info.value) == "invalid level: expected a number between 0 and 1; found 95."


def test_fractional_counts_cannot_be_simulated() -> None:
    frame = HAND.astype({"x": float}).assign(x=[0.5, 5.0, 10.0])
    with pytest.raises(InputDataError) as info:
        indices.random_allocation(frame, "x", "t")
    assert (
        str(info.value)
        == "column 'x': fractional count cannot be simulated: expected whole numbers; found fractions."
    )


# ------------------------------------------------------------------- vectorised == one municipality at a time


def test_vectorised_equals_per_municipality() -> None:
    frame = _random_areas(40, seed=1)
    single = indices.single_group(frame, "x", "t")
    multi = indices.multigroup(frame, ["hyresratt", "bostadsratt", "aganderatt"])
    gini = indices.weighted_gini(frame, "wage", "t")
    for code, areas in frame.groupby("kommun_kod"):
        pd.testing.assert_frame_equal(single.loc[[code]], indices.single_group(areas, "x", "t"), atol=1e-12)
        alone = indices.multigroup(areas, ["hyresratt", "bostadsratt", "aganderatt"])
        pd.testing.assert_frame_equal(multi.loc[[code]], alone, atol=1e-12)
        assert gini.loc[code] == pytest.approx(indices.weighted_gini(areas, "wage", "t").loc[code], abs=1e-12)


def test_location_quotients_equal_per_municipality() -> None:
    frame = _random_areas(10, seed=2)
    result = indices.location_quotients(frame, "x", "t")
    for _, areas in frame.groupby("kommun_kod"):
        share = areas["x"].sum() / areas["t"].sum()
        expected = (areas["x"] / areas["t"]).where(areas["t"] > 0) / share
        np.testing.assert_allclose(result.loc[areas.index], expected, rtol=1e-12)


# --------------------------------------------------------------------------- simulation


def _even_areas(size: int, n_areas: int = 20, share: float = 0.3) -> pd.DataFrame:
    return pd.DataFrame({"kommun_kod": "K", "t": [size] * n_areas, "x": [round(size * share)] * n_areas})


def test_random_allocation_is_reproducible_and_seeded() -> None:
    frame = _random_areas(6, seed=4)
    first = indices.random_allocation(frame, "x", "t", n_sim=50, seed=7)
    pd.testing.assert_frame_equal(first, indices.random_allocation(frame, "x", "t", n_sim=50, seed=7))
    assert not first.equals(indices.random_allocation(frame, "x", "t", n_sim=50, seed=8))
    names = [
        f"{name}{suffix}" for name in indices.SINGLE_GROUP_INDICES for suffix in ("_random", "_random_p95")
    ]
    assert list(first.columns) == names


def test_random_allocation_keeps_group_and_area_totals() -> None:
    frame = _random_areas(8, seed=6)
    prep = indices._single_group_input(frame, "x", "t", "kommun_kod")
    drawn = indices._allocate_at_random(prep, 30, np.random.default_rng(0))
    group_totals = np.bincount(prep.codes, weights=prep.x, minlength=prep.rows.n_groups)
    for row in drawn:
        np.testing.assert_array_equal(
            np.bincount(prep.codes, weights=row, minlength=prep.rows.n_groups), group_totals
        )
    assert (drawn >= 0).all() and (drawn <= prep.t).all()


def test_random_allocation_matches_numpy_multivariate_hypergeometric() -> None:
    # Independent draw: numpy's own multivariate hypergeometric, one municipality at a time.
    frame = pd.DataFrame({"kommun_kod": "K", "t": [5, 8, 12, 20, 3, 40], "x": [2, 1, 6, 10, 0, 9]})
    ours = indices.random_allocation(frame, "x", "t", n_sim=4000, seed=1).loc["K"]
    rng = np.random.default_rng(2)
    draws = rng.multivariate_hypergeometric(frame["t"].to_numpy(), int(frame["x"].sum()), size=4000)
    # every draw becomes its own "municipality" so that single_group scores them all in one call
    stacked = pd.DataFrame({"kommun_kod": np.repeat(np.arange(4000), 6), "t": np.tile(frame["t"], 4000)})
    theirs = indices.single_group(stacked.assign(x=draws.ravel()), "x", "t")["dissimilarity"]
    standard_error = np.std(theirs) * math.sqrt(2 / 4000)
    assert abs(ours["dissimilarity_random"] - np.mean(theirs)) < 4 * standard_error


def test_random_allocation_hand_expected_value() -> None:
    # t = (2, 3), X = 2, T = 5, P = 0.4; 2 (P (1-P)) T = 2.4.
    # Hypergeometric P(x_1 = k) = C(2,k) C(3,2-k) / C(5,2):
    #   x = (0, 2): prob 3/10, D = (2 * 0.4 + 3 * 4/15) / 2.4 = 2/3
    #   x = (1, 1): prob 6/10, D = (2 * 0.1 + 3 * 1/15) / 2.4 = 1/6
    #   x = (2, 0): prob 1/10, D = (2 * 0.6 + 3 * 0.4) / 2.4 = 1
    # E[D] = 0.3 * 2/3 + 0.6 * 1/6 + 0.1 * 1 = 0.4; sd 0.3, so 20 000 draws give a standard error of 0.002
    frame = pd.DataFrame({"kommun_kod": ["K", "K"], "t": [2, 3], "x": [1, 1]})
    result = indices.random_allocation(frame, "x", "t", n_sim=20000, seed=0).loc["K"]
    assert result["dissimilarity_random"] == pytest.approx(0.4, abs=0.01)
    assert result["dissimilarity_random_p95"] == pytest.approx(1.0)


def test_random_dissimilarity_is_positive_and_shrinks_with_area_size() -> None:
    small = indices.random_allocation(_even_areas(10), "x", "t", n_sim=300).loc["K"]
    large = indices.random_allocation(_even_areas(1000), "x", "t", n_sim=300).loc["K"]
    assert small["dissimilarity_random"] > large["dissimilarity_random"] > 0
    assert small["dissimilarity_random_p95"] > small["dissimilarity_random"]
    # Normal approximation for large areas: E|p_i - P| = sqrt(2/pi) sqrt(P(1-P)/t) sqrt((T-t)/(T-1)),
    # so E[D] = sum t_i E|p_i - P| / (2 T P (1-P)) = sqrt(2/pi) / (2 sqrt(P(1-P) t)) * sqrt(19000/19999)
    expected = math.sqrt(2 / math.pi) / (2 * math.sqrt(0.21 * 1000)) * math.sqrt(19000 / 19999)
    assert large["dissimilarity_random"] == pytest.approx(expected, rel=0.03)


def test_bootstrap_interval_is_reproducible_and_covers_large_samples() -> None:
    frame = pd.DataFrame({"kommun_kod": "K", "t": [20000] * 6, "x": [1000, 3000, 5000, 9000, 12000, 15000]})
    result = indices.bootstrap_interval(frame, "x", "t", n_boot=200, seed=3)
    pd.testing.assert_frame_equal(result, indices.bootstrap_interval(frame, "x", "t", n_boot=200, seed=3))
    observed = indices.single_group(frame, "x", "t").loc["K"]
    for name in indices.SINGLE_GROUP_INDICES:
        assert result.loc["K", f"{name}_lo"] < observed[name] < result.loc["K", f"{name}_hi"], name


def test_bootstrap_interval_is_a_point_when_areas_are_pure() -> None:
    # shares 0 and 1 only: Binomial(t, 0) and Binomial(t, 1) never vary
    frame = _frame([("K", 0, 10), ("K", 10, 10), ("K", 0, 30)])
    result = indices.bootstrap_interval(frame, "x", "t", n_boot=20).loc["K"]
    observed = indices.single_group(frame, "x", "t").loc["K"]
    for name in indices.SINGLE_GROUP_INDICES:
        assert result[f"{name}_lo"] == pytest.approx(observed[name]) == result[f"{name}_hi"]
