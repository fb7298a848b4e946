"""Tests for dlnotes/model.py: the training loop, its results and its errors."""

from itertools import pairwise

import numpy as np
import pytest

from dlnotes import data
from dlnotes.activations import ReLU, Tanh
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import MSE, BinaryCrossEntropy, CrossEntropy
from dlnotes.metrics import r2
from dlnotes.model import History, Sequential
from dlnotes.optim import SGD, Adam, AdamW
from dlnotes.schedules import CosineAnnealingLR, StepLR, warmup_cosine


def mlp(sizes, seed=0, dtype=np.float64):
    """Dense layers of the given sizes with ReLU in between."""
    layers = []
    for k, (n_in, n_out) in enumerate(pairwise(sizes)):
        layers += [Dense(n_in, n_out, seed=seed + k, dtype=dtype), ReLU()]
    return Sequential(layers[:-1])


class Frozen:
    """An optimizer that changes nothing, so the weights stay fixed."""

    def step(self, parameters):
        for _ in parameters:
            pass


# ------------------------------------------------------------ the network
def test_forward_is_the_composition_of_the_layers():
    model = mlp([3, 4, 2])
    x = np.random.default_rng(0).standard_normal((5, 3))
    dense1, relu, dense2 = model.layers
    expected = dense2.forward(relu.forward(dense1.forward(x)))
    np.testing.assert_array_equal(model.forward(x), expected)


def test_backward_returns_the_input_gradient():
    model = Sequential([Dense(3, 4, seed=0), Tanh(), Dense(4, 1, seed=1)])
    x = np.random.default_rng(0).standard_normal((2, 3))
    model.forward(x)
    dx = model.backward(np.ones((2, 1)))  # gradient of sum(output)
    eps, numeric = 1e-6, np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = eps
        numeric[idx] = (model.forward(x + step).sum() - model.forward(x - step).sum()) / (2 * eps)
    np.testing.assert_allclose(dx, numeric, rtol=1e-6, atol=1e-9)


def test_train_step_skips_only_the_input_gradient_of_the_first_layer():
    X = np.random.default_rng(0).standard_normal((8, 3))
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    full, fast = (Sequential([Dense(3, 4, seed=0), Tanh(), Dense(4, 2, seed=1)]) for _ in "ab")
    full.compile(CrossEntropy(), SGD(lr=0.1), metrics=())
    fast.compile(CrossEntropy(), SGD(lr=0.1), metrics=())
    _, grad = full.loss(full.forward(X, train=True), y)
    assert full.backward(grad).shape == X.shape  # the default computes dL/dx
    full.optimizer.step(full.parameters())
    fast.train_step(X, y)
    assert [layer.needs_input_grad for layer in fast.layers] == [False, True, True]
    for (p_full, g_full), (p_fast, g_fast) in zip(
        full.parameters(), fast.parameters(), strict=True
    ):
        np.testing.assert_array_equal(g_fast, g_full)  # same gradients, same step
        np.testing.assert_array_equal(p_fast, p_full)
    fast.forward(X)
    assert fast.backward(np.ones((8, 2))).shape == X.shape  # asked for again: computed


def test_parameters_yield_every_param_with_its_grad():
    model = mlp([2, 3, 4])
    pairs = list(model.parameters())
    assert [p.shape for p, _ in pairs] == [(2, 3), (3,), (3, 4), (4,)]
    assert all(p.shape == g.shape for p, g in pairs)
    assert pairs[0][0] is model.layers[0].params["W"]


# ------------------------------------------------------------- training
def test_xor_reaches_full_accuracy():
    X, y = data.xor()
    model = Sequential([Dense(2, 8, seed=0), Tanh(), Dense(8, 2, seed=1)])
    model.compile(CrossEntropy(), Adam(lr=0.05))
    history = model.fit(X, y, epochs=300, batch_size=4, seed=0)
    assert history["accuracy"][-1] == 1.0
    assert model.evaluate(X, y)["accuracy"] == 1.0
    np.testing.assert_array_equal(model.loss.labels(model.predict(X)), y)


