"""Command line -> pipeline calls; the only package that prints, prompts or exits.

Heavy imports (nltk, sumy, scikit-learn, WeasyPrint) happen inside the commands that need
them, so ``briefgen --help`` answers at once. Expected failures print ``Error: ...`` and a
hint on stderr and exit with the error's documented code; ``--debug`` shows the traceback.

The group and ``main()`` live here; the shared options in ``options``, the global flags and
settings in ``state``, and the commands in one module per family: ``brief`` (build,
templates), ``editions`` (edition, archive), ``delivery`` (init, check, send, daily).
"""

from __future__ import annotations

import sys

import click

from briefgen import __version__
from briefgen.cli.brief import build, templates
from briefgen.cli.delivery import check, daily, init, send
from briefgen.cli.editions import archive, edition
from briefgen.cli.options import DEFAULT_SCORER, FORMATS, SCORER_NAMES
from briefgen.cli.state import State, global_options
from briefgen.errors import BriefgenError

__all__ = ["DEFAULT_SCORER", "FORMATS", "SCORER_NAMES", "cli", "main"]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn several news articles about one event into a short, sourced brief.

    With no command, builds the brief of the embedded example corpus into ./output/
    (the same as `briefgen build`). -v, -q and --debug go before or after the command.
    """
    ctx.ensure_object(State)
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


for _command in (build, edition, archive, templates, init, check, send, daily):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: runs the CLI and turns expected errors into exit codes."""
    args = sys.argv[1:] if argv is None else argv
    try:
        cli.main(args=args, prog_name="briefgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except BriefgenError as exc:
        if "--debug" in args:
            raise
        click.echo(f"Error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"Hint: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
