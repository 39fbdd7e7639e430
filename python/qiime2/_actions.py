"""Actions of the loaded plugins, callable from Python."""

import keyword

from . import _native
from ._results import Results


class ParallelFuture:
    """A pipeline started with ``.parallel()``: ``result()`` (or ``_result()``) waits for it
    and returns its ``Results``; ``done()`` says whether it has finished."""

    def __init__(self, native):
        self._native = native

    def done(self):
        return self._native.done()

    def result(self):
        return Results._from_native(self._native.result())

    def _result(self):
        return self.result()

    def __repr__(self):
        return f"<ParallelFuture {'done' if self.done() else 'running'}>"


class Action:
    """An action of a plugin: call it with keyword arguments (inputs, then parameters) to run
    it; it returns its outputs as ``Results``."""

    def __init__(self, plugin, signature):
        self.plugin_id = plugin
        self.id = signature["id"]
        self.type = signature["kind"]
        self.name = signature["name"]
        self.description = signature["description"]
        self.signature = signature
        self.__name__ = self.id
        self.__qualname__ = self.id
        self.__doc__ = _docstring(signature)

    def _kwargs(self, args, kwargs):
        order = [i["name"] for i in self.signature["inputs"]] + \
            [p["name"] for p in self.signature["parameters"]]
        if len(args) > len(order):
            raise TypeError(f"{self.id}() takes at most {len(order)} positional arguments "
                            f"({len(args)} given)")
        for name, value in zip(order, args):
            if name in kwargs:
                raise TypeError(f"{self.id}() got multiple values for argument '{name}'")
            kwargs[name] = value
        return kwargs

    def __call__(self, *args, **kwargs):
        kwargs = self._kwargs(args, kwargs)
        from ._cache import pool_in_force
        return Results._from_native(
            _native.call(self.plugin_id, self.id, kwargs, pool_in_force()))

    def __repr__(self):
        return f"<{self.type} {self.plugin_id}.{self.id}>"


class Method(Action):
    """An action that makes artifacts from artifacts and parameters."""


class Visualizer(Action):
    """An action that makes a visualization."""


class Pipeline(Action):
    """An action that chains other actions; ``.parallel()`` runs its independent steps at the
    same time."""

    def parallel(self, *args, **kwargs):
        """Start the pipeline in parallel under the ``ParallelConfig`` in force on this thread
        (or the default configuration when none is); returns a ``ParallelFuture`` at once."""
        from ._cache import pool_in_force
        from .sdk.parallel_config import _config_for_run
        kwargs = self._kwargs(args, kwargs)
        native = _native.start(self.plugin_id, self.id, _config_for_run(), kwargs,
                               pool_in_force())
        return ParallelFuture(native)


KINDS = {"method": Method, "visualizer": Visualizer, "pipeline": Pipeline}


def _docstring(signature):
    """The action's docstring, numpydoc-style, from its signature."""
    def default(parameter):
        if not parameter["has_default"]:
            return ""
        if parameter["default"] is None:
            return ", optional"
        return f", optional (default {parameter['default']!r})"

    params = [(i, ", optional" if i["optional"] else "") for i in signature["inputs"]]
    params += [(p, default(p)) for p in signature["parameters"]]
    outputs = [(o, "") for o in signature["outputs"]]
    lines = [signature["name"], "", signature["description"], ""]
    for title, items in (("Parameters", params), ("Returns", outputs)):
        if items:
            lines += [title, "-" * len(title)]
            for item, suffix in items:
                lines += [f"{item['name']} : {item['type']}{suffix}",
                          f"    {item['description']}"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def python_name(name):
    """A plugin or action name as a Python identifier (dashes become underscores)."""
    name = name.replace("-", "_")
    return name + "_" if keyword.iskeyword(name) else name


def load_plugins():
    """Every loaded plugin's description, with its actions as ``Action`` objects."""
    described = _native.plugins_described()
    for plugin in described:
        plugin["actions"] = {
            a["id"]: KINDS[a["kind"]](plugin["name"], a) for a in plugin["actions"]}
    return described
