"""The build's progress line (tqdm): redrawn on a terminal, a few plain lines in a log."""

import io

from dashlib.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_log_gets_few_whole_lines_and_the_final_count():
    out = io.StringIO()
    progress = Progress("building", stream=out, log_interval=60)
    for i in range(1, 10_001):
        progress(i, 10_000)
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert 1 <= len(lines) <= 3, lines
    assert "10000/10000" in lines[-1]
    assert lines[-1].startswith("building: 100%")


def test_a_terminal_gets_one_line_redrawn_in_place():
    out = _Terminal()
    progress = Progress("building", stream=out)
    for i in range(1, 101):
        progress(i, 100)
    text = out.getvalue()
    assert "\r" in text
    assert text.rstrip("\n").count("\n") == 0
    assert "100/100" in text.rsplit("\r", 1)[-1]


def test_cli_build_reports_progress_on_stderr(tmp_path, capsys):
    from dashlib import cli, paths

    assert cli.main(["build", "--articles", str(paths.SEEDS_DIR), "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "building: 100%" in err and "5/5" in err
