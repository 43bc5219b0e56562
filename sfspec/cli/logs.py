"""-vv: debug logs of sfspec and of the HTTP stack (simple-salesforce, urllib3) on stderr.

The handler writes to whatever sys.stderr is when a record is emitted: inside `main` that is the
redacting stream (sfspec.redact), so a log line cannot show a token either.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

LOGGERS = ("sfspec", "simple_salesforce", "urllib3")


class CurrentStderr(logging.StreamHandler):
    """A StreamHandler bound to the current sys.stderr, not the one at creation."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def configure(verbose: int) -> None:
    """DEBUG for -vv, otherwise as Python leaves it (warnings reach stderr through lastResort)."""
    handler = next((h for h in logging.getLogger("sfspec").handlers if isinstance(h, CurrentStderr)), None)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if verbose >= 2:
            if handler is None:
                handler = CurrentStderr()
                handler.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
            if handler not in logger.handlers:
                logger.addHandler(handler)
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
        elif handler is not None and handler in logger.handlers:
            logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET)
            logger.propagate = True
