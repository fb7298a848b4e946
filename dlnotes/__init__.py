"""dlnotes: a small, readable deep-learning package written with NumPy only.

Each file holds one idea, with the maths next to the code:

- ``activations``: sigmoid, tanh, ReLU, softmax and their derivatives.
- ``layers``: ``Dense``, ``Dropout``, ``Flatten`` (forward/backward pairs).
- ``conv``: ``Conv2D`` and ``MaxPool2D`` for images.
- ``losses``: ``MSE``, ``BinaryCrossEntropy``, ``CrossEntropy``.
- ``optim``: ``SGD`` and ``Adam``, with PyTorch's exact update rules.
- ``model``: ``Sequential``, a list of layers with ``fit``/``predict``.
- ``callbacks``: ``EarlyStopping``.
- ``metrics``: ``accuracy``, ``mse``, ``r2``.
- ``data``: toy data sets (XOR, spirals, moons, box office, defects).
- ``gradcheck``: numerical gradients to test every backward pass.

Plotting lives in the ``dlnotes.plot`` subpackage, which is not imported here
(so ``import dlnotes`` does not load Matplotlib)::

    import dlnotes
    from dlnotes.layers import Dense
    from dlnotes.plot import style
"""

from dlnotes import (
    activations,
    callbacks,
    conv,
    data,
    gradcheck,
    layers,
    losses,
    metrics,
    model,
    optim,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "activations",
    "callbacks",
    "conv",
    "data",
    "gradcheck",
    "layers",
    "losses",
    "metrics",
    "model",
    "optim",
]
