"""`python -m briefgen` runs the command-line interface."""

from briefgen.cli import main

if __name__ == "__main__":  # not when a worker process started by --workers imports it
    main()
