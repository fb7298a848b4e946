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

Plotting lives in the ``dlnotes.plot`` subpackage, which is not imported here
(so ``import dlnotes`` does not load Matplotlib)::

    import dlnotes
    from dlnotes.layers import Dense
    from dlnotes.plot import style
"""

from dlnotes import (
    activations,
    attention,
    callbacks,
    conv,
    data,
    gradcheck,
    layers,
    losses,
    metrics,
    model,
    norm,
    optim,
    recurrent,
    schedules,
)

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
