"""Matplotlib helpers for the site's figures.

This subpackage is the only part of ``dlnotes`` that imports Matplotlib, so
``import dlnotes`` stays light. Import the piece you need explicitly, for
example ``from dlnotes.plot import style`` or
``from dlnotes.plot.boundary import plot_decision_boundary``.
"""
