"""Learning-rate schedules: change the optimizer's ``lr`` as training goes on.

A schedule owns a step counter ``t``, starting at 0. Each ``step()`` adds one
and writes the learning rate for the new ``t`` into ``optimizer.lr``; the
optimizer then uses it for its next updates. Call ``step()`` once per epoch or
once per batch; ``Sequential.fit`` does either (see its ``schedule_every``).
By hand::

    opt = SGD(lr=0.1, momentum=0.9)
    schedule = CosineAnnealingLR(opt, T_max=epochs)   # sets opt.lr = 0.1
    for epoch in range(epochs):
        ...                                           # optimizer steps at opt.lr
        schedule.step()                               # opt.lr for the next epoch

Every schedule is a formula for ``lr(t)`` in terms of the *base* learning
rate ``base_lr``, the optimizer's ``lr`` when the first schedule was attached
to it (stored as ``optimizer.initial_lr``, as PyTorch stores ``initial_lr``).
Constructing a schedule sets ``optimizer.lr = lr(0)``, as PyTorch does. The
sequences equal PyTorch's ``StepLR``, ``CosineAnnealingLR``, ``LinearLR`` and
``SequentialLR`` step for step. (PyTorch computes most of them by updating the
previous value; the closed forms here give the same numbers up to rounding.)
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from dlnotes.optim import Optimizer


class Schedule:
    """Base class: a learning rate ``lr_at(t)`` for step ``t = 0, 1, 2, ...``.

    Subclasses implement ``lr_at``. Constructing one sets the optimizer's
    ``lr`` to ``lr_at(0)``.

    Args:
        optimizer: any object with a settable ``lr`` attribute, such as
            ``SGD``, ``Adam`` or ``AdamW``.

    Attributes:
        optimizer: the optimizer whose ``lr`` is set.
        base_lr: the learning rate the formula scales (``optimizer.initial_lr``).
        t: the number of ``step()`` calls so far.
    """

    def __init__(self, optimizer: Optimizer) -> None:
        lr = getattr(optimizer, "lr", None)
        if isinstance(lr, bool) or not isinstance(lr, (int, float)):
            raise TypeError(
                f"{type(self).__name__}: expected an optimizer with a numeric lr, such as "
                f"SGD(lr=0.1), got {optimizer!r}"
            )
        if getattr(optimizer, "initial_lr", None) is None:
            optimizer.initial_lr = float(lr)  # the first schedule records the base rate
        self.optimizer = optimizer
        self.base_lr: float = float(optimizer.initial_lr)
        self.t = 0
        self.optimizer.lr = self.lr_at(0)

    def lr_at(self, t: int) -> float:
        """The learning rate at step ``t`` (>= 0)."""
        raise NotImplementedError

    @property
    def lr(self) -> float:
        """The current learning rate, ``lr_at(t)``."""
        return self.lr_at(self.t)

    def step(self) -> None:
        """Advance one step and set ``optimizer.lr`` to the new ``lr``."""
        self.t += 1
        self.optimizer.lr = self.lr

    def __repr__(self) -> str:
        return f"{type(self).__name__}(t={self.t}, lr={self.lr:g})"


def _check_int(value, name: str, owner: str, minimum: int) -> int:
    """``value`` as an int >= ``minimum``, or a clear error."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{owner}: expected {name} as an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{owner}: expected {name} >= {minimum}, got {value}")
    return value


class StepLR(Schedule):
    """Divide the learning rate by a constant factor every ``step_size`` steps.

    ``lr(t) = base_lr * gamma ** floor(t / step_size)``

    For example ``StepLR(opt, step_size=10, gamma=0.1)``: ``base_lr`` for
    steps 0-9, a tenth of it for 10-19, a hundredth for 20-29, ...
    (``torch.optim.lr_scheduler.StepLR``).

    Args:
        optimizer: the optimizer whose ``lr`` to set.
        step_size: steps between two drops, >= 1.
        gamma: factor applied at each drop, > 0 (usually < 1).
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        self.step_size = _check_int(step_size, "step_size", "StepLR", 1)
        if not gamma > 0:
            raise ValueError(f"StepLR: expected gamma > 0, got {gamma}")
        self.gamma = float(gamma)
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        return self.base_lr * self.gamma ** (t // self.step_size)


class CosineAnnealingLR(Schedule):
    """Lower the learning rate along half a cosine, from ``base_lr`` to ``eta_min``.

    ``lr(t) = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2``

    The rate falls slowly at first, fastest in the middle and slowly again
    near ``t = T_max``, where it reaches ``eta_min``. Past ``T_max`` the
    formula continues, so the rate rises again (as in
    ``torch.optim.lr_scheduler.CosineAnnealingLR``); set ``T_max`` to the
    number of steps you train for. Loshchilov & Hutter (2017), *SGDR:
    Stochastic Gradient Descent with Warm Restarts*,
    https://arxiv.org/abs/1608.03983

    Args:
        optimizer: the optimizer whose ``lr`` to set.
        T_max: steps from ``base_lr`` down to ``eta_min``, >= 1.
        eta_min: the smallest learning rate, >= 0.
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:
        self.T_max = _check_int(T_max, "T_max", "CosineAnnealingLR", 1)
        if not eta_min >= 0:
            raise ValueError(f"CosineAnnealingLR: expected eta_min >= 0, got {eta_min}")
        self.eta_min = float(eta_min)
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        cosine = (1.0 + math.cos(math.pi * t / self.T_max)) / 2.0  # 1 -> 0 over T_max
        return self.eta_min + (self.base_lr - self.eta_min) * cosine


