"""The regional comparison's parameters: none of its own; the language, and the run's region marker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from labkit.methods.base import MethodParams


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of the regional comparison: ``lang``, and ``kommun_kod``, the run's region marker
    ``"region"``.

    The comparison reads the run folder its context writes to (``ctx.out_dir``, see
    :func:`labkit.methods.regional.inputs.load_inputs`), so it declares no parameter of its own.
    """

    REGION_SCOPE: ClassVar[bool] = True
