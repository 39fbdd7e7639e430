"""A ``parsl.Config`` built in Python, translated into the TOML-shaped dict of a QIIME 2
config file, which q2rs reads as it reads the file.

Only settings that differ from Parsl's defaults are carried over; q2rs then honours, ignores
(those that cannot change what runs) or refuses each one, naming it. A setting whose value
is an object (a launcher, a channel) cannot be written in a config file, so a non-default one
is refused here.
"""

import inspect
import re

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

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
    """Whether a setting is at its default: plain values compare equal; objects (which Parsl
    makes per instance) are of the same class and print the same, addresses aside."""
    if _plain(a) and _plain(b):
        return a == b
    return type(a) is type(b) and _ADDRESS.sub("", repr(a)) == _ADDRESS.sub("", repr(b))


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


#: The ``#SBATCH`` lines a ``SlurmProvider`` appends to its ``scheduler_options`` from its own
#: settings, in its order (q2rs writes those lines itself, from the same settings).
_SLURM_LINES = (("exclusive", "--exclusive"), ("partition", "--partition={}"),
                ("account", "--account={}"), ("qos", "--qos={}"),
                ("constraint", "--constraint={}"), ("clusters", "--clusters={}"),
                ("gpus_per_node", "--gpus-per-node={}"), ("gres", "--gres={}"))


def _user_scheduler_options(provider):
    """The ``scheduler_options`` a ``SlurmProvider`` was given, without what it appended."""
    text = provider.scheduler_options
    added = "".join(f"#SBATCH {flag.format(getattr(provider, name))}\n"
                    for name, flag in _SLURM_LINES if getattr(provider, name, None))
    if added and text.endswith(added):
        text = text[:-len(added)]
    return text[:-1] if text.endswith("\n") else text


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
            settings = _settings(provider, f"{where}.provider({pkind})",
                                 skip=("scheduler_options",))
            if pkind == "SlurmProvider" and _user_scheduler_options(provider):
                settings["scheduler_options"] = _user_scheduler_options(provider)
            entry["provider"] = {"class": pkind, **settings}
        executors.append(entry)
    table["executors"] = executors
    return table
