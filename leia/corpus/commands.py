"""`leia` commands of the corpus area. Each group of commands has its own register function."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    _register_dumps(app)
    _register_entities(app)
    _register_preview(app)


# --- dumps: download, extract, redirects ----------------------------------------------------


def _register_dumps(app: typer.Typer) -> None:
    @app.command("dump-urls")
    def dump_urls(params: Path = typer.Option(Path("params.yaml"), help="params file")) -> None:
        """List every URL the download stage fetches (data files and md5sums) for a params file."""
        from leia.corpus.dumpfiles import all_urls
        from leia.params import load_params

        for url in all_urls(load_params(params)):
            typer.echo(url)

    @app.command("download")
    def download(params: Path = typer.Option(Path("params.yaml"), help="params file")) -> None:
        """Download and md5-verify the Wikipedia dumps and the inter-language source (resumable)."""
        from leia.corpus.download import download_all
        from leia.params import load_params
        from leia.stages_main import log_to_stderr

        log_to_stderr()
        for path in download_all(load_params(params)):
            typer.echo(str(path))

    @app.command("eval-download")
    def eval_download(
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
        lock: Path = typer.Option(
            Path("eval-sources.sha256"), help="sha256 of the sources that publish none"
        ),
        mirror: str = typer.Option(None, help="fetch https://HOST/PATH as MIRROR/HOST/PATH instead"),
    ) -> None:
        """Download the published evaluation sets at pinned versions, sha256-verified (the
        eval_download stage of the paper profiles)."""
        from leia.corpus.eval_download import fetch_eval_data
        from leia.params import load_params
        from leia.stages_main import log_to_stderr

        log_to_stderr()
        for path in fetch_eval_data(load_params(params), lock=lock, mirror=mirror):
            typer.echo(str(path))

    @app.command("extract")
    def extract(
        lang: str = typer.Option(
            ..., "--lang", help="wiki to extract: one of `languages` or base_model.pretrain_wikis"
        ),
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
    ) -> None:
        """Extract articles and hyperlink anchors from the downloaded dump (the extract stage):
        data/extracted/{lang}.parquet, and for a target language data/redirects/{lang}.parquet."""
        from leia.corpus.dumpfiles import dump_languages
        from leia.corpus.extract import run
        from leia.stages_main import lang_params, log_to_stderr

        log_to_stderr()
        run(lang_params(params, lang, allowed=dump_languages), lang)


# --- sitelinks and entities -----------------------------------------------------------------


def _register_entities(app: typer.Typer) -> None:
    @app.command("sitelinks")
    def sitelinks_cmd(params: Path = typer.Option(Path("params.yaml"), help="params file")) -> None:
        """QID <-> title for enwiki and every target wiki, from the Wikidata dump `sitelinks.source`
        names (the sitelinks stage): data/sitelinks.parquet, metrics/sitelinks.json."""
        from leia.corpus.sitelinks import run
        from leia.params import load_params
        from leia.stages_main import log_to_stderr

        log_to_stderr()
        run(load_params(params))

    @app.command("entities")
    def entities_cmd(
        lang: str = typer.Option(..., "--lang", help="target language (one of `languages`)"),
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
    ) -> None:
        """Resolve one language's anchors to English names (the entities stage): data/extracted,
        data/redirects, data/sitelinks.parquet -> data/entities/{lang}.parquet, metrics/entities/."""
        from leia.corpus.entities import run
        from leia.stages_main import lang_params, log_to_stderr

        log_to_stderr()
        run(lang_params(params, lang), lang)

    @app.command("tokenize")
    def tokenize_cmd(
        lang: str = typer.Option(..., "--lang", help="target language (one of `languages`)"),
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
    ) -> None:
        """Tokenize one language's corpus with models/tokenizer (the tokenize stage):
        data/entities/{lang}.parquet -> data/tokenized/{lang}.parquet, metrics/tokenize/."""
        from leia.corpus.tokenization import run
        from leia.stages_main import lang_params, log_to_stderr

        log_to_stderr()
        run(lang_params(params, lang), lang)


# --- preview: the augmentation on the tokenized corpus ---------------------------------------


def _register_preview(app: typer.Typer) -> None:
    @app.command("preview")
    def preview_cmd(
        lang: str = typer.Option(..., "--lang", help="target language (reads data/tokenized/{lang}.parquet)"),
        strategy: str = typer.Option("right", help="left | right | replace | none"),
        p_skip: float = typer.Option(0.0, "--p-skip", help="probability of skipping an insertion"),
        n: int = typer.Option(3, "-n", help="number of articles"),
        seed: int = typer.Option(0, help="picks the articles and the skipped anchors"),
        max_tokens: int = typer.Option(200, "--max-tokens", help="show at most this many tokens per article"),
        model: Path = typer.Option(Path("models/base"), help="tokenizer folder"),
    ) -> None:
        """Print augmented articles like the paper's Figure 1 (<translate> name </translate> highlighted)."""
        from rich.console import Console

        from leia.preview import preview, render

        console = Console()
        for item in preview(
            lang, strategy=strategy, p_skip=p_skip, n=n, seed=seed, max_tokens=max_tokens, model=model
        ):
            console.print(render(item))
