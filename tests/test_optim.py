"""Tests for dlnotes/optim.py: hand-computed steps, and PyTorch step for step."""

import numpy as np
import pytest

from dlnotes.optim import SGD, Adam, AdamW, clip_grad_norm


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
    "opt",
    [
        SGD(0.1, momentum=0.9, weight_decay=0.1),
        Adam(0.1, weight_decay=0.1),
        AdamW(0.1, weight_decay=0.1),
    ],
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
        lambda: AdamW(weight_decay=-0.1),
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


@pytest.mark.torch
def test_adamw_matches_torch_for_20_steps():
    torch = pytest.importorskip("torch")
    ours, theirs = run_both(
        AdamW(lr=0.05, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.1),
        lambda ps: torch.optim.AdamW(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.1),
    )
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


@pytest.mark.torch
def test_adamw_defaults_match_torch():
    torch = pytest.importorskip("torch")
    ours, theirs = run_both(AdamW(), lambda ps: torch.optim.AdamW(ps))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


# --------------------------------------------------------------- AdamW by hand
def test_adamw_decay_is_decoupled_from_the_gradient():
    # With g = 0 Adam's step is 0, so only the decay acts: p * (1 - lr * wd).
    p = np.array([2.0, -4.0])
    AdamW(lr=0.1, weight_decay=0.5).step([(p, np.zeros(2))])
    np.testing.assert_allclose(p, [2.0 * 0.95, -4.0 * 0.95], rtol=0, atol=1e-15)
    # Adam's L2 decay instead goes through the adaptive step: about lr per weight.
    q = np.array([2.0, -4.0])
    Adam(lr=0.1, weight_decay=0.5).step([(q, np.zeros(2))])
    np.testing.assert_allclose(q, [1.9, -3.9], rtol=0, atol=1e-7)


# ------------------------------------------------------------- lr is settable
@pytest.mark.parametrize("make", [lambda: SGD(0.1, momentum=0.9), Adam, AdamW])
def test_lr_is_a_settable_attribute(make):
    opt = make()
    opt.lr = 0.25
    assert opt.lr == 0.25 and isinstance(opt.lr, float)
    opt.lr = 0  # a schedule may reach zero
    p = np.ones(3)
    opt.step([(p, np.ones(3))])
    np.testing.assert_array_equal(p, 1.0)  # lr 0: no change at all
    with pytest.raises(ValueError, match=r"lr: expected a finite number >= 0, got -1"):
        opt.lr = -1.0
    with pytest.raises(TypeError, match="lr: expected a number, got str"):
        opt.lr = "0.1"


@pytest.mark.torch
def test_changing_lr_between_steps_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    p = rng.standard_normal(5)
    tp = torch.tensor(p.copy(), requires_grad=True)
    ours, theirs = AdamW(lr=0.1), torch.optim.AdamW([tp], lr=0.1)
    for t in range(20):
        lr = 0.1 * 0.9**t
        ours.lr = lr
        for group in theirs.param_groups:
            group["lr"] = lr
        g = quadratic_grads(p, t)
        ours.step([(p, g)])
        tp.grad = torch.tensor(g)
        theirs.step()
    np.testing.assert_allclose(p, tp.detach().numpy(), rtol=0, atol=1e-12)


# -------------------------------------------------------------- clip_grad_norm
def test_clip_grad_norm_by_hand():
    a, b = np.array([3.0]), np.array([[4.0, 0.0]])  # total norm 5
    norm = clip_grad_norm([(np.zeros(1), a), (np.zeros((1, 2)), b)], max_norm=1.0)
    assert norm == 5.0 and isinstance(norm, float)
    scale = 1.0 / (5.0 + 1e-6)
    np.testing.assert_allclose(a, [3.0 * scale], rtol=0, atol=1e-15)
    np.testing.assert_allclose(b, [[4.0 * scale, 0.0]], rtol=0, atol=1e-15)


def test_clip_grad_norm_leaves_small_gradients_alone():
    g = np.array([0.3, 0.4])  # norm 0.5
    assert clip_grad_norm([(np.zeros(2), g)], max_norm=1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(g, [0.3, 0.4])


def test_clip_grad_norm_keeps_float32_and_rejects_bad_input():
    g = np.full(4, 10.0, dtype=np.float32)
    clip_grad_norm([(np.zeros(4, dtype=np.float32), g)], 1.0)
    assert g.dtype == np.float32
    assert np.linalg.norm(g) == pytest.approx(1.0, rel=1e-5)
    with pytest.raises(ValueError, match="max_norm > 0, got 0"):
        clip_grad_norm([(g, g)], 0)
    with pytest.raises(TypeError, match=r"\(param, grad\) pairs"):
        clip_grad_norm([g], 1.0)
    assert clip_grad_norm([], 1.0) == 0.0


@pytest.mark.torch
def test_clip_grad_norm_then_sgd_matches_torch_for_20_steps():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    params = [rng.standard_normal((4, 3)), rng.standard_normal(3)]
    t_params = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    ours, theirs = SGD(0.1, momentum=0.9), torch.optim.SGD(t_params, lr=0.1, momentum=0.9)
    clipped = 0
    for t in range(20):
        grads = [5 * quadratic_grads(p, t) for p in params]
        for tp, g in zip(t_params, grads, strict=True):
            tp.grad = torch.tensor(g)
        pairs = list(zip(params, grads, strict=True))
        norm = clip_grad_norm(pairs, max_norm=8.0)
        t_norm = torch.nn.utils.clip_grad_norm_(t_params, max_norm=8.0).item()
        assert abs(norm - t_norm) <= 1e-12 * t_norm
        clipped += norm > 8.0
        for g, tp in zip(grads, t_params, strict=True):
            np.testing.assert_allclose(g, tp.grad.numpy(), rtol=0, atol=1e-12)
        ours.step(pairs)
        theirs.step()
    assert 0 < clipped < 20  # both branches were exercised
    for p, tp in zip(params, t_params, strict=True):
        np.testing.assert_allclose(p, tp.detach().numpy(), rtol=0, atol=1e-12)
