"""Figures: numbers that count something, with unit, qualifier and what they count.

`find_figures` is the stage; the lexicons live in `storyline/data/figures/`.
"""

from storyline.figures.find import find_figures

__all__ = ["find_figures"]
