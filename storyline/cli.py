"""The `storyline` command: a thin layer over the library.

Each command calls a plain function that returns data; this module only turns
options into arguments and data into terminal output. It is the only place
that configures logging.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import MISSING, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from storyline import views
from storyline.export import EXPORTERS, FOLDER_FORMATS, export
from storyline.pipeline import PipelineError
from storyline.settings import BuildSettings
from storyline.store import DEFAULT_DB, Store, StoreLocked

if TYPE_CHECKING:
    from storyline.build import BuildReport

console = Console(stderr=True)


def _stdout() -> Console:
    """A console for command output, made per call so it follows COLUMNS and the current stdout."""
    return Console(highlight=False)


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The --db option every command shares."""
    return click.option(
        "--db", type=click.Path(dir_okay=False, path_type=Path),
        default=lambda: os.environ.get("STORYLINE_DB", DEFAULT_DB), show_default=DEFAULT_DB,
        help="The SQLite store (env STORYLINE_DB).")(fn)


def settings_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """One click option per BuildSettings field: the dataclass is the single source of help."""
    for f in reversed(fields(BuildSettings)):
        default = f.default if f.default is not MISSING else None
        name = "--" + f.name.replace("_", "-")
        if f.type in ("bool", bool):
            fn = click.option(name, is_flag=True, default=default, help=f.metadata["help"])(fn)
        elif isinstance(default, tuple):
            fn = click.option(name, default=",".join(default), show_default=True,
                              help=f.metadata["help"])(fn)
        else:
            fn = click.option(name, type=type(default), default=default, show_default=True,
                              help=f.metadata["help"])(fn)
    return fn


@click.group(name="storyline", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="storyline")
def cli(verbose: int) -> None:
    """Storyline: turn a folder of news articles about one story into a dated, sourced timeline.

    \b
    Typical use:
      storyline build articles/            # read, parse, extract, store in storyline.db
      storyline show                       # the timeline in the terminal
      storyline show --quotes              # who said what
      storyline export --format json -o story.json
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(message)s",
                        handlers=[RichHandler(console=console, show_path=False)])


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@db_option
@settings_options
@click.option("--from-extractions", "extractions_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Build the story from Parquet extractions written by a distributed job "
                   "(storyline.engines) instead of parsing PATHS.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def build_cmd(paths: tuple[Path, ...], db: Path, quiet: bool, extractions_dir: Path | None,
              **options: Any) -> None:
    """Read the articles under PATHS (files or folders) and build the story into the store.

    Reads .txt, .md, .html/.htm, .jsonl and .warc/.warc.gz files; folders are read
    recursively. Articles already in the store are not parsed again (files unchanged
    since are not even read), so adding one file to a folder and building again
    processes one file. An undated article is dated from its own words and from the
    events other articles date. Bad files are reported, skipped and counted; the
    exit status is 0 when anything was built (--strict: any bad item is fatal).
    """
    from storyline.build import BadInputError  # the parsing machinery (spaCy): only for this command

    if extractions_dir is not None:
        _build_from_extractions(extractions_dir, db, quiet)
        return
    if not paths:
        raise click.UsageError("give at least one file or folder to read (or --from-extractions DIR)")
    settings = _settings(paths, options)
    started = time.perf_counter()
    try:
        store = Store(db)
        report = _build_with_progress(paths, store, settings, quiet)
    except (PipelineError, StoreLocked) as exc:
        raise click.ClickException(str(exc)) from exc
    except BadInputError as exc:
        raise click.ClickException(f"--strict: bad input {exc}") from exc
    if not quiet:
        _print_build_summary(report, db, time.perf_counter() - started)
    if not report.ok:
        raise click.ClickException("nothing could be built: no readable article in " +
                                   ", ".join(map(str, paths)))


def _settings(paths: tuple[Path, ...], options: dict[str, Any]) -> BuildSettings:
    """The build settings from the command's options, once every input path is known to exist."""
    for p in paths:
        if not p.exists():
            raise click.BadParameter(f"{p} does not exist", param_hint="PATHS")
    options["stages"] = tuple(s.strip() for s in options["stages"].split(",") if s.strip())
    return BuildSettings(**options)


