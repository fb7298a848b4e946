"""The Performance page's tables come from bench/results.json (hooks/site_bench.py)."""

import copy
import json
from types import SimpleNamespace

import pytest
import site_bench
from mkdocs.exceptions import PluginError

RESULTS = {
    "date": "2025-01-02T03:04:05+00:00",
    "machine": {
        "cpu_count": 2,
        "cpu": "Test CPU",
        "platform": "Linux",
        "threads": 2,
        "other_programs_cpu_share": {"build": 0.012, "torch": 0.004},
    },
    "versions": {"python": "3.11.7", "numpy": "2.4.6", "torch": "2.13.0"},
    "build": {
        "config": "mkdocs.yml",
        "builds": [
            {
                "name": "cold",
                "label": "Cold: empty caches",
                "wall_seconds": 61.25,
                "snippets_executed": 45,
                "snippets_total": 45,
                "notebooks_executed": 3,
                "notebooks_total": 3,
                "parallel_efficiency": 0.874,
            },
            {
                "name": "warm",
                "label": "Warm: nothing changed",
                "wall_seconds": 9.0,
                "snippets_executed": 0,
                "snippets_total": 45,
                "notebooks_executed": None,
                "notebooks_total": None,
                "parallel_efficiency": None,
            },
        ],
    },
    "torch": {
        "threads": 2,
        "mlp": [
            {
                "task": "MLP 2-16-16-2, batch 32",
                "dtype": "float32",
                "dlnotes_ms": 0.0512,
                "torch_ms": 0.2049,
                "ratio": 0.25,
            },
            {
                "task": "MLP 784-256-128-10, batch 1024",
                "dtype": "float64",
                "dlnotes_ms": 140.1,
                "torch_ms": 91.6,
                "ratio": 1.529,
            },
        ],
        "conv": [
            {
                "task": "Conv2D (32,1,28,28) ⊛ 8×3×3",
                "dtype": "float32",
                "dlnotes_ms": 0.75,
                "torch_ms": 2.1,
                "ratio": 0.357,
            }
        ],
        "flops": [
            {
                "task": "MLP 784-256-128-10, batch 1024",
                "dtype": "float32",
                "gflop_per_step": 1.031,
                "dlnotes_gflops": 28.44,
                "torch_gflops": 27.9,
                "numpy_matmul_gflops": 30.1,
                "torch_matmul_gflops": 31.5,
                "dlnotes_share_of_matmul": 0.944,
            }
        ],
    },
    "targets": [
        {"name": "Warm build", "value": 0, "op": "==", "limit": 0, "unit": "runs", "pass": True},
        {"name": "Cold build", "value": 61.25, "op": "<=", "limit": 90, "unit": "s", "pass": True},
        {"name": "Big MLP", "value": 1.529, "op": "<=", "limit": 1.0, "unit": "x", "pass": False},
    ],
}


@pytest.fixture
def results_file(tmp_path, monkeypatch):
    """Point the hook at a temporary results file and return its path."""
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS))
    monkeypatch.setattr(site_bench, "RESULTS", path)
    site_bench.on_config(None)  # forget what an earlier build read
    return path


def build_page(markdown: str, src_uri: str = "about/performance.md") -> str:
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))
    return site_bench.on_page_markdown(markdown, page, None, None)


def test_mlp_table_has_one_row_per_timing_with_the_ratio():
    lines = site_bench.render(RESULTS, "mlp").splitlines()
    assert lines[0] == "| Task | dtype | dlnotes (ms) | PyTorch (ms) | dlnotes / PyTorch |"
    assert lines[1] == "| :--- | :--- | ---: | ---: | ---: |"
    assert lines[2] == "| MLP 2-16-16-2, batch 32 | float32 | 0.051 | 0.205 | 0.25× |"
    assert lines[3] == "| MLP 784-256-128-10, batch 1024 | float64 | 140 | 91.6 | 1.53× |"
    assert len(lines) == 4


def test_timing_tables_add_the_ratio_with_one_thread_where_it_was_measured():
    data = copy.deepcopy(RESULTS)
    one = {"dlnotes_ms": 0.04, "torch_ms": 0.2, "ratio": 0.2}
    data["torch"]["mlp"][0]["one_thread"] = one
    lines = site_bench.render(data, "mlp").splitlines()
    assert lines[0].endswith("| dlnotes / PyTorch | dlnotes / PyTorch, 1 thread each |")
    assert lines[1] == "| :--- | :--- | ---: | ---: | ---: | ---: |"
    assert lines[2].endswith("| 0.25× | 0.20× |")
    assert lines[3].endswith("| 1.53× | - |")  # that row was not measured again
    assert "1 thread" not in site_bench.render(data, "conv")  # no row of it was


