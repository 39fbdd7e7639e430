"""Shared fixtures: the example data of the tutorial, the CLI's serial hits, a config file.

The test plugin (mystery-stew) is added through ``QIIME2_PLUGIN_PATH`` before ``qiime2`` is
imported: ``$Q2RS_TEST_PLUGIN`` names its dylib (``python/ci.sh`` sets it).
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

_PLUGIN = os.environ.get("Q2RS_TEST_PLUGIN")
if _PLUGIN:
    _dir = tempfile.mkdtemp(prefix="q2rs-test-plugins-")
    atexit.register(shutil.rmtree, _dir, ignore_errors=True)
    shutil.copy(_PLUGIN, _dir)
    os.environ["QIIME2_PLUGIN_PATH"] = _dir

# Pipelines here run without a recycle pool, and nothing may read the user's config.
os.environ.pop("QIIME2_CONFIG", None)

import qiime2  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO.parent / "shared" / "seed" / "parallel-tutorial.md"
QIIME = Path(qiime2.__file__).parent / "_lib" / "qiime"


def run_qiime(*args, cwd=None, check=True):
    """Runs the `qiime` shipped with the package; returns the finished process."""
    done = subprocess.run([str(QIIME), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"qiime {' '.join(map(str, args))} failed:\n{done.stderr}")
    return done


needs_stew = pytest.mark.skipif(not _PLUGIN, reason="Q2RS_TEST_PLUGIN is not set")


@pytest.fixture(scope="session")
def example(tmp_path_factory):
    """The folder `--example-data` writes (ss-usage/Serial), with the CLI's serial run in it:
    serial-hits.qza and serial-hits-table.qzv."""
    root = tmp_path_factory.mktemp("tutorial")
    run_qiime("dwq2", "search-and-summarize", "--example-data", "ss-usage", cwd=root)
    serial = root / "ss-usage" / "Serial"
    run_qiime("dwq2", "search-and-summarize",
              "--i-query-seqs", "query-seqs.qza", "--i-reference-seqs", "reference-seqs.qza",
              "--m-reference-metadata-file", "reference-metadata.tsv", "--p-split-size", "1",
              "--o-hits", "serial-hits.qza", "--o-hits-table", "serial-hits-table.qzv",
              "--no-recycle", cwd=serial)
    return serial


@pytest.fixture
def in_example(example, monkeypatch):
    """Runs the test inside the example folder."""
    monkeypatch.chdir(example)
    return example


@pytest.fixture(scope="session")
def config_file(tmp_path_factory):
    """A QIIME 2 config: threads and worker processes, with a nested executor mapping."""
    path = tmp_path_factory.mktemp("config") / "qiime2_config.toml"
    path.write_text(
        '[parsl]\nstrategy = "None"\n\n'
        '[[parsl.executors]]\nclass = "ThreadPoolExecutor"\nlabel = "tpool"\nmax_threads = 2\n\n'
        '[[parsl.executors]]\nclass = "HighThroughputExecutor"\nlabel = "default"\n'
        'max_workers = 2\n\n[parsl.executors.provider]\nclass = "LocalProvider"\n\n'
        '[parsl.executor_mapping.dwq2]\nsplit_sequences = "tpool"\n'
        'combine_las_reports = "tpool"\ntabulate_las_results = "tpool"\n')
    return path


def hits_tsv(result_or_path):
    """The bytes of hits.tsv in a result or an archive."""
    if isinstance(result_or_path, (str, Path)):
        result_or_path = qiime2.Artifact.load(result_or_path)
    return (Path(result_or_path._native.data_dir) / "hits.tsv").read_bytes()


def python_exe():
    return sys.executable