def test_spirals_reach_97_percent_training_accuracy():
    X, y = data.spirals(n_per_class=100, classes=3, seed=0)
    model = mlp([2, 64, 64, 3], seed=1)
    model.compile(CrossEntropy(), Adam(lr=0.01))
    history = model.fit(X, y, epochs=300, batch_size=32, seed=0)
    assert model.evaluate(X, y)["accuracy"] >= 0.97
    assert history["loss"][-1] < history["loss"][0] / 10


def test_binary_logistic_output_on_moons():
    X, y = data.moons(n=200, noise=0.1, seed=0)
    model = Sequential([Dense(2, 16, seed=0), Tanh(), Dense(16, 1, seed=1)])
    model.compile(BinaryCrossEntropy(), Adam(lr=0.02))
    history = model.fit(X, y, epochs=150, batch_size=32, seed=0)
    assert history["accuracy"][-1] > 0.97


def test_mlp_on_all_box_office_features_beats_a_budget_line():
    X, y = data.box_office(n=500, seed=0)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, seed=0)
    mu, sd, y_mu, y_sd = X_tr.mean(0), X_tr.std(0), y_tr.mean(), y_tr.std()

    A = np.column_stack([X_tr[:, 0], np.ones(len(X_tr))])
    (slope, intercept), *_ = np.linalg.lstsq(A, y_tr, rcond=None)
    line_r2 = r2(y_te, slope * X_te[:, 0] + intercept)

    model = mlp([4, 16, 16, 1])
    model.compile(MSE(), Adam(lr=0.01), metrics=("r2", "mse"))
    history = model.fit((X_tr - mu) / sd, (y_tr - y_mu) / y_sd, epochs=200, batch_size=32, seed=0)
    mlp_r2 = r2(y_te, model.predict((X_te - mu) / sd) * y_sd + y_mu)
    assert set(history.history) == {"loss", "r2", "mse"}
    assert line_r2 < 0.5 and mlp_r2 > 0.9


def test_small_cnn_beats_a_dense_net_on_defects():
    # Balanced classes, so that accuracy is a fair single number here.
    X, y = data.defects(n=600, size=16, defective_fraction=0.5, seed=0)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_fraction=0.25, seed=0)
    cnn = Sequential(
        [
            Conv2D(1, 8, 3, padding=1, seed=0),
            ReLU(),
            MaxPool2D(2),
            Conv2D(8, 8, 3, padding=1, seed=1),
            ReLU(),
            MaxPool2D(2),
            Flatten(),
            Dense(8 * 4 * 4, 2, seed=2),
        ]
    )
    dense = Sequential([Flatten(), Dense(256, 4, seed=0), ReLU(), Dense(4, 2, seed=1)])
    n_cnn = sum(p.size for p, _ in cnn.parameters())
    n_dense = sum(p.size for p, _ in dense.parameters())
    assert 0.8 < n_cnn / n_dense < 1.2  # about the same size

    mu, sd = X_tr.mean(), X_tr.std()  # standardized input: give the dense net a chance
    accuracy = {}
    for name, model in (("cnn", cnn), ("dense", dense)):
        model.compile(CrossEntropy(), Adam(lr=0.01))
        model.fit((X_tr - mu) / sd, y_tr, epochs=30, batch_size=32, seed=0)
        accuracy[name] = model.evaluate((X_te - mu) / sd, y_te)["accuracy"]
    assert accuracy["cnn"] > 0.9
    assert accuracy["cnn"] > accuracy["dense"] + 0.15