def test_one_thread_timings_are_matched_to_the_same_task_and_dtype():
    from bench.run import add_one_thread

    torch = copy.deepcopy(RESULTS["torch"])
    one = copy.deepcopy(RESULTS["torch"])
    for i, row in enumerate(one["mlp"] + one["conv"]):
        row["ratio"] = float(i)
    one["mlp"].reverse()  # order does not matter, task and dtype do
    add_one_thread(torch, one)
    assert [t["one_thread"]["ratio"] for t in torch["mlp"] + torch["conv"]] == [0.0, 1.0, 2.0]
    assert set(torch["mlp"][0]["one_thread"]) == {"dlnotes_ms", "torch_ms", "ratio"}
    one["conv"][0]["dtype"] = "float64"
    with pytest.raises(ValueError, match=r"no 'Conv2D .*' in float32"):
        add_one_thread(torch, one)


def test_a_failing_one_thread_run_says_so(monkeypatch):
    import sys

    from bench.run import torch_one_thread

    monkeypatch.setattr(sys, "executable", "false")  # the child exits 1 at once
    with pytest.raises(RuntimeError, match=r"one-thread comparison failed \(exit 1\)"):
        torch_one_thread(rounds=1)


def test_targets_table_says_pass_or_miss_with_the_limit():
    text = site_bench.render(RESULTS, "targets")
    assert text.startswith("| Target | Measured | Limit | Result |\n")
    assert "| Warm build | 0 | = 0 | **PASS** |" in text
    assert "| Cold build | 61.2 s | ≤ 90.0 s | **PASS** |" in text
    assert "| Big MLP | 1.53× | ≤ 1.00× | **MISS** |" in text


def test_build_table_counts_runs_and_shows_efficiency_only_when_snippets_ran():
    text = site_bench.render(RESULTS, "build")
    assert "| Cold: empty caches | 61.2 | 45 of 45 | 3 of 3 | 87% |" in text
    assert "| Warm: nothing changed | 9.0 | 0 of 45 | - | - |" in text


def test_flops_and_conv_and_machine_tables():
    flops = site_bench.render(RESULTS, "flops")
    assert flops.startswith(
        "One training step of the MLP 784-256-128-10, batch 1024 (1.03 GFLOP):\n\n"
    )
    assert "| NumPy products alone, GFLOP/s | PyTorch products alone, GFLOP/s |" in flops
    assert "| float32 | 28.4 | 27.9 | 30.1 | 31.5 | 94% | 89% |" in flops
    assert "| Conv2D (32,1,28,28) ⊛ 8×3×3 | float32 | 0.750 | 2.10 | 0.36× |" in site_bench.render(
        RESULTS, "conv"
    )
    machine = site_bench.render(RESULTS, "machine")
    assert "| **Cores** | 2 |" in machine
    assert (
        "| **CPU time used by other programs meanwhile** | 1% (builds), 0% (PyTorch comparison) |"
        in machine
    )
    assert "| **torch** | 2.13.0 |" in machine
    assert "| **Measured on** | 2025-01-02 03:04 UTC |" in machine


def test_parts_not_measured_say_so_instead_of_a_table():
    data = {**RESULTS, "build": None, "torch": None, "targets": []}
    assert site_bench.render(data, "build") == "_The site builds were not measured in this run._"
    for table in ("mlp", "conv", "layers", "flops"):
        assert "PyTorch was not installed" in site_bench.render(data, table)
    assert "No target" in site_bench.render(data, "targets")


def test_layers_table_and_its_targets():
    """The v2 layers get a table; an older results file without them says so."""
    without = {**RESULTS, "torch": {k: v for k, v in RESULTS["torch"].items() if k != "layers"}}
    assert "Not measured in this run" in site_bench.render(without, "layers")
    row = {
        "task": "RNN 64→128, T=50, batch 32",
        "dtype": "float32",
        "dlnotes_ms": 3.4,
        "torch_ms": 6.0,
        "ratio": 0.57,
    }
    with_layers = {**RESULTS, "torch": {**RESULTS["torch"], "layers": [row]}}
    assert "| RNN 64→128, T=50, batch 32 | float32 | 3.40 | 6.00 | 0.57× |" in site_bench.render(
        with_layers, "layers"
    )
    from bench.run import targets
    from bench.torch_bench import LAYER_RATIOS

    (target,) = [t for t in targets(None, with_layers["torch"]) if t["name"].startswith("RNN")]
    assert target["limit"] == LAYER_RATIOS[row["task"]] == 2.0
    assert target["pass"]


def test_fenced_block_becomes_the_table_and_other_text_stays(results_file):
    page = "# Performance\n\nIntro.\n\n```bench-results conv\n```\n\nAfter.\n"
    out = build_page(page)
    assert out.startswith("# Performance\n\nIntro.\n\n| Task | dtype |")
    assert "| 0.750 | 2.10 | 0.36× |" in out
    assert out.endswith("\n\nAfter.\n")
    assert "bench-results" not in out


def test_a_block_shown_inside_a_longer_fence_is_left_alone(results_file):
    page = "````markdown\n```bench-results mlp\n```\n````\n"
    assert build_page(page) == page


def test_pages_without_the_block_do_not_need_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(site_bench, "RESULTS", tmp_path / "missing.json")
    site_bench.on_config(None)
    assert build_page("# Home\n", "index.md") == "# Home\n"


