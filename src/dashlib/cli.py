"""The ``dashlib`` command: a thin shell over the library.

dashlib build [--articles DIR] [--out DIR]
dashlib ingest PATH... [--articles DIR] [--out DIR] [--no-build]
dashlib export --table NAME [--data DIR] [--out FILE] [filters]
dashlib evaluate GOLD [--articles DIR | --build DIR]
dashlib bench ...            (see BENCHMARKS.md)
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from dashlib import paths
from dashlib.progress import Progress


def _print_report(report: dict, out_dir: Path | None) -> None:
    print(f"read {report['files_read']} article file(s)")
    for s in report.get("files_skipped", []):
        print(f"  skipped {s['file']}: {s['reason']}")
    counts = ", ".join(f"{k} {v}" for k, v in report["counts"].items())
    print(f"tables: {counts}")
    warnings = report.get("warnings", [])
    if warnings:
        print(f"{len(warnings)} warning(s):")
        for w in warnings[:50]:
            print(f"  - {w}")
        if len(warnings) > 50:
            print(f"  ... and {len(warnings) - 50} more in the build report")
    cur = report.get("curation") or {}
    if cur.get("unmatched"):
        print(f"{len(cur['unmatched'])} curation entr(y/ies) matched nothing:")
        for u in cur["unmatched"]:
            print(f"  - {u}")
    if out_dir is not None:
        print(f"wrote {out_dir}/ (CSV tables and build_report.json)")


def cmd_build(args) -> int:
    from dashlib.building.pipeline import NothingToBuild
    from dashlib.building.validate import ValidationFailed

    progress = None if args.quiet else Progress()
    try:
        if args.engine == "dask":
            from dashlib.building.dask_engine import build_folder_dask

            tables = build_folder_dask(
                args.articles, args.out, scheduler=args.scheduler, progress=progress
            )
        else:
            from dashlib.building.pipeline import build_folder

            tables = build_folder(
                args.articles, args.out, progress=progress, workers=getattr(args, "workers", None)
            )
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except NothingToBuild as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except ValidationFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    _print_report(tables.report, Path(args.out) if args.out else None)
    return 0


def cmd_ingest(args) -> int:
    from dashlib.building.ingest import ingest_paths

    report = ingest_paths([Path(p) for p in args.paths], Path(args.articles))
    print(report)
    if args.no_build:
        return 0
    if not report.changed and not args.rebuild:
        print("nothing new: build left as it is")
        return 0
    build_args = argparse.Namespace(
        articles=args.articles, out=args.out, quiet=args.quiet, engine="local", scheduler=None
    )
    return cmd_build(build_args)


def cmd_export(args) -> int:
    from dashlib.api import load_tables
    from dashlib.building.store import has_tables
    from dashlib.reading.export import table_csv
    from dashlib.reading.filters import filters_from_cli
    from dashlib.tables import TABLE_NAMES

    if args.table not in TABLE_NAMES:
        print(
            f"error: unknown table {args.table!r}; tables are {', '.join(TABLE_NAMES)}",
            file=sys.stderr,
        )
        return 2
    if not has_tables(args.data):
        print(
            f"error: no build in {args.data}; run `dashlib build --out {args.data}` first",
            file=sys.stderr,
        )
        return 2
    try:
        filters = filters_from_cli(vars(args))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    data = table_csv(load_tables(args.data), args.table, filters)
    if args.out in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        from dashlib.fsutil import atomic_write_bytes

        atomic_write_bytes(args.out, data)
        n_lines = data.count(b"\n") - 1
        print(f"wrote {args.out} ({n_lines} lines after the header)", file=sys.stderr)
    return 0


def cmd_evaluate(args) -> int:
    if str(args.gold).lower().endswith(".csv"):
        return _evaluate_figures(args)
    from dashlib.bench.evaluate import load_gold, score_tables
    from dashlib.building.pipeline import build_folder

    tables = build_folder(args.articles, None, curation_file=None)
    score = score_tables(tables, load_gold(args.gold))
    print(score)
    if args.json:
        print(json.dumps(score.rows, indent=2))
    return 0 if score.minimum() >= args.threshold else 1


def _evaluate_figures(args) -> int:
    """``dashlib evaluate GOLD.csv``: the real reports' gold format (see bench.figure_gold)."""
    from dashlib.bench.figure_gold import format_report, load_figure_gold, score_figures

    if args.build:
        from dashlib.api import load_tables

        tables = load_tables(args.build)
    else:
        from dashlib.building.pipeline import build_folder

        tables = build_folder(args.articles, None, curation_file=None)
    score = score_figures(tables, load_figure_gold(args.gold))
    print(format_report(score, show=args.show))
    ok = (
        score.recall >= args.min_recall
        and score.precision >= args.min_precision
        and score.claimant >= args.min_claimant
        and score.pair_precision >= args.min_pair_precision
        and score.pair_recall >= args.min_pair_recall
        and (not score.sides_of or score.sides_met / score.sides_of >= args.min_sides)
    )
    return 0 if ok else 1


