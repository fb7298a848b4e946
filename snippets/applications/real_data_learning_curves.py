"""Learning curves on real data: test score against the number of training examples.

On the digit images (an image task) and the breast-cancer measurements (a
table), trains each model on growing random subsets of a fixed training pool
and scores it on the same held-out test set. Each size is repeated with three
seeds; the curves show the mean and the band the standard deviation. The
settings are those the benchmark on the same page chose most often.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import PALETTE

# Fixed settings (hidden units, filters, leaves per tree, penalty C).
MLP_UNITS = {"digits": 64, "breast cancer": 32}
CNN_FILTERS = 16
BOOSTING_LEAVES = 15
LOGISTIC_C = {"digits": 1.0, "breast cancer": 0.1}


def train_network(layers, X_fit, y_fit, X_val, y_val):
    """The benchmark's training: Adam, batches of 64, early stopping (patience 10)."""
    model = Sequential(layers)
    model.compile(CrossEntropy(), Adam(lr=2e-3), metrics=())
    stop = EarlyStopping(monitor="val_loss", patience=10)
    model.fit(X_fit, y_fit, 200, 64, validation_data=(X_val, y_val), callbacks=[stop], seed=0)
    return model


def mlp(name, X_fit, y_fit, X_val, y_val, X_test):
    scale = StandardScaler().fit(X_fit)
    units, classes = MLP_UNITS[name], int(y_fit.max()) + 1
    layers = [
        Dense(X_fit.shape[1], units, seed=0),
        ReLU(),
        Dense(units, classes, seed=1),
    ]
    model = train_network(layers, scale.transform(X_fit), y_fit, scale.transform(X_val), y_val)
    return model.predict(scale.transform(X_test)).argmax(axis=1)


def cnn(name, X_fit, y_fit, X_val, y_val, X_test):
    mean, sd = X_fit.mean(), X_fit.std()

    def images(X):
        return ((X - mean) / sd).reshape(-1, 1, 8, 8)

    f = CNN_FILTERS
    layers = [Conv2D(1, f, 3, padding=1, seed=0), ReLU(), MaxPool2D(2), Flatten()]
    layers.append(Dense(f * 16, 10, seed=1))
    model = train_network(layers, images(X_fit), y_fit, images(X_val), y_val)
    return model.predict(images(X_test)).argmax(axis=1)


def boosting(name, X_fit, y_fit, X_val, y_val, X_test):
    model = HistGradientBoostingClassifier(
        max_leaf_nodes=BOOSTING_LEAVES,
        learning_rate=0.2,
        max_iter=200,
        early_stopping=True,
        random_state=0,
    )
    model.fit(X_fit, y_fit, X_val=X_val, y_val=y_val)
    return model.predict(X_test)


def logistic(name, X_fit, y_fit, X_val, y_val, X_test):
    scale = StandardScaler().fit(X_fit)
    model = LogisticRegression(C=LOGISTIC_C[name], max_iter=5000)
    model.fit(scale.transform(X_fit), y_fit)
    return model.predict(scale.transform(X_test))


# --8<-- [start:curves]
TASKS = {  # data, test-set size, training sizes, models
    "digits": (load_digits(return_X_y=True), 497, [50, 100, 200, 400, 800, 1300], [mlp, cnn]),
    "breast cancer": (load_breast_cancer(return_X_y=True), 169, [50, 100, 200, 400], [mlp]),
}
SEEDS = [0, 1, 2]
curves = {}  # curves[task][model] = (sizes, mean accuracy, sd)
for task, ((X, y), n_test, sizes, networks) in TASKS.items():
    X_pool, X_test, y_pool, y_test = train_test_split(
        X, y, test_size=n_test, stratify=y, random_state=0
    )
    models = [*networks, boosting, logistic]
    runs = np.zeros((len(models), len(sizes), len(SEEDS)))
    for j, n in enumerate(sizes):
        for k, seed in enumerate(SEEDS):
            # n training examples (classes in their proportions), 20 % of them
            # kept for validation; the test set stays the same.
            subset = np.arange(len(y_pool))
            if n < len(subset):
                subset, _ = train_test_split(
                    subset, train_size=n, stratify=y_pool, random_state=seed
                )
            fit, val = train_test_split(
                subset, test_size=0.2, stratify=y_pool[subset], random_state=seed
            )
            for i, model in enumerate(models):
                args = (X_pool[fit], y_pool[fit], X_pool[val], y_pool[val], X_test)
                runs[i, j, k] = np.mean(model(task, *args) == y_test)
    curves[task] = {
        m.__name__: (sizes, runs[i].mean(axis=1).tolist(), runs[i].std(axis=1).tolist())
        for i, m in enumerate(models)
    }
# --8<-- [end:curves]

LABELS = {
    "logistic": "logistic regression",
    "boosting": "gradient boosting",
    "mlp": "MLP (dlnotes)",
    "cnn": "CNN (dlnotes)",
}
COLOURS = {"logistic": PALETTE[0], "boosting": PALETTE[2], "mlp": PALETTE[3], "cnn": PALETTE[4]}
for task, models in curves.items():
    print(f"{task}: test accuracy, mean of {len(SEEDS)} seeds")
    sizes = models["boosting"][0]
    print(f"  {'training examples':<20}" + "".join(f"{n:>7}" for n in sizes))
    for name, (_, m, _) in models.items():
        print(f"  {LABELS[name]:<20}" + "".join(f"{v:>7.3f}" for v in m))
    print()

fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.4))
for ax, (task, models) in zip(axes, curves.items(), strict=True):
    for name, (sizes, m, s) in models.items():
        m, s = np.array(m), np.array(s)
        ax.plot(sizes, m, marker="o", ms=4, color=COLOURS[name], label=LABELS[name])
        ax.fill_between(sizes, m - s, m + s, color=COLOURS[name], alpha=0.15, lw=0)
    ax.set(xscale="log", xlabel="training examples (log scale)", title=task)
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.minorticks_off()
axes[0].set(ylabel="test accuracy")
axes[0].legend(loc="lower right", fontsize=9)

# Facts the page states.
digits, cancer = curves["digits"], curves["breast cancer"]
digits_at_50 = {name: digits[name][1][0] for name in digits}  # accuracy with 50 examples
digits_at_all = {name: digits[name][1][-1] for name in digits}
cancer_at_all = {name: cancer[name][1][-1] for name in cancer}
cancer_at_50 = {name: cancer[name][1][0] for name in cancer}
digits_sizes = TASKS["digits"][2]
cancer_sizes = TASKS["breast cancer"][2]
# From which training size on the CNN beats every other model (None: never).
others = [m for m in digits if m != "cnn"]
cnn_ahead = [
    all(digits["cnn"][1][j] > digits[m][1][j] for m in others) for j in range(len(digits_sizes))
]
cnn_leads_from = next((n for j, n in enumerate(digits_sizes) if all(cnn_ahead[j:])), None)
# The largest gap between the CNN and logistic regression with 50 or 100 images.
small_gap_points = 100 * max(abs(digits["cnn"][1][j] - digits["logistic"][1][j]) for j in (0, 1))
