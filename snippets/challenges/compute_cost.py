"""What a bigger network costs: parameters and measured training time.

Dense networks of growing width (two hidden layers) and growing depth (128
units per layer) are trained for one epoch on the same 512 flattened 16 x 16
images. The parameter count follows from the shapes; the time is measured
with a clock, so it changes from machine to machine and run to run.
"""

import time

import matplotlib.pyplot as plt
from matplotlib.ticker import StrMethodFormatter

from dlnotes.activations import ReLU
from dlnotes.data import defects
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD

X, y = defects(n=512, seed=0)


# --8<-- [start:measure]
def dense_network(width, depth, n_in=256, n_out=2):
    """Flatten, then `depth` hidden layers of `width` ReLU units, then the output layer."""
    layers, n = [Flatten()], n_in
    for i in range(depth):
        layers += [Dense(n, width, seed=i), ReLU()]
        n = width
    layers.append(Dense(n, n_out, seed=depth))
    return Sequential(layers)


def count_parameters(model):
    return sum(param.size for param, _ in model.parameters())


def seconds_per_epoch(model, repeats=3):
    """Best of a few timed epochs: the minimum is the least disturbed by other programs."""
    model.compile(CrossEntropy(), SGD(lr=0.01))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.fit(X, y, epochs=1, batch_size=64, seed=0)
        times.append(time.perf_counter() - start)
    return min(times)


widths = [16, 32, 64, 128, 256, 512]
depths = [1, 2, 4, 8]
wide = [dense_network(width, depth=2) for width in widths]
deep = [dense_network(128, depth) for depth in depths]
width_params = [count_parameters(m) for m in wide]
depth_params = [count_parameters(m) for m in deep]
width_seconds = [seconds_per_epoch(m) for m in wide]
depth_seconds = [seconds_per_epoch(m) for m in deep]
# --8<-- [end:measure]

print("two hidden layers, growing width")
for width, params, seconds in zip(widths, width_params, width_seconds, strict=True):
    print(f"  width {width:3}: {params:9,} parameters, {1000 * seconds:7.1f} ms per epoch")
print("width 128, growing depth")
for depth, params, seconds in zip(depths, depth_params, depth_seconds, strict=True):
    print(f"  depth {depth:3}: {params:9,} parameters, {1000 * seconds:7.1f} ms per epoch")

fig, axes = plt.subplots(2, 2, figsize=(8, 5), sharex="col")
axes[0, 0].plot(widths, width_params, marker="o")
axes[0, 1].plot(depths, depth_params, marker="o")
axes[1, 0].plot(widths, [1000 * s for s in width_seconds], marker="o", color="C1")
axes[1, 1].plot(depths, [1000 * s for s in depth_seconds], marker="o", color="C1")
axes[0, 0].set(title="Wider (2 hidden layers)", ylabel="parameters")
axes[0, 1].set(title="Deeper (128 units per layer)")
axes[1, 0].set(xlabel="units per hidden layer", ylabel="ms per epoch (measured)")
axes[1, 1].set(xlabel="hidden layers")
axes[1, 0].set_xscale("log", base=2)
axes[1, 0].set_xticks(widths, [str(w) for w in widths])
axes[1, 1].set_xticks(depths, [str(d) for d in depths])
for ax in axes.flat:
    ax.set_ylim(bottom=0)
for ax in axes[0]:
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 400,000

# Rule of thumb: one training step costs about 6 multiply-or-add operations per
# parameter per example (2 forward, 4 backward).
operations_widest = 6 * width_params[-1] * len(X)
print(f"widest network: about {operations_widest / 1e9:.1f} billion operations per epoch")

slowdown_wide = width_seconds[-1] / width_seconds[0]
slowdown_deep = depth_seconds[-1] / depth_seconds[0]
