"""How many numbers one example is, for the inputs deep learning is used on.

Counts the numbers a network receives for one example of each kind of input,
from a row of a table to a minute of video, and compares the weights a dense
layer and a convolutional layer need to read a colour photo.
"""

import matplotlib.pyplot as plt

from dlnotes.conv import Conv2D
from dlnotes.plot.style import PALETTE

# --8<-- [start:sizes]
numbers_per_example = {
    "a film (box-office case study)": 4,  # budget, advertising, stars, week
    "a 16×16 grey image": 16 * 16,  # one number per pixel
    "1 s of speech at 16 kHz": 16_000,  # one number per sound sample
    "a 224×224 colour photo": 224 * 224 * 3,  # red, green and blue per pixel
    "a 20-word sentence, one-hot": 20 * 50_000,  # a 50,000-word vocabulary
    "a 12-megapixel photo": 4000 * 3000 * 3,
    "1 min of HD video": 1920 * 1080 * 3 * 30 * 60,  # 30 frames per second
}
# --8<-- [end:sizes]

fig, ax = plt.subplots(figsize=(7.0, 3.2))
names = list(numbers_per_example)[::-1]
counts = [numbers_per_example[n] for n in names]
ax.barh(names, counts, color=PALETTE[0], edgecolor="none")
for row, count in enumerate(counts):
    ax.text(count * 1.4, row, f"{count:,}", va="center", fontsize=9.5)
ax.set_xscale("log")
ax.set(xlim=(1, 1e13), xlabel="numbers in one example (log scale)", title="How big one input is")
ax.grid(axis="y", visible=False)

# --8<-- [start:weights]
photo = 224 * 224 * 3

# A dense layer with 1,000 units: one weight per input number per unit,
# plus one bias per unit.
dense_weights = photo * 1000 + 1000

# A convolutional layer with 64 filters of 3×3 pixels × 3 colours,
# plus one bias per filter.
conv = Conv2D(in_channels=3, out_channels=64, kernel_size=3)
conv_weights = sum(p.size for p in conv.params.values())

print(f"dense layer, 1,000 units: {dense_weights:>13,} weights")
print(f"conv layer, 64 filters:   {conv_weights:>13,} weights")
# --8<-- [end:weights]
dense_to_conv_ratio = dense_weights / conv_weights
