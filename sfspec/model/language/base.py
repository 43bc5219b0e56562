"""What every model of the spec language shares: frozen, unknown keys refused, enums kept as members.

The model modules leave out `from __future__ import annotations`: with it, pydantic compiles each
field's annotation back from its string (typing.ForwardRef) while the class is built, part of every
command's start-up.
"""

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    # Enum fields hold members (StrEnum: an f-string or a template reads the value); validate_default
    # makes a default go through the same validation as a value read from YAML. defer_build: a model's
    # validator is built when first used, so only Spec's is (its nested models inlined in it), once,
    # instead of one per class at import.
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, validate_default=True, defer_build=True
    )
