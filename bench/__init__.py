"""Benchmarks behind ``make bench`` and the Performance page.

* :mod:`bench.build_bench` times site builds on a temporary copy of the
  project: cold, warm, after editing one snippet, after touching and after
  editing one ``dlnotes`` file.
* :mod:`bench.torch_bench` times ``dlnotes`` training steps and ``Conv2D``
  against PyTorch's CPU build, in one process, alternating runs.
* :mod:`bench.run` runs both, prints the tables with PASS/MISS per target and
  writes ``bench/results.json``, which ``hooks/site_bench.py`` renders.
"""
