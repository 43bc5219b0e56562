"""What every model of the spec language shares: frozen, unknown keys refused, enums kept as members."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    # Enum fields hold members (StrEnum: an f-string or a template reads the value); validate_default
    # makes a default go through the same validation as a value read from YAML.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, validate_default=True)
