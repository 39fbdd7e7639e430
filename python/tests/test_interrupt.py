"""Ctrl-C during a `.parallel()` run on worker processes: the workers are stopped, nothing is
written, and `KeyboardInterrupt` is raised in the waiting Python code, which goes on."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import needs_stew

SCRIPT = Path(__file__).parent / "interrupted_run.py"


@needs_stew
@pytest.mark.parametrize("whole_group", [False, True], ids=["python-only", "terminal-ctrl-c"])
def test_ctrl_c_stops_the_workers_and_raises_keyboard_interrupt(tmp_path, whole_group):
    (tmp_path / "ints").mkdir()
    (tmp_path / "ints" / "ints.txt").write_text("1\n2\n3\n")
    before = set(os.listdir(tmp_path))
    run = subprocess.Popen([sys.executable, str(SCRIPT), str(tmp_path / "ints")],
                           cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, start_new_session=True)
    try:
        assert run.stdout.readline().strip() == "started"
        # Let the script enter `_result()`: an interrupt between two Python lines raises
        # there, leaving the run going (as any Python code that is not waiting for it).
        time.sleep(0.5)
        if whole_group:
            # A terminal's Ctrl-C reaches every process of the foreground group.
            os.killpg(run.pid, signal.SIGINT)
        else:
            run.send_signal(signal.SIGINT)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("interrupted after "), out
    assert float(lines[0].split()[2]) < 10, "the run stopped without waiting for its steps"
    assert lines[1:] == ["children left: 0", "done: True", "serial run: True"], out
    assert set(os.listdir(tmp_path)) == before, "nothing was written"
    assert "panicked" not in err
