"""Metadata: IDs with categorical and numeric columns, read from TSV files or artifacts."""

import os

from . import _native


class Metadata:
    """Sample or feature metadata: an ID column and typed columns."""

    def __init__(self, dataframe):
        """Metadata from a ``pandas.DataFrame`` whose index holds the IDs (and whose name, if
        any, the ID header); numeric columns become numeric, the others categorical."""
        self._native = _native.NativeMetadata.from_tsv(_tsv_of(dataframe), "a DataFrame")

    @classmethod
    def _from_native(cls, native):
        metadata = cls.__new__(cls)
        metadata._native = native
        return metadata

    @classmethod
    def load(cls, filepath, *filepaths):
        """Read a metadata TSV file; given several (or a list), they are merged on the IDs they
        share, as ``--m-...-file`` options given more than once are."""
        if isinstance(filepath, (list, tuple)):
            paths = list(filepath) + list(filepaths)
        else:
            paths = [filepath, *filepaths]
        return cls._from_native(_native.NativeMetadata.load([os.fspath(p) for p in paths]))

    def merge(self, *others):
        """This metadata joined with ``others`` on the IDs they all share."""
        return Metadata._from_native(self._native.merge([o._native for o in others]))

    @property
    def id_header(self):
        """The name of the ID column."""
        return self._native.id_header

    @property
    def ids(self):
        """The IDs, in order."""
        return tuple(self._native.ids)

    @property
    def id_count(self):
        return len(self._native.ids)

    @property
    def column_count(self):
        return len(self._native.column_names)

    @property
    def columns(self):
        """Each column's name with its type (``categorical`` or ``numeric``)."""
        return {name: kind for name, kind, _ in self._native.columns()}

    def get_column(self, name):
        """The column ``name`` as a ``CategoricalMetadataColumn`` or ``NumericMetadataColumn``;
        a ``ValueError`` names the columns there are when none is called so."""
        native = self._native.select_column(name)
        (_, kind, _), = native.columns()
        cls = NumericMetadataColumn if kind == "numeric" else CategoricalMetadataColumn
        return cls._from_native(native)

    def to_dataframe(self):
        """The metadata as a ``pandas.DataFrame`` indexed by ID: numeric columns as floats
        (missing values NaN), categorical ones as text (missing values None)."""
        pd = _pandas()
        data = {name: _series_values(kind, values)
                for name, kind, values in self._native.columns()}
        index = pd.Index(self._native.ids, name=self._native.id_header, dtype=object)
        frame = pd.DataFrame(data, index=index)
        for name, kind, _ in self._native.columns():
            frame[name] = frame[name].astype(float if kind == "numeric" else object)
        return frame

    def to_tsv(self):
        """The metadata as a TSV file's text, with its ``#q2:types`` row."""
        return self._native.to_tsv()

    def save(self, filepath):
        """Write the metadata to the TSV file ``filepath``; returns the path."""
        self._native.save(os.fspath(filepath))
        return os.fspath(filepath)

    def __eq__(self, other):
        return isinstance(other, Metadata) and self.to_tsv() == other.to_tsv()

    def __repr__(self):
        return (f"Metadata: {self.id_count} ID{'s' * (self.id_count != 1)} x "
                f"{self.column_count} column{'s' * (self.column_count != 1)}\n"
                + "\n".join(f"{n}: {k}" for n, k in self.columns.items()))


class MetadataColumn:
    """One column of metadata, with its IDs; usable where an action takes a
    ``MetadataColumn[...]``."""

    def __init__(self):
        raise TypeError("get a column with Metadata.get_column(name)")

    @classmethod
    def _from_native(cls, native):
        column = cls.__new__(cls)
        column._native = native
        return column

    @property
    def name(self):
        return self._native.column_names[0]

    @property
    def type(self):
        return self._native.columns()[0][1]

    @property
    def ids(self):
        return tuple(self._native.ids)

    def to_series(self):
        """The column as a ``pandas.Series`` indexed by ID."""
        return self.to_dataframe()[self.name]

    def to_dataframe(self):
        return Metadata._from_native(self._native).to_dataframe()

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} ids={len(self.ids)}>"


class CategoricalMetadataColumn(MetadataColumn):
    """A column of text values."""


class NumericMetadataColumn(MetadataColumn):
    """A column of numbers."""


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError("this needs pandas: pip install pandas") from None
    return pandas


def _series_values(kind, values):
    if kind == "numeric":
        return [float("nan") if v is None else v for v in values]
    return values


def _tsv_of(dataframe):
    pd = _pandas()
    if not isinstance(dataframe, pd.DataFrame):
        raise TypeError(f"Metadata is made from a pandas.DataFrame, not a "
                        f"{type(dataframe).__name__}")
    header = dataframe.index.name or "id"
    types = ["numeric" if pd.api.types.is_numeric_dtype(dataframe[c]) else "categorical"
             for c in dataframe.columns]
    lines = ["\t".join([header, *map(str, dataframe.columns)]),
             "\t".join(["#q2:types", *types])]
    for index, row in zip(dataframe.index, dataframe.itertuples(index=False)):
        cells = ["" if pd.isna(v) else str(v) for v in row]
        lines.append("\t".join([str(index), *cells]))
    return "\n".join(lines) + "\n"