# --------------------------------------------------------- what fit reports
def test_history_lists_one_python_float_per_epoch():
    X, y = data.spirals(n_per_class=20, seed=0)
    model = mlp([2, 8, 3])
    model.compile(CrossEntropy(), SGD(lr=0.1))
    history = model.fit(X, y, epochs=4, batch_size=16, validation_data=(X, y), seed=0)
    assert isinstance(history, History)
    assert history.epoch == [0, 1, 2, 3]
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for values in history.history.values():
        assert len(values) == 4 and all(type(v) is float for v in values)
    assert history["loss"] is history.history["loss"]


def test_epoch_loss_is_the_sample_weighted_mean_of_batch_losses():
    # With frozen weights every batch sees the same network, so the weighted
    # mean of batch losses (last batch smaller) equals the full-data loss.
    X, y = data.spirals(n_per_class=30, seed=0)  # 90 samples: batches 32, 32, 26
    model = mlp([2, 8, 3])
    model.compile(CrossEntropy(), Frozen())
    history = model.fit(X, y, epochs=1, batch_size=32, seed=0)
    full = model.evaluate(X, y)
    assert history["loss"][0] == pytest.approx(full["loss"], rel=1e-12)
    assert history["accuracy"][0] == full["accuracy"]


def test_same_seed_gives_bitwise_identical_history():
    X, y = data.spirals(n_per_class=30, seed=0)

    def run(seed):
        model = mlp([2, 16, 3], seed=7)
        model.compile(CrossEntropy(), Adam(lr=0.01))
        history = model.fit(X, y, epochs=5, batch_size=16, validation_data=(X, y), seed=seed)
        return history, model

    (h1, m1), (h2, m2), (h3, _) = run(0), run(0), run(1)
    assert h1.history == h2.history  # exact float equality
    for (p1, _), (p2, _) in zip(m1.parameters(), m2.parameters(), strict=True):
        np.testing.assert_array_equal(p1, p2)
    assert h1.history["loss"] != h3.history["loss"]  # the seed drives the shuffling


def test_one_hot_targets_train_like_integer_labels():
    X, y = data.spirals(n_per_class=20, seed=0)
    histories = []
    for targets in (y, data.one_hot(y)):
        model = mlp([2, 8, 3])
        model.compile(CrossEntropy(), SGD(lr=0.1))
        histories.append(model.fit(X, targets, epochs=3, batch_size=16, seed=0))
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], rtol=1e-12)
    assert histories[0]["accuracy"] == histories[1]["accuracy"]


def test_without_shuffle_the_seed_does_not_matter():
    X, y = data.spirals(n_per_class=10, seed=0)
    histories = []
    for seed in (0, 1):
        model = mlp([2, 8, 3])
        model.compile(CrossEntropy(), SGD(lr=0.1))
        histories.append(model.fit(X, y, epochs=3, batch_size=8, shuffle=False, seed=seed))
    assert histories[0].history == histories[1].history


def test_float32_model_stays_float32():
    X, y = data.spirals(n_per_class=20, seed=0)
    X = X.astype(np.float32)
    model = mlp([2, 16, 3], dtype=np.float32)
    optimizer = Adam(lr=0.01, weight_decay=1e-4)
    model.compile(CrossEntropy(), optimizer)
    model.fit(X, y, epochs=2, batch_size=16, validation_data=(X, y), seed=0)
    for param, grad in model.parameters():
        assert param.dtype == np.float32 and grad.dtype == np.float32
        for buffer in optimizer.state(param).values():
            if isinstance(buffer, np.ndarray):
                assert buffer.dtype == np.float32
    assert model.predict(X).dtype == np.float32
    assert model.predict(X.astype(np.float64)).dtype == np.float32  # input is cast


def test_float32_regression_with_sgd_momentum_stays_float32():
    X, y = data.box_office(n=64, seed=0)
    X = ((X - X.mean(0)) / X.std(0)).astype(np.float32)
    y = (y / y.std()).astype(np.float32)
    model = mlp([4, 8, 1], dtype=np.float32)
    model.compile(MSE(), SGD(lr=0.01, momentum=0.9, weight_decay=1e-3), metrics=("mse",))
    model.fit(X, y, epochs=2, batch_size=16, seed=0)
    assert all(p.dtype == np.float32 for p, _ in model.parameters())
    assert model.predict(X).dtype == np.float32


