"""Tests for dlnotes/optim.py: hand-computed steps, and PyTorch step for step."""

import numpy as np
import pytest

from dlnotes.optim import SGD, Adam


def quadratic_grads(p: np.ndarray, t: int) -> np.ndarray:
    """Gradient of a bowl, 0.5 * p * p * scale, plus a fixed wobble per step t."""
    scale = np.linspace(0.5, 2.0, p.size).reshape(p.shape)
    wobble = np.random.default_rng(t).standard_normal(p.shape)
    return scale * p + 0.1 * wobble


# --------------------------------------------------------------- SGD by hand
def test_sgd_step_on_quadratic_is_p_minus_lr_p():
    # f(p) = 0.5 * ||p||^2 has gradient p, so one step gives p * (1 - lr).
    p = np.array([[1.0, -2.0], [3.0, 0.5]])
    start = p.copy()
    SGD(lr=0.1).step([(p, p.copy())])
    np.testing.assert_allclose(p, 0.9 * start, rtol=0, atol=1e-15)


def test_sgd_converges_on_quadratic():
    p = np.array([5.0, -3.0])
    opt = SGD(lr=0.1, momentum=0.9)
    for _ in range(300):
        opt.step([(p, p.copy())])
    assert np.abs(p).max() < 1e-6


def test_sgd_momentum_and_weight_decay_by_hand():
    p = np.array([1.0])
    g = np.array([2.0])
    opt = SGD(lr=0.1, momentum=0.5, weight_decay=0.2)
    opt.step([(p, g)])
    # g' = 2 + 0.2 * 1 = 2.2; b = 2.2 (first step); p = 1 - 0.22 = 0.78
    assert p[0] == pytest.approx(0.78, abs=1e-15)
    opt.step([(p, g)])
    # g' = 2 + 0.2 * 0.78 = 2.156; b = 0.5 * 2.2 + 2.156 = 3.256
    assert p[0] == pytest.approx(0.78 - 0.1 * 3.256, abs=1e-15)
    assert g[0] == 2.0  # the gradient is only read


def test_sgd_keeps_separate_state_per_parameter():
    a, b = np.zeros(2), np.zeros(3)
    opt = SGD(lr=1.0, momentum=0.5)
    for _ in range(2):
        opt.step([(a, np.ones(2)), (b, 2 * np.ones(3))])
    # a: b1 = 1, b2 = 1.5 -> a = -2.5 ; b: buffers are twice as large
    np.testing.assert_array_equal(a, -2.5)
    np.testing.assert_array_equal(b, -5.0)


# -------------------------------------------------------------- Adam by hand
def test_adam_first_step_moves_each_weight_by_about_lr():
    # With m0 = v0 = 0 the bias-corrected step 1 is lr * g / (|g| + eps).
    p = np.array([1.0, 1.0, 1.0])
    g = np.array([3.0, -0.5, 1e-3])
    Adam(lr=0.01).step([(p, g)])
    expected = 1.0 - 0.01 * g / (np.abs(g) + 1e-8)
    np.testing.assert_allclose(p, expected, rtol=0, atol=1e-15)


def test_adam_state_counts_steps_per_parameter():
    a, b = np.ones(2), np.ones(2)
    opt = Adam()
    opt.step([(a, np.ones(2))])
    opt.step([(a, np.ones(2)), (b, np.ones(2))])
    assert opt.state(a)["t"] == 2
    assert opt.state(b)["t"] == 1


@pytest.mark.parametrize(
    "opt", [SGD(0.1, momentum=0.9, weight_decay=0.1), Adam(0.1, weight_decay=0.1)]
)
def test_float32_parameters_and_state_stay_float32(opt):
    p = np.ones((3, 2), dtype=np.float32)
    ident = id(p)
    for t in range(3):
        opt.step([(p, quadratic_grads(p, t).astype(np.float32))])
    assert id(p) == ident and p.dtype == np.float32
    for value in opt.state(p).values():
        if isinstance(value, np.ndarray):
            assert value.dtype == np.float32


def test_state_buffers_are_reused_not_reallocated():
    p = np.ones(4)
    opt = Adam(weight_decay=0.01)
    opt.step([(p, np.ones(4))])
    buffers = {k: id(v) for k, v in opt.state(p).items() if isinstance(v, np.ndarray)}
    opt.step([(p, np.ones(4))])
    assert buffers == {k: id(v) for k, v in opt.state(p).items() if isinstance(v, np.ndarray)}


@pytest.mark.parametrize(
    "make",
    [
        lambda: SGD(lr=0.0),
        lambda: SGD(lr=0.1, momentum=1.0),
        lambda: SGD(lr=0.1, weight_decay=-1.0),
        lambda: Adam(lr=-1.0),
        lambda: Adam(betas=(0.9, 1.0)),
        lambda: Adam(eps=0.0),
    ],
)
def test_bad_hyperparameters_raise(make):
    with pytest.raises(ValueError, match="expected"):
        make()


# ------------------------------------------------------------------ PyTorch
def run_both(ours, make_torch, steps=20):
    """Run our optimizer and PyTorch's on the same gradients; return both params."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    params = [rng.standard_normal((4, 3)), rng.standard_normal(3)]
    t_params = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    t_opt = make_torch(t_params)
    for t in range(steps):
        grads = [quadratic_grads(p, t) for p in params]  # from our current params
        ours.step(zip(params, grads, strict=True))
        for tp, g in zip(t_params, grads, strict=True):
            tp.grad = torch.tensor(g)
        t_opt.step()
    return params, [tp.detach().numpy() for tp in t_params]


@pytest.mark.torch
def test_sgd_matches_torch_for_20_steps():
    torch = pytest.importorskip("torch")
    ours, theirs = run_both(
        SGD(lr=0.05, momentum=0.9, weight_decay=0.01),
        lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.01),
    )
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


@pytest.mark.torch
def test_adam_matches_torch_for_20_steps():
    torch = pytest.importorskip("torch")
    ours, theirs = run_both(
        Adam(lr=0.05, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.01),
        lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.01),
    )
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
