"""Time dlnotes against PyTorch's CPU build, side by side in one process.

Every comparison builds the *same* network in both libraries (PyTorch's
weights are copied from dlnotes'), checks that one step gives the same loss,
then times them in rounds: each round runs a batch of dlnotes steps and a
batch of PyTorch steps back to back, in alternating order, after a warm-up.
A round's batch is long enough (about ``ROUND_SECONDS``) for the clock to be
precise. The reported times are medians over the rounds, and the ratio is the
median of the per-round ratios ``dlnotes / PyTorch``: both halves of a round
see the same machine load, so the ratio is steadier than the times.

With more than one thread, each half is followed by a pause
(``SWITCH_PAUSE``). An idle BLAS or OpenMP worker thread keeps spinning for a
while before it sleeps (OpenBLAS for up to about 0.1 s), and a spinning
thread of one library takes a core from the other library's next half. On two
cores that slowed whichever library ran second by up to 2.5 times.

* **MLP training step**: forward, cross-entropy loss, backward and an SGD step
  (``lr=0.01, momentum=0.9`` in both) for ReLU networks of three sizes, in
  float32 and float64.
* **Conv2D**: forward plus backward of ``(32, 1, 28, 28) ⊛ 8`` filters of
  ``3 × 3`` against ``torch.nn.functional.conv2d``, with and without the
  gradient for the input.
* **v2 layers**, forward plus backward in float32, each against the same
  computation with PyTorch's own modules: a causal pre-norm
  ``TransformerBlock`` against ``torch.nn.TransformerEncoderLayer``
  (``norm_first=True``, GELU, no dropout), a residual block (Conv2D,
  BatchNorm, ReLU, Conv2D, BatchNorm, plus the skip) in training mode, and
  an ``RNN`` against ``torch.nn.RNN``.
* **GFLOP/s**: the matrix-product work of one training step of the largest
  MLP divided by the step time, against the same matrix products run alone in
  NumPy (the most a dlnotes step could reach with NumPy's BLAS) and alone in
  PyTorch (the same for PyTorch's BLAS).

Both libraries use the same number of threads: the caller sets NumPy's BLAS
threads (environment variables, before NumPy is imported: see
:func:`bench.run.set_threads`) and :func:`run` calls ``torch.set_num_threads``.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from dlnotes.activations import ReLU
from dlnotes.attention import TransformerBlock
from dlnotes.conv import Conv2D
from dlnotes.layers import Dense, Residual
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.norm import BatchNorm
from dlnotes.optim import SGD
from dlnotes.recurrent import RNN

#: The MLPs of the issue: layer sizes and batch size.
MLPS = (((2, 16, 16, 2), 32), ((2, 64, 64, 3), 256), ((784, 256, 128, 10), 1024))
DTYPES = ("float32", "float64")
#: The convolution: input (N, C, H, W), F filters of k × k.
CONV_INPUT, CONV_FILTERS, CONV_KERNEL = (32, 1, 28, 28), 8, 3
#: TransformerBlock: batch N, length T, width d, heads, hidden width of the FFN.
BLOCK_N, BLOCK_T, BLOCK_D, BLOCK_HEADS, BLOCK_FF = 32, 64, 128, 4, 512
#: The residual block's input (N, C, H, W); both convolutions are C -> C, 3 × 3, padding 1.
RESIDUAL_INPUT = (32, 16, 28, 28)
#: RNN: batch N, steps T, input features I, hidden size H.
RNN_N, RNN_T, RNN_I, RNN_H = 32, 50, 64, 128
LAYER_DTYPE = "float32"
LR, MOMENTUM = 0.01, 0.9
ROUND_SECONDS = 0.05  # minimum length of one library's half of a round
ROUNDS = 21
WARMUP_SECONDS = 0.3
SWITCH_PAUSE = 0.25  # seconds between halves when threads > 1 (see above)


@dataclass
class Timing:
    """dlnotes against PyTorch on one task."""

    task: str  # e.g. "MLP 784-256-128-10, batch 1024"
    dtype: str
    dlnotes_ms: float  # median time of one call
    torch_ms: float
    ratio: float  # median over rounds of dlnotes time / PyTorch time
    rounds: int
    calls_per_round: int


@dataclass
class Flops:
    """Achieved GFLOP/s of one training step of the largest MLP."""

    task: str
    dtype: str
    gflop_per_step: float  # matrix-product work of one step, in 1e9 FLOP
    dlnotes_gflops: float
    torch_gflops: float
    numpy_matmul_gflops: float  # the step's matrix products alone, in NumPy
    torch_matmul_gflops: float  # the same products alone, in PyTorch
    dlnotes_share_of_matmul: float  # dlnotes_gflops / numpy_matmul_gflops


def compare(
    task: str,
    dtype: str,
    ours: Callable[[], object],
    theirs: Callable[[], object],
    rounds: int = ROUNDS,
    pause: float = 0.0,
) -> Timing:
    """Time ``ours`` and ``theirs`` in alternating rounds after a warm-up.

    ``pause`` seconds of sleep follow every half of a round.
    """
    calls = max(_calls_for(ours, ROUND_SECONDS), _calls_for(theirs, ROUND_SECONDS))
    time.sleep(pause)
    ours_times, theirs_times, ratios = [], [], []
    for r in range(rounds):
        halves = [(ours, ours_times), (theirs, theirs_times)]
        for fn, times in halves if r % 2 == 0 else halves[::-1]:
            times.append(_time(fn, calls))
            time.sleep(pause)
        ratios.append(ours_times[-1] / theirs_times[-1])
    return Timing(
        task,
        dtype,
        dlnotes_ms=1e3 * statistics.median(ours_times),
        torch_ms=1e3 * statistics.median(theirs_times),
        ratio=statistics.median(ratios),
        rounds=rounds,
        calls_per_round=calls,
    )


def _time(fn: Callable[[], object], calls: int) -> float:
    """Seconds per call, over ``calls`` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def _calls_for(fn: Callable[[], object], seconds: float) -> int:
    """Warm ``fn`` up for ``WARMUP_SECONDS``; return the calls that fill ``seconds``."""
    fn()
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < WARMUP_SECONDS:
        fn()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    return max(1, round(seconds / per_call))


