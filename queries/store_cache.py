"""Values computed once per store and kept while the store lives: search indexes, the
transition graphs, reverse edge lists, essential matrices.

Streamlit serves every browser session from threads that share one store (it is opened
once per process with ``st.cache_resource``), so two pages may ask for the same index at
the same moment. :func:`per_store` makes such a builder safe: the first caller of a
(store, key) builds the value while later callers of the same pair wait for it; callers of
other pairs are not held up. Values are dropped with their store (weak references), so a
reloaded store never sees an index of the old one.

Examples
--------
>>> calls = []
>>> @per_store
... def doubled(store, n):
...     calls.append(n)
...     return 2 * n
>>> class Store: pass
>>> s = Store()
>>> doubled(s, 2), doubled(s, 2), calls
(4, 4, [2])
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["StoreCache", "per_store"]

V = TypeVar("V")


class StoreCache(Generic[V]):
    """``build(store, *key)`` computed once per (store, key), thread-safe."""

    def __init__(self, build: Callable[..., V]) -> None:
        self._build = build
        self._values: weakref.WeakKeyDictionary[Any, dict[Hashable, V]] = weakref.WeakKeyDictionary()
        self._locks: weakref.WeakKeyDictionary[Any, dict[Hashable, threading.Lock]] = weakref.WeakKeyDictionary()
        self._guard = threading.Lock()

    def get(self, store: Any, *key: Hashable) -> V:
        """The value for ``(store, key)``, built on first use."""
        with self._guard:
            values = self._values.setdefault(store, {})
            if key in values:
                return values[key]
            lock = self._locks.setdefault(store, {}).setdefault(key, threading.Lock())
        with lock:  # one builder per (store, key); the others wait here, then read its value
            with self._guard:
                if key in values:
                    return values[key]
            value = self._build(store, *key)
            with self._guard:
                values[key] = value
            return value

    def clear(self) -> None:
        """Forget every value (for tests)."""
        with self._guard:
            self._values.clear()
            self._locks.clear()


def per_store(build: Callable[..., V]) -> Callable[..., V]:
    """Decorate ``build(store, *key)`` so that it runs once per store and key (see the module docstring).

    The decorated function keeps the builder's name and docstring; its :class:`StoreCache`
    is at ``.cache``. Keys must be hashable; callers must not modify what it returns.
    """
    cache: StoreCache[V] = StoreCache(build)

    @functools.wraps(build)
    def cached(store: Any, *key: Hashable) -> V:
        return cache.get(store, *key)

    cached.cache = cache  # type: ignore[attr-defined]
    return cached
