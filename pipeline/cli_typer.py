"""A Typer whose help shows switches without a value type (``--full``, not ``--full <bool>``).

Its own module, importing only Typer, so tools outside the package (``bench/run_bench.py``)
get the same help without importing the whole command line.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer import _click as click  # typer 0.29 carries its own click


class _SwitchesTakeNoValue:
    """typer 0.29's rich help prints a value type for switches too (``--full <bool>``,
    ``--help <bool>``; its plain help does not): a switch takes no value, so show none."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for param in self.get_params(ctx):
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        super().format_help(ctx, formatter)


class _Command(_SwitchesTakeNoValue, TyperCommand):
    pass


class _Group(_SwitchesTakeNoValue, TyperGroup):
    pass


class CliTyper(typer.Typer):
    """A Typer whose groups and commands render switches without a value type."""

    def __init__(self, **kwargs: Any) -> None:
        # markdown: a docstring's line breaks are reflowed, not printed where they fall
        kwargs.setdefault("rich_markup_mode", "markdown")
        super().__init__(cls=_Group, **kwargs)

    def command(self, *args: Any, **kwargs: Any):  # noqa: ANN201 - Typer's own decorator type
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)