def cmd_candidates(args) -> int:
    """List the build report's merge candidates, or merge one through the curation file."""
    from dashlib.building.curation import add_curation_entry
    from dashlib.building.store import REPORT_FILE

    try:
        report = json.loads((Path(args.build) / REPORT_FILE).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read the build report in {args.build}: {exc}", file=sys.stderr)
        return 2
    block = report.get("merge_candidates") or {}
    listed = block.get("listed", [])
    if args.merge is not None:
        if not 1 <= args.merge <= len(listed):
            print(f"no candidate {args.merge}: the report lists {len(listed)}", file=sys.stderr)
            return 2
        entry = {
            **listed[args.merge - 1]["curation_entry"],
            "date": datetime.date.today().isoformat(),
            **({"analyst": args.analyst} if args.analyst else {}),
        }
        entry = add_curation_entry(args.curation, entry)
        print(f"added to {args.curation}: merge_incidents {', '.join(entry['incident_ids'])}")
        print("rebuild (dashlib build) to apply it")
        return 0
    print(f"{block.get('total', 0):,} pairs of incidents may be one event; the strongest first")
    for k, c in enumerate(listed[: args.limit], start=1):
        print(f"\n{k}. {c['labels'][0]}  <->  {c['labels'][1]}")
        print(f"   incidents: {' '.join(c['incident_ids'])}")
        print(f"   for:     {'; '.join(c['for'])}")
        print(f"   against: {'; '.join(c['against']) or '-'}")
    if listed:
        print(f"\nmerge one: dashlib candidates --build {args.build} --merge N")
    return 0


def cmd_dictionary(args) -> int:
    from dashlib.schemas import data_dictionary_markdown

    print(data_dictionary_markdown())
    return 0


def cmd_bench(args, rest) -> int:
    from dashlib.bench import runner

    return runner.main(rest)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dashlib",
        description="News articles into evidence-linked tables of incidents and claims.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build every table from a folder of articles")
    b.add_argument(
        "--articles", default=str(paths.SEEDS_DIR), help="folder of article files (default: seeds/)"
    )
    b.add_argument(
        "--out", default=str(paths.BUILD_DIR), help="output folder (default: data/build/)"
    )
    b.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="run on this machine's processes or on Dask",
    )
    b.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes that read the articles (engine local; default: every core for "
        "2,000 files or more, else one)",
    )
    b.add_argument(
        "--scheduler", default=None, help="Dask scheduler address (default: start a local cluster)"
    )
    b.add_argument("--quiet", action="store_true", help="no progress line")
    b.set_defaults(func=cmd_build)

    _add_ingest(sub)
    _add_export(sub)
    _add_evaluate(sub)
    d = sub.add_parser("dictionary", help="print the data dictionary (Markdown)")
    d.set_defaults(func=cmd_dictionary)

    sub.add_parser(
        "bench",
        help="benchmarks: generate a corpus, time builds and pages (see BENCHMARKS.md)",
        add_help=False,
    )
    return p


