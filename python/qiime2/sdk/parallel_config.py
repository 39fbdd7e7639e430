"""Parallel configuration for ``Pipeline.parallel()``, as in QIIME 2's
``qiime2.sdk.parallel_config``: a ``ParallelConfig`` context manager and
``get_config_from_file``.

A configuration is QIIME 2's: a ``[parsl]`` table of executors (``ThreadPoolExecutor`` runs
steps on threads, ``HighThroughputExecutor`` with a ``LocalProvider`` in worker processes, with
a ``SlurmProvider`` on a Slurm cluster) and an action -> executor mapping
``{plugin: {action: executor label}}``. q2rs runs them with its own engine; a ``parsl.Config``
built in Python is translated to it.
"""

import os
from _thread import _local

from .. import _native

_IN_FORCE = _local()


class Config:
    """Executors and run settings of a parallel configuration (what QIIME 2 keeps in a
    ``parsl.Config``), without the action mapping."""

    def __init__(self, native):
        self._native = native

    @property
    def executors(self):
        """Each executor as ``(label, kind, workers)``: kind ``threads``, ``processes`` or
        ``slurm``."""
        return self._native.executors()

    @property
    def source(self):
        """Where the configuration was read from."""
        return self._native.source

    def __repr__(self):
        described = ", ".join(f"{label}: {kind} x {workers or 'per core'}"
                              for label, kind, workers in self.executors)
        return f"<parallel config ({self.source}): {described}>"


def load_config_from_file(config_fp):
    """Read the QIIME 2 config file ``config_fp``; returns ``(config, mapping)``."""
    native, mapping = _native.NativeConfig.from_file(os.fspath(config_fp))
    return Config(native), mapping


def load_config_from_dict(config_dict):
    """Read a config given as a dict (``{'parsl': {...}}``, the TOML file's shape); returns
    ``(config, mapping)``."""
    import json
    native, mapping = _native.NativeConfig.from_json(json.dumps(_without_none(config_dict)))
    return Config(native), mapping


#: QIIME 2's name for ``load_config_from_file``, which the parallel tutorial uses.
get_config_from_file = load_config_from_file


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_without_none(v) for v in value]
    return value


def _check_mapping(mapping):
    if not isinstance(mapping, dict) or not all(
            isinstance(actions, dict) and all(
                isinstance(a, str) and isinstance(label, str) for a, label in actions.items())
            for actions in mapping.values()):
        raise TypeError(
            "action_executor_mapping must map plugin names to dicts of action names and "
            f"executor labels, {{'plugin': {{'action': 'label'}}}}; got {mapping!r}")
    return mapping


def _as_config(parallel_config):
    """``(Config, mapping from the same source or None)`` for what ``ParallelConfig`` was
    given."""
    if parallel_config is None or isinstance(parallel_config, Config):
        return parallel_config, None
    if isinstance(parallel_config, (str, os.PathLike)):
        return load_config_from_file(parallel_config)
    if isinstance(parallel_config, dict):
        return load_config_from_dict(parallel_config)
    if type(parallel_config).__module__.startswith("parsl"):
        from ._parsl import translate
        return load_config_from_dict({"parsl": translate(parallel_config)})
    raise TypeError(
        "parallel_config must be a config from get_config_from_file, a parsl.Config, a dict "
        f"or the path of a config file, not a {type(parallel_config).__name__}")


class ParallelConfig:
    """While in a ``with`` block, ``Pipeline.parallel()`` on this thread runs under this
    configuration.

    ``parallel_config``: from ``get_config_from_file``, a ``parsl.Config``, a dict, a file path,
    or ``None`` for the default one (``$QIIME2_CONFIG``, else the user's
    ``qiime2/qiime2_config.toml``, else threads, one per core).
    ``action_executor_mapping``: ``{plugin: {action: executor label}}``; unmapped actions go
    to the executor labelled ``default``, else the first. Configurations do not nest.
    """

    def __init__(self, parallel_config=None, action_executor_mapping=None):
        self.parallel_config, own_mapping = _as_config(parallel_config)
        if action_executor_mapping is not None:
            _check_mapping(action_executor_mapping)
        self.action_executor_mapping = action_executor_mapping or own_mapping or {}
        self._native = None

    def __enter__(self):
        if getattr(_IN_FORCE, "config", None) is not None:
            raise ValueError("a ParallelConfig is already in force on this thread; "
                             "ParallelConfigs cannot be nested")
        config = self.parallel_config
        native = config._native if config is not None else _native.NativeConfig.load_default()
        if self.action_executor_mapping:
            native = native.with_mapping(self.action_executor_mapping)
        self._native = native
        _IN_FORCE.config = self
        return self

    def __exit__(self, *exc):
        _IN_FORCE.config = None
        self._native = None
        return False


def _config_for_run():
    """The native configuration a ``.parallel()`` call runs under on this thread."""
    current = getattr(_IN_FORCE, "config", None)
    if current is not None:
        return current._native
    return _native.NativeConfig.load_default()
