"""One module per loaded plugin, made at import time: ``qiime2.plugins.<plugin>`` with its
``actions``, ``methods``, ``visualizers`` and ``pipelines`` submodules."""

import sys
import types

from .._actions import load_plugins, python_name

_GROUPS = {"methods": "method", "visualizers": "visualizer", "pipelines": "pipeline"}


def _make(plugin):
    name = python_name(plugin["name"])
    package = types.ModuleType(f"{__name__}.{name}",
                               plugin["short_description"] or plugin["description"])
    package.__path__ = []
    actions = plugin["actions"]
    groups = {"actions": list(actions.values())}
    for group, kind in _GROUPS.items():
        groups[group] = [a for a in actions.values() if a.type == kind]
    for group, members in groups.items():
        module = types.ModuleType(f"{package.__name__}.{group}",
                                  f"The {group} of the plugin {plugin['name']}.")
        for action in members:
            setattr(module, python_name(action.id), action)
        module.__all__ = [python_name(a.id) for a in members]
        setattr(package, group, module)
        sys.modules[module.__name__] = module
    sys.modules[package.__name__] = package
    globals()[name] = package


for _plugin in load_plugins():
    _make(_plugin)
