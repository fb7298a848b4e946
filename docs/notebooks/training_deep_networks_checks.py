"""Checks for the exercise "Training deep networks".

Each function takes one function the learner wrote in
``training-deep-networks.py``, calls it on test inputs, and returns a
:class:`Verdict`: "Works: ..." or "Not yet: ..." with the reason in plain
words. A check never raises.
"""

from __future__ import annotations

import functools
import html
import re
import warnings
from collections.abc import Callable

import numpy as np


class Verdict:
    """The outcome of one check: ``passed`` and a sentence saying why."""

    def __init__(self, passed: bool, message: str) -> None:
        self.passed = passed
        self.message = message

    def __bool__(self) -> bool:
        return self.passed

    @property
    def title(self) -> str:
        return "Works" if self.passed else "Not yet"

    def __repr__(self) -> str:
        return f"{self.title}: {self.message}"

    def _repr_html_(self) -> str:
        kind = "success" if self.passed else "failure"
        text = html.escape(self.message[:1].upper() + self.message[1:])
        text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
        return (
            f'<div class="admonition {kind} dlnotes-check">'
            f'<p class="admonition-title">{self.title}</p><p>{text}</p></div>'
        )


def works(message: str) -> Verdict:
    return Verdict(True, message)


def not_yet(message: str) -> Verdict:
    return Verdict(False, message)


def never_raises(
    check: Callable[..., Verdict],
) -> Callable[..., Verdict]:
    """Turn any error inside a check (or the learner's code) into a "Not yet"."""

    @functools.wraps(check)
    def safe(*args, **kwargs) -> Verdict:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return check(*args, **kwargs)
        except NotImplementedError:
            return not_yet(
                "the function still raises `NotImplementedError`. Replace the `raise` "
                "line with your code."
            )
        except Exception as error:
            return not_yet(
                f"calling your function failed ({type(error).__name__}: {error}). "
                "Compare your code with the formula above the cell."
            )

    return safe


def _per_layer(stds) -> float:
    """The average factor by which one layer multiplies the spread."""
    stds = np.asarray(stds, dtype=float)
    return float((stds[-1] / stds[0]) ** (1 / (len(stds) - 1)))


# --------------------------------------------------------------- task 1
@never_raises
def layer_stds(fn) -> Verdict:
    """Task 1: ``layer_stds(scale, depth, width, n_examples, seed)``."""
    he = np.asarray(fn(1.0, 20, 100, 500, 0), dtype=float).ravel()
    if he.shape != (20,):
        return not_yet(
            f"return one standard deviation per layer, 20 for `depth=20`; yours has {he.size}."
        )
    if not np.all(np.isfinite(he)) or not np.all(he > 0):
        return not_yet(
            "some standard deviations are zero, infinite or `nan`; at He's scale every "
            "layer's output should have a spread of the same order as the input's."
        )
    factor = _per_layer(he)
    if abs(factor - np.sqrt(2)) < 0.1:
        return not_yet(
            f"at He's scale the spread grows by about {factor:.2f} per layer, √2: apply ReLU "
            "after each layer (`np.maximum(h @ W, 0)`); it halves the mean square."
        )
    if abs(factor - 1 / np.sqrt(2)) < 0.06:
        return not_yet(
            f"at He's scale the spread shrinks by about {factor:.2f} per layer, 1/√2: that "
            "is a standard deviation of √(1/n). He's is √(2/n)."
        )
    if not 0.92 < factor < 1.08:
        return not_yet(
            f"at He's scale (`scale=1`) the spread should stay about the same from layer to "
            f"layer; yours changes by a factor of {factor:.3g} per layer. Draw each weight "
            "with standard deviation `scale * np.sqrt(2 / width)`, where `width` is the "
            "number of inputs of a layer."
        )
    for scale in (0.5, 2.0):
        other = _per_layer(
            np.asarray(fn(scale, 20, 100, 500, 0), dtype=float).ravel()
        )
        if abs(other / scale - 1) > 0.1:
            return not_yet(
                f"with `scale={scale}` each layer should multiply the spread by about "
                f"{scale}; yours multiplies it by {other:.3g}. Multiply the weights by "
                "`scale`."
            )
    return works(
        f"at He's scale the spread goes from {he[0]:.2f} at layer 1 to {he[-1]:.2f} at "
        "layer 20; half or twice that scale multiplies it by about 0.5 or 2 per layer."
    )


# --------------------------------------------------------------- task 2
def _layer_norm(x, gamma, beta, eps=1e-5):
    from dlnotes.norm import LayerNorm

    layer = LayerNorm(x.shape[-1], eps=eps)
    layer.params["gamma"][...] = gamma
    layer.params["beta"][...] = beta
    return layer.forward(x)


