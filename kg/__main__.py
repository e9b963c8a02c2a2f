"""The ``kg`` command line: the console script's entry point, and ``python -m kg``.

The command line's modules are imported when it runs, not when this module is: a process
that multiprocessing's spawn starts from the ``kg`` script (kg serve's workers) runs the
script again, and so imports this module, without needing any of them."""

from __future__ import annotations


def main() -> None:
    """Run the ``kg`` command line."""
    from kg.cli import app

    app()


if __name__ == "__main__":
    main()