# ------------------------------------------------------------------ the MLPs


def mlp_pair(sizes: tuple[int, ...], batch: int, dtype: str, seed: int = 0):
    """The same ReLU MLP, loss, optimizer and batch in dlnotes and in PyTorch.

    Returns:
        ``(dlnotes_step, torch_step)``: each does forward, loss, backward and
        one SGD step, and returns the loss as a Python float.
    """
    import torch

    rng = np.random.default_rng(seed)
    layers: list = []
    torch_layers: list = []
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        dense = Dense(n_in, n_out, seed=rng, dtype=dtype)
        dense.params["b"][:] = rng.standard_normal(n_out) * 0.1
        linear = torch.nn.Linear(n_in, n_out, dtype=getattr(torch, dtype))
        with torch.no_grad():  # same weights: W is (in, out) here, (out, in) in PyTorch
            linear.weight.copy_(torch.from_numpy(dense.params["W"].T.copy()))
            linear.bias.copy_(torch.from_numpy(dense.params["b"].copy()))
        layers.append(dense)
        torch_layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(ReLU())
            torch_layers.append(torch.nn.ReLU())
    X = rng.standard_normal((batch, sizes[0])).astype(dtype)
    y = rng.integers(0, sizes[-1], size=batch)

    model = Sequential(layers)
    model.compile(CrossEntropy(), SGD(lr=LR, momentum=MOMENTUM), metrics=())

    def dlnotes_step() -> float:
        return model.train_step(X, y)[0]

    net = torch.nn.Sequential(*torch_layers)
    optimizer = torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

    def torch_step() -> float:
        optimizer.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(net(X_t), y_t)
        loss.backward()
        optimizer.step()
        return loss.item()

    return dlnotes_step, torch_step