def test_predict_in_batches_matches_one_pass():
    X, _ = data.spirals(n_per_class=20, seed=0)
    model = mlp([2, 8, 3])
    np.testing.assert_allclose(model.predict(X, batch_size=7), model.predict(X), atol=1e-15)
    assert model.predict(X).shape == (60, 3)


def test_verbose_prints_one_line_per_epoch(capsys):
    X, y = data.xor()
    model = mlp([2, 4, 2])
    model.compile(CrossEntropy(), SGD(lr=0.1))
    model.fit(X, y, epochs=3, batch_size=4, verbose=1, seed=0)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("epoch 3/3") and "loss" in lines[-1]


# --------------------------------------------------------------- summary
def test_summary_lists_layers_shapes_and_parameter_counts():
    model = mlp([2, 16, 16, 2])
    text = model.summary()
    assert "Dense(2 -> 16, init='he')" in text and "(N, 16)" in text
    assert "(N, 2)" in text.splitlines()[-3]
    assert text.splitlines()[-1] == "Total params: 354"  # 48 + 272 + 34


def test_summary_of_a_cnn_needs_a_shape_or_a_previous_fit():
    model = Sequential(
        [Conv2D(1, 4, 3, seed=0), ReLU(), MaxPool2D(2), Flatten(), Dense(4 * 3 * 3, 2, seed=1)]
    )
    with pytest.raises(ValueError, match="input_shape"):
        model.summary()
    text = model.summary(input_shape=(1, 8, 8))
    assert "(N, 4, 6, 6)" in text and "(N, 4, 3, 3)" in text and "(N, 36)" in text
    assert text.endswith("Total params: 114")  # 4*9 + 4 + 36*2 + 2

    X = np.zeros((4, 1, 8, 8))
    model.compile(CrossEntropy(), SGD(lr=0.1))
    model.fit(X, np.array([0, 1, 0, 1]), epochs=1, batch_size=4, seed=0)
    assert model.summary() == text


# ---------------------------------------------------------------- errors
def compiled():
    model = mlp([2, 4, 3])
    model.compile(CrossEntropy(), SGD(lr=0.1))
    return model


def test_fit_before_compile_says_what_to_do():
    X, y = data.xor()
    with pytest.raises(RuntimeError, match=r"compile\(loss, optimizer\) first"):
        mlp([2, 4, 2]).fit(X, y, epochs=1, batch_size=4)


def test_nan_and_inf_are_counted_and_named():
    X, y = data.spirals(n_per_class=10, seed=0)
    X[[1, 5], 0] = np.nan
    with pytest.raises(ValueError, match="X contains 2 NaN or inf"):
        compiled().fit(X, y, epochs=1, batch_size=8)
    X, _ = data.spirals(n_per_class=10, seed=0)
    y_bad = y.astype(float)
    y_bad[3] = np.inf
    model = mlp([2, 4, 1])
    model.compile(MSE(), SGD(lr=0.1), metrics=())
    with pytest.raises(ValueError, match="y contains 1 NaN or inf"):
        model.fit(X, y_bad, epochs=1, batch_size=8)


def test_x_and_y_must_have_the_same_number_of_samples():
    X, y = data.spirals(n_per_class=10, seed=0)
    with pytest.raises(ValueError, match="X has 30 samples but y has 29"):
        compiled().fit(X, y[:-1], epochs=1, batch_size=8)


@pytest.mark.parametrize(
    ("validation_data", "error", "message"),
    [
        (np.zeros((5, 2)), TypeError, "pair .X_val, y_val., got an array"),
        ((np.zeros((5, 2)),), TypeError, "got a tuple of length 1"),
        ((np.zeros((5, 3)), np.zeros(5, int)), ValueError, r"shape \(3,\) but X has \(2,\)"),
        ((np.zeros((5, 2)), np.zeros(4, int)), ValueError, "X_val has 5 samples but y_val has 4"),
    ],
)
def test_mismatched_validation_data(validation_data, error, message):
    X, y = data.spirals(n_per_class=10, seed=0)
    with pytest.raises(error, match=message):
        compiled().fit(X, y, epochs=1, batch_size=8, validation_data=validation_data)


