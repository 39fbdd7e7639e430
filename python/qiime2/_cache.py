"""The cache: results kept unzipped on disk under keys, as in QIIME 2's ``qiime2.Cache``."""

import os

from . import _native
from ._results import Result


class Cache:
    """A cache folder (created when missing); by default the user's cache."""

    def __init__(self, path=None):
        if path is None:
            cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(
                os.path.expanduser("~"), ".cache")
            path = os.path.join(cache_home, "qiime2", "cache")
        self._native = _native.NativeCache.open(os.fspath(path))

    @property
    def path(self):
        return self._native.path

    def save(self, ref, key):
        """Store the result ``ref`` under ``key``; returns the result as read back."""
        self._native.save(ref._native, key)
        return self.load(key)

    def load(self, key):
        """The result stored under ``key``."""
        return Result._wrap(self._native.load(key))

    def remove(self, key):
        """Remove ``key``; its data go at the next garbage collection."""
        self._native.remove(key)

    def get_keys(self):
        """The keys of the cache."""
        return set(self._native.keys())

    def garbage_collection(self):
        """Remove what no key and no running process holds."""
        self._native.garbage_collection()

    def __repr__(self):
        return f"<Cache {self.path}>"
