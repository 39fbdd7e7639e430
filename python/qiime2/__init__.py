"""QIIME 2's Python API, backed by q2rs (the QIIME 2 framework rebuilt in Rust).

This package is installed under QIIME 2's own import name, ``qiime2``: in the environment it is
installed into, it stands in for QIIME 2's Python framework. Plugins are found in the folders of
``$QIIME2_PLUGIN_PATH`` and in the ``_lib`` folder shipped inside this package.
"""

import os as _os
import sys as _sys
import warnings as _warnings

from . import _native

__version__ = _native.VERSION

_LIB = _os.path.join(_os.path.dirname(__file__), "_lib")

# Worker processes (parallel runs on a HighThroughputExecutor) run the `qiime` shipped with
# this package, which finds the same plugins beside itself; results record this interpreter.
_os.environ.setdefault("QIIME2_WORKER_EXE", _os.path.join(_LIB, "qiime"))
_native.set_python_version(_sys.version)


def _plugin_dirs():
    extra = _os.environ.get("QIIME2_PLUGIN_PATH", "")
    dirs = [d for d in extra.split(_os.pathsep) if d]
    dirs.append(_LIB)
    return dirs


for _skipped in _native.load_plugins(_plugin_dirs()):
    _warnings.warn(f"plugin not loaded: {_skipped}", RuntimeWarning, stacklevel=2)

from ._results import Artifact, Visualization, ResultCollection  # noqa: E402
from ._metadata import (  # noqa: E402
    Metadata, MetadataColumn, CategoricalMetadataColumn, NumericMetadataColumn)
from ._cache import Cache  # noqa: E402
from . import sdk  # noqa: E402

__all__ = ["Artifact", "Visualization", "ResultCollection", "Metadata", "MetadataColumn",
           "CategoricalMetadataColumn", "NumericMetadataColumn", "Cache"]
