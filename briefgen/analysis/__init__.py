"""Analyses beyond the summary: disagreements, quotes, key figures, timeline, attribution.

Each is a pure function of the sentences and articles (and optionally the source-independence
map); none reads the clock or the environment.
"""

from briefgen.analysis.attribution import attribution
from briefgen.analysis.disagreements import find_disagreements
from briefgen.analysis.figures import key_figures
from briefgen.analysis.quotes import find_quotes
from briefgen.analysis.timeline import timeline

__all__ = ["attribution", "find_disagreements", "find_quotes", "key_figures", "timeline"]
