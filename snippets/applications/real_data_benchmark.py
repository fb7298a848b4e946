"""Classical machine learning against small neural networks, on four real data sets.

Compares logistic (or linear) regression, a random forest, gradient-boosted
trees, a dense network (MLP) and, on the digit images, a small convolutional
network (CNN). Every model gets the same data: 5-fold cross-validation with
fixed seeds; inside each training fold, 80 % fits the model and 20 % is a
validation split that picks the better of two settings per family and stops
the networks and the boosting early. The test fold is touched once, by the
chosen model.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_wine
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler

from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import MSE, CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import PALETTE

# --8<-- [start:data]
# Four data sets that ship with scikit-learn: nothing is downloaded.
DATASETS = {
    "digits": load_digits(return_X_y=True),  # 8×8 images, 10 classes
    "breast cancer": load_breast_cancer(return_X_y=True),  # 30 measurements, 2 classes
    "wine": load_wine(return_X_y=True),  # 13 chemical measurements, 3 classes
    "diabetes": load_diabetes(return_X_y=True),  # 10 measurements, a number
}
REGRESSION = {"diabetes"}
# --8<-- [end:data]

# --8<-- [start:grids]
# Two settings per family: the same search budget for everyone.
GRIDS = {
    "linear": [0.1, 1.0],  # inverse penalty C (logistic) / 1 / alpha (ridge)
    "random forest": [1, 10],  # min_samples_leaf, 100 trees
    "gradient boosting": [7, 15],  # max_leaf_nodes per tree
    "MLP": [32, 64],  # hidden units of one ReLU layer
    "CNN": [8, 16],  # 3×3 filters of one convolution layer (digits only)
}
n_settings = len(GRIDS["linear"])
# --8<-- [end:grids]


# --8<-- [start:networks]
def train_network(layers, regression, X_fit, y_fit, X_val, y_val):
    """Adam, batches of 64, at most 200 epochs, early stopping on the
    validation loss (patience 10) with the best epoch's weights restored."""
    model = Sequential(layers)
    model.compile(MSE() if regression else CrossEntropy(), Adam(lr=2e-3), metrics=())
    stop = EarlyStopping(monitor="val_loss", patience=10)
    history = model.fit(
        X_fit, y_fit, 200, 64, validation_data=(X_val, y_val), callbacks=[stop], seed=0
    )
    return model, len(history.epoch)


def fit_mlp(hidden, regression, X_fit, y_fit, X_val, y_val):
    scale = StandardScaler().fit(X_fit)  # statistics of the fitting part only
    n_out = 1 if regression else int(y_fit.max()) + 1
    target = StandardScaler().fit(y_fit[:, None]) if regression else None
    if regression:
        y_fit, y_val = target.transform(y_fit[:, None]), target.transform(y_val[:, None])
    layers = [
        Dense(X_fit.shape[1], hidden, seed=0),
        ReLU(),
        Dense(hidden, n_out, seed=1),
    ]
    model, epochs = train_network(
        layers, regression, scale.transform(X_fit), y_fit, scale.transform(X_val), y_val
    )

    def predict(X):
        out = model.predict(scale.transform(X))
        return target.inverse_transform(out)[:, 0] if regression else out.argmax(axis=1)

    return predict, {"weights": n_parameters(model), "epochs": epochs}


def fit_cnn(filters, regression, X_fit, y_fit, X_val, y_val):
    mean, sd = X_fit.mean(), X_fit.std()  # one mean and sd for all pixels

    def images(X):
        return ((X - mean) / sd).reshape(-1, 1, 8, 8)

    layers = [
        Conv2D(1, filters, kernel_size=3, padding=1, seed=0),  # (N, filters, 8, 8)
        ReLU(),
        MaxPool2D(2),  # (N, filters, 4, 4)
        Flatten(),
        Dense(filters * 16, 10, seed=1),
    ]
    model, epochs = train_network(layers, False, images(X_fit), y_fit, images(X_val), y_val)
    cost = {"weights": n_parameters(model), "epochs": epochs}
    return lambda X: model.predict(images(X)).argmax(axis=1), cost


