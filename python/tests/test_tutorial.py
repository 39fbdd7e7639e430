"""The parallel tutorial's two Python snippets, as the tutorial has them, inside the folder
`--example-data` writes: their hits equal the CLI's serial hits byte for byte."""

import re
from pathlib import Path

import pytest

from conftest import TUTORIAL, hits_tsv

SNIPPETS = Path(__file__).parent / "snippets"
#: The one line of the second snippet that the tutorial leaves to the reader.
CONFIG_LINE = "path_to_config_file = # set this to the path to the file you'd like to load"
FILLED_LINE = "path_to_config_file = Q2RS_CONFIG_PATH"


def run_snippet(name, **names):
    scope = dict(names)
    exec(compile((SNIPPETS / name).read_text(), name, "exec"), scope)
    return scope


@pytest.mark.skipif(not TUTORIAL.exists(), reason="the tutorial is not beside the repository")
def test_the_snippets_are_the_tutorials_own():
    blocks = re.findall(r"```python\n(.*?)```", TUTORIAL.read_text(), re.S)
    assert blocks[0] == (SNIPPETS / "parallel_default.py").read_text()
    assert blocks[1].replace(CONFIG_LINE, FILLED_LINE) == \
        (SNIPPETS / "parallel_from_file.py").read_text()


def test_the_default_config_snippet_gives_the_serial_hits(in_example):
    scope = run_snippet("parallel_default.py")
    result = scope["result"]
    assert hits_tsv(result.hits) == hits_tsv(in_example / "serial-hits.qza")
    assert str(result.hits_table.type) == "Visualization"


def test_the_config_file_snippet_gives_the_serial_hits(in_example, config_file):
    scope = run_snippet("parallel_from_file.py", Q2RS_CONFIG_PATH=str(config_file))
    result = scope["result"]
    assert hits_tsv(result.hits) == hits_tsv(in_example / "serial-hits.qza")
    assert scope["m"] == {"dwq2": {"split_sequences": "tpool", "combine_las_reports": "tpool",
                                   "tabulate_las_results": "tpool"}}
    # The mapping was followed: the searches ran in worker processes, the rest on threads.
    yaml = result.hits._native.action_yaml()
    assert "type: pipeline" in yaml
    saved = result.hits.save(in_example / "from-file-hits")
    provenance = _ancestor_contexts(saved)
    assert provenance["local_alignment_search"] == {"HighThroughputExecutor"}
    assert provenance["split_sequences"] == {"ThreadPoolExecutor"}
    assert provenance["combine_las_reports"] == {"ThreadPoolExecutor"}
    # Steps run in worker processes record the interpreter of the run, as the rest do.
    import zipfile
    with zipfile.ZipFile(saved) as z:
        records = [z.read(n).decode() for n in z.namelist() if n.endswith("action.yaml")]
    steps = [r for r in records if "type: import" not in r]
    assert steps and all("    python: |-\n" in r for r in steps)


def _ancestor_contexts(archive):
    """action id -> the executor classes its records name, over an archive's provenance."""
    import zipfile
    found = {}
    with zipfile.ZipFile(archive) as z:
        for name in z.namelist():
            if name.endswith("action/action.yaml") and "/artifacts/" in name:
                text = z.read(name).decode()
                action = re.search(r"^    action: (\S+)$", text, re.M)
                kind = re.search(r"parsl_type: (\S+)", text)
                if action and kind:
                    found.setdefault(action.group(1), set()).add(kind.group(1))
    return found
