"""queries.store_cache: one build per (store, key), even when threads ask at once."""

from __future__ import annotations

import gc
import threading
import time

from skillgraph.queries.store_cache import per_store


class _Store:
    pass


def test_concurrent_callers_share_one_build():
    calls: list[str] = []

    @per_store
    def slow(store, key):
        calls.append(key)
        time.sleep(0.05)  # long enough for every thread to arrive while the first builds
        return object()

    store = _Store()
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(slow(store, "a"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["a"]
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_keys_and_stores_are_separate_and_values_go_with_their_store():
    @per_store
    def build(store, key):
        return (id(store), key)

    first, second = _Store(), _Store()
    assert build(first, "x") != build(first, "y")
    assert build(first, "x") != build(second, "x")
    del second
    gc.collect()
    assert len(build.cache._values) == 1


def test_a_failed_build_is_retried():
    attempts = []

    @per_store
    def flaky(store, key):
        attempts.append(key)
        if len(attempts) == 1:
            raise RuntimeError("first build fails")
        return key

    store = _Store()
    try:
        flaky(store, "k")
    except RuntimeError:
        pass
    assert flaky(store, "k") == "k" and attempts == ["k", "k"]