# --8<-- [end:networks]
def n_parameters(model):
    return sum(p.size for p, _ in model.parameters())


# --8<-- [start:classical]
def fit_linear(c, regression, X_fit, y_fit, X_val, y_val):
    scale = StandardScaler().fit(X_fit)
    if regression:
        model = Ridge(alpha=1 / c)
    else:
        model = LogisticRegression(C=c, max_iter=5000)
    model.fit(scale.transform(X_fit), y_fit)
    cost = {"weights": model.coef_.size + np.size(model.intercept_)}
    return lambda X: model.predict(scale.transform(X)), cost


def fit_forest(leaf, regression, X_fit, y_fit, X_val, y_val):
    forest = RandomForestRegressor if regression else RandomForestClassifier
    model = forest(n_estimators=100, min_samples_leaf=leaf, random_state=0, n_jobs=1)
    model.fit(X_fit, y_fit)
    nodes = sum(tree.tree_.node_count for tree in model.estimators_)
    return model.predict, {"trees": 100, "nodes": nodes}


def fit_boosting(leaves, regression, X_fit, y_fit, X_val, y_val):
    # Boosting rounds stop when the validation loss has not improved for 10.
    boosting = HistGradientBoostingRegressor if regression else HistGradientBoostingClassifier
    model = boosting(
        max_leaf_nodes=leaves, learning_rate=0.2, max_iter=200, early_stopping=True, random_state=0
    )
    model.fit(X_fit, y_fit, X_val=X_val, y_val=y_val)
    trees = model.n_iter_ * model.n_trees_per_iteration_  # one tree per class per round
    return model.predict, {"trees": trees}


# --8<-- [end:classical]

FAMILIES = {
    "linear": fit_linear,
    "random forest": fit_forest,
    "gradient boosting": fit_boosting,
    "MLP": fit_mlp,
    "CNN": fit_cnn,
}


def score(regression, y_true, y_pred):
    """Accuracy, or R² for regression: higher is better for both."""
    if regression:
        return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2)
    return float(np.mean(y_true == y_pred))


# --8<-- [start:cv]
scores, rmse, chosen, costs = {}, {}, {}, {}
for name, (X, y) in DATASETS.items():
    regression = name in REGRESSION
    folds = KFold if regression else StratifiedKFold
    families = [f for f in FAMILIES if f != "CNN" or name == "digits"]
    for family in families:
        for table in (scores, rmse, chosen, costs):
            table.setdefault(name, {})[family] = []
    for fold, (train, test) in enumerate(
        folds(n_splits=5, shuffle=True, random_state=0).split(X, y)
    ):
        # 80 % of the training fold fits, 20 % validates: the same for every model.
        fit, val = train_test_split(
            train, test_size=0.2, random_state=fold, stratify=None if regression else y[train]
        )
        for family in families:
            best = None
            for setting in GRIDS[family]:
                model = FAMILIES[family](setting, regression, X[fit], y[fit], X[val], y[val])
                val_score = score(regression, y[val], model[0](X[val]))
                if best is None or val_score > best[0]:
                    best = (val_score, setting, model)
            _, setting, (predict, cost) = best
            prediction = predict(X[test])  # the test fold, touched once
            scores[name][family].append(float(score(regression, y[test], prediction)))
            rmse[name][family].append(float(np.sqrt(np.mean((y[test] - prediction) ** 2))))
            chosen[name][family].append(setting)
            costs[name][family].append(cost)
# --8<-- [end:cv]

