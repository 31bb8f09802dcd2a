"""What every command shares: the stderr console and the one way failures are reported."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import typer
from rich.console import Console
from rich.markup import escape

from .errors import SummarizeError

# soft_wrap: a message is one line whatever the terminal width (pipes and tests read it whole)
err = Console(stderr=True, soft_wrap=True)


def say_error(markup: str) -> None:
    """One line on stderr, never wrapped, never highlighted (only ``markup``'s own tags colour it).

    A Console settles colour (TTY, FORCE_COLOR, NO_COLOR) and a set COLUMNS when it is created, so
    ``err`` keeps what held when the CLI was imported. A console built for the line follows the
    stream and environment it is written in: a test runner's capture gets plain text whatever
    terminal started the tests.
    """
    Console(stderr=True, soft_wrap=True).print(markup, highlight=False)


@contextmanager
def friendly_errors(interrupted: str = "interrupted") -> Iterator[None]:
    """Known failures become one clear line and their exit code; nothing prints a traceback."""
    try:
        yield
    except SummarizeError as exc:
        say_error(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        say_error(f"[yellow]{interrupted}[/yellow]")
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except OSError as exc:  # unreadable or unwritable paths
        say_error(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug: still no traceback for the user, but say what happened
        say_error(f"[red]internal error:[/red] {type(exc).__name__}: {escape(str(exc))}")
        raise typer.Exit(70) from None
