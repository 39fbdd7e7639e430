"""Results: artifacts, visualizations, collections of them, and what an action returns."""

import os

from . import _native


class SemanticType(str):
    """A semantic type expression; compares and prints as its text."""

    __slots__ = ()

    def __repr__(self):
        return str(self)


class Result:
    """A QIIME 2 result held by q2rs: an artifact or a visualization."""

    __slots__ = ("_native",)

    def __init__(self, native):
        self._native = native

    @classmethod
    def _wrap(cls, native):
        kind = Visualization if native.is_visualization else Artifact
        return kind(native)

    @classmethod
    def load(cls, filepath):
        """Load the archive at ``filepath`` (``.qza`` or ``.qzv``)."""
        native = _native.NativeResult.load(os.fspath(filepath))
        result = Result._wrap(native)
        if cls is not Result and not isinstance(result, cls):
            raise TypeError(
                f"{os.fspath(filepath)} holds a {type(result).__name__.lower()}, "
                f"not an {cls.__name__.lower()}; load it with {type(result).__name__}.load")
        return result

    @property
    def type(self):
        """The semantic type, e.g. ``FeatureData[Sequence]``."""
        return SemanticType(self._native.semantic_type)

    @property
    def uuid(self):
        """The result's UUID."""
        import uuid
        return uuid.UUID(self._native.uuid)

    @property
    def format(self):
        """The name of the directory format the data are stored in (None for a visualization)."""
        return self._native.format

    def save(self, filepath):
        """Save as an archive at ``filepath`` (``.qza``/``.qzv`` is added when missing); returns
        the path written."""
        return str(self._native.save(os.fspath(filepath)))

    def export_data(self, output_dir):
        """Copy the data files into the folder ``output_dir`` (made when missing)."""
        self._native.export_data(os.fspath(output_dir))
        return None

    def validate(self, level="max"):
        """Check the data against their format (``level`` ``'min'`` or ``'max'``) and the
        archive's checksums; raises ``ValueError`` naming what is wrong."""
        self._native.validate(level)

    def __eq__(self, other):
        return isinstance(other, Result) and self._native.uuid == other._native.uuid

    def __hash__(self):
        return hash(self._native.uuid)

    def __repr__(self):
        kind = "visualization" if self._native.is_visualization else "artifact"
        return f"<{kind}: {self._native.semantic_type} uuid: {self._native.uuid}>"


class Artifact(Result):
    """Data of a semantic type, with the provenance of how they were made."""

    __slots__ = ()

    @classmethod
    def import_data(cls, type, view, view_type=None):
        """Import the file or folder ``view`` as an artifact of semantic type ``type``.
        ``view_type`` names the format the data are in (default: the one the type is stored
        in). The data are validated before the artifact is made."""
        if not isinstance(view, (str, os.PathLike)):
            raise TypeError(
                f"q2rs imports data from a file or folder path; a {type_name(view)} cannot be "
                "imported (save it to a file first)")
        if view_type is not None and not isinstance(view_type, str):
            view_type = getattr(view_type, "__name__", str(view_type))
        return cls(_native.NativeResult.import_data(str(type), os.fspath(view), view_type))

    def view(self, view_type):
        """The data as ``view_type``: ``pandas.DataFrame`` or ``qiime2.Metadata`` where the type
        can be read as a table (metadata-like types, and the types in ``sdk.TABLE_VIEWS``)."""
        from ._views import view
        return view(self, view_type)


class Visualization(Result):
    """A visualization: an HTML page with its files, and its provenance."""

    __slots__ = ()


def type_name(value):
    return type(value).__name__


class ResultCollection:
    """An ordered, keyed collection of results, as a ``Collection[...]`` input takes and a
    collection output gives."""

    def __init__(self, collection=None):
        if collection is None:
            self.collection = {}
        elif isinstance(collection, dict):
            self.collection = dict(collection)
        else:
            self.collection = {str(i): r for i, r in enumerate(collection)}

    @classmethod
    def load(cls, directory):
        """Load every archive of ``directory`` (in the order of its ``.order`` file if any, else
        by name), keyed by file name without extension."""
        directory = os.fspath(directory)
        order = os.path.join(directory, ".order")
        if os.path.exists(order):
            with open(order) as fh:
                keys = [line.strip() for line in fh if line.strip()]
            names = {os.path.splitext(n)[0]: n for n in os.listdir(directory)}
            files = [(k, names[k]) for k in keys]
        else:
            files = sorted((os.path.splitext(n)[0], n) for n in os.listdir(directory)
                           if n.endswith((".qza", ".qzv")))
        return cls({k: Result.load(os.path.join(directory, n)) for k, n in files})

    def save(self, directory):
        """Save each result into the new folder ``directory`` as ``<key>.qza``, with a
        ``.order`` file keeping the order; returns the folder."""
        directory = os.fspath(directory)
        os.makedirs(directory)
        with open(os.path.join(directory, ".order"), "w") as fh:
            for key, result in self.collection.items():
                result.save(os.path.join(directory, key))
                fh.write(f"{key}\n")
        return directory

    def keys(self):
        return self.collection.keys()

    def values(self):
        return self.collection.values()

    def items(self):
        return self.collection.items()

    def __getitem__(self, key):
        return self.collection[key]

    def __setitem__(self, key, value):
        self.collection[key] = value

    def __iter__(self):
        return iter(self.collection)

    def __len__(self):
        return len(self.collection)

    def __eq__(self, other):
        if isinstance(other, ResultCollection):
            return self.collection == other.collection
        return self.collection == other

    def __repr__(self):
        return f"<ResultCollection of {len(self)}: {list(self.collection)!r}>"


class Results(tuple):
    """What an action returns: its outputs in signature order, by name as attributes, by
    position, or unpacked."""

    def __new__(cls, fields, values):
        results = super().__new__(cls, values)
        results._fields = tuple(fields)
        return results

    def __getattr__(self, name):
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(
                f"no output named {name!r}; the outputs are {', '.join(self._fields)}") from None

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                key = self._fields.index(key)
            except ValueError:
                raise KeyError(key) from None
        return super().__getitem__(key)

    def _asdict(self):
        return dict(zip(self._fields, self))

    def __repr__(self):
        lines = [f"    {name} = {value!r}" for name, value in zip(self._fields, self)]
        return "Results (name = value)\n" + "-" * 22 + "\n" + "\n".join(lines)

    @classmethod
    def _from_native(cls, outputs):
        names, values = [], []
        for name, value in outputs:
            names.append(name)
            if isinstance(value, list):
                value = ResultCollection({k: Result._wrap(r) for k, r in value})
            else:
                value = Result._wrap(value)
            values.append(value)
        return cls(names, values)