def check_same_steps(ours: Callable[[], float], theirs: Callable[[], float], dtype: str) -> None:
    """Two steps of each must give the same losses: both do the same work."""
    rtol = 1e-4 if dtype == "float32" else 1e-10
    for step in range(2):
        a, b = ours(), theirs()
        if not np.isclose(a, b, rtol=rtol, atol=rtol):
            raise AssertionError(f"step {step}: dlnotes loss {a!r} but PyTorch loss {b!r}")


def mlp_name(sizes: tuple[int, ...], batch: int) -> str:
    return f"MLP {'-'.join(map(str, sizes))}, batch {batch}"


# ------------------------------------------------------------------- Conv2D


def conv_pair(dtype: str, input_grad: bool, seed: int = 0):
    """``Conv2D`` forward + backward in dlnotes and with ``F.conv2d`` in PyTorch."""
    import torch

    rng = np.random.default_rng(seed)
    n, c, h, w = CONV_INPUT
    f, k = CONV_FILTERS, CONV_KERNEL
    x = rng.standard_normal(CONV_INPUT).astype(dtype)
    g = rng.standard_normal((n, f, h - k + 1, w - k + 1)).astype(dtype)
    conv = Conv2D(c, f, k, seed=rng, dtype=dtype)
    conv.needs_input_grad = input_grad

    def dlnotes_pass() -> None:
        conv.forward(x, train=True)
        conv.backward(g)

    x_t = torch.from_numpy(x).requires_grad_(input_grad)
    W_t = torch.from_numpy(conv.params["W"].copy()).requires_grad_(True)
    b_t = torch.from_numpy(conv.params["b"].copy()).requires_grad_(True)
    g_t = torch.from_numpy(g)

    def torch_pass() -> None:
        x_t.grad = W_t.grad = b_t.grad = None
        torch.nn.functional.conv2d(x_t, W_t, b_t).backward(g_t)

    # Same gradients, so the same work (float32 sums of 21,632 products differ
    # in their last digits, so compare against the largest entry).
    dlnotes_pass()
    torch_pass()
    expected = W_t.grad.numpy()
    tol = (1e-4 if dtype == "float32" else 1e-10) * np.abs(expected).max()
    np.testing.assert_allclose(conv.grads["W"], expected, rtol=0, atol=tol)
    return dlnotes_pass, torch_pass


def conv_name(input_grad: bool) -> str:
    n, c, h, w = CONV_INPUT
    shape = f"({n},{c},{h},{w}) ⊛ {CONV_FILTERS}×{CONV_KERNEL}×{CONV_KERNEL}"
    return f"Conv2D {shape}" + ("" if input_grad else ", no dL/dx (first layer)")


# ------------------------------------------------------------ v2 layers


def _same_gradients(ours: np.ndarray, theirs, dtype: str, what: str) -> None:
    """Equal up to float32 rounding, relative to the largest entry."""
    expected = theirs.detach().numpy()
    tol = (1e-3 if dtype == "float32" else 1e-9) * np.abs(expected).max()
    np.testing.assert_allclose(ours, expected, rtol=0, atol=tol, err_msg=what)


