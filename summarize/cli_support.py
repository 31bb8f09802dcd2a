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


@contextmanager
def friendly_errors(interrupted: str = "interrupted") -> Iterator[None]:
    """Known failures become one clear line and their exit code; nothing prints a traceback."""
    try:
        yield
    except SummarizeError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print(f"[yellow]{interrupted}[/yellow]")
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except OSError as exc:  # unreadable or unwritable paths
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug: still no traceback for the user, but say what happened
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {escape(str(exc))}", highlight=False)
        raise typer.Exit(70) from None
