"""`python -m briefgen` runs the command-line interface."""

from briefgen.cli import main

main()