def _add_ingest(sub) -> None:
    i = sub.add_parser("ingest", help="add article files to the article folder and rebuild")
    i.add_argument("paths", nargs="+", help="files (.txt, .md, .html) or folders")
    i.add_argument(
        "--articles",
        default=str(paths.SEEDS_DIR),
        help="article folder to add to (default: seeds/)",
    )
    i.add_argument(
        "--out", default=str(paths.BUILD_DIR), help="build output folder (default: data/build/)"
    )
    i.add_argument("--no-build", action="store_true", help="only add the files")
    i.add_argument("--rebuild", action="store_true", help="rebuild even if nothing was added")
    i.add_argument("--quiet", action="store_true")
    i.set_defaults(func=cmd_ingest)


def _add_export(sub) -> None:
    e = sub.add_parser("export", help="write one table as a filtered, formula-safe CSV")
    e.add_argument(
        "--table", required=True, help="incidents, claims, estimates, targets, mentions or articles"
    )
    e.add_argument(
        "--data", default=str(paths.BUILD_DIR), help="a folder written by `dashlib build --out`"
    )
    e.add_argument("--out", default=None, help="output file (default: standard output)")
    e.add_argument("--from", dest="date_from", help="start date (YYYY-MM-DD, YYYY-MM or YYYY)")
    e.add_argument("--to", dest="date_to", help="end date")
    e.add_argument(
        "--basis",
        choices=["incident", "report"],
        help="filter dates by incident date or report date",
    )
    e.add_argument(
        "--exclude-undated",
        action="store_true",
        default=None,
        help="leave out incidents with no known date",
    )
    e.add_argument("--place", help="districts or places, comma-separated")
    e.add_argument("--target", help="target categories, comma-separated")
    e.add_argument("--type", help="incident types, comma-separated")
    e.add_argument("--perpetrator", help="perpetrators, comma-separated")
    e.add_argument("--claimant", help="claimant types, comma-separated")
    e.add_argument("--article", help="article IDs or file names, comma-separated")
    e.set_defaults(func=cmd_export)


def _add_evaluate(sub) -> None:
    """`evaluate` and `candidates`: how good a build is, and what an analyst may decide."""
    v = sub.add_parser(
        "evaluate",
        help="score a build against a gold annotation (YAML, or a CSV of figures)",
        description="GOLD is a YAML annotation (tests/gold/seeds_gold.yaml) or a CSV of the "
        "figures each article states (the real reports' format: file, claimant, metric, "
        "value_low, ...). A CSV gold is scored like the shared real-reports scorer, broken "
        "down by metric and claimant type, with every miss listed.",
    )
    v.add_argument("gold", help="gold YAML file or gold CSV of figures")
    v.add_argument("--articles", default=str(paths.SEEDS_DIR), help="folder to build and score")
    v.add_argument("--build", default=None, help="score this finished build instead (CSV gold)")
    v.add_argument("--threshold", type=float, default=0.95, help="YAML gold: minimum score")
    v.add_argument("--json", action="store_true", help="YAML gold: also print the rows as JSON")
    v.add_argument("--show", type=int, default=12, help="CSV gold: unmatched claims to list")
    for name in ("recall", "precision", "claimant", "pair-precision", "pair-recall", "sides"):
        v.add_argument(f"--min-{name}", type=float, default=0.0, help=f"CSV gold: minimum {name}")
    v.set_defaults(func=cmd_evaluate)

    c = sub.add_parser(
        "candidates",
        help="pairs of incidents that may be one event, with the evidence; merge one in one step",
    )
    c.add_argument(
        "--build", default=str(paths.BUILD_DIR), help="a build folder (default: data/build/)"
    )
    c.add_argument("--limit", type=int, default=20, help="how many to list (default 20)")
    c.add_argument(
        "--merge", type=int, default=None, help="add candidate N's merge_incidents entry"
    )
    c.add_argument(
        "--curation",
        default=str(paths.CURATION_FILE),
        help="curation file (default: data/curation.yaml)",
    )
    c.add_argument("--analyst", default=None, help="who decides (written with the entry)")
    c.set_defaults(func=cmd_candidates)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        return cmd_bench(None, argv[1:])
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