def transformer_pair(dtype: str = LAYER_DTYPE, seed: int = 0):
    """A causal pre-norm ``TransformerBlock`` and ``nn.TransformerEncoderLayer``.

    Both get the same weights (PyTorch keeps ``(out, in)`` matrices and the
    q, k, v projections stacked in one), the same input and the same output
    gradient. Each pass is forward plus backward, input gradient included (a
    block inside a network needs it).
    """
    import torch

    rng = np.random.default_rng(seed)
    n, t, d = BLOCK_N, BLOCK_T, BLOCK_D
    block = TransformerBlock(d, BLOCK_HEADS, BLOCK_FF, causal=True, seed=rng, dtype=dtype)
    x = rng.standard_normal((n, t, d)).astype(dtype)
    g = rng.standard_normal((n, t, d)).astype(dtype)

    def dlnotes_pass() -> None:
        block.forward(x, train=True)
        block.backward(g)

    layer = torch.nn.TransformerEncoderLayer(
        d,
        BLOCK_HEADS,
        BLOCK_FF,
        dropout=0.0,
        activation="gelu",
        batch_first=True,
        norm_first=True,
        dtype=getattr(torch, dtype),
    )
    p = block.params

    def tensor(a: np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(a))

    with torch.no_grad():
        attn = layer.self_attn
        attn.in_proj_weight.copy_(tensor(np.concatenate([p[f"attn.W{c}"] for c in "qkv"], 1).T))
        attn.in_proj_bias.copy_(tensor(np.concatenate([p[f"attn.b{c}"] for c in "qkv"])))
        attn.out_proj.weight.copy_(tensor(p["attn.Wo"].T))
        attn.out_proj.bias.copy_(tensor(p["attn.bo"]))
        for i in (1, 2):
            getattr(layer, f"linear{i}").weight.copy_(tensor(p[f"ff{i}.W"].T))
            getattr(layer, f"linear{i}").bias.copy_(tensor(p[f"ff{i}.b"]))
    mask = torch.nn.Transformer.generate_square_subsequent_mask(t, dtype=getattr(torch, dtype))
    x_t = torch.from_numpy(x).requires_grad_(True)
    g_t = torch.from_numpy(g)

    def torch_pass() -> None:
        x_t.grad = None
        layer.zero_grad(set_to_none=True)
        layer(x_t, src_mask=mask, is_causal=True).backward(g_t)

    dlnotes_pass()
    torch_pass()
    _same_gradients(block.grads["ff1.W"], layer.linear1.weight.grad.T, dtype, "ff1.W")
    _same_gradients(block.backward(g), x_t.grad, dtype, "dL/dx")
    return dlnotes_pass, torch_pass


def residual_pair(dtype: str = LAYER_DTYPE, seed: int = 0):
    """``x + BN(Conv(ReLU(BN(Conv(x)))))`` in training mode, in both libraries."""
    import torch

    rng = np.random.default_rng(seed)
    c = RESIDUAL_INPUT[1]
    block = Residual(
        Conv2D(c, c, 3, padding=1, seed=rng, dtype=dtype),
        BatchNorm(c, dtype=dtype),
        ReLU(),
        Conv2D(c, c, 3, padding=1, seed=rng, dtype=dtype),
        BatchNorm(c, dtype=dtype),
    )
    x = rng.standard_normal(RESIDUAL_INPUT).astype(dtype)
    g = rng.standard_normal(RESIDUAL_INPUT).astype(dtype)

    def dlnotes_pass() -> None:
        block.forward(x, train=True)
        block.backward(g)

    torch_dtype = getattr(torch, dtype)
    convs = [torch.nn.Conv2d(c, c, 3, padding=1, dtype=torch_dtype) for _ in range(2)]
    with torch.no_grad():
        for conv, ours in zip(convs, block.layers[0::3], strict=True):
            conv.weight.copy_(torch.from_numpy(ours.params["W"]))
            conv.bias.copy_(torch.from_numpy(ours.params["b"]))
    net = torch.nn.Sequential(
        convs[0],
        torch.nn.BatchNorm2d(c, dtype=torch_dtype),
        torch.nn.ReLU(),
        convs[1],
        torch.nn.BatchNorm2d(c, dtype=torch_dtype),
    ).train()
    x_t = torch.from_numpy(x).requires_grad_(True)
    g_t = torch.from_numpy(g)

    def torch_pass() -> None:
        x_t.grad = None
        net.zero_grad(set_to_none=True)
        (x_t + net(x_t)).backward(g_t)

    dlnotes_pass()
    torch_pass()
    _same_gradients(block.grads["0.W"], convs[0].weight.grad, dtype, "first Conv2D W")
    return dlnotes_pass, torch_pass


