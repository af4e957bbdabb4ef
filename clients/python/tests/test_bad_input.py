"""What run.log, config and summary refuse, and what they keep: a clear error, never a silent loss."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

import swoop


@pytest.fixture
def run(server):
    r = swoop.init(project="p", base_url=server.url, api_key=server.admin_key, flush_interval=0.01)
    yield r
    if swoop.run is r:
        r.finish()


@pytest.mark.parametrize("value, shown", [
    ("0.5", "str '0.5'"), (None, "NoneType None"), ([1, 2], "list [1, 2]"), (1 + 2j, "complex (1+2j)"), (b"1", "bytes b'1'"),
])
def test_a_value_that_is_not_a_number_is_refused_naming_the_metric(run, server, value, shown):
    with pytest.raises(TypeError, match=r"metric 'val\.acc' must be a number .* got " + re.escape(shown)):
        run.log({"loss": 1.0, "val": {"acc": value}})
    run.log({"loss": 2.0})
    run.finish()
    assert server.metrics(run.id) == [(0, {"loss": 2.0})], "the refused call took nothing and used no step"


@pytest.mark.parametrize("data, error, message", [
    ({1: 0.5}, TypeError, "metric names must be strings, got 1"),
    ({"": 0.5}, ValueError, "empty metric name"),
    ({"val": {"": 0.5}}, ValueError, "empty metric name under 'val'"),
    ({"x" * 257: 0.5}, ValueError, "is 257 bytes; at most 256"),
    ({"a.b": 1, "a": {"b": 2}}, ValueError, "metric 'a.b' is given twice"),
    ([("loss", 1.0)], TypeError, "run.log takes a dict"),
])
def test_bad_metric_names_are_refused(run, data, error, message):
    with pytest.raises(error, match=message):
        run.log(data)
    assert run.step == 0


@pytest.mark.parametrize("step", [-1, 1.5, "3", True])
def test_a_bad_step_is_refused(run, step):
    with pytest.raises(ValueError, match="step must be a non-negative int"):
        run.log({"x": 1}, step=step)


def test_nan_infinities_bools_nesting_and_number_like_values_are_stored(run, server):
    run.log({"nan": math.nan, "inf": math.inf, "ninf": -math.inf, "flag": True, "frac": Fraction(1, 4),
             "train": {"loss": 0.5, "deep": {"x": 3}}, "big": 2**70})
    run.finish()
    [(step, values)] = server.metrics(run.id)
    assert step == 0
    # The server answers non-finite numbers as strings (docs/server.md).
    assert values == {"nan": "NaN", "inf": "Infinity", "ninf": "-Infinity", "flag": 1, "frac": 0.25,
                      "train.loss": 0.5, "train.deep.x": 3, "big": float(2**70)}
    summary = server.run(run.id)["summary"]
    assert summary["train.loss"] == 0.5 and summary["nan"] == "NaN"


def test_scalar_wrappers_are_unwrapped_and_arrays_refused(run, server):
    class Scalar:  # numpy and torch scalars answer .item()
        def __init__(self, *values):
            self.values = values

        def item(self):
            if len(self.values) != 1:
                raise ValueError("can only convert an array of size 1 to a Python scalar")
            return self.values[0]

    run.log({"loss": Scalar(0.25)})
    with pytest.raises(TypeError, match="metric 'grad' is a Scalar that is not a single number"):
        run.log({"grad": Scalar(1.0, 2.0)})
    run.finish()
    assert server.metrics(run.id) == [(0, {"loss": 0.25})]


def test_summary_and_config_refuse_what_json_cannot_hold(run, server):
    with pytest.raises(TypeError, match="summary value for 'model' cannot be stored as JSON"):
        run.summary["model"] = object()
    with pytest.raises(TypeError, match="summary keys must be non-empty strings"):
        run.summary[3] = 1
    run.summary.update({"note": "text is fine here", "nested": {"a": [1, 2]}, "best": math.nan})
    run.finish()
    summary = server.run(run.id)["summary"]
    assert summary == {"note": "text is fine here", "nested": {"a": [1, 2]}, "best": "NaN"}
    with pytest.raises(TypeError, match="config value for 'fn' cannot be stored as JSON"):
        swoop.init(project="p", base_url=server.url, api_key=server.admin_key, config={"fn": print})
    with pytest.raises(TypeError, match="config must be a dict"):
        swoop.init(project="p", base_url=server.url, api_key=server.admin_key, config=[1, 2])


def test_bad_settings_are_refused(server):
    with pytest.raises(ValueError, match="retry_timeout must be a non-negative number"):
        swoop.init(project="p", base_url=server.url, retry_timeout=-1)
    with pytest.raises(ValueError, match="base URL must look like"):
        swoop.init(project="p", base_url="localhost:8080")


def test_config_takes_an_argparse_namespace(server):
    import argparse
    args = argparse.Namespace(lr=0.1, epochs=3)
    run = swoop.init(project="p", base_url=server.url, api_key=server.admin_key, config=args)
    assert run.config.as_dict() == {"lr": 0.1, "epochs": 3}
    run.finish()
    assert server.run(run.id)["config"] == {"lr": 0.1, "epochs": 3}
