"""The framework's objects, under QIIME 2's ``qiime2.sdk`` names."""

from .. import _native
from .._actions import Action, Method, Pipeline, Visualizer, load_plugins
from .._results import Artifact, Result, Results, ResultCollection, Visualization
from .._views import TABLE_VIEWS

ActionError = _native.ActionError


class Plugin:
    """A loaded plugin: its name, version, website and actions."""

    def __init__(self, described):
        self.name = described["name"]
        self.version = described["version"]
        self.website = described["website"]
        self.description = described["description"]
        self.short_description = described["short_description"]
        self.path = described["path"]
        self.actions = described["actions"]

    def _of(self, kind):
        return {i: a for i, a in self.actions.items() if a.type == kind}

    @property
    def methods(self):
        return self._of("method")

    @property
    def visualizers(self):
        return self._of("visualizer")

    @property
    def pipelines(self):
        return self._of("pipeline")

    def __repr__(self):
        return f"<plugin {self.name} {self.version}>"


class PluginManager:
    """The plugins loaded in this process (one manager per process, as in QIIME 2)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            manager = super().__new__(cls)
            manager.plugins = {p["name"]: Plugin(p) for p in load_plugins()}
            cls._instance = manager
        return cls._instance

    def get_plugin(self, id=None, name=None):
        """The plugin named ``name`` (or whose Python name is ``id``)."""
        for plugin in self.plugins.values():
            if plugin.name == name or plugin.name.replace("-", "_") == id:
                return plugin
        raise KeyError(f"no plugin {name or id!r} is loaded; loaded: "
                       f"{', '.join(self.plugins) or 'none'}")

    @property
    def artifact_classes(self):
        """Each semantic type a plugin registers, with the directory format it is stored in."""
        return {t: f for t, f, _, _ in _native.artifact_classes()}


__all__ = ["Action", "ActionError", "Artifact", "Method", "Pipeline", "Plugin",
           "PluginManager", "Result", "ResultCollection", "Results", "TABLE_VIEWS",
           "Visualization", "Visualizer"]
