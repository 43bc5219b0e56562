"""A simple-salesforce connection over a requests session with a default timeout."""

from __future__ import annotations

from typing import Any

import requests
from simple_salesforce import Salesforce

from sfspec.org.live.auth import Credentials


class TimeoutSession(requests.Session):
    """simple-salesforce sends no timeout; a hung server must not hang sfspec."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


def connect(credentials: Credentials, session: requests.Session, api_version: str) -> Salesforce:
    return Salesforce(
        instance_url=credentials.instance_url, session_id=credentials.access_token, session=session, version=api_version
    )
