"""Learning-rate schedules and gradient clipping, on a run where they matter.

The 20-layer plain ReLU network of the residual comparison (He
initialisation, 64 units, no skips), trained on the digits for 15 epochs with
SGD and momentum 0.9 at a learning rate of 0.03, high for this network. Six
runs differ only in the learning rate over time (per batch: constant; step,
divided by 0.3 twice; cosine decay; a linear warmup over the first tenth of
the steps, then cosine decay) and in whether the gradient is clipped to a
total length of 1 before each step. Same weights at the start, same batches.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD
from dlnotes.schedules import CosineAnnealingLR, StepLR, warmup_cosine

digits = load_digits()
X = digits.data / 16.0
X = X - X.mean(axis=0)
X_train, X_val, y_train, y_val = train_test_split(
    X, digits.target, test_size=0.2, stratify=digits.target, random_state=0
)
EPOCHS, BATCH, LR = 15, 32, 0.03
STEPS = EPOCHS * int(np.ceil(len(X_train) / BATCH))  # optimizer steps in the whole run


def plain20() -> Sequential:
    layers, n_in = [], 64
    for i in range(19):
        layers += [Dense(n_in, 64, seed=i), ReLU()]
        n_in = 64
    return Sequential([*layers, Dense(64, 10, seed=99)])


# --8<-- [start:runs]
SCHEDULES = {
    "constant": lambda opt: None,
    "step": lambda opt: StepLR(opt, step_size=STEPS // 3, gamma=0.3),
    "cosine": lambda opt: CosineAnnealingLR(opt, T_max=STEPS),
    "warmup + cosine": lambda opt: warmup_cosine(opt, warmup_steps=STEPS // 10, total_steps=STEPS),
}
RUNS = [(name, None) for name in SCHEDULES] + [("constant", 1.0), ("warmup + cosine", 1.0)]
curves, lr_curves = {}, {}
for schedule_name, clip in RUNS:
    label = schedule_name + (", clipped at 1" if clip else "")
    model = plain20()
    optimizer = SGD(lr=LR, momentum=0.9)
    model.compile(CrossEntropy(), optimizer)
    schedule = SCHEDULES[schedule_name](optimizer)
    if schedule is not None:
        lr_curves[schedule_name] = [schedule.lr_at(t) for t in range(STEPS)]
    # A run may diverge: let its numbers overflow to inf/nan quietly, and report it.
    with np.errstate(over="ignore", invalid="ignore"):
        history = model.fit(
            X_train,
            y_train,
            EPOCHS,
            BATCH,
            validation_data=(X_val, y_val),
            seed=0,
            schedule=schedule,
            schedule_every="batch",
            max_grad_norm=clip,
        )
    curves[label] = history
    loss = history["loss"][-1]
    print(
        f"{label:28s} final training loss {loss:7.3f}, "
        f"validation accuracy {history['val_accuracy'][-1]:.3f}"
    )
# --8<-- [end:runs]
lr_curves["constant"] = [LR] * STEPS

final_loss = {label: h["loss"][-1] for label, h in curves.items()}
val_accuracy = {label: h["val_accuracy"][-1] for label, h in curves.items()}
finite = {label: bool(np.isfinite(loss)) for label, loss in final_loss.items()}
constant_diverged = not finite["constant"]
diverged_epoch = next(
    (e + 1 for e, v in enumerate(curves["constant"]["loss"]) if not np.isfinite(v)), None
)
constant_best_before = float(np.nanmin(curves["constant"]["loss"]))
step_loss, cosine_loss = final_loss["step"], final_loss["cosine"]
warmup_loss = final_loss["warmup + cosine"]
clipped_loss = final_loss["constant, clipped at 1"]
both_loss = final_loss["warmup + cosine, clipped at 1"]
both_accuracy = val_accuracy["warmup + cosine, clipped at 1"]
clipped_accuracy = val_accuracy["constant, clipped at 1"]

fig, axes = plt.subplots(1, 2, figsize=(8.8, 3.4), gridspec_kw={"width_ratios": [1, 1.5]})
steps = np.arange(STEPS)
for k, name in enumerate(SCHEDULES):  # the same colour per schedule in both panels
    axes[0].plot(steps, lr_curves[name], color=f"C{k}", label=name)
axes[0].set(xlabel="optimizer step", ylabel="learning rate", title="The schedules")
axes[0].legend(fontsize=8.5)
epochs = np.arange(1, EPOCHS + 1)
for (label, history), style in zip(curves.items(), ["-"] * 4 + ["--"] * 2, strict=True):
    losses = np.array(history["loss"])
    colour = f"C{list(SCHEDULES).index(label.split(',')[0])}"
    axes[1].semilogy(epochs, losses, style, color=colour, marker="o", markersize=3, label=label)
if constant_diverged:
    axes[1].annotate(
        "diverged",
        (diverged_epoch - 1, curves["constant"]["loss"][diverged_epoch - 2]),
        xytext=(0, 12),
        textcoords="offset points",
        ha="center",
        fontsize=9,
        color="C0",
    )
axes[1].set(xlabel="epoch", ylabel="training loss", title="20 plain layers, SGD, lr 0.03")
axes[1].legend(fontsize=8, loc="lower left")
