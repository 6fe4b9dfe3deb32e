"""Reading the command line's JSON definition files (scoring models, life-cycles)."""

from __future__ import annotations

import json
import pathlib
from typing import TypeVar

from crmkit._errors import InvalidArgument
from crmkit.serialization import from_data

_T = TypeVar("_T")


def read_definition(path: pathlib.Path, cls: type[_T]) -> _T:
    """The ``cls`` value that the JSON file at ``path`` describes.

    Raises:
        InvalidArgument: The file is not JSON, or not a valid ``cls``; the message names the
            file and gives crmkit's reasons.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        msg = f"{path}: not valid JSON: {error}"
        raise InvalidArgument(msg, field="model", value=str(path)) from None
    try:
        return from_data(data, cls)
    except ValueError as error:
        msg = f"{path}: {error}"
        raise InvalidArgument(msg, field="model", value=str(path)) from None