@never_raises
def layer_norm(fn) -> Verdict:
    """Task 2: ``layer_norm(x, gamma, beta, eps)`` over the last axis."""
    rng = np.random.default_rng(3)
    x = rng.normal(1.5, 2.0, size=(5, 6))
    x[2] = 4.0 + 1e-3 * rng.standard_normal(
        6
    )  # almost constant: eps matters
    gamma, beta = rng.uniform(0.5, 2.0, 6), rng.normal(0.0, 1.0, 6)
    want = _layer_norm(x, gamma, beta)
    got = np.asarray(
        fn(x.copy(), gamma.copy(), beta.copy(), 1e-5), dtype=float
    )
    if got.shape != x.shape:
        return not_yet(
            f"the output has the input's shape, {x.shape}; yours is {got.shape}."
        )
    if np.allclose(got, (want - beta) / gamma, atol=1e-6):
        return not_yet(
            "the output is standardised but not scaled and shifted: finish with "
            "`gamma * x_hat + beta`."
        )
    over_batch = (
        gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5)
        + beta
    )
    if np.allclose(got, over_batch, atol=1e-6):
        return not_yet(
            "that normalises each feature over the batch, which is batch normalisation; "
            "layer normalisation takes the mean and variance of each example's own "
            "features, the last axis."
        )
    mu = x.mean(axis=-1, keepdims=True)
    unbiased = (
        gamma
        * (x - mu)
        / np.sqrt(x.var(axis=-1, ddof=1, keepdims=True) + 1e-5)
        + beta
    )
    if np.allclose(got, unbiased, atol=1e-6):
        return not_yet(
            "the variance divides by the number of features, as `np.var` does by "
            "default, not by one fewer (`ddof=1`)."
        )
    rows = np.all(np.isclose(got, want, atol=1e-4), axis=1)
    if not rows[2] and rows[[0, 1, 3, 4]].all():
        return not_yet(
            "an example whose features are almost equal comes out wrong: add `eps` to "
            "the variance, inside the square root, `np.sqrt(var + eps)`."
        )
    if not np.allclose(got, want, atol=1e-6):
        return not_yet(
            "the output differs from `dlnotes.norm.LayerNorm`: subtract each example's "
            "mean, divide by `np.sqrt(var + eps)`, then scale by `gamma` and add `beta`."
        )
    x3 = rng.normal(0.0, 3.0, size=(2, 3, 6))
    got3 = np.asarray(
        fn(x3.copy(), gamma.copy(), beta.copy(), 1e-5), dtype=float
    )
    if got3.shape != x3.shape or not np.allclose(
        got3, _layer_norm(x3, gamma, beta), atol=1e-6
    ):
        return not_yet(
            "it works for `(N, D)` but not for a batch of sequences `(N, T, D)`: take "
            "the statistics over the last axis, `axis=-1`, with `keepdims=True`."
        )
    return works(
        "every example now has mean 0 and standard deviation 1 before `gamma` and `beta`, "
        "as `dlnotes.norm.LayerNorm` computes it, for two and three axes."
    )


# --------------------------------------------------------------- task 3
def _bn_runs(fn, batches, eval_x):
    """Three training steps, then evaluation; each as (y, mean, var)."""
    c = batches[0].shape[1]
    gamma, beta = np.linspace(0.5, 1.5, c), np.linspace(-1.0, 1.0, c)
    mean, var = np.zeros(c), np.ones(c)
    out = []
    for x in batches:
        y, mean, var = (
            np.asarray(a, dtype=float)
            for a in fn(
                x.copy(),
                gamma.copy(),
                beta.copy(),
                mean.copy(),
                var.copy(),
                True,
                0.1,
                1e-5,
            )
        )
        out.append((y, mean, var))
    y, m2, v2 = (
        np.asarray(a, dtype=float)
        for a in fn(
            eval_x.copy(),
            gamma.copy(),
            beta.copy(),
            mean.copy(),
            var.copy(),
            False,
            0.1,
            1e-5,
        )
    )
    out.append((y, m2, v2))
    return out, gamma, beta


def _bn_reference(batches, eval_x, gamma, beta):
    from dlnotes.norm import BatchNorm

    layer = BatchNorm(batches[0].shape[1], momentum=0.1, eps=1e-5)
    layer.params["gamma"][...] = gamma
    layer.params["beta"][...] = beta
    out = []
    for x in batches:
        y = layer.forward(x.copy(), train=True)
        out.append(
            (y, layer.running_mean.copy(), layer.running_var.copy())
        )
    y = layer.forward(eval_x.copy(), train=False)
    out.append((y, layer.running_mean.copy(), layer.running_var.copy()))
    return out


