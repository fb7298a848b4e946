"""A kernel slides over a digit: cross-correlation, output sizes and parameter counts.

One 8×8 handwritten digit from scikit-learn's ``load_digits`` and a 3×3
"left-to-right edge" kernel. The layer ``Conv2D`` computes the
cross-correlation (the kernel is not flipped), exactly like the loop version
``conv2d_naive``; the convolution of signal processing would flip the kernel
first and gives a different map. Then the output size for padding ``p`` and
stride ``s``, checked on real layers, and the number of weights of a
convolution compared with a dense layer that maps the same image to outputs of
the same size.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from dlnotes.conv import Conv2D, conv2d_naive
from dlnotes.plot.images import show_filters, show_image, text_colour_on

digits = load_digits()
image = digits.images[0] / 16.0  # a "0", pixels in [0, 1]
x = image[None, None]  # (N=1, C=1, H=8, W=8)

# --8<-- [start:xcorr]
kernel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # ink rises left -> right
layer = Conv2D(1, 1, kernel_size=3, padding=1)
layer.params["W"][0, 0] = kernel  # b stays 0

y_layer = layer.forward(x)[0, 0]  # what a deep-learning library computes
y_loops = conv2d_naive(x, kernel[None, None], np.zeros(1), padding=1)[0, 0]
y_flipped = conv2d_naive(x, kernel[None, None, ::-1, ::-1], np.zeros(1), padding=1)[0, 0]
# y_flipped is the convolution of signal processing: the kernel turned by 180 degrees

layer_vs_loops = float(np.abs(y_layer - y_loops).max())
xcorr_vs_convolution = float(np.abs(y_layer - y_flipped).max())
print(f"Conv2D vs the loops of the formula: largest difference {layer_vs_loops:.1e}")
print(f"Conv2D vs true convolution (flipped kernel): largest difference {xcorr_vs_convolution:.2f}")
print(f"true convolution = minus the cross-correlation here: {np.allclose(y_flipped, -y_layer)}")
# --8<-- [end:xcorr]
flip_is_negation = bool(np.allclose(y_flipped, -y_layer))


# --8<-- [start:sizes]
def output_size(H: int, k: int, p: int, s: int) -> int:
    """Positions of a k×k kernel on an H×H image padded by p, moved s pixels at a time."""
    return (H + 2 * p - k) // s + 1


cases = [(8, 3, 0, 1), (8, 3, 1, 1), (8, 3, 1, 2), (28, 5, 2, 1), (28, 3, 0, 2), (224, 7, 3, 2)]
size_rows = []
for H, k, p, s in cases:
    out = Conv2D(1, 1, kernel_size=k, padding=p, stride=s).forward(np.zeros((1, 1, H, H)))
    size_rows.append((H, k, p, s, output_size(H, k, p, s), out.shape[2]))
    print(
        f"H={H:3d} k={k} p={p} s={s}: formula {output_size(H, k, p, s):3d}, layer {out.shape[2]:3d}"
    )
# --8<-- [end:sizes]
sizes_agree = all(formula == measured for *_, formula, measured in size_rows)


# --8<-- [start:params]
def conv_params(c_in: int, c_out: int, k: int) -> int:
    return c_out * c_in * k * k + c_out  # one k×k×c_in kernel and one bias per output map


def dense_params(n_in: int, n_out: int) -> int:
    return n_in * n_out + n_out  # one weight per (input, output) pair, one bias per output


# An 8×8 digit to 8 feature maps of 8×8 (padding 1): 512 outputs either way.
digit_conv = conv_params(1, 8, 3)
digit_dense = dense_params(8 * 8, 8 * 8 * 8)
# A 224×224 colour photo to 64 maps of 224×224, as in the first layer of many CNNs.
photo_conv = conv_params(3, 64, 3)
photo_dense = dense_params(224 * 224 * 3, 224 * 224 * 64)
print(f"8x8 digit -> 8 maps:      conv {digit_conv:,}   dense {digit_dense:,}")
print(f"224x224x3 photo -> 64 maps: conv {photo_conv:,}   dense {photo_dense:.1e}")
# --8<-- [end:params]
assert digit_conv == sum(a.size for a in Conv2D(1, 8, 3).params.values())

digit_ratio = digit_dense / digit_conv
photo_ratio = photo_dense / photo_conv


def sci(value: float) -> str:
    """4.8e+11 written as 4.8 × 10¹¹ for the prose."""
    mantissa, exponent = f"{value:.1e}".split("e")
    digits_ = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{digits_}"


photo_dense_text, photo_ratio_text = sci(photo_dense), sci(photo_ratio)
strongest_row, strongest_col = (int(v) for v in np.unravel_index(y_layer.argmax(), y_layer.shape))

fig, axes = plt.subplots(1, 4, figsize=(8.4, 2.6))
show_image(axes[0], image, "input: an 8×8 digit", cmap="gray_r", vmin=0, vmax=1)
(shown,) = show_filters([axes[1]], kernel[None], ["kernel W (red +, blue −)"])
for u in range(3):
    for v in range(3):
        on = text_colour_on(shown.cmap(shown.norm(kernel[u, v])))  # readable on its cell
        axes[1].text(v, u, f"{kernel[u, v]:g}", ha="center", va="center", color=on)
m = float(np.abs(y_layer).max())
show_image(axes[2], y_layer, "cross-correlation\n(Conv2D)", cmap="RdBu_r", vmin=-m, vmax=m)
show_image(axes[3], y_flipped, "true convolution\n(kernel flipped)", cmap="RdBu_r", vmin=-m, vmax=m)
