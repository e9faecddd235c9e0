"""Type aliases of the package's signatures (for type checkers and IDEs; nothing here is needed to run).

The modules import them under ``typing.TYPE_CHECKING`` and annotate with ``from __future__ import
annotations``, so ``help()`` shows the short names (``model: 'ModelLike'``) and importing the
package imports neither torch nor ``numpy.typing``.
"""

import os
from typing import Any, Dict, Sequence, Tuple, Union

from numpy.typing import ArrayLike

import torch

#: What the calls take as a model: a torch.nn.Module (exported in memory through ONNX), a path to a
#: .onnx or .json file or 'example:NAME', ONNX bytes, a reluconvex-network dict, or a list of (W, b) layers.
ModelLike = Union[torch.nn.Module, str, "os.PathLike[str]", bytes, bytearray, memoryview, Dict[str, Any],
                  Sequence[Tuple[ArrayLike, ArrayLike]]]

#: (lo, hi) in every coordinate, one (lo, hi) per coordinate, or a string in the syntax of ``--box``.
BoxLike = Union[Tuple[float, float], Sequence[float], Sequence[Tuple[float, float]], Sequence[Sequence[float]], str]

#: A path as ``open`` takes it.
PathLike = Union[str, "os.PathLike[str]"]
