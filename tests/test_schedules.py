"""Tests for dlnotes/schedules.py: formulas by hand, and PyTorch's schedulers step for step."""

import math

import numpy as np
import pytest

from dlnotes.optim import SGD, Adam, AdamW
from dlnotes.schedules import (
    CosineAnnealingLR,
    LinearWarmup,
    SequentialLR,
    StepLR,
    warmup_cosine,
)


def our_lrs(make, steps: int = 50, lr: float = 0.1, opt_cls=SGD) -> list[float]:
    """The optimizer's lr at each of ``steps`` steps (read before each ``step()``)."""
    opt = opt_cls(lr=lr)
    schedule = make(opt)
    lrs = []
    for _ in range(steps):
        assert opt.lr == schedule.lr  # the schedule keeps the optimizer in sync
        lrs.append(opt.lr)
        schedule.step()
    return lrs


def torch_lrs(make, steps: int = 50, lr: float = 0.1) -> list[float]:
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=lr)
    scheduler = make(opt, torch.optim.lr_scheduler)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return lrs


# ------------------------------------------------------------------- by hand
def test_step_lr_by_hand():
    lrs = our_lrs(lambda o: StepLR(o, step_size=3, gamma=0.5), steps=7, lr=1.0)
    assert lrs == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]


def test_cosine_reaches_eta_min_at_t_max_and_halfway_at_the_middle():
    lrs = our_lrs(lambda o: CosineAnnealingLR(o, T_max=10, eta_min=0.01), steps=11, lr=0.11)
    assert lrs[0] == 0.11
    assert lrs[5] == pytest.approx(0.06, abs=1e-15)  # halfway between 0.11 and 0.01
    assert lrs[10] == pytest.approx(0.01, abs=1e-15)
    assert np.all(np.diff(lrs) < 0)  # falling all the way


def test_linear_warmup_by_hand():
    lrs = our_lrs(lambda o: LinearWarmup(o, warmup_steps=4, start_factor=0.2), steps=7, lr=1.0)
    np.testing.assert_allclose(lrs, [0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 1.0], rtol=0, atol=1e-15)


def test_construction_sets_the_first_lr_and_lr_at_lists_the_sequence():
    opt = Adam(lr=0.01)
    schedule = LinearWarmup(opt, warmup_steps=10)
    assert opt.lr == pytest.approx(0.001) and opt.initial_lr == 0.01
    assert [schedule.lr_at(t) for t in (0, 10)] == [pytest.approx(0.001), 0.01]
    assert schedule.t == 0  # lr_at does not move the schedule


def test_warmup_cosine_rises_then_falls_to_eta_min():
    lrs = our_lrs(lambda o: warmup_cosine(o, 5, 30, eta_min=0.001), steps=31, lr=0.1)
    peak = int(np.argmax(lrs))
    assert peak == 5 and lrs[peak] == 0.1
    assert np.all(np.diff(lrs[:6]) > 0)
    assert np.all(np.diff(lrs[5:31]) < 0)
    assert lrs[30] == pytest.approx(0.001, abs=1e-15)


def test_a_second_schedule_uses_the_original_base_lr():
    opt = SGD(lr=0.1)
    StepLR(opt, step_size=1, gamma=0.5).step()  # opt.lr is now 0.05
    assert opt.lr == 0.05
    assert CosineAnnealingLR(opt, T_max=10).base_lr == 0.1  # as PyTorch's initial_lr


