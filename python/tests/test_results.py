"""Artifacts, visualizations, collections and what actions return."""

import os
import uuid

import pandas as pd
import pytest

import qiime2
from qiime2 import Artifact, Metadata, ResultCollection, Visualization
from qiime2.plugins.dwq2.methods import (
    combine_las_reports, local_alignment_search, split_sequences)
from qiime2.plugins.dwq2.visualizers import tabulate_las_results

from conftest import hits_tsv, needs_stew


def test_load_gives_type_uuid_format_and_repr(example):
    seqs = Artifact.load(example / "query-seqs.qza")
    assert str(seqs.type) == "FeatureData[Sequence]"
    assert isinstance(seqs.uuid, uuid.UUID)
    assert seqs.format == "DNASequencesDirectoryFormat"
    assert repr(seqs) == f"<artifact: FeatureData[Sequence] uuid: {seqs.uuid}>"
    assert seqs == Artifact.load(example / "query-seqs.qza")
    seqs.validate()
    seqs.validate(level="min")


def test_visualizations_load_save_and_export(example, tmp_path):
    table = Visualization.load(example / "serial-hits-table.qzv")
    assert repr(table).startswith("<visualization: Visualization uuid: ")
    assert table.format is None
    assert table.save(tmp_path / "table") == str(tmp_path / "table.qzv")
    table.export_data(tmp_path / "exported")
    assert (tmp_path / "exported" / "index.html").is_file()
    with pytest.raises(TypeError, match="holds a visualization"):
        Artifact.load(example / "serial-hits-table.qzv")


def test_import_save_export_round_trip(tmp_path):
    fasta = tmp_path / "seqs.fasta"
    fasta.write_text(">a\nACGTACGT\n>b\nGGGTTTAA\n")
    seqs = Artifact.import_data("FeatureData[Sequence]", fasta)
    assert str(seqs.type) == "FeatureData[Sequence]"
    path = seqs.save(tmp_path / "seqs")
    assert path == str(tmp_path / "seqs.qza") and os.path.exists(path)
    assert seqs.save(tmp_path / "again.qza") == str(tmp_path / "again.qza")
    again = Artifact.load(path)
    assert again.uuid == seqs.uuid
    again.export_data(tmp_path / "out")
    assert (tmp_path / "out" / "dna-sequences.fasta").read_text() == fasta.read_text()
    with pytest.raises(ValueError, match="bad.fasta, line 1"):
        bad = tmp_path / "bad.fasta"
        bad.write_text("not fasta\n")
        Artifact.import_data("FeatureData[Sequence]", bad)
    with pytest.raises(TypeError, match="NoSuchType"):
        Artifact.import_data("NoSuchType", fasta)


def test_methods_return_results_by_name_index_and_unpacking(example):
    queries = Artifact.load(example / "query-seqs.qza")
    references = Artifact.load(example / "reference-seqs.qza")
    results = local_alignment_search(query_seqs=queries, reference_seqs=references)
    (hits,) = results
    assert hits is results[0] and results.hits == hits and results["hits"] == hits
    assert str(hits.type) == "LocalAlignmentSearchResults"
    assert "hits = <artifact: LocalAlignmentSearchResults" in repr(results)
    with pytest.raises(AttributeError, match="the outputs are hits"):
        results.nope
    # Positional arguments follow the signature: inputs, then parameters.
    assert hits_tsv(local_alignment_search(queries, references).hits) == hits_tsv(hits)


def test_collections_are_given_and_taken(example, tmp_path):
    queries = Artifact.load(example / "query-seqs.qza")
    references = Artifact.load(example / "reference-seqs.qza")
    splits = split_sequences(seqs=queries, split_size=2).splits
    assert isinstance(splits, ResultCollection)
    assert len(splits) == 3 and all(str(s.type) == "FeatureData[Sequence]"
                                     for s in splits.values())
    reports = ResultCollection({key: local_alignment_search(query_seqs=split,
                                                            reference_seqs=references).hits
                                for key, split in splits.items()})
    combined = combine_las_reports(reports=reports).report
    whole = local_alignment_search(query_seqs=queries, reference_seqs=references).hits
    assert hits_tsv(combined) == hits_tsv(whole)
    # A list is a collection keyed 0, 1, ...; a saved collection loads back in order.
    assert hits_tsv(combine_las_reports(reports=list(reports.values())).report) == \
        hits_tsv(whole)
    reports.save(tmp_path / "reports")
    loaded = ResultCollection.load(tmp_path / "reports")
    assert list(loaded.keys()) == list(reports.keys())


def test_hits_view_as_a_dataframe(example):
    hits = Artifact.load(example / "serial-hits.qza")
    frame = hits.view(pd.DataFrame)
    assert list(frame.index.names) == ["query id", "reference id"]
    assert list(frame.columns) == ["percent similarity", "alignment length", "score",
                                   "aligned query", "aligned reference"]
    assert frame["alignment length"].dtype.kind == "i"
    assert frame["score"].dtype.kind == "f"
    assert len(frame) == len(hits_tsv(hits).splitlines()) - 1


def test_a_view_that_cannot_be_given_is_a_clear_error(example):
    seqs = Artifact.load(example / "query-seqs.qza")
    with pytest.raises(TypeError, match=r"FeatureData\[Sequence\] cannot be viewed as"):
        seqs.view(pd.DataFrame)
    hits = Artifact.load(example / "serial-hits.qza")
    with pytest.raises(TypeError, match="cannot be used as metadata"):
        hits.view(Metadata)


