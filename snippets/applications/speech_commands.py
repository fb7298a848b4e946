"""Spotting spoken digits: spectrograms computed with NumPy, and a small CNN.

Loads 480 clips of the words "zero" to "nine" spoken by 48 synthetic voices,
turns each clip into a log-mel spectrogram with a short-time Fourier
transform, and trains a small convolutional network to name the word. The
network is tested on voices it never heard, and compared with the same
network tested on new clips of voices it did hear.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.metrics import confusion_matrix
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import annotated_heatmap
from dlnotes.plot.style import PALETTE

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

# --8<-- [start:data]
clips = np.load("data/speech-digits/digits.npz")
audio = clips["audio"] / 127.0  # (480, 7200): 0.9 s at 8,000 samples per second
label, voice = clips["label"].astype(int), clips["voice"]
rate = 8000
rng = np.random.default_rng(0)
audio = audio + 0.2 * rng.standard_normal(audio.shape)  # a noisy room
n_clips, n_samples = audio.shape
n_voices = len(np.unique(voice))
# --8<-- [end:data]

# --8<-- [start:spectrogram]
frame, hop = 256, 128  # 32 ms windows, a new one every 16 ms


def power_spectrogram(x: np.ndarray) -> np.ndarray:
    """|FFT|² of overlapping Hann-windowed frames: (..., samples) -> (..., frames, bins)."""
    starts = hop * np.arange(1 + (x.shape[-1] - frame) // hop)
    frames = x[..., starts[:, None] + np.arange(frame)]  # (..., frames, 256)
    return np.abs(np.fft.rfft(frames * np.hanning(frame), axis=-1)) ** 2


def mel(hz: np.ndarray) -> np.ndarray:
    """The mel scale: equal steps sound like equal steps in pitch."""
    return 2595.0 * np.log10(1.0 + hz / 700.0)


def mel_filterbank(n_mels: int, n_bins: int) -> np.ndarray:
    """Triangular filters, evenly spaced in mel: (n_mels, n_bins)."""
    bins_hz = np.linspace(0.0, rate / 2, n_bins)
    edges_mel = np.linspace(0.0, mel(np.array(rate / 2)), n_mels + 2)
    edges_hz = 700.0 * (10.0 ** (edges_mel / 2595.0) - 1.0)
    left, centre, right = edges_hz[:-2, None], edges_hz[1:-1, None], edges_hz[2:, None]
    rising = (bins_hz - left) / (centre - left)
    falling = (right - bins_hz) / (right - centre)
    return np.clip(np.minimum(rising, falling), 0.0, None)


power = power_spectrogram(audio)  # (480, 55, 129)
filters = mel_filterbank(32, power.shape[-1])  # (32, 129)
log_mel = np.log(power @ filters.T + 1e-6)  # (480, 55, 32)
images = log_mel.transpose(0, 2, 1)[:, None]  # (480, 1, 32, 55): channel, mel band, time
n_frames, n_mels = log_mel.shape[1], log_mel.shape[2]
# --8<-- [end:spectrogram]

example = int(np.flatnonzero(label == 7)[0])
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.0, 4.6))
seconds = np.arange(n_samples) / rate
top.plot(seconds, audio[example], color=PALETTE[0], linewidth=0.6, rasterized=True)
top.set(xlim=(0, n_samples / rate), ylabel="amplitude", title='"seven": the waveform')
frame_times = (hop * np.arange(n_frames) + frame / 2) / rate
shown = bottom.pcolormesh(
    frame_times, np.arange(n_mels), log_mel[example].T, cmap="magma", rasterized=True
)
bottom.set(
    xlim=(0, n_samples / rate),
    xlabel="time (s)",
    ylabel="mel band (low to high)",
    title="its log-mel spectrogram: energy per band and moment",
)
fig.colorbar(shown, ax=bottom, label="log energy")

# --8<-- [start:split]
# Whole voices are held out: 30 voices to train, 6 to validate, 12 to test.
order = np.random.default_rng(1).permutation(n_voices)
test_voices, val_voices = order[:12], order[12:18]
is_test, is_val = np.isin(voice, test_voices), np.isin(voice, val_voices)
is_train = ~(is_test | is_val)
mean, std = images[is_train].mean(), images[is_train].std()  # from training clips only
X = (images - mean) / std
# --8<-- [end:split]


# --8<-- [start:model]
def small_cnn(seed: int) -> Sequential:
    """Two convolution blocks and a linear read-out: (N, 1, 32, 55) -> 10 scores."""
    model = Sequential(
        [
            Conv2D(1, 8, kernel_size=3, seed=seed),  # (N, 8, 30, 53)
            ReLU(),
            MaxPool2D(2),  # (N, 8, 15, 26)
            Conv2D(8, 16, kernel_size=3, seed=seed + 1),  # (N, 16, 13, 24)
            ReLU(),
            MaxPool2D(2),  # (N, 16, 6, 12)
            Flatten(),
            Dense(16 * 6 * 12, 10, seed=seed + 2),
        ]
    )
    model.compile(CrossEntropy(), Adam(lr=3e-3))
    return model


cnn = small_cnn(seed=0)
history = cnn.fit(
    X[is_train], label[is_train], epochs=40, batch_size=32,
    validation_data=(X[is_val], label[is_val]),
    callbacks=[EarlyStopping(monitor="val_loss", patience=5, restore_best=True)], seed=0,
)  # fmt: skip
predicted = cnn.loss.labels(cnn.predict(X[is_test]))
test_accuracy = float(np.mean(predicted == label[is_test]))
# --8<-- [end:model]
epochs_run = len(history.epoch)
best_epoch = int(np.argmin(history["val_loss"])) + 1
n_params = sum(p.size for p, _ in cnn.parameters())
n_train_clips, n_test_clips = int(is_train.sum()), int(is_test.sum())

# --8<-- [start:clips]
# The tempting mistake: split clips at random, so test voices were heard in training.
shuffled = np.random.default_rng(2).permutation(n_clips)
clip_test, clip_train = shuffled[:n_test_clips], shuffled[n_test_clips:]
leaky = small_cnn(seed=0)
leaky.fit(X[clip_train], label[clip_train], epochs=best_epoch, batch_size=32, seed=0)
clip_split_accuracy = float(
    np.mean(leaky.loss.labels(leaky.predict(X[clip_test])) == label[clip_test])
)
# --8<-- [end:clips]

print(
    f"training clips: {n_train_clips} from 30 voices; test clips: {n_test_clips} from 12 new voices"
)
print(f"parameters: {n_params}")
print(f"accuracy on new voices:               {test_accuracy:.3f}")
print(f"accuracy on new clips of known voices: {clip_split_accuracy:.3f}")

counts = confusion_matrix(label[is_test], predicted, labels=np.arange(10))
fig, ax = plt.subplots(figsize=(6.0, 5.4))
annotated_heatmap(ax, counts, WORDS, WORDS, cmap="RdBu_r", fmt="{:.0f}")
ax.set_xlabel("predicted word")
ax.set_ylabel("spoken word", labelpad=14)  # clear of the word labels
ax.xaxis.set_label_position("top")
errors = counts - np.diag(np.diag(counts))
worst_true, worst_pred = np.unravel_index(np.argmax(errors), errors.shape)
most_confused = f"{WORDS[worst_true]} → {WORDS[worst_pred]}"
n_errors = int(errors.sum())
gap_clips = round((clip_split_accuracy - test_accuracy) * n_test_clips)
correct_per_word = np.diag(counts).tolist()
largest_confusion = int(errors.max())
voices_shared = len(set(voice[is_train]) & set(voice[is_test])) + len(
    set(voice[is_val]) & set(voice[is_test])
)
