"""Tests for dlnotes/__init__.py: what `import dlnotes` gives, and what it avoids."""

import inspect
import subprocess
import sys

import pytest

import dlnotes

CORE = [
    "activations",
    "attention",
    "callbacks",
    "conv",
    "data",
    "gradcheck",
    "layers",
    "losses",
    "metrics",
    "model",
    "norm",
    "optim",
    "recurrent",
    "schedules",
]


def test_import_dlnotes_does_not_load_matplotlib():
    code = "import sys, dlnotes; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_import_dlnotes_does_not_load_sklearn_or_torch():
    # scikit-learn and PyTorch serve the examples and the tests only.
    code = "import sys, dlnotes; print(sorted({'sklearn', 'torch'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_import_dlnotes_loads_each_module_when_it_is_first_used():
    code = (
        "import sys, dlnotes\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('dlnotes.'))\n"
        "print(loaded())\n"
        "from dlnotes.layers import Dense\n"
        "conv = lambda: 'dlnotes.conv' in sys.modules\n"
        "print(conv(), dlnotes.conv.Conv2D.__name__, conv())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["[]", "False Conv2D True"]


def test_an_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'conv2d'"):
        dlnotes.conv2d  # noqa: B018
    assert set(CORE) <= set(dir(dlnotes))


def test_version():
    assert dlnotes.__version__ == "0.1.0"


def test_core_submodules_are_attributes():
    for name in CORE:
        assert inspect.ismodule(getattr(dlnotes, name))
    assert dlnotes.layers.Dense is not None
    assert dlnotes.model.Sequential is not None


def public_objects():
    """Every public function, class and method defined in the core modules."""
    for module_name in CORE:
        module = getattr(dlnotes, module_name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{module_name}.{name}", obj
            elif inspect.isclass(obj):
                yield f"{module_name}.{name}", obj
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        yield f"{module_name}.{name}.{attr}", member


@pytest.mark.parametrize(("name", "obj"), list(public_objects()))
def test_every_public_name_has_a_docstring(name, obj):
    assert inspect.getdoc(obj), f"{name} has no docstring"
