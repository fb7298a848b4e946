"""Shared fixtures for the layer, loss, conv and gradcheck tests."""

import numpy as np
import pytest


class Chain:
    """Minimal stand-in for ``dlnotes.model.Sequential``: a list of layers."""

    def __init__(self, layers):
        self.layers = list(layers)

    def forward(self, x, train=False):
        for layer in self.layers:
            x = layer.forward(x, train=train)
        return x

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad


@pytest.fixture
def chain():
    """The ``Chain`` class: ``chain([Dense(...), ReLU()])`` builds a model."""
    return Chain


@pytest.fixture
def rng():
    """A fresh, seeded random generator for each test."""
    return np.random.default_rng(0)
