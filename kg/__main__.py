"""The ``kg`` command line: the console script's entry point, and ``python -m kg``.

The command line's modules are imported when it runs, not when this module is: a process
that multiprocessing's spawn starts from the ``kg`` script (kg serve's workers) runs the
script again, and so imports this module, without needing any of them."""

from __future__ import annotations

import gc


def main() -> None:
    """Run the ``kg`` command line."""
    from kg.cli import app

    try:
        app()
    finally:
        # The process ends here: what the command made (the facts, the network, the report) is
        # freed by the exit, so the interpreter's last collection need not walk it for cycles
        # (0.1-0.3 s of a first report at 100,000 triples).
        gc.freeze()


if __name__ == "__main__":
    main()