def _build_from_extractions(folder: Path, db: Path, quiet: bool) -> None:
    from storyline.build import build_from_extractions
    from storyline.engines import read_extractions

    if not folder.is_dir():
        raise click.BadParameter(f"{folder} is not a folder", param_hint="--from-extractions")
    report = build_from_extractions(read_extractions(folder), Store(db))
    if not quiet:
        _print_build_summary(report, db)
    if not report.ok:
        raise click.ClickException(f"no extractions found in {folder}")


#: What the progress bar says while the cross-article steps run.
STEPS = {"redate": "dating undated articles", "story": "building the story"}


def _build_with_progress(paths: tuple[Path, ...], store: Store, settings: BuildSettings,
                         quiet: bool) -> BuildReport:
    from storyline.build import build

    if quiet:
        return build(paths, store, settings)
    with _ProgressBar() as bar:
        return build(paths, store, settings, progress=bar.tick)


class _ProgressBar:
    """A build's progress on the terminal: articles read, cached and parsed, then the
    cross-article steps by name. Shown from the first event to `close`, then cleared."""

    COLUMNS = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[detail]}"), TimeElapsedColumn())

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._counts = {"read": 0, "parsed": 0, "cached": 0, "problem": 0}

    def tick(self, event: str, n: int) -> None:
        """One progress event of `storyline.build.build`."""
        if self._bar is None:
            self._bar = Progress(*self.COLUMNS, console=console, transient=True)
            self._bar.start()
            self._bar.add_task("building", total=None, detail="")
        task = self._bar.task_ids[0]
        if event in STEPS:
            self._bar.update(task, description=STEPS[event])
            return
        counts = self._counts
        counts[event] += n
        todo = counts["read"] - counts["cached"]
        self._bar.update(task, total=todo or None, completed=counts["parsed"],
                         detail=f"read {counts['read']} · cached {counts['cached']} · bad {counts['problem']}")

    def close(self) -> None:
        """Clear the bar; the next build starts one afresh."""
        if self._bar is not None:
            self._bar.stop()
        self._bar = None
        self._counts = dict.fromkeys(self._counts, 0)

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _print_build_summary(report: BuildReport, db: Path, seconds: float | None = None) -> None:
    for bad in report.problems:
        where = f"{bad.source}:{bad.line}" if bad.line else bad.source
        console.print(f"[yellow]skipped[/] {where}: {bad.reason}", markup=True, highlight=False)
    for err in report.stage_errors:
        console.print(f"[red]stage error[/] {err}", highlight=False)
    console.print(
        f"[bold]{report.read}[/] articles read: {report.parsed} parsed, {report.cached} already in the store; "
        f"{len(report.problems)} bad items skipped; {report.timeline_entries} timeline entries"
        f"{'' if report.story_rebuilt else ' (unchanged)'} → {db}"
        + (f" in {seconds:.1f} s" if seconds is not None else ""))
    if report.redated:
        console.print(f"{report.redated} undated articles dated by events other articles date "
                      "(see `published.evidence` in the export)", highlight=False)
    if report.undated_with_path_date:
        console.print(f"[yellow]hint[/] {report.undated_with_path_date} undated articles have a date in their "
                      f"file or folder names (e.g. {report.path_date_example}); if those are publication "
                      "dates, build again with --dates-from-paths", markup=True, highlight=False)