def test_sequences_are_viewed_as_metadata_as_in_q2_types(example):
    seqs = Artifact.load(example / "query-seqs.qza")
    md = seqs.view(Metadata)
    ids = [line[1:].split()[0] for line in
           (seqs._native.data_dir / "dna-sequences.fasta").read_text().splitlines()
           if line.startswith(">")]
    assert list(md.ids) == ids


def test_metadata_loads_merges_and_becomes_a_dataframe(example, tmp_path):
    md = Metadata.load(example / "reference-metadata.tsv")
    frame = md.to_dataframe()
    assert frame.index.name == md.id_header
    assert list(frame.index) == list(md.ids)
    extra = tmp_path / "extra.tsv"
    extra.write_text("id\tdepth\n#q2:types\tnumeric\n" +
                     "".join(f"{i}\t{n}.5\n" for n, i in enumerate(md.ids[:3])))
    merged = Metadata.load(example / "reference-metadata.tsv", extra)
    assert merged.ids == md.ids[:3]
    assert merged.columns["depth"] == "numeric"
    assert list(merged.to_dataframe()["depth"]) == [0.5, 1.5, 2.5]
    assert Metadata.load([example / "reference-metadata.tsv", extra]) == merged
    column = merged.get_column("depth")
    assert isinstance(column, qiime2.NumericMetadataColumn)
    assert list(column.to_series()) == [0.5, 1.5, 2.5]
    with pytest.raises(ValueError, match="nope"):
        merged.get_column("nope")
    saved = merged.save(tmp_path / "merged.tsv")
    assert Metadata.load(saved) == merged
    assert Metadata(merged.to_dataframe()).columns == merged.columns


@needs_stew
def test_metadata_like_artifacts_view_as_metadata_and_dataframes(tmp_path):
    source = tmp_path / "annotations"
    source.mkdir()
    (source / "annotations.tsv").write_text("id\tsite\tph\nS1\tgut\t6.5\nS2\tskin\t7\n")
    annotations = Artifact.import_data("Annotations", source)
    frame = annotations.view(pd.DataFrame)
    assert list(frame.index) == ["S1", "S2"] and list(frame["ph"]) == [6.5, 7.0]
    assert annotations.view(Metadata).columns == {"site": "categorical", "ph": "numeric"}


def test_docstrings_are_rendered_from_the_signature():
    from qiime2.plugins.dwq2.pipelines import search_and_summarize
    doc = search_and_summarize.__doc__
    assert doc.startswith(search_and_summarize.name)
    assert "query_seqs : SingleDNASequence | FeatureData[Sequence]\n" in doc
    assert "split_size : Int % Range(1, None), optional (default 5)\n" in doc
    assert "Returns\n-------\nhits : LocalAlignmentSearchResults\n" in doc
    assert repr(search_and_summarize) == "<pipeline dwq2.search_and_summarize>"


@needs_stew
def test_every_plugin_gets_its_modules():
    from qiime2.plugins.mystery_stew.pipelines import fan_out
    from qiime2.plugins.mystery_stew import actions, methods, visualizers
    assert actions.fan_out is fan_out
    assert "stamp_time" in methods.__all__ and "fail_on_purpose" in visualizers.__all__
    pm = qiime2.sdk.PluginManager()
    assert pm is qiime2.sdk.PluginManager()
    assert set(pm.plugins) >= {"dwq2", "types", "mystery-stew"}
    assert pm.get_plugin(id="mystery_stew").name == "mystery-stew"
    assert "search_and_summarize" in pm.get_plugin(name="dwq2").pipelines
    assert pm.artifact_classes["FeatureData[Sequence]"] == "DNASequencesDirectoryFormat"


def test_visualizers_make_visualizations(example):
    table = tabulate_las_results(hits=Artifact.load(example / "serial-hits.qza")).visualization
    assert isinstance(table, Visualization)


def test_the_cache_stores_and_fetches(tmp_path, example):
    cache = qiime2.Cache(tmp_path / "cache")
    seqs = Artifact.load(example / "query-seqs.qza")
    cached = cache.save(seqs, "queries")
    assert cached.uuid == seqs.uuid
    assert cache.get_keys() == {"queries"}
    assert cache.load("queries").uuid == seqs.uuid
    cache.remove("queries")
    cache.garbage_collection()
    assert cache.get_keys() == set()
    with pytest.raises(ValueError, match="queries"):
        cache.load("queries")


def _alias_of(result):
    import re
    return re.search(r"alias-of: (\S+)", result._native.action_yaml()).group(1)


def test_a_recycle_pool_records_the_steps_and_a_rerun_reuses_them(tmp_path, example):
    from qiime2.plugins.dwq2.pipelines import search_and_summarize
    from qiime2.sdk.parallel_config import ParallelConfig
    cache = qiime2.Cache(tmp_path / "cache")
    pool = cache.create_pool("tutorial")
    inputs = {"query_seqs": Artifact.load(example / "query-seqs.qza"),
              "reference_seqs": Artifact.load(example / "reference-seqs.qza"),
              "split_size": 1}
    with pool:
        first = search_and_summarize(**inputs)
    assert pool.steps() > 0
    with pytest.raises(ValueError, match="reuse=True"):
        cache.create_pool("tutorial")
    with cache.create_pool("tutorial", reuse=True):
        again = search_and_summarize(**inputs)
        with ParallelConfig({"parsl": {"executors": [
                {"class": "ThreadPoolExecutor", "label": "default", "max_threads": 2}]}}):
            parallel = search_and_summarize.parallel(**inputs)._result()
    assert _alias_of(again.hits) == _alias_of(first.hits) == _alias_of(parallel.hits)
    assert _alias_of(search_and_summarize(**inputs).hits) != _alias_of(first.hits)
    pool.remove()
    assert "tutorial" not in cache.get_keys()