class LinearWarmup(Schedule):
    """Raise the learning rate linearly from ``start_factor * base_lr`` to ``base_lr``.

    ``lr(t) = base_lr * (start_factor + (1 - start_factor) * min(t, warmup_steps) / warmup_steps)``

    After ``warmup_steps`` steps the rate stays at ``base_lr``. Small first
    steps give Adam's moment estimates and normalization statistics time to
    settle before the full rate is used; transformers are usually trained
    this way. This is ``torch.optim.lr_scheduler.LinearLR(optimizer,
    start_factor, end_factor=1.0, total_iters=warmup_steps)``.

    Args:
        optimizer: the optimizer whose ``lr`` to set.
        warmup_steps: steps to reach ``base_lr``, >= 1.
        start_factor: the first rate as a fraction of ``base_lr``,
            ``0 < start_factor <= 1`` (as PyTorch requires).
    """

    def __init__(self, optimizer: Optimizer, warmup_steps: int, start_factor: float = 0.1) -> None:
        self.warmup_steps = _check_int(warmup_steps, "warmup_steps", "LinearWarmup", 1)
        if not 0 < start_factor <= 1:
            raise ValueError(f"LinearWarmup: expected 0 < start_factor <= 1, got {start_factor}")
        self.start_factor = float(start_factor)
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        progress = min(t, self.warmup_steps) / self.warmup_steps  # 0 -> 1
        return self.base_lr * (self.start_factor + (1.0 - self.start_factor) * progress)


class SequentialLR(Schedule):
    """Run schedules one after another, each starting again from its own step 0.

    With milestones ``m_1 < m_2 < ...``, steps ``0 .. m_1 - 1`` follow
    ``schedules[0]``, steps ``m_1 .. m_2 - 1`` follow ``schedules[1]`` at
    its step ``t - m_1``, and so on (``torch.optim.lr_scheduler.SequentialLR``).
    All schedules must drive the same optimizer. Warmup, then cosine decay::

        warmup = LinearWarmup(opt, warmup_steps=5)
        cosine = CosineAnnealingLR(opt, T_max=45)
        schedule = SequentialLR(opt, [warmup, cosine], milestones=[5])

    ``warmup_cosine`` builds exactly this.

    Args:
        optimizer: the optimizer whose ``lr`` to set.
        schedules: the schedules, in order (at least one).
        milestones: the steps where the next schedule takes over, increasing,
            one fewer than ``schedules``.
    """

    def __init__(
        self, optimizer: Optimizer, schedules: Sequence[Schedule], milestones: Sequence[int]
    ) -> None:
        schedules = list(schedules)
        if not schedules or not all(isinstance(s, Schedule) for s in schedules):
            raise TypeError(
                f"SequentialLR: expected a list of one or more schedules, got {schedules!r}"
            )
        if any(s.optimizer is not optimizer for s in schedules):
            raise ValueError("SequentialLR: expected every schedule to drive the same optimizer")
        milestones = [_check_int(m, "milestones", "SequentialLR", 1) for m in milestones]
        if len(milestones) != len(schedules) - 1 or milestones != sorted(set(milestones)):
            raise ValueError(
                f"SequentialLR: expected {len(schedules) - 1} increasing milestone(s) for "
                f"{len(schedules)} schedules, got {milestones}"
            )
        self.schedules, self.milestones = schedules, milestones
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        i = bisect.bisect_right(self.milestones, t)  # schedules[i] is in charge at t
        start = self.milestones[i - 1] if i > 0 else 0
        return self.schedules[i].lr_at(t - start)


def warmup_cosine(
    optimizer: Optimizer,
    warmup_steps: int,
    total_steps: int,
    start_factor: float = 0.1,
    eta_min: float = 0.0,
) -> SequentialLR:
    """Linear warmup for ``warmup_steps``, then cosine decay to ``eta_min`` at ``total_steps``.

    ``lr(t)`` rises from ``start_factor * base_lr`` to ``base_lr`` over
    ``0 <= t < warmup_steps``, then follows ``CosineAnnealingLR`` with
    ``T_max = total_steps - warmup_steps``, reaching ``eta_min`` at
    ``t = total_steps``.

    Args:
        optimizer: the optimizer whose ``lr`` to set.
        warmup_steps: length of the warmup, >= 1.
        total_steps: the whole run, > ``warmup_steps``.
        start_factor: the first rate as a fraction of ``base_lr``, in (0, 1].
        eta_min: the final learning rate, >= 0.

    Returns:
        A ``SequentialLR`` of ``LinearWarmup`` and ``CosineAnnealingLR``.
    """
    _check_int(total_steps, "total_steps", "warmup_cosine", 2)
    _check_int(warmup_steps, "warmup_steps", "warmup_cosine", 1)
    if total_steps <= warmup_steps:
        raise ValueError(
            f"warmup_cosine: expected total_steps > warmup_steps, got total_steps={total_steps} "
            f"and warmup_steps={warmup_steps}"
        )
    warmup = LinearWarmup(optimizer, warmup_steps, start_factor=start_factor)
    cosine = CosineAnnealingLR(optimizer, T_max=total_steps - warmup_steps, eta_min=eta_min)
    return SequentialLR(optimizer, [warmup, cosine], milestones=[warmup_steps])
