"""Bad calls fail before anything runs, with the CLI's reasons; a failed step raises one
exception naming the step; a plugin's panic never reaches Python as a panic."""

import pytest

from qiime2 import Artifact, Metadata
from qiime2.sdk import ActionError
from qiime2.sdk.parallel_config import ParallelConfig
from qiime2.plugins.dwq2.methods import local_alignment_search, split_sequences
from qiime2.plugins.dwq2.pipelines import search_and_summarize

from conftest import needs_stew, run_qiime

THREADS = {"parsl": {"executors": [
    {"class": "ThreadPoolExecutor", "label": "default", "max_threads": 2}]}}


@pytest.fixture
def inputs(example):
    return {"query_seqs": Artifact.load(example / "query-seqs.qza"),
            "reference_seqs": Artifact.load(example / "reference-seqs.qza")}


def test_a_wrong_input_type_is_a_type_error_with_the_clis_reason(example, inputs):
    hits = Artifact.load(example / "serial-hits.qza")
    with pytest.raises(TypeError) as raised:
        local_alignment_search(query_seqs=inputs["query_seqs"], reference_seqs=hits)
    reason = ("Expected an artifact of at least type FeatureData[Sequence]. An artifact of "
              "type LocalAlignmentSearchResults was provided.")
    assert str(raised.value) == f"Invalid value for 'reference_seqs': {reason}"
    cli = run_qiime("dwq2", "local-alignment-search", "--i-query-seqs", "query-seqs.qza",
                    "--i-reference-seqs", "serial-hits.qza", "--o-hits", "x.qza",
                    cwd=example, check=False)
    assert cli.returncode != 0 and reason in cli.stderr
    with pytest.raises(TypeError, match="expected an artifact of type FeatureData"):
        split_sequences(seqs="query-seqs.qza")


def test_a_bad_parameter_value_is_a_value_error_with_the_clis_reason(example, inputs):
    with pytest.raises(ValueError) as raised:
        search_and_summarize(**inputs, split_size=0)
    assert str(raised.value) == "Invalid value for 'split_size': 0 is not in Range(1, None)"
    cli = run_qiime("dwq2", "split-sequences", "--i-seqs", "query-seqs.qza",
                    "--p-split-size", "0", "--o-splits", "splits", cwd=example, check=False)
    assert "0 is not in Range(1, None)" in cli.stderr
    with pytest.raises(TypeError, match="Invalid value for 'split_size': 'two' is not"):
        search_and_summarize(**inputs, split_size="two")
    with pytest.raises(TypeError, match="Invalid value for 'reference_metadata'"):
        search_and_summarize(**inputs, reference_metadata="reference-metadata.tsv")


def test_missing_and_unknown_arguments_are_type_errors(inputs):
    with pytest.raises(TypeError, match=r"search_and_summarize\(\) missing required argument "
                                        r"'reference_seqs' \(FeatureData\[Sequence\]\)"):
        search_and_summarize(query_seqs=inputs["query_seqs"])
    with pytest.raises(TypeError, match="unexpected keyword argument 'splitsize'"):
        search_and_summarize(**inputs, splitsize=2)
    with pytest.raises(TypeError, match="missing required argument"):
        search_and_summarize.parallel(query_seqs=inputs["query_seqs"])


def test_a_failed_step_raises_one_error_naming_the_step(example, inputs, tmp_path):
    # Metadata lacking a reference's ID fails the tabulating step.
    partial = tmp_path / "partial.tsv"
    lines = (example / "reference-metadata.tsv").read_text().splitlines(keepends=True)
    partial.write_text("".join(lines[:3]))
    metadata = Metadata.load(partial)
    with pytest.raises(ActionError, match="tabulate_las_results"):
        search_and_summarize(**inputs, reference_metadata=metadata, split_size=1)
    with ParallelConfig(THREADS):
        future = search_and_summarize.parallel(**inputs, reference_metadata=metadata)
        with pytest.raises(ActionError, match="dwq2 tabulate_las_results failed"):
            future._result()
        with pytest.raises(RuntimeError, match="raised already"):
            future._result()


@needs_stew
def test_a_plugin_panic_or_error_is_an_action_error(tmp_path):
    from qiime2.plugins.mystery_stew.visualizers import fail_on_purpose, panic_on_purpose
    with pytest.raises(ActionError, match="failed on purpose"):
        fail_on_purpose()
    with pytest.raises(ActionError) as raised:
        panic_on_purpose()
    assert type(raised.value) is ActionError


def test_unreadable_files_name_the_file(tmp_path):
    missing = tmp_path / "missing.qza"
    with pytest.raises(ValueError, match="missing.qza"):
        Artifact.load(missing)
    not_an_archive = tmp_path / "text.qza"
    not_an_archive.write_text("hello")
    with pytest.raises(ValueError, match="text.qza"):
        Artifact.load(not_an_archive)
    with pytest.raises(ValueError, match="nothing.tsv"):
        Metadata.load(tmp_path / "nothing.tsv")
    fasta = tmp_path / "seqs.fasta"
    fasta.write_text(">a\nACGT\n")
    with pytest.raises(ValueError, match="level must be 'min' or 'max'"):
        Artifact.import_data("FeatureData[Sequence]", fasta).validate(level="medium")
