"""What a bigger network costs: parameters and arithmetic per training step.

Dense networks of growing width (two hidden layers) and growing depth (128
units per layer) take 16 x 16 images (256 inputs) and give 2 outputs. Their
parameters and the arithmetic of one training epoch on 512 images follow from
the layer shapes alone, so they are the same on every machine. The backward
pass of a dense layer costs about twice its forward pass; the snippet counts
both. How fast that arithmetic runs was measured once, on one machine, by
``make bench``; the snippet reads those measurements from the committed
``bench/results.json`` instead of timing anything itself.
"""

import json
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.ticker import StrMethodFormatter

from dlnotes.activations import ReLU
from dlnotes.layers import Dense, Flatten
from dlnotes.model import Sequential


# --8<-- [start:flops]
def dense_layer_operations(batch, n_in, n_out, input_grad=True):
    """Multiplications and additions of one Dense layer's matrix products.

    A matrix product (a, b) @ (b, c) takes a*b*c multiplications and about as
    many additions: 2*a*b*c operations. Bias and activation add only a few
    operations per output, too few to count here.
    """
    forward = 2 * batch * n_in * n_out  # y = x @ W
    backward = 2 * n_in * batch * n_out  # dW = x.T @ g
    if input_grad:  # the first layer skips it: nobody needs dL/dx of the data
        backward += 2 * batch * n_out * n_in  # dx = g @ W.T
    return forward, backward


one_forward, one_backward = dense_layer_operations(batch=64, n_in=256, n_out=128)
backward_to_forward = one_backward / one_forward
print(f"one Dense(256 -> 128) layer, batch of 64: forward {one_forward:,} operations,")
print(f"  backward {one_backward:,}: {backward_to_forward:.0f} times the forward")
# --8<-- [end:flops]


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


def operations_per_epoch(model, n_examples=512, batch=64):
    """Forward and backward operations of every Dense layer, over one epoch."""
    forward = backward = 0
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    for position, layer in enumerate(dense):
        f, b = dense_layer_operations(batch, layer.n_in, layer.n_out, input_grad=position > 0)
        forward, backward = forward + f, backward + b
    steps = n_examples // batch
    return steps * forward, steps * backward


widths = [16, 32, 64, 128, 256, 512]
depths = [1, 2, 4, 8]
wide = [dense_network(width, depth=2) for width in widths]
deep = [dense_network(128, depth) for depth in depths]
width_params = [count_parameters(m) for m in wide]
depth_params = [count_parameters(m) for m in deep]
width_operations = [sum(operations_per_epoch(m)) for m in wide]
depth_operations = [sum(operations_per_epoch(m)) for m in deep]
# --8<-- [end:measure]

print("\ntwo hidden layers, growing width")
for width, params, ops in zip(widths, width_params, width_operations, strict=True):
    print(f"  width {width:3}: {params:9,} parameters, {ops / 1e6:7.1f} million operations/epoch")
print("width 128, growing depth")
for depth, params, ops in zip(depths, depth_params, depth_operations, strict=True):
    print(f"  depth {depth:3}: {params:9,} parameters, {ops / 1e6:7.1f} million operations/epoch")

fig, axes = plt.subplots(2, 2, figsize=(8, 5), sharex="col")
axes[0, 0].plot(widths, width_params, marker="o")
axes[0, 1].plot(depths, depth_params, marker="o")
axes[1, 0].plot(widths, [ops / 1e6 for ops in width_operations], marker="o", color="C1")
axes[1, 1].plot(depths, [ops / 1e6 for ops in depth_operations], marker="o", color="C1")
axes[0, 0].set(title="Wider (2 hidden layers)", ylabel="parameters")
axes[0, 1].set(title="Deeper (128 units per layer)")
axes[1, 0].set(xlabel="units per hidden layer", ylabel="million operations\nper epoch")
axes[1, 1].set(xlabel="hidden layers")
axes[1, 0].set_xscale("log", base=2)
axes[1, 0].set_xticks(widths, [str(w) for w in widths])
axes[1, 1].set_xticks(depths, [str(d) for d in depths])
for ax in axes.flat:
    ax.set_ylim(bottom=0)
for ax in axes[0]:
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 400,000

# The whole network: backward against forward, and the 6 P D rule of thumb.
widest_forward, widest_backward = operations_per_epoch(wide[-1])
network_backward_to_forward = widest_backward / widest_forward
operations_widest = widest_forward + widest_backward
rule_of_thumb_widest = 6 * width_params[-1] * 512
print(f"\nwidest network, one epoch: {operations_widest / 1e9:.2f} billion operations")
print(f"  backward / forward: {network_backward_to_forward:.2f}")
print(f"  the 6 P D rule of thumb: {rule_of_thumb_widest / 1e9:.2f} billion")

# --8<-- [start:bench]
# Speeds measured once by `make bench`, on the machine it describes.
bench = json.loads(Path("bench/results.json").read_text())  # run from the project root
steps = {(row["task"], row["dtype"]): row for row in bench["torch"]["mlp"]}
big = next(row for row in bench["torch"]["flops"] if row["dtype"] == "float64")
big_speed = big["dlnotes_gflops"] * 1e9  # operations per second, 784-256-128-10 network

# A tiny 2-16-16-2 network, batch 32: its operations, and the measured time per step.
tiny = dense_network(16, depth=2, n_in=2)
tiny_operations = sum(operations_per_epoch(tiny, n_examples=32, batch=32))
tiny_seconds = steps[("MLP 2-16-16-2, batch 32", "float64")]["dlnotes_ms"] / 1000
tiny_speed = tiny_operations / tiny_seconds
print(f"\nmeasured on {bench['machine']['cpu']}, {bench['date'][:10]}:")
print(f"  784-256-128-10, batch 1024: {big_speed / 1e9:6.1f} billion operations per second")
print(f"  2-16-16-2, batch 32:        {tiny_speed / 1e9:6.1f} billion operations per second")
# --8<-- [end:bench]
speed_ratio = big_speed / tiny_speed
big_billions, tiny_billions = big_speed / 1e9, tiny_speed / 1e9
bench_threads = bench["machine"]["threads"]
widest_epoch_ms = 1000 * operations_widest / big_speed  # at the large network's speed
widest_billions, rule_of_thumb_billions = operations_widest / 1e9, rule_of_thumb_widest / 1e9

# GPT-3 (Brown et al., 2020): 175 billion parameters, 300 billion tokens.
gpt3_operations = 6 * 1.75e11 * 3e11
gpt3_years_at_1e14 = gpt3_operations / 1e14 / (365 * 24 * 3600)
gpt3_times_1e23 = gpt3_operations / 1e23