@never_raises
def batch_norm(fn) -> Verdict:
    """Task 3: ``batch_norm`` in training and evaluation, with running statistics."""
    rng = np.random.default_rng(5)
    batches = [rng.normal(3.0, 2.0, size=(8, 4)) for _ in range(3)]
    eval_x = rng.normal(3.0, 2.0, size=(5, 4))
    got, gamma, beta = _bn_runs(fn, batches, eval_x)
    want = _bn_reference(batches, eval_x, gamma, beta)
    y0, y0_want = got[0][0], want[0][0]
    if y0.shape != y0_want.shape:
        return not_yet(
            f"the output has the input's shape, (8, 4); yours is {y0.shape}."
        )
    if not np.allclose(y0, y0_want, atol=1e-6):
        x = batches[0]
        rows = (
            gamma
            * (x - x.mean(1, keepdims=True))
            / np.sqrt(x.var(1, keepdims=True) + 1e-5)
        )
        if np.allclose(y0, rows + beta, atol=1e-6):
            return not_yet(
                "that normalises each example over its features, which is layer "
                "normalisation; batch normalisation takes each feature's mean and "
                "variance over the batch, `axis=0`."
            )
        unbiased = (
            gamma * (x - x.mean(0)) / np.sqrt(x.var(0, ddof=1) + 1e-5)
            + beta
        )
        if np.allclose(y0, unbiased, atol=1e-6):
            return not_yet(
                "in training the batch is normalised with the plain variance (`np.var`, "
                "dividing by N); only the running variance uses N / (N − 1)."
            )
        return not_yet(
            "in training the output differs from `dlnotes.norm.BatchNorm`: normalise "
            "each column with the batch's own mean and variance."
        )
    mean_got, var_got = got[0][1], got[0][2]
    mean_want, var_want = want[0][1], want[0][2]
    if np.allclose(mean_got, 0.9 * batches[0].mean(0), atol=1e-6):
        return not_yet(
            "the running mean gives the new batch a weight of 0.9; `momentum` (0.1) is "
            "the weight of the current batch: `(1 - momentum) * running + momentum * mu`."
        )
    if not np.allclose(mean_got, mean_want, atol=1e-6):
        return not_yet(
            "the running mean after one batch should be `(1 - momentum) * running_mean "
            "+ momentum * mu`."
        )
    if np.allclose(var_got, 0.9 + 0.1 * batches[0].var(0), atol=1e-6):
        return not_yet(
            "the running variance should use the unbiased estimate, the batch variance "
            "times N / (N − 1), as PyTorch does."
        )
    if not np.allclose(var_got, var_want, atol=1e-6):
        return not_yet(
            "the running variance after one batch should be `(1 - momentum) * "
            "running_var + momentum * var * N / (N - 1)`."
        )
    if not all(
        np.allclose(g[k], w[k], atol=1e-6)
        for g, w in zip(got[:3], want[:3], strict=True)
        for k in range(3)
    ):
        return not_yet(
            "the first training step is right but later ones are not: start each step "
            "from the running statistics passed in."
        )
    y_eval, m_eval, v_eval = got[3]
    batch_stats = (
        gamma
        * (eval_x - eval_x.mean(0))
        / np.sqrt(eval_x.var(0) + 1e-5)
        + beta
    )
    if np.allclose(y_eval, batch_stats, atol=1e-6):
        return not_yet(
            "in evaluation (`train=False`) the output still uses the batch's statistics, "
            "so it depends on the other examples in the batch; use the running mean and "
            "variance instead."
        )
    if not (
        np.allclose(m_eval, want[3][1])
        and np.allclose(v_eval, want[3][2])
    ):
        return not_yet(
            "evaluation must leave the running statistics as they were; update them only "
            "when `train` is true."
        )
    if not np.allclose(y_eval, want[3][0], atol=1e-6):
        return not_yet(
            "in evaluation the output should be `gamma * (x - running_mean) / "
            "np.sqrt(running_var + eps) + beta`."
        )
    return works(
        "three training steps and one evaluation give exactly what "
        "`dlnotes.norm.BatchNorm` gives, running statistics included."
    )


# --------------------------------------------------------------- task 4
def _input_gradient(
    weights,
    x,
    grad,
    residual,
    *,
    mask_from_input=False,
    transpose=True,
    skip_back=True,
):
    h, saved = x, []
    for W in weights:
        z = h @ W
        saved.append(h if mask_from_input else z)
        h = h + np.maximum(z, 0) if residual else np.maximum(z, 0)
    g = grad
    for W, s in zip(reversed(weights), reversed(saved), strict=True):
        through_f = (g * (s > 0)) @ (W.T if transpose else W)
        g = g + through_f if residual and skip_back else through_f
    return g


