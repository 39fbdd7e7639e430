"""Results saved from Python are read by `qiime tools validate` and used by the CLI, and the
reverse; their provenance is the CLI's but for the `python:` line naming the interpreter."""

import re
import sys
import zipfile

from qiime2 import Artifact, Visualization
from qiime2.plugins.dwq2.methods import local_alignment_search
from qiime2.plugins.dwq2.pipelines import search_and_summarize

from conftest import hits_tsv, run_qiime


def own_action_yaml(archive):
    with zipfile.ZipFile(archive) as z:
        name = next(n for n in z.namelist()
                    if re.fullmatch(r"[^/]+/provenance/action/action\.yaml", n))
        return z.read(name).decode()


def test_python_results_are_valid_for_the_cli_and_used_by_it(example, tmp_path):
    results = search_and_summarize(query_seqs=Artifact.load(example / "query-seqs.qza"),
                                   reference_seqs=Artifact.load(example / "reference-seqs.qza"),
                                   split_size=1)
    hits = results.hits.save(tmp_path / "py-hits")
    table = results.hits_table.save(tmp_path / "py-table")
    for saved in (hits, table):
        assert "appears to be valid" in run_qiime("tools", "validate", saved).stdout
    run_qiime("dwq2", "tabulate-las-results", "--i-hits", hits,
              "--o-visualization", tmp_path / "cli-table.qzv")
    assert isinstance(Visualization.load(tmp_path / "cli-table.qzv"), Visualization)


def test_cli_results_are_used_from_python(example, tmp_path):
    run_qiime("dwq2", "local-alignment-search", "--i-query-seqs", "query-seqs.qza",
              "--i-reference-seqs", "reference-seqs.qza", "--o-hits", tmp_path / "cli.qza",
              cwd=example)
    cli_hits = Artifact.load(tmp_path / "cli.qza")
    py_hits = local_alignment_search(
        query_seqs=Artifact.load(example / "query-seqs.qza"),
        reference_seqs=Artifact.load(example / "reference-seqs.qza")).hits
    assert hits_tsv(cli_hits) == hits_tsv(py_hits)
    assert hits_tsv(example / "serial-hits.qza") == hits_tsv(
        search_and_summarize(query_seqs=Artifact.load(example / "query-seqs.qza"),
                             reference_seqs=Artifact.load(example / "reference-seqs.qza"),
                             split_size=1).hits)


def test_provenance_is_the_clis_but_names_the_python_interpreter(example, tmp_path):
    run_qiime("dwq2", "local-alignment-search", "--i-query-seqs", "query-seqs.qza",
              "--i-reference-seqs", "reference-seqs.qza", "--o-hits", tmp_path / "cli.qza",
              cwd=example)
    py = local_alignment_search(query_seqs=Artifact.load(example / "query-seqs.qza"),
                                reference_seqs=Artifact.load(example / "reference-seqs.qza"))
    python_yaml = own_action_yaml(py.hits.save(tmp_path / "py"))
    cli_yaml = own_action_yaml(tmp_path / "cli.qza")
    interpreter = "    python: |-\n" + "".join(
        f"        {line}\n" for line in sys.version.splitlines())
    assert interpreter in python_yaml and "python:" not in cli_yaml

    def comparable(text):
        text = text.replace(interpreter, "")
        text = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "UUID", text)
        return re.sub(r"(start|end|duration): .*", r"\1: T", text)

    assert comparable(python_yaml) == comparable(cli_yaml)