def rnn_pair(dtype: str = LAYER_DTYPE, seed: int = 0):
    """``RNN`` against ``torch.nn.RNN`` (tanh, ``b_ih + b_hh = b``), all hidden states."""
    import torch

    rng = np.random.default_rng(seed)
    rnn = RNN(RNN_I, RNN_H, seed=rng, dtype=dtype)
    x = rng.standard_normal((RNN_N, RNN_T, RNN_I)).astype(dtype)
    g = rng.standard_normal((RNN_N, RNN_T, RNN_H)).astype(dtype)

    def dlnotes_pass() -> None:
        rnn.forward(x, train=True)
        rnn.backward(g)

    net = torch.nn.RNN(RNN_I, RNN_H, batch_first=True, dtype=getattr(torch, dtype))
    with torch.no_grad():
        net.weight_ih_l0.copy_(torch.from_numpy(rnn.params["W_xh"].T.copy()))
        net.weight_hh_l0.copy_(torch.from_numpy(rnn.params["W_hh"].T.copy()))
        net.bias_ih_l0.copy_(torch.from_numpy(rnn.params["b"]))
        net.bias_hh_l0.zero_()
    x_t = torch.from_numpy(x).requires_grad_(True)
    g_t = torch.from_numpy(g)

    def torch_pass() -> None:
        x_t.grad = None
        net.zero_grad(set_to_none=True)
        net(x_t)[0].backward(g_t)

    dlnotes_pass()
    torch_pass()
    _same_gradients(rnn.grads["W_hh"], net.weight_hh_l0.grad.T, dtype, "W_hh")
    return dlnotes_pass, torch_pass


#: The v2 layer comparisons: (task name, pair builder).
LAYER_TASKS = (
    (
        f"TransformerBlock N={BLOCK_N}, T={BLOCK_T}, d={BLOCK_D}, "
        f"{BLOCK_HEADS} heads, d_ff={BLOCK_FF}, causal",
        transformer_pair,
    ),
    (
        f"Residual block (Conv2D, BatchNorm, ReLU, Conv2D, BatchNorm) on {RESIDUAL_INPUT}",
        residual_pair,
    ),
    (f"RNN {RNN_I}→{RNN_H}, T={RNN_T}, batch {RNN_N}", rnn_pair),
)
#: Target of each row: at most this many times PyTorch's time (issue 14).
LAYER_RATIOS = dict(zip((task for task, _ in LAYER_TASKS), (1.5, 2.0, 2.0), strict=True))


def layer_timings(
    rounds: int = ROUNDS, pause: float = 0.0, echo=print, only: str = ""
) -> list[Timing]:
    """Forward plus backward of each v2 layer in ``LAYER_TASKS``, in float32.

    ``only`` keeps the tasks whose name contains it (all by default).
    """
    out = []
    for task, pair in LAYER_TASKS:
        if only not in task:
            continue
        ours, theirs = pair(LAYER_DTYPE)
        timing = compare(task, LAYER_DTYPE, ours, theirs, rounds, pause)
        out.append(timing)
        echo(_line(timing))
    return out


# ------------------------------------------------------------------ GFLOP/s


def step_matmuls(sizes: tuple[int, ...], batch: int, dtype: str, seed: int = 0):
    """The matrix products of one training step, alone, in NumPy and in PyTorch.

    Forward, ``dL/dW`` for every layer, ``dL/dx`` for every layer but the
    first (its input is the data), each in the layout its library's step uses:
    ``W`` is ``(n_in, n_out)`` in dlnotes and ``(n_out, n_in)`` in PyTorch.

    Returns:
        ``(numpy_run, torch_run)``: two functions that do those products.
    """
    import torch

    rng = np.random.default_rng(seed)
    xs = [rng.standard_normal((batch, n)).astype(dtype) for n in sizes[:-1]]
    gs = [rng.standard_normal((batch, n)).astype(dtype) for n in sizes[1:]]
    Ws = [rng.standard_normal(shape).astype(dtype) for shape in itertools.pairwise(sizes)]
    layers = list(enumerate(zip(xs, gs, Ws, strict=True)))
    torch_layers = [
        (i, (torch.from_numpy(x), torch.from_numpy(g), torch.from_numpy(W.T.copy())))
        for i, (x, g, W) in layers
    ]

    def numpy_run() -> None:
        for i, (x, g, W) in layers:
            _ = x @ W  # forward
            _ = x.T @ g  # dL/dW
            if i > 0:
                _ = g @ W.T  # dL/dx

    def torch_run() -> None:
        for i, (x, g, W) in torch_layers:  # W: (n_out, n_in)
            _ = x @ W.T
            _ = g.T @ x
            if i > 0:
                _ = g @ W

    return numpy_run, torch_run