@never_raises
def input_gradient(fn) -> Verdict:
    """Task 4: ``input_gradient(weights, x, grad, residual)``."""
    rng = np.random.default_rng(11)
    weights = [rng.standard_normal((5, 5)) * 0.6 for _ in range(3)]
    x, grad = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    verdicts = {}
    for residual in (False, True):
        got = np.asarray(
            fn(
                [w.copy() for w in weights],
                x.copy(),
                grad.copy(),
                residual,
            ),
            dtype=float,
        )
        want = _input_gradient(weights, x, grad, residual)
        kind = "residual" if residual else "plain"
        if got.shape != x.shape:
            return not_yet(
                f"dL/dx has the shape of `x`, {x.shape}; yours is {got.shape} ({kind} blocks)."
            )
        if np.allclose(got, want):
            verdicts[kind] = True
            continue
        if np.allclose(
            got,
            _input_gradient(
                weights, x, grad, residual, transpose=False
            ),
        ):
            return not_yet(
                "going back through `h @ W` multiplies by the transpose: `... @ W.T`."
            )
        if np.allclose(
            got,
            _input_gradient(
                weights, x, grad, residual, mask_from_input=True
            ),
        ):
            return not_yet(
                "ReLU's slope is 1 where *its* input `z = h @ W` was positive, not where "
                "the block's input `h` was: keep each `z` from the forward pass."
            )
        if residual and np.allclose(
            got,
            _input_gradient(weights, x, grad, True, skip_back=False),
        ):
            return not_yet(
                "the residual gradient misses the skip's route: a residual block passes "
                "`g` down unchanged as well, so add `g` to the route through `f`."
            )
        if residual and np.allclose(
            got, _input_gradient(weights, x, grad, False)
        ):
            return not_yet(
                "with `residual=True` you get the plain blocks' gradient: add the input "
                "to each block's output in the forward pass, and `g` in the backward pass."
            )
        verdicts[kind] = False
    if not verdicts.get("plain"):
        return not_yet(
            "for plain blocks dL/dx differs: at each block, from the top down, "
            "`g = (g * (z > 0)) @ W.T`."
        )
    if not verdicts.get("residual"):
        return not_yet(
            "for residual blocks dL/dx differs: at each block, "
            "`g = g + (g * (z > 0)) @ W.T`, with `z` from the residual forward pass."
        )
    return works(
        "dL/dx is right for three plain and three residual blocks; the residual one "
        "keeps an untouched copy of the gradient from the top."
    )


# --------------------------------------------------------------- task 5
@never_raises
def warmup_cosine_lr(fn) -> Verdict:
    """Task 5: ``warmup_cosine_lr(t, base_lr, warmup_steps, total_steps, start_factor)``."""
    from dlnotes.optim import SGD
    from dlnotes.schedules import warmup_cosine

    base, w, total, a = 0.2, 8, 50, 0.25
    schedule = warmup_cosine(
        SGD(lr=base), warmup_steps=w, total_steps=total, start_factor=a
    )
    want = np.array([schedule.lr_at(t) for t in range(total + 1)])
    got = np.array(
        [float(fn(t, base, w, total, a)) for t in range(total + 1)]
    )
    if abs(got[0]) < 1e-12:
        return not_yet(
            "the first rate is 0; warmup starts at `start_factor * base_lr`."
        )
    if not np.allclose(got[:w], want[:w]):
        if np.allclose(got[:w], base * (0.1 + 0.9 * np.arange(w) / w)):
            return not_yet(
                "use the `start_factor` passed in, not always 0.1."
            )
        return not_yet(
            f"during warmup (steps 0 to {w - 1}) the rate should rise linearly from "
            f"{a * base:g} towards {base:g}: `base_lr * (a + (1 - a) * t / w)`."
        )
    t = np.arange(w, total + 1)
    unshifted = 0.5 * base * (1 + np.cos(np.pi * t / (total - w)))
    long = 0.5 * base * (1 + np.cos(np.pi * (t - w) / total))
    if np.allclose(got[w:], unshifted):
        return not_yet(
            f"the cosine must start at its top at step `warmup_steps` ({w}): use "
            "`t - warmup_steps` in it, not `t`."
        )
    if np.allclose(got[w:], long):
        return not_yet(
            f"the rate is {got[-1]:.3g} at the last step, not 0: the cosine runs over "
            "the `total_steps - warmup_steps` steps after the warmup."
        )
    if not np.allclose(got, want):
        return not_yet(
            "after the warmup the rate should be `0.5 * base_lr * (1 + cos(pi * (t - w) "
            "/ (T - w)))`."
        )
    return works(
        f"all {total + 1} rates equal those of `dlnotes.schedules.warmup_cosine`, from "
        f"{got[0]:g} up to {got.max():g} at step {w} and down to 0."
    )