# ------------------------------------------------------------------ PyTorch
@pytest.mark.torch
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            lambda o: StepLR(o, step_size=7, gamma=0.3),
            lambda o, L: L.StepLR(o, step_size=7, gamma=0.3),
        ),
        (
            lambda o: StepLR(o, step_size=10),
            lambda o, L: L.StepLR(o, step_size=10),
        ),
        (
            lambda o: CosineAnnealingLR(o, T_max=50),
            lambda o, L: L.CosineAnnealingLR(o, T_max=50),
        ),
        (  # past T_max the rate rises again, in both
            lambda o: CosineAnnealingLR(o, T_max=12, eta_min=0.002),
            lambda o, L: L.CosineAnnealingLR(o, T_max=12, eta_min=0.002),
        ),
        (
            lambda o: LinearWarmup(o, warmup_steps=8, start_factor=0.25),
            lambda o, L: L.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8),
        ),
        (
            lambda o: LinearWarmup(o, warmup_steps=5),
            lambda o, L: L.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5),
        ),
        (
            lambda o: LinearWarmup(o, warmup_steps=3, start_factor=1.0),
            lambda o, L: L.LinearLR(o, start_factor=1.0, end_factor=1.0, total_iters=3),
        ),
        (
            lambda o: warmup_cosine(o, warmup_steps=6, total_steps=40, eta_min=0.001),
            lambda o, L: L.SequentialLR(
                o,
                [
                    L.LinearLR(o, start_factor=0.1, total_iters=6),
                    L.CosineAnnealingLR(o, T_max=34, eta_min=0.001),
                ],
                milestones=[6],
            ),
        ),
        (
            lambda o: SequentialLR(
                o,
                [LinearWarmup(o, 4), StepLR(o, 5, gamma=0.5), CosineAnnealingLR(o, 20)],
                milestones=[4, 20],
            ),
            lambda o, L: L.SequentialLR(
                o,
                [
                    L.LinearLR(o, 0.1, total_iters=4),
                    L.StepLR(o, 5, 0.5),
                    L.CosineAnnealingLR(o, 20),
                ],
                milestones=[4, 20],
            ),
        ),
    ],
)
def test_lr_sequence_matches_torch_over_50_steps(ours, theirs):
    a, b = our_lrs(ours, lr=0.1), torch_lrs(theirs, lr=0.1)
    assert len(a) == len(b) == 50
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


@pytest.mark.torch
def test_adamw_with_warmup_cosine_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    p = rng.standard_normal(6)
    tp = torch.tensor(p.copy(), requires_grad=True)
    ours = AdamW(lr=0.05)
    theirs = torch.optim.AdamW([tp], lr=0.05)
    s_ours = warmup_cosine(ours, warmup_steps=3, total_steps=20)
    L = torch.optim.lr_scheduler
    s_theirs = L.SequentialLR(
        theirs,
        [L.LinearLR(theirs, 0.1, total_iters=3), L.CosineAnnealingLR(theirs, T_max=17)],
        milestones=[3],
    )
    for t in range(20):
        g = p * np.linspace(0.5, 2, 6) + 0.1 * np.random.default_rng(t).standard_normal(6)
        ours.step([(p, g)])
        tp.grad = torch.tensor(g)
        theirs.step()
        s_ours.step()
        s_theirs.step()
    np.testing.assert_allclose(p, tp.detach().numpy(), rtol=0, atol=1e-12)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda o: LinearWarmup(o, 5, start_factor=0.0),
            ValueError,
            "0 < start_factor <= 1, got 0",
        ),
        (lambda o: LinearWarmup(o, 5, start_factor=1.5), ValueError, "0 < start_factor <= 1"),
        (lambda o: LinearWarmup(o, 0), ValueError, "warmup_steps >= 1, got 0"),
        (lambda o: StepLR(o, 2.5), TypeError, "step_size as an int, got float"),
        (lambda o: StepLR(o, 2, gamma=0), ValueError, "gamma > 0"),
        (lambda o: CosineAnnealingLR(o, 0), ValueError, "T_max >= 1, got 0"),
        (lambda o: CosineAnnealingLR(o, 10, eta_min=-1), ValueError, "eta_min >= 0"),
        (lambda o: StepLR("sgd", 2), TypeError, "optimizer with a numeric lr"),
        (lambda o: warmup_cosine(o, 10, 10), ValueError, "total_steps > warmup_steps"),
        (
            lambda o: SequentialLR(o, [StepLR(o, 2), StepLR(o, 3)], milestones=[]),
            ValueError,
            "1 increasing milestone",
        ),
        (
            lambda o: SequentialLR(o, [StepLR(o, 2), StepLR(SGD(0.1), 3)], [4]),
            ValueError,
            "same optimizer",
        ),
    ],
)
def test_bad_arguments_raise(make, error, message):
    with pytest.raises(error, match=message):
        make(SGD(lr=0.1))


def test_cosine_formula_is_the_docstring_formula():
    s = CosineAnnealingLR(SGD(lr=0.3), T_max=7, eta_min=0.05)
    for t in range(15):
        expected = 0.05 + 0.25 * (1 + math.cos(math.pi * t / 7)) / 2
        assert s.lr_at(t) == pytest.approx(expected, abs=1e-16)