def step_flop(sizes: tuple[int, ...], batch: int) -> float:
    """FLOP of the matrix products of one step (no ``dL/dx`` for the first layer)."""
    macs = sum(a * b for a, b in itertools.pairwise(sizes))
    return 2.0 * batch * (3 * macs - sizes[0] * sizes[1])


def flops(
    sizes: tuple[int, ...], batch: int, dtype: str, step: Timing, rounds: int, pause: float
) -> Flops:
    """GFLOP/s of the step timings against the step's matrix products alone."""
    numpy_run, torch_run = step_matmuls(sizes, batch, dtype)
    products = compare("matrix products", dtype, numpy_run, torch_run, rounds, pause)
    flop = step_flop(sizes, batch)

    def gflops(ms: float) -> float:
        return flop / (ms * 1e-3) / 1e9

    return Flops(
        task=mlp_name(sizes, batch),
        dtype=dtype,
        gflop_per_step=flop / 1e9,
        dlnotes_gflops=gflops(step.dlnotes_ms),
        torch_gflops=gflops(step.torch_ms),
        numpy_matmul_gflops=gflops(products.dlnotes_ms),
        torch_matmul_gflops=gflops(products.torch_ms),
        dlnotes_share_of_matmul=products.dlnotes_ms / step.dlnotes_ms,
    )


# -------------------------------------------------------------------- all


def run(threads: int, rounds: int = ROUNDS, echo=print) -> dict:
    """Every comparison of the module docstring, as a JSON-ready dict.

    Args:
        threads: PyTorch's thread count; NumPy's BLAS must already use as many.
        rounds: timing rounds per comparison.
        echo: called with one progress line per comparison.
    """
    import torch

    torch.set_num_threads(threads)
    pause = SWITCH_PAUSE if threads > 1 else 0.0
    mlp, conv, gflops = [], [], []
    for sizes, batch in MLPS:
        for dtype in DTYPES:
            ours, theirs = mlp_pair(sizes, batch, dtype)
            check_same_steps(ours, theirs, dtype)
            timing = compare(mlp_name(sizes, batch), dtype, ours, theirs, rounds, pause)
            mlp.append(timing)
            echo(_line(timing))
            if (sizes, batch) == MLPS[-1]:
                gflops.append(flops(sizes, batch, dtype, timing, rounds, pause))
    for input_grad in (True, False):
        for dtype in DTYPES:
            ours, theirs = conv_pair(dtype, input_grad)
            timing = compare(conv_name(input_grad), dtype, ours, theirs, rounds, pause)
            conv.append(timing)
            echo(_line(timing))
    v2_layers = layer_timings(rounds, pause, echo)
    return {
        "threads": threads,
        "torch_threads": torch.get_num_threads(),
        "rounds": rounds,
        "pause_seconds": pause,
        "optimizer": f"SGD(lr={LR}, momentum={MOMENTUM})",
        "mlp": [asdict(t) for t in mlp],
        "conv": [asdict(t) for t in conv],
        "layers": [asdict(t) for t in v2_layers],
        "flops": [asdict(f) for f in gflops],
    }


def _line(t: Timing) -> str:
    return (
        f"  {t.task:44s} {t.dtype}  dlnotes {t.dlnotes_ms:8.3f} ms  "
        f"PyTorch {t.torch_ms:8.3f} ms  ratio {t.ratio:.2f}"
    )
