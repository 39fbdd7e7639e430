"""ParallelConfig, get_config_from_file, parsl.Config translation and parallel futures."""

import time

import parsl
import pytest
from parsl.executors import HighThroughputExecutor, ThreadPoolExecutor
from parsl.launchers import SrunLauncher
from parsl.providers import LocalProvider, SlurmProvider

from qiime2 import Artifact
from qiime2.sdk.parallel_config import (
    Config, ParallelConfig, get_config_from_file, load_config_from_dict)

from conftest import needs_stew, hits_tsv


def test_get_config_from_file_gives_the_config_and_the_nested_mapping(config_file):
    config, mapping = get_config_from_file(config_file)
    assert isinstance(config, Config)
    assert config.executors == [("tpool", "threads", 2), ("default", "processes", 2)]
    assert mapping == {"dwq2": {"split_sequences": "tpool", "combine_las_reports": "tpool",
                                "tabulate_las_results": "tpool"}}
    assert str(config_file) in config.source


def test_a_flat_mapping_in_a_file_is_refused(tmp_path):
    path = tmp_path / "flat.toml"
    path.write_text('[parsl]\n[[parsl.executors]]\nclass = "ThreadPoolExecutor"\n'
                    'label = "default"\n[parsl.executor_mapping]\nsplit_sequences = "default"\n')
    with pytest.raises(TypeError, match=r"executor_mapping\.<plugin>"):
        get_config_from_file(path)


def test_a_bad_setting_in_a_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[parsl]\n[[parsl.executors]]\nclass = "ThreadPoolExecutor"\n'
                    'label = "default"\nmax_threads = 0\n')
    with pytest.raises(ValueError, match="max_threads"):
        get_config_from_file(path)


def test_the_default_config_follows_qiime2_precedence(tmp_path, monkeypatch):
    path = tmp_path / "env.toml"
    path.write_text('[parsl]\n[[parsl.executors]]\nclass = "ThreadPoolExecutor"\n'
                    'label = "default"\nmax_threads = 3\n')
    monkeypatch.setenv("QIIME2_CONFIG", str(path))
    with ParallelConfig() as config:
        assert config._native.executors() == [("default", "threads", 3)]
        assert str(path) in config._native.source
    monkeypatch.delenv("QIIME2_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with ParallelConfig() as config:
        assert config._native.source == "built-in default"


def test_configs_do_not_nest(config_file):
    c, m = get_config_from_file(config_file)
    with ParallelConfig(c, m):
        with pytest.raises(ValueError, match="cannot be nested"):
            with ParallelConfig():
                pass
    with ParallelConfig():  # the outer one has ended
        pass


def test_the_mapping_picks_executors_and_must_name_existing_ones(config_file):
    c, _ = get_config_from_file(config_file)
    with ParallelConfig(c, {"dwq2": {"local_alignment_search": "tpool"}}) as config:
        assert config._native.executor_for("dwq2", "local_alignment_search") == "tpool"
        assert config._native.executor_for("dwq2", "split_sequences") == "default"
    with pytest.raises(ValueError, match="nowhere"):
        with ParallelConfig(c, {"dwq2": {"split_sequences": "nowhere"}}):
            pass
    with pytest.raises(TypeError, match="plugin names"):
        ParallelConfig(c, {"split_sequences": "tpool"})


def test_a_parsl_config_is_translated(in_example):
    config = parsl.Config(
        executors=[ThreadPoolExecutor(label="tpool", max_threads=3),
                   HighThroughputExecutor(label="default", max_workers_per_node=2,
                                          provider=LocalProvider())],
        strategy="none")
    from qiime2.plugins.dwq2.pipelines import search_and_summarize
    with ParallelConfig(config, {"dwq2": {"split_sequences": "tpool"}}) as in_force:
        assert in_force._native.executors() == [("tpool", "threads", 3),
                                                 ("default", "processes", 2)]
        future = search_and_summarize.parallel(
            query_seqs=Artifact.load("query-seqs.qza"),
            reference_seqs=Artifact.load("reference-seqs.qza"), split_size=2)
        hits = future.result().hits
    serial = search_and_summarize(query_seqs=Artifact.load("query-seqs.qza"),
                                  reference_seqs=Artifact.load("reference-seqs.qza"),
                                  split_size=2).hits
    assert hits_tsv(hits) == hits_tsv(serial)


def test_a_parsl_slurm_config_is_translated():
    provider = SlurmProvider(partition="short", walltime="01:00:00", max_blocks=3,
                             scheduler_options="#SBATCH --mail-type=END")
    config = parsl.Config(executors=[HighThroughputExecutor(
        label="default", max_workers_per_node=4, provider=provider)])
    translated = ParallelConfig(config).parallel_config
    assert translated.executors == [("default", "slurm", 4)]


def test_what_cannot_be_translated_is_refused_naming_the_setting():
    launched = parsl.Config(executors=[HighThroughputExecutor(
        label="default", provider=LocalProvider(launcher=SrunLauncher()))])
    with pytest.raises(ValueError, match=r"provider\(LocalProvider\)\.launcher"):
        ParallelConfig(launched)

    class OwnExecutor(ThreadPoolExecutor):
        pass

    with pytest.raises(ValueError, match="OwnExecutor, which q2rs cannot run"):
        ParallelConfig(parsl.Config(executors=[OwnExecutor(label="own")]))
    with pytest.raises(ValueError, match="nodes_per_block"):
        ParallelConfig(parsl.Config(executors=[HighThroughputExecutor(
            label="default", provider=LocalProvider(nodes_per_block=2))]))


def test_dict_configs_are_read_like_files():
    config, mapping = load_config_from_dict({"parsl": {
        "executors": [{"class": "ThreadPoolExecutor", "label": "default", "max_threads": 1}],
        "executor_mapping": {"dwq2": {"split_sequences": "default"}}}})
    assert config.executors == [("default", "threads", 1)]
    assert mapping == {"dwq2": {"split_sequences": "default"}}
    with ParallelConfig({"parsl": {"executors": [
            {"class": "ThreadPoolExecutor", "label": "default", "max_threads": 1}]}}) as c:
        assert c._native.executors() == [("default", "threads", 1)]


@needs_stew
def test_futures_report_done_and_give_results_more_than_once(tmp_path):
    from qiime2.plugins.mystery_stew.pipelines import fan_out
    ints = _ints(tmp_path)
    with ParallelConfig({"parsl": {"executors": [
            {"class": "ThreadPoolExecutor", "label": "default", "max_threads": 4}]}}):
        future = fan_out.parallel(ints=ints, steps=4, millis=300)
        assert not future.done()
        started = time.monotonic()
        results = future._result()
        assert time.monotonic() - started < 1.1, "the four 300 ms steps overlapped"
    assert future.done()
    assert future.result()[0] == results[0]


def _ints(tmp_path):
    folder = tmp_path / "ints"
    folder.mkdir()
    (folder / "ints.txt").write_text("1\n2\n3\n")
    return Artifact.import_data("IntSequence1", folder)


@needs_stew
def test_the_gil_is_released_while_an_action_runs(tmp_path):
    import threading
    from qiime2.plugins.mystery_stew.methods import stamp_time
    ints = _ints(tmp_path)
    ticks, stop = [], threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.002)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        stamp_time(ints=ints, millis=600)
    finally:
        stop.set()
        ticker.join()
    # Holding the GIL through the 600 ms sleep would have allowed a tick or two.
    assert len(ticks) > 30