def test_feature_mismatch_names_the_shapes():
    X = np.zeros((6, 5))
    with pytest.raises(ValueError, match=r"shape \(5,\) but the model expects \(2,\)"):
        compiled().fit(X, np.zeros(6, int), epochs=1, batch_size=4)


def test_compile_rejects_wrong_arguments():
    model = mlp([2, 4, 1])
    with pytest.raises(TypeError, match="expected a loss object"):
        model.compile("mse", SGD(lr=0.1))
    with pytest.raises(TypeError, match="expected an optimizer"):
        model.compile(MSE(), "adam")
    with pytest.raises(ValueError, match="unknown metric 'f1'"):
        model.compile(MSE(), SGD(lr=0.1), metrics=("f1",))
    with pytest.raises(ValueError, match="metrics=\\('mse',\\)"):
        model.compile(MSE(), SGD(lr=0.1))  # accuracy needs a classification loss


# ------------------------------------------------------ frozen layers
def test_parameters_skip_frozen_layers_and_fit_leaves_them_unchanged():
    X, y = data.spirals(n_per_class=30, classes=3, noise=0.2, seed=0)
    model = mlp([2, 16, 16, 3])
    base = model.layers[0]
    base.trainable = False
    before = {k: v.copy() for k, v in base.params.items()}
    head_before = model.layers[-1].params["W"].copy()
    assert [p.shape for p, _ in model.parameters()] == [(16, 16), (16,), (16, 3), (3,)]
    model.compile(CrossEntropy(), Adam(lr=0.01))
    model.fit(X, y, epochs=3, batch_size=16, seed=0)
    for k, v in base.params.items():
        np.testing.assert_array_equal(v, before[k])
    assert not np.array_equal(model.layers[-1].params["W"], head_before)
    assert model.summary().splitlines()[-1] == "Trainable params: 323"  # 272 + 51


def test_training_does_not_backpropagate_into_a_frozen_base():
    model = Sequential([Flatten(), Dense(4, 3, seed=0), ReLU(), Dense(3, 2, seed=1)])
    model.layers[1].trainable = False
    model.compile(CrossEntropy(), SGD(lr=0.1), metrics=())
    X, y = np.ones((5, 2, 2)), np.zeros(5, dtype=int)
    model.forward(X)
    model.backward(np.ones((5, 2)))
    stale = model.layers[1].grads["W"]
    model.train_step(X, y)
    assert model.layers[1].grads["W"] is stale  # the frozen base was not visited
    assert model.layers[3].needs_input_grad is False  # the head skips dL/dx
    assert model.backward(np.ones((5, 2))).shape == (5, 2, 2)  # asked for: full pass


# ------------------------------------------------------------ schedules
def test_fit_steps_the_schedule_once_per_epoch():
    X, y = data.xor()
    model = mlp([2, 4, 2])
    opt = SGD(lr=0.1)
    model.compile(CrossEntropy(), opt)
    schedule = StepLR(opt, step_size=2, gamma=0.5)
    history = model.fit(X, y, epochs=5, batch_size=1, seed=0, schedule=schedule)
    assert schedule.t == 5
    assert history["lr"] == [0.1, 0.05, 0.05, 0.025, 0.025]  # lr after each epoch


