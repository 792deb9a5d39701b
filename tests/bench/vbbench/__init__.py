"""Vetorbase benchmark harness: same vectors, same workloads, several vector stores.

Run with ``python tests/bench/run.py`` (see ``run.py --help``); the smoke test in
``tests/bench/test_bench_smoke.py`` runs it at a tiny size.
"""
