"""Decision-boundary plots shade exactly the regions the classifier predicts."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlnotes.plot.boundary import plot_decision_boundary, predict_labels


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_regions_follow_the_classifier(ax) -> None:
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    y = np.array([0, 1])
    plot_decision_boundary(ax, lambda P: (P[:, 0] > 0).astype(int), X, y, resolution=11)
    regions = ax.images[0].get_array()
    assert regions.shape == (11, 11)
    # Columns left of x = 0 are class 0, right of it class 1, in every row.
    assert (regions[:, :5] == 0).all() and (regions[:, 6:] == 1).all()
    assert ax.get_xlim() == (-1.5, 1.5)


def test_points_are_drawn_once_each_and_no_ticks(ax) -> None:
    X = np.random.default_rng(0).normal(size=(30, 2))
    y = (X[:, 1] > 0).astype(int)
    plot_decision_boundary(ax, lambda P: (P[:, 1] > 0).astype(int), X, y, resolution=20)
    assert len(ax.collections[-1].get_offsets()) == 30
    assert not ax.get_xticks().size and not ax.get_yticks().size


def test_predict_labels_uses_the_models_loss() -> None:
    class Model:
        class loss:
            @staticmethod
            def labels(out):
                return out.argmax(axis=1)

        @staticmethod
        def predict(points):
            return np.column_stack([points[:, 0], -points[:, 0]])

    labels = predict_labels(Model())(np.array([[1.0, 0.0], [-1.0, 0.0]]))
    assert labels.tolist() == [0, 1]
