"""Scissors or chainsaw: logistic regression against a neural network.

A made-up credit data set: six numeric columns per customer (income, debt
ratio, missed payments, credit utilisation, years as a customer, age) and
a yes/no label, "defaulted". The true rule behind the labels is close to
linear in the log-odds, as it often is for data of this kind.

Logistic regression (one Dense layer, 7 parameters) and a network with two
hidden layers (4,673 parameters) are trained on the same rows with the same
early stopping, then scored on rows neither has seen, for growing amounts
of training data. Finally the logistic model's weights are read off.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.layers import Dense
from dlnotes.losses import BinaryCrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import MUTED

# --8<-- [start:data]
rng = np.random.default_rng(7)
n = 2500
income = rng.lognormal(np.log(40), 0.5, n)  # thousands per year
debt_ratio = rng.beta(2, 5, n)  # debt payments / income
missed = rng.poisson(0.8, n).astype(float)  # missed payments last year
utilisation = rng.beta(2, 3, n)  # share of the credit limit in use
years = rng.uniform(0, 20, n)  # years as a customer
age = rng.uniform(21, 70, n)  # plays no part in the true rule


def standard(a):
    return (a - a.mean()) / a.std()


# The true log-odds of default: nearly linear, with two gentle curves.
true_logit = (
    -1.3
    - 0.9 * standard(np.log(income))
    + 1.1 * standard(debt_ratio)
    + 0.9 * standard(np.log1p(missed))
    + 0.6 * standard(utilisation)
    - 0.4 * standard(years)
)
p_default = 1 / (1 + np.exp(-true_logit))
y = (rng.random(n) < p_default).astype(np.int64)
X = np.column_stack([income, debt_ratio, missed, utilisation, years, age])

# 600 test rows, 300 validation rows (for early stopping), 1,600 to train.
order = rng.permutation(n)
test, val, train = order[:600], order[600:900], order[900:]
X = (X - X[train].mean(axis=0)) / X[train].std(axis=0)  # standardise
# --8<-- [end:data]

columns = ["income", "debt ratio", "missed payments", "utilisation", "years", "age"]
default_rate = float(y.mean())
# The true rule itself, predicting "default" when its odds exceed 1, is the
# best any model can do on average: the rest of the error is pure chance.
best_possible = float(((true_logit[test] > 0) == y[test]).mean())


# --8<-- [start:models]
def logistic_regression():
    return Sequential([Dense(6, 1, init="xavier", seed=0)])


def neural_network():
    hidden_1 = [Dense(6, 64, seed=0), ReLU()]
    hidden_2 = [Dense(64, 64, seed=1), ReLU()]
    return Sequential([*hidden_1, *hidden_2, Dense(64, 1, seed=2)])


def train_and_test(make_model, rows):
    model = make_model()
    model.compile(BinaryCrossEntropy(), Adam(lr=0.01))
    model.fit(
        X[rows],
        y[rows],
        epochs=200,
        batch_size=32,
        seed=0,
        validation_data=(X[val], y[val]),
        callbacks=[EarlyStopping(patience=10)],
    )
    return model, model.evaluate(X[test], y[test])


models = {
    "logistic regression": logistic_regression,
    "neural network": neural_network,
}
results = {name: train_and_test(m, train) for name, m in models.items()}

print("model                parameters  test accuracy  test loss")
for name, (model, scores) in results.items():
    count = sum(p.size for p, _ in model.parameters())
    accuracy, loss = scores["accuracy"], scores["loss"]
    print(f"{name:<21}{count:>10,}{accuracy:>15.3f}{loss:>11.3f}")
print(f"true rule (best possible){best_possible:>21.3f}")
# --8<-- [end:models]

(logistic, logistic_scores), (network, network_scores) = results.values()
logistic_params = sum(p.size for p, _ in logistic.parameters())
network_params = sum(p.size for p, _ in network.parameters())
parameter_ratio = network_params / logistic_params
logistic_accuracy = logistic_scores["accuracy"]
network_accuracy = network_scores["accuracy"]
accuracy_gap = network_accuracy - logistic_accuracy  # > 0: the network wins
logistic_loss, network_loss = logistic_scores["loss"], network_scores["loss"]

# --8<-- [start:sizes]
sizes = [50, 100, 200, 400, 800, 1600]
curves = {}
for name, make in models.items():
    smaller = [train_and_test(make, train[:size])[1] for size in sizes[:-1]]
    full = results[name][1]  # all 1,600 rows: trained above
    curves[name] = [s["accuracy"] for s in [*smaller, full]]

fig, ax = plt.subplots(figsize=(7, 3.6))
for name, accuracies in curves.items():
    ax.plot(sizes, accuracies, marker="o", label=name)
ax.axhline(best_possible, linestyle="--", color="C2", label="true rule")
ax.set(xscale="log", xlabel="training rows", ylabel="test accuracy")
ax.set_xticks(sizes, [f"{size:,}" for size in sizes], minor=False)
ax.minorticks_off()
ax.set_title("More parameters buy nothing here")
ax.legend(loc="lower right")
# --8<-- [end:sizes]
assert sizes[-1] == len(train)
logistic_curve, network_curve = curves.values()
curve_gaps = [a - b for a, b in zip(logistic_curve, network_curve, strict=True)]

# --8<-- [start:weights]
weights = logistic.layers[0].params["W"][:, 0]
fig, ax = plt.subplots(figsize=(7, 3.0))
ax.barh(columns, weights, color=np.where(weights > 0, "C3", "C0"))
ax.invert_yaxis()
ax.axvline(0, color=MUTED, linewidth=1)
ax.set(xlabel="change in log-odds of default per standard deviation")
ax.set_title("Seven numbers a credit officer can read")
# --8<-- [end:weights]
weight_of = {name: float(w) for name, w in zip(columns, weights, strict=True)}

# Values the page quotes.
gap_to_true_rule_points = 100 * (best_possible - logistic_accuracy)
smallest_curve_gap_points = 100 * min(curve_gaps)
largest_curve_gap_points = 100 * max(curve_gaps)
