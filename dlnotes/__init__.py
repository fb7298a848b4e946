"""dlnotes: a small, readable deep-learning package written with NumPy only.

Each file holds one idea, with the maths next to the code:

- ``activations``: sigmoid, tanh, ReLU, GELU, softmax and their derivatives.
- ``layers``: ``Dense``, ``Embedding``, ``Residual``, ``Dropout``, ``Flatten``
  (forward/backward pairs).
- ``norm``: ``BatchNorm`` and ``LayerNorm``.
- ``conv``: ``Conv2D``, ``MaxPool2D``, ``AvgPool2D``, ``GlobalAvgPool2D`` for images.
- ``attention``: scaled dot-product attention, ``MultiHeadSelfAttention``,
  positional encoding and ``TransformerBlock`` for sequences.
- ``recurrent``: ``RNN``, trained by backpropagation through time.
- ``losses``: ``MSE``, ``BinaryCrossEntropy``, ``CrossEntropy``.
- ``optim``: ``SGD``, ``Adam``, ``AdamW`` and ``clip_grad_norm``, with PyTorch's
  exact update rules.
- ``schedules``: learning-rate schedules (step, cosine, linear warmup).
- ``model``: ``Sequential``, a list of layers with ``fit``/``predict``.
- ``callbacks``: ``EarlyStopping``.
- ``metrics``: ``accuracy``, ``mse``, ``r2``, confusion matrix, precision,
  recall, F1, ROC curve and AUC, log loss.
- ``data``: toy data sets (XOR, spirals, moons, box office, defects).
- ``gradcheck``: numerical gradients to test every backward pass.

``import dlnotes`` loads none of them: each module is imported the first time
it is used (``dlnotes.layers``, or ``from dlnotes.layers import Dense``), so a
script loads only the modules it needs. Plotting lives in the ``dlnotes.plot``
subpackage, which needs Matplotlib::

    import dlnotes
    from dlnotes.layers import Dense
    from dlnotes.plot import style
"""

import importlib
from types import ModuleType

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "activations",
    "attention",
    "callbacks",
    "conv",
    "data",
    "gradcheck",
    "layers",
    "losses",
    "metrics",
    "model",
    "norm",
    "optim",
    "recurrent",
    "schedules",
]


def __getattr__(name: str) -> ModuleType:
    """``dlnotes.<module>``: import the module on first use (PEP 562)."""
    if name in __all__ and name != "__version__":
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
