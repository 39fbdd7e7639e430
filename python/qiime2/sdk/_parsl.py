"""A ``parsl.Config`` built in Python, translated into the TOML-shaped dict of a QIIME 2
config file, which q2rs reads as it reads the file.

Only settings that differ from Parsl's defaults are carried over; q2rs then honours, ignores
(those that cannot change what runs) or refuses each one, naming it. A setting whose value
is an object (a launcher, a channel) cannot be written in a config file, so a non-default one
is refused here.
"""

import inspect

#: Executors and providers q2rs runs, by Parsl class name.
EXECUTORS = ("ThreadPoolExecutor", "HighThroughputExecutor")
PROVIDERS = ("LocalProvider", "SlurmProvider")


def _parameters(cls):
    return [name for name, p in inspect.signature(cls.__init__).parameters.items()
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _plain(value):
    return value is None or isinstance(value, (bool, int, float, str)) or (
        isinstance(value, (list, tuple)) and all(_plain(v) for v in value))


def _same(a, b):
    if _plain(a) and _plain(b):
        return a == b
    return type(a) is type(b) and repr(a) == repr(b)


def _settings(obj, where, skip=()):
    """The settings of ``obj`` that differ from a default-built one of its class."""
    cls = type(obj)
    base = cls()
    out = {}
    for name in _parameters(cls):
        if name in skip or not hasattr(obj, name):
            continue
        value = getattr(obj, name)
        if _same(value, getattr(base, name, None)):
            continue
        if not _plain(value):
            raise ValueError(
                f"the parsl setting {where}.{name} ({value!r}) cannot be translated to q2rs's "
                "executors; leave it at its default")
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def translate(config):
    """The ``[parsl]`` table for ``config``, a ``parsl.Config``."""
    table = _settings(config, "Config", skip=("executors",))
    executors = []
    for index, executor in enumerate(config.executors):
        kind = type(executor).__name__
        where = f"Config.executors[{index}]"
        if kind not in EXECUTORS:
            raise ValueError(f"the parsl executor {where} is a {kind}, which q2rs cannot run; "
                             f"it runs {' and '.join(EXECUTORS)}")
        entry = {"class": kind, "label": executor.label}
        entry.update(_settings(executor, f"{where}({kind})", skip=("label", "provider")))
        provider = getattr(executor, "provider", None)
        if kind == "HighThroughputExecutor" and provider is not None:
            pkind = type(provider).__name__
            if pkind not in PROVIDERS:
                raise ValueError(f"the parsl provider of {where} is a {pkind}, which q2rs "
                                 f"cannot use; it uses {' and '.join(PROVIDERS)}")
            entry["provider"] = {"class": pkind,
                                 **_settings(provider, f"{where}.provider({pkind})")}
        executors.append(entry)
    table["executors"] = executors
    return table
