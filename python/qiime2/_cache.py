"""The cache: results kept unzipped on disk under keys, as in QIIME 2's ``qiime2.Cache``."""

import os
from _thread import _local

from . import _native
from ._results import Result

_IN_FORCE = _local()


def pool_in_force():
    """The native recycle pool of the ``with pool:`` block this thread is in, if any."""
    pool = getattr(_IN_FORCE, "pool", None)
    return pool._native if pool is not None else None


class Pool:
    """A recycle pool: inside ``with pool:``, pipelines record each finished step in it, and a
    re-run (after a failure or Ctrl-C) reuses the steps recorded."""

    def __init__(self, native):
        self._native = native

    @property
    def name(self):
        return self._native.name

    def steps(self):
        """How many steps the pool holds."""
        return self._native.steps()

    def remove(self):
        """Remove the pool and its key."""
        self._native.remove()

    def __enter__(self):
        if getattr(_IN_FORCE, "pool", None) is not None:
            raise ValueError("a recycle pool is already in use on this thread")
        _IN_FORCE.pool = self
        return self

    def __exit__(self, *exc):
        _IN_FORCE.pool = None
        return False

    def __repr__(self):
        return f"<recycle pool {self.name}>"


class Cache:
    """A cache folder (created when missing); by default the user's cache."""

    def __init__(self, path=None):
        self._native = _native.NativeCache.open(None if path is None else os.fspath(path))

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

    def create_pool(self, key, reuse=False):
        """The recycle pool ``key`` of this cache; with ``reuse``, an existing one is resumed,
        else the key must be new."""
        return Pool(self._native.create_pool(key, reuse))

    def garbage_collection(self):
        """Remove what no key and no running process holds."""
        self._native.garbage_collection()

    def __repr__(self):
        return f"<Cache {self.path}>"