def test_missing_file_fails_the_build_naming_the_file_and_the_page(tmp_path, monkeypatch):
    monkeypatch.setattr(site_bench, "RESULTS", tmp_path / "results.json")
    site_bench.on_config(None)
    with pytest.raises(PluginError, match=r"results\.json: not found.*docs/about/performance\.md"):
        build_page("```bench-results mlp\n```\n")


def test_invalid_json_fails_naming_the_file(results_file):
    results_file.write_text('{"date": ')
    with pytest.raises(PluginError, match=r"results\.json: not valid JSON"):
        build_page("```bench-results mlp\n```\n")


def test_missing_key_fails_naming_the_file_and_the_key(results_file):
    data = copy.deepcopy(RESULTS)
    del data["targets"]
    results_file.write_text(json.dumps(data))
    with pytest.raises(PluginError, match=r"results\.json: missing key\(s\) \['targets'\]"):
        build_page("```bench-results targets\n```\n")


def test_malformed_table_data_fails_naming_the_file_and_the_table(results_file):
    data = copy.deepcopy(RESULTS)
    del data["torch"]["mlp"][0]["ratio"]
    results_file.write_text(json.dumps(data))
    with pytest.raises(PluginError, match=r"results\.json: the 'mlp' table cannot be read"):
        build_page("```bench-results mlp\n```\n")


def test_unknown_table_name_lists_the_known_ones(results_file):
    with pytest.raises(PluginError, match=r"unknown table 'speed'.*'machine', 'targets'"):
        build_page("```bench-results speed\n```\n")


def test_the_file_is_read_again_on_every_build(results_file):
    assert "| 0.051 |" in build_page("```bench-results mlp\n```\n")
    data = copy.deepcopy(RESULTS)
    data["torch"]["mlp"][0]["dlnotes_ms"] = 0.0999
    results_file.write_text(json.dumps(data))
    site_bench.on_config(None)  # a new build (or a serve rebuild)
    assert "| 0.100 |" in build_page("```bench-results mlp\n```\n")


def test_committed_results_render_every_table():
    data = site_bench.load(site_bench.ROOT / "bench" / "results.json")
    for table in site_bench.TABLES:
        text = site_bench.render(data, table)
        assert text.strip(), table
    if data["build"] is not None:
        names = [b["name"] for b in data["build"]["builds"]]
        assert names[:3] == ["cold", "warm", "snippet_edit"]
    assert {t["pass"] for t in data["targets"]} <= {True, False}


def test_committed_results_show_neither_step_keeping_all_of_its_products_rate():
    # the Performance page says so under its FLOP table
    data = site_bench.load(site_bench.ROOT / "bench" / "results.json")
    if data["torch"] is None:
        pytest.skip("the committed results were measured without PyTorch")
    for row in data["torch"]["flops"]:
        assert row["dlnotes_share_of_matmul"] < 1.0, row
        assert row["torch_gflops"] < row["torch_matmul_gflops"], row


def test_committed_results_show_what_the_second_core_is_worth():
    # the Performance page says so under its layers table
    data = site_bench.load(site_bench.ROOT / "bench" / "results.json")
    if data["torch"] is None or data["machine"].get("threads", 1) < 2:
        pytest.skip("the committed results have no run with more than one thread")
    layers = {t["task"].split()[0]: t for t in data["torch"]["layers"]}
    for row in [*data["torch"]["conv"], layers["TransformerBlock"], layers["Residual"]]:
        assert row["one_thread"]["ratio"] < row["ratio"], row  # closer with one thread each
    rnn = layers["RNN"]
    for library in ("dlnotes_ms", "torch_ms"):  # at most 20% faster with the second core
        assert rnn["one_thread"][library] < 1.25 * rnn[library], rnn


def test_each_sweep_of_the_cold_build_becomes_a_target():
    from bench.build_bench import sweep_costs
    from bench.run import targets

    sweep = {"name": "lr", "values": [0.01, 0.1, 1.0], "seconds_over_one_run": 3.4}
    report = {"snippets": [{"path": "concepts/x.py", "sweep": sweep}, {"path": "concepts/y.py"}]}
    (row,) = sweep_costs(report)
    assert row == {
        "snippet": "concepts/x.py",
        "name": "lr",
        "values": 3,
        "seconds_over_one_run": 3.4,
    }
    one = {"snippets_executed": 0, "notebooks_executed": 0, "wall_seconds": 1.0}
    builds = [{**one, "name": name} for name in ("cold", "warm", "snippet_edit")]
    build = {"builds": builds, "sweeps": [row]}
    (target,) = [t for t in targets(build, None) if "Sweep" in t["name"]]
    assert (target["limit"], target["pass"]) == (3.0, False)


def test_the_printable_book_has_a_time_limit():
    from bench.run import PDF_SECONDS, targets

    one = {"snippets_executed": 0, "notebooks_executed": 0, "wall_seconds": 1.0}
    builds = [{**one, "name": name} for name in ("cold", "warm", "snippet_edit")]
    builds.append({**one, "name": "make_pdf", "wall_seconds": PDF_SECONDS + 1})
    (target,) = [t for t in targets({"builds": builds}, None) if "make pdf" in t["name"]]
    assert (target["limit"], target["pass"]) == (180.0, False)