@cli.command("watch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@settings_options
@click.option("--poll", is_flag=True,
              help="Look for changes by polling, for folders whose file events do not reach this "
                   "machine (network drives, some container mounts).")
def watch_cmd(paths: tuple[Path, ...], db: Path, poll: bool, **options: Any) -> None:
    """Build the story from PATHS, then keep it current: build again whenever a file under
    them is added or changed. Stop with Ctrl-C.

    The first build is an ordinary `storyline build`. After it the worker processes stay
    up with spaCy loaded and the story's inputs stay in memory, so a few new articles are
    in the timeline within seconds. Each build gives the story a fresh build of the same
    files would; `storyline serve --db` on the same store shows it as it is saved. A
    removed file's articles stay in the store, as with `build`.

    \b
    Example (two terminals):
      storyline watch incoming/ --db story.db
      storyline serve --db story.db
    """
    from storyline.watch import Round, watch

    settings = _settings(paths, options)
    bar = _ProgressBar()

    def report(done: Round) -> None:
        bar.close()
        what = "first build" if not done.changed else (
            f"{len(done.changed)} changed: " + ", ".join(Path(p).name for p in done.changed[:3])
            + (" …" if len(done.changed) > 3 else ""))
        console.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {what}", highlight=False)
        if done.error:
            console.print(f"[red]build failed[/] {done.error}", highlight=False)
        elif done.report is not None:
            _print_build_summary(done.report, db, done.seconds)
        if not done.changed:
            console.print(f"watching {', '.join(map(str, paths))} for new or changed files (Ctrl-C to stop)")

    try:
        watch(paths, Store(db), settings, report, poll=poll, progress=bar.tick)
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        bar.close()  # Ctrl-C is how a watch ends, also in the middle of a build
    console.print("stopped watching: the store keeps every article built so far")


@cli.command("show")
@db_option
@click.option("--articles", "what", flag_value="articles", help="List the articles and their metadata.")
@click.option("--quotes", "what", flag_value="quotes", help="List quotes grouped by speaker.")
@click.option("--timeline", "what", flag_value="timeline", default=True, help="The timeline (default).")
@click.option("--speaker", help="With --quotes: only speakers whose name or alias contains this.")
@click.option("--actor", help="Only timeline entries whose actor's name or alias contains this.")
@click.option("--type", "types", multiple=True, help="Only these event types (repeatable).")
@click.option("--from", "date_from", metavar="DATE", help="Only entries on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE", help="Only entries on or before DATE (YYYY[-MM[-DD]]).")
def show_cmd(db: Path, what: str, speaker: str | None, actor: str | None, types: tuple[str, ...],
             date_from: str | None, date_to: str | None) -> None:
    """Print the story in the terminal: the timeline, the articles or the quotes."""
    story = _open_story(db)
    out = _stdout()
    if what == "articles":
        views.print_articles(out, story)
    elif what == "quotes":
        views.print_quotes(out, story, speaker)
    else:
        try:
            entries = views.filter_timeline(story, actor=actor, types=types, date_from=date_from, date_to=date_to)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--from/--to") from None
        views.print_timeline(out, story, entries)


@cli.command("export")
@db_option
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(EXPORTERS)), default="json", show_default=True,
              help="Output format (csv and parquet write a folder with one file per list).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File (or folder, for csv/parquet) to write.")
def export_cmd(db: Path, fmt: str, output: Path) -> None:
    """Export the story: story.json (the contract), CSV, Parquet, TimelineJS or HTML."""
    story = _open_story(db)
    if fmt in FOLDER_FORMATS:
        output.mkdir(parents=True, exist_ok=True)
    export(story, fmt, output)
    console.print(f"wrote {fmt} → {output}")


@cli.command("report")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("story.html"),
              show_default=True, help="The HTML file to write.")
def report_cmd(db: Path, output: Path) -> None:
    """Write a self-contained HTML report (opens from disk, works offline)."""
    story = _open_story(db)
    export(story, "html", output)
    console.print(f"wrote report → {output}")


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind. The app is read-only; bind beyond loopback only on purpose.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
def serve_cmd(db: Path, host: str, port: int) -> None:
    """Browse the story in a local, read-only web app (timeline, search, articles, JSON API at /docs)."""
    import uvicorn

    from storyline.web import create_app

    if not db.exists():
        raise click.ClickException(f"no store at {db}: run `storyline build PATH --db {db}` first")
    console.print(f"serving {db} on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


def _open_story(db: Path) -> Any:
    if not db.exists():
        raise click.ClickException(f"no store at {db}: run `storyline build PATH --db {db}` first")
    return Store(db, readonly=True).story()


def main() -> None:
    """Entry point of the `storyline` console script."""
    try:
        cli.main(prog_name="storyline")
    except KeyboardInterrupt:
        console.print("interrupted: the store keeps every article finished so far")
        sys.exit(130)


if __name__ == "__main__":
    main()
