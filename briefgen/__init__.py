"""briefgen: several news articles about one event in, a short sourced extractive brief out."""

__version__ = "0.1.0"
