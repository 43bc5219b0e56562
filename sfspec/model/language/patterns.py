"""The constrained strings of the spec language (API names, secret references, labels, URLs), built
from the patterns in sfspec/model/patterns.py."""

# No `from __future__ import annotations` in the language modules: pydantic would compile every
# field's annotation back from its string when the class is built.

from typing import Annotated

from pydantic import Field, StringConstraints

from sfspec.model.patterns import (
    API_NAME_PATTERN,
    ENV_NAME_PATTERN,
    FLOW_NAME_PATTERN,
    HTTP_URL_PATTERN,
    LABEL_PATTERN,
    REMOTE_PATH_PATTERN,
    SECRET_REF_PATTERN,
    SYSTEM_NAME_PATTERN,
    TEXT_PATTERN,
)

ApiName = Annotated[str, StringConstraints(pattern=API_NAME_PATTERN, max_length=80)]
SystemName = Annotated[str, StringConstraints(pattern=SYSTEM_NAME_PATTERN)]
FlowName = Annotated[str, StringConstraints(pattern=FLOW_NAME_PATTERN, max_length=60)]
EnvName = Annotated[str, StringConstraints(pattern=ENV_NAME_PATTERN)]
SecretRef = Annotated[
    str,
    StringConstraints(pattern=SECRET_REF_PATTERN),
    Field(description="A reference to a secret, never its value: `secret:NAME` (secret store) or `env:NAME`."),
]
Label = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255, pattern=LABEL_PATTERN),
    Field(description="Human-readable name."),
]
Description = Annotated[
    str,
    StringConstraints(max_length=4000, pattern=TEXT_PATTERN),
    Field(description="Free text for readers of the spec and of generated docs."),
]
HttpUrl = Annotated[str, StringConstraints(pattern=HTTP_URL_PATTERN, max_length=2048)]
RemotePath = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=REMOTE_PATH_PATTERN)]
