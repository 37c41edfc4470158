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
        dump: Path = typer.Argument(..., help="a {lang}wiki-…-pages-articles-multistream.xml.bz2 file"),
        out: Path = typer.Option(..., "--out", "-o", help="output Parquet file"),
        lang: str = typer.Option(..., help="the dump's language code (ja, sw, en, …)"),
        processes: int = typer.Option(2, help="wikiextractor --processes"),
    ) -> None:
        """Extract articles and hyperlink anchors from one dump (what the extract stage runs)."""
        from leia.corpus.extract import extract_dump

        stats = extract_dump(dump, out, lang=lang, processes=processes)
        typer.echo(f"{out}: {stats.articles} articles, {stats.anchors} anchors ({stats.seconds:.1f}s)")


# --- sitelinks and entities -----------------------------------------------------------------


def _register_entities(app: typer.Typer) -> None:
    @app.command("sitelinks")
    def sitelinks_cmd(
        dump: Path = typer.Argument(..., help="wikidata-…-all.json.bz2|gz or …-wb_items_per_site.sql.gz"),
        out: Path = typer.Option(Path("data/sitelinks.parquet"), "--out", "-o", help="output Parquet file"),
        lang: list[str] = typer.Option(..., "--lang", help="target language (repeat); enwiki is always read"),
        source: str = typer.Option("", help="json | sql (default: from the file name)"),
        processes: int = typer.Option(2, help="parser processes"),
        decompressor: str = typer.Option("auto", help="auto | library | external (lbzip2/pigz)"),
    ) -> None:
        """QID <-> title for enwiki and the given wikis, from either Wikidata dump (the sitelinks stage)."""
        from leia.corpus.sitelinks import read_sitelinks, site_id, write_sitelinks

        kind = source or ("sql" if ".sql" in dump.name else "json")
        sites = [site_id(x) for x in ["en", *lang]]
        table, stats = read_sitelinks(dump, kind, sites, processes=processes, decompressor=decompressor,
                                      progress=True)  # fmt: skip
        write_sitelinks(table, out)
        typer.echo(f"{out}: {stats['rows']} sitelinks {stats['rows_per_site']}")

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
