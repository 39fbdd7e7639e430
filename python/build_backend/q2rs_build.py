"""PEP 517 build backend of the q2rs Python package: maturin, after staging the binaries.

Before maturin builds the extension module, the workspace's plugin dylibs (types, dwq2) and the
`qiime` executable (which runs the steps of parallel runs in worker processes) are built with
cargo in the same profile and copied into ``qiime2/_lib/``, which the wheel carries.

``Q2RS_BUILD_PROFILE`` picks the cargo profile: ``release`` (the default) or ``dev`` (a much
faster build, for CI). ``CARGO_TARGET_DIR`` is honoured, so a workspace that was built already
is not built twice.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import maturin
from maturin import get_requires_for_build_sdist, get_requires_for_build_wheel  # noqa: F401
from maturin import prepare_metadata_for_build_wheel, build_sdist  # noqa: F401

HERE = Path(__file__).resolve().parent.parent
LIB = HERE / "qiime2" / "_lib"
# The plugin crates whose dylibs the wheel carries, and the worker executable's crate.
PLUGINS = ["q2-types-plugin", "q2-dwq2"]
WORKER = ("q2cli", "qiime")


_EXE = ".exe" if sys.platform == "win32" else ""


def _dylib(crate):
    """The file name cargo gives the dynamic library of ``crate`` on this platform."""
    stem = crate.replace("-", "_")
    if sys.platform == "win32":
        return f"{stem}.dll"
    return f"lib{stem}.dylib" if sys.platform == "darwin" else f"lib{stem}.so"


def _profile():
    profile = os.environ.get("Q2RS_BUILD_PROFILE", "release")
    if profile not in ("release", "dev"):
        sys.exit(f"Q2RS_BUILD_PROFILE must be 'release' or 'dev', not {profile!r}")
    return profile


def _target_dir():
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=HERE, check=True, capture_output=True, text=True,
    ).stdout
    return Path(json.loads(out)["target_directory"])


def _stage():
    profile = _profile()
    command = ["cargo", "build", "--profile", profile, "-p", WORKER[0]]
    for crate in PLUGINS:
        command += ["-p", crate]
    subprocess.run(command, cwd=HERE, check=True)
    built = _target_dir() / ("debug" if profile == "dev" else profile)
    if LIB.exists():
        shutil.rmtree(LIB)
    LIB.mkdir(parents=True)
    names = [_dylib(crate) for crate in PLUGINS] + [WORKER[1] + _EXE]
    for name in names:
        shutil.copy2(built / name, LIB / name)
    # maturin reads its extra arguments from here: build the extension in the same profile.
    if profile == "dev" and "MATURIN_PEP517_ARGS" not in os.environ:
        os.environ["MATURIN_PEP517_ARGS"] = "--profile dev"
    return built


def _unstage(built):
    """Removes the extension module maturin left in cargo's output folder, beside the plugin
    dylibs, where `qiime` would take it for a plugin (the wheel has its own copy)."""
    extension = built / _dylib("_native")
    extension.unlink(missing_ok=True)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    built = _stage()
    try:
        return maturin.build_wheel(wheel_directory, config_settings, metadata_directory)
    finally:
        _unstage(built)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    built = _stage()
    try:
        return maturin.build_editable(wheel_directory, config_settings, metadata_directory)
    finally:
        _unstage(built)
