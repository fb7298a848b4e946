"""The value of a swept parameter: the declared default, or the one a run asks for.

A script that shows how a result depends on one parameter declares the values
worth trying in one literal and reads the value to use from it::

    from dlnotes.sweep import value

    SWEEP = {"name": "lr", "values": [0.01, 0.1, 0.5], "default": 0.1, "label": "learning rate"}
    lr = value(SWEEP)  # 0.1 when you run the file yourself

Run as it is, the script uses the default. To try another value, set the
environment variable ``DLNOTES_SWEEP_VALUE`` to it, written as JSON
(``DLNOTES_SWEEP_VALUE=0.5 python script.py``); the value must be one of the
declared ones.
"""

from __future__ import annotations

import json
import os

ENV = "DLNOTES_SWEEP_VALUE"


def value(sweep: dict) -> object:
    """``sweep["default"]``, or the value in ``$DLNOTES_SWEEP_VALUE`` (JSON) if set.

    Raises:
        ValueError: if the requested value is not valid JSON or not one of
            ``sweep["values"]``.
    """
    requested = os.environ.get(ENV)
    if requested is None or requested == "":
        return sweep["default"]
    try:
        wanted = json.loads(requested)
    except json.JSONDecodeError as error:
        raise ValueError(f'{ENV}={requested!r} is not JSON (write 0.5 or "relu")') from error
    for candidate in sweep["values"]:
        if candidate == wanted and type(candidate) is not bool:
            return candidate
    raise ValueError(
        f"{ENV}={requested!r} is not one of {sweep['name']}'s values {sweep['values']}"
    )
