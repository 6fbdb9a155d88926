"""The Dask engine writes the same files, byte for byte, as the local engine."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("distributed")

from dashlib import paths
from dashlib.bench.corpus import generate_corpus
from dashlib.building.dask_engine import batch_size, build_folder_dask
from dashlib.building.pipeline import build_folder


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for p in paths.SEEDS_DIR.iterdir():
        if p.is_file():
            shutil.copy(p, folder / p.name)
    gen = tmp_path_factory.mktemp("generated")
    generate_corpus(40, gen, seed=3)
    for p in gen.iterdir():
        if p.is_file():
            shutil.copy(p, folder / p.name)
    (folder / "copy-of-seed.txt").write_bytes(
        next(iter(sorted(paths.SEEDS_DIR.iterdir()))).read_bytes()
    )
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    return folder


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


def _files(folder):
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def _same_files(a, b):
    names = _files(a)
    assert names == _files(b)
    assert any(n.endswith(".parquet") for n in names) and ".inputs.json" in names
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_dask_build_is_byte_identical(articles, cluster, tmp_path):
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    t_local = build_folder(articles, local)
    calls = []
    t_dask = build_folder_dask(
        articles,
        dask_out,
        scheduler=cluster.scheduler_address,
        progress=lambda d, t: calls.append((d, t)),
        batch=7,
    )
    _same_files(local, dask_out)
    assert t_dask.report["counts"] == t_local.report["counts"]
    assert t_dask.report["files_skipped"] == t_local.report["files_skipped"]
    assert calls[-1] == (calls[-1][1], calls[-1][1])
    assert "map" in t_dask.report["timings_seconds"]


def test_batch_size():
    assert batch_size(0, 2) == 1
    assert batch_size(100, 2) == 7
    assert batch_size(1_000_000, 2) == 400


def test_cli_engine_dask_starts_its_own_cluster(tmp_path, capsys):
    from dashlib.cli import main

    out_local, out_dask = tmp_path / "l", tmp_path / "d"
    assert (
        main(["build", "--articles", str(paths.SEEDS_DIR), "--out", str(out_local), "--quiet"]) == 0
    )
    code = main(
        [
            "build",
            "--engine",
            "dask",
            "--articles",
            str(paths.SEEDS_DIR),
            "--out",
            str(out_dask),
            "--quiet",
        ]
    )
    assert code == 0
    _same_files(out_local, out_dask)


def test_own_cluster_takes_a_free_port_when_8787_is_in_use():
    """The cluster the build starts serves its HTTP routes on a free loopback port and
    no dashboard, so another cluster (or anything) on port 8787 does not clash with it,
    and nothing listens beyond this machine."""
    import contextlib
    import socket
    import warnings

    from dashlib.building.dask_engine import dask_client

    with socket.socket() as taken:
        with contextlib.suppress(OSError):  # already in use: the case this test is about
            taken.bind(("", 8787))
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)
            with dask_client(None, n_workers=1, processes=False) as client:
                assert client.submit(sum, [1, 2]).result() == 3
                assert 8787 not in client.scheduler_info()["services"].values()
                # the HTTP server listens on loopback only
                http = client.cluster.scheduler.http_server
                hosts = {sock.getsockname()[0] for sock in http._sockets.values()}
                assert hosts == {"127.0.0.1"}
