"""Artifacts viewed as tables: ``Artifact.view(pandas.DataFrame)`` and
``Artifact.view(qiime2.Metadata)``."""

import os

from . import _native
from ._metadata import Metadata, _pandas


def _read_hits(data_dir):
    pd = _pandas()
    path = os.path.join(data_dir, "hits.tsv")
    dtypes = {"query id": str, "reference id": str, "percent similarity": float,
              "alignment length": int, "score": float, "aligned query": str,
              "aligned reference": str}
    return pd.read_csv(path, sep="\t", dtype=dtypes, keep_default_na=False,
                       index_col=["query id", "reference id"])


#: Directory formats readable as a ``pandas.DataFrame``, with their readers (each takes the
#: artifact's data folder). Metadata-like types need no entry here.
TABLE_VIEWS = {
    "LocalAlignmentSearchResultsDirectoryFormat": _read_hits,
}


def _metadata_like(semantic_type):
    return any(t == semantic_type and md is not None
               for t, _, md, _ in _native.artifact_classes())


def view(artifact, view_type):
    native = artifact._native
    if view_type is Metadata:
        return Metadata._from_native(native.to_metadata())
    if getattr(view_type, "__module__", "").startswith("pandas") and \
            getattr(view_type, "__name__", "") == "DataFrame":
        reader = TABLE_VIEWS.get(native.format)
        if reader is not None:
            return reader(os.fspath(native.data_dir))
        if _metadata_like(native.semantic_type):
            return Metadata._from_native(native.to_metadata()).to_dataframe()
    name = getattr(view_type, "__qualname__", repr(view_type))
    raise TypeError(
        f"an artifact of type {native.semantic_type} cannot be viewed as {name}: q2rs gives "
        "pandas.DataFrame for metadata-like types and "
        f"{', '.join(sorted(TABLE_VIEWS))}, and qiime2.Metadata for metadata-like types")