# Mean and standard deviation over the 5 test folds.
mean = {d: {f: float(np.mean(s)) for f, s in fam.items()} for d, fam in scores.items()}
sd = {d: {f: float(np.std(s, ddof=1)) for f, s in fam.items()} for d, fam in scores.items()}
best_family = {d: max(m, key=m.get) for d, m in mean.items()}
# A tie: a mean within one standard deviation (of the best model's folds) of the best.
tied_with_best = {
    d: [f for f in m if m[best_family[d]] - m[f] <= sd[d][best_family[d]]] for d, m in mean.items()
}
n_fits = sum(5 * n_settings * len(fam) for fam in scores.values())  # folds × settings × families
n_samples = {d: len(y) for d, (_, y) in DATASETS.items()}
n_features = {d: X.shape[1] for d, (X, _) in DATASETS.items()}
rmse_mean = {f: float(np.mean(r)) for f, r in rmse["diabetes"].items()}
diabetes_target_sd = float(np.std(DATASETS["diabetes"][1]))
# The median over the folds of each count (weights, epochs, trees, nodes).
median_cost = {
    d: {f: {k: int(np.median([c[k] for c in cs])) for k in cs[0]} for f, cs in fam.items()}
    for d, fam in costs.items()
}
most_chosen = {
    d: {f: max(set(c), key=c.count) for f, c in fam.items()} for d, fam in chosen.items()
}

# --8<-- [start:table]
LABELS = {
    "linear": "logistic regression",
    "random forest": "random forest",
    "gradient boosting": "gradient boosting",
    "MLP": "MLP (dlnotes)",
    "CNN": "CNN (dlnotes)",
}
SETTING = {
    "linear": "C={:g}",
    "random forest": "leaf≥{}",
    "gradient boosting": "{} leaves",
    "MLP": "{} units",
    "CNN": "{} filters",
}
for name in DATASETS:
    regression = name in REGRESSION
    metric = "R²" if regression else "accuracy"
    print(f"{name}: {n_samples[name]:,} samples, {n_features[name]} features, {metric}")
    for family, m in mean[name].items():
        label = "ridge regression" if regression and family == "linear" else LABELS[family]
        setting = SETTING[family].format(most_chosen[name][family])
        if regression and family == "linear":  # ridge's penalty is alpha = 1 / C
            setting = f"alpha={1 / most_chosen[name][family]:g}"
        size = ", ".join(f"{n:,} {k}" for k, n in median_cost[name][family].items())
        print(f"  {label:<19} {m:.3f} ± {sd[name][family]:.3f}  {setting:<10} {size}")
    print()
# --8<-- [end:table]

# How the prose names each model, and the best one per data set.
PROSE = {"linear": "logistic regression", "MLP": "the MLP", "CNN": "the CNN"}
PROSE |= {"random forest": "the random forest", "gradient boosting": "gradient boosting"}
best_label = {d: PROSE[f] for d, f in best_family.items()}
best_label["diabetes"] = best_label["diabetes"].replace("logistic", "ridge")
best_mean = {d: mean[d][f] for d, f in best_family.items()}

fig, axes = plt.subplots(2, 2, figsize=(7.6, 5.4))
rows = list(FAMILIES)[::-1]
for ax, name in zip(axes.flat, DATASETS, strict=True):
    for row, family in enumerate(rows):
        if family not in mean[name]:
            continue
        colour = PALETTE[list(FAMILIES).index(family)]
        ax.errorbar(
            mean[name][family], row, xerr=sd[name][family], fmt="o", color=colour, capsize=3
        )
        ax.plot(scores[name][family], [row] * 5, "|", color=colour, alpha=0.6, ms=9)
    ax.set(
        title=name,
        xlabel="R² (test folds)" if name in REGRESSION else "accuracy (test folds)",
        yticks=range(len(rows)),
        yticklabels=[LABELS[f] for f in rows[:-1]] + ["logistic / ridge"],
        ylim=(-0.6, 4.6),
    )
    ax.grid(axis="y", visible=False)
for ax in axes[:, 1]:
    ax.tick_params(labelleft=False)