def test_fit_steps_the_schedule_once_per_batch_when_asked():
    X, y = data.xor()  # 4 samples: 2 batches of 2 per epoch
    model = mlp([2, 4, 2])
    opt = Adam(lr=0.01)
    model.compile(CrossEntropy(), opt)
    schedule = CosineAnnealingLR(opt, T_max=6)
    history = model.fit(
        X, y, epochs=3, batch_size=2, seed=0, schedule=schedule, schedule_every="batch"
    )
    assert schedule.t == 6
    assert opt.lr == pytest.approx(0.0, abs=1e-18)
    assert history["lr"][0] == pytest.approx(schedule.lr_at(2))


def test_a_per_batch_schedule_trains_like_a_hand_written_loop():
    X, y = data.spirals(n_per_class=20, classes=3, noise=0.2, seed=1)  # 60 samples
    fitted, by_hand = mlp([2, 8, 3]), mlp([2, 8, 3])
    opt_fit, opt_hand = AdamW(lr=0.02), AdamW(lr=0.02)
    fitted.compile(CrossEntropy(), opt_fit)
    by_hand.compile(CrossEntropy(), opt_hand)
    fitted.fit(
        X,
        y,
        epochs=2,
        batch_size=15,
        shuffle=False,
        schedule=warmup_cosine(opt_fit, 3, 8),
        schedule_every="batch",
    )
    schedule = warmup_cosine(opt_hand, 3, 8)
    for _ in range(2):
        for start in range(0, 60, 15):
            by_hand.train_step(X[start : start + 15], y[start : start + 15])
            schedule.step()
    assert opt_fit.lr == opt_hand.lr == pytest.approx(0.0, abs=1e-18)
    for (p, _), (q, _) in zip(fitted.parameters(), by_hand.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


def test_fit_rejects_bad_schedule_arguments():
    X, y = data.xor()
    model = compiled()
    with pytest.raises(ValueError, match="schedule_every 'epoch' or 'batch', got 'step'"):
        model.fit(X, y, epochs=1, batch_size=2, schedule_every="step")
    with pytest.raises(TypeError, match="learning-rate schedule"):
        model.fit(X, y, epochs=1, batch_size=2, schedule=0.1)
    with pytest.raises(ValueError, match="different optimizer"):
        model.fit(X, y, epochs=1, batch_size=2, schedule=StepLR(SGD(lr=0.1), 2))
    with pytest.raises(ValueError, match="max_grad_norm > 0"):
        model.fit(X, y, epochs=1, batch_size=2, max_grad_norm=0.0)


# --------------------------------------------------------- gradient clipping
def test_fit_clips_gradients_and_reports_the_norm():
    X, y = data.spirals(n_per_class=20, classes=3, noise=0.2, seed=0)
    clipped, free = mlp([2, 16, 3]), mlp([2, 16, 3])
    for model in (clipped, free):
        model.compile(CrossEntropy(), SGD(lr=0.5))
    history = clipped.fit(X, y, epochs=2, batch_size=20, seed=0, max_grad_norm=1e-3)
    free.fit(X, y, epochs=2, batch_size=20, seed=0)
    assert len(history["grad_norm"]) == 2 and history["grad_norm"][0] > 1e-3
    # with steps of length at most lr * 1e-3 per batch, the weights barely move
    start = mlp([2, 16, 3])
    moved = [
        np.abs(p - q).max()
        for (p, _), (q, _) in zip(clipped.parameters(), start.parameters(), strict=True)
    ]
    assert max(moved) <= 0.5 * 1e-3 * 6 + 1e-12  # 6 batches
    assert "grad_norm" not in free.fit(X, y, epochs=1, batch_size=20, seed=0).history


# ------------------------------------------------------------ save and load
def conv_bn_model(seed=0, channels=4):
    from dlnotes.norm import BatchNorm

    return Sequential(
        [
            Conv2D(1, channels, 3, padding=1, seed=seed),
            BatchNorm(channels),
            ReLU(),
            MaxPool2D(2),
            Flatten(),
            Dense(channels * 4 * 4, 3, seed=seed + 1),
        ]
    )


def test_save_load_round_trip_reproduces_predictions_exactly(tmp_path):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((24, 1, 8, 8)), rng.integers(0, 3, 24)
    trained = conv_bn_model(seed=0)
    trained.compile(CrossEntropy(), Adam(lr=0.01))
    trained.fit(X, y, epochs=3, batch_size=8, seed=0)
    bn = trained.layers[1]
    assert not np.allclose(bn.buffers["running_mean"], 0)  # statistics were learned

    path = trained.save(tmp_path / "net")
    assert path.name == "net.npz" and path.exists()
    fresh = conv_bn_model(seed=5)  # other initial weights
    assert not np.array_equal(fresh.predict(X), trained.predict(X))
    assert fresh.load(path) is fresh
    np.testing.assert_array_equal(fresh.predict(X), trained.predict(X))
    np.testing.assert_array_equal(fresh.layers[1].buffers["running_var"], bn.buffers["running_var"])


def test_load_writes_into_the_existing_arrays_and_keeps_the_dtype(tmp_path):
    source = mlp([3, 5, 2])
    path = source.save(tmp_path / "mlp.npz")
    target = mlp([3, 5, 2], seed=9, dtype=np.float32)
    W = target.layers[0].params["W"]
    target.load(path)
    assert target.layers[0].params["W"] is W and W.dtype == np.float32
    np.testing.assert_array_equal(W, source.layers[0].params["W"].astype(np.float32))


def test_load_into_another_architecture_names_the_layer_and_both_shapes(tmp_path):
    path = mlp([3, 5, 2]).save(tmp_path / "mlp.npz")
    wider = mlp([3, 6, 2])
    before = wider.layers[2].params["W"].copy()
    with pytest.raises(
        ValueError, match=r"layer 0 .*'W' has shape \(3, 6\) in the model but \(3, 5\)"
    ):
        wider.load(path)
    np.testing.assert_array_equal(wider.layers[2].params["W"], before)  # nothing loaded
    with pytest.raises(ValueError, match="layer 1 is Tanh in the model but ReLU"):
        Sequential([Dense(3, 5, seed=0), Tanh(), Dense(5, 2, seed=1)]).load(path)
    with pytest.raises(ValueError, match=r"the model has 5 layers but mlp\.npz has 3"):
        mlp([3, 5, 2, 2]).load(path)
    with pytest.raises(ValueError, match=r"expected a file written by Sequential\.save"):
        np.savez(tmp_path / "other.npz", W=np.zeros(3))
        mlp([3, 5, 2]).load(tmp_path / "other.npz")


def test_save_load_reaches_inside_containers(tmp_path):
    from dlnotes.layers import Residual
    from dlnotes.norm import BatchNorm, LayerNorm

    def build(seed):
        return Sequential(
            [
                Dense(4, 8, seed=seed),
                Residual(Dense(8, 8, seed=seed + 1), BatchNorm(8), ReLU()),
                LayerNorm(8),
                Dense(8, 3, seed=seed + 2),
            ]
        )

    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((64, 4)), rng.integers(0, 3, 64)
    trained = build(0)
    trained.compile(CrossEntropy(), AdamW(lr=0.01))
    trained.fit(X, y, epochs=2, batch_size=16, seed=0)
    loaded = build(7).load(trained.save(tmp_path / "residual.npz"))
    np.testing.assert_array_equal(loaded.predict(X), trained.predict(X))


def test_a_model_that_starts_with_an_embedding_trains_on_integer_tokens() -> None:
    from dlnotes.layers import Embedding

    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, size=(64, 3))
    y = X[:, 0]  # predict the first token
    model = Sequential([Embedding(5, 8, seed=0), Flatten(), Dense(24, 5, seed=1)])
    model.compile(CrossEntropy(), Adam(lr=0.05))
    history = model.fit(X, y, epochs=30, batch_size=16, seed=0)
    assert history["accuracy"][-1] == 1.0
    assert model.predict(X).dtype == np.float64
    with pytest.raises(TypeError, match="integer token indices"):
        model.predict(X.astype(float))
