"""Retries for live-org calls: transient faults back off and retry within a bounded budget;
everything else becomes one OrgError line that names the problem, never a token."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from simple_salesforce import exceptions as sfx

from sfspec.errors import OrgError
from sfspec.org.live.auth import redact

T = TypeVar("T")
TRANSIENT_CODES = {"REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION", "QUERY_TIMEOUT"}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries per call, the first included
    base_delay: float = 0.5  # seconds; doubles each retry
    max_delay: float = 8.0
    timeout: float = 120.0  # per HTTP request


def _error_code(exc: sfx.SalesforceError) -> tuple[str, str]:
    """(errorCode, message) from a REST JSON error list or a SOAP fault."""
    content: Any = exc.content
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return str(content[0].get("errorCode", "")), str(content[0].get("message", ""))
    if isinstance(content, dict):
        return str(content.get("errorCode") or content.get("error", "")), str(content.get("message", ""))
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content or "")
    if "<" in text:
        try:
            root = ET.fromstring(text)
            code = next((el.text or "" for el in root.iter() if el.tag.endswith("faultcode")), "")
            message = next((el.text or "" for el in root.iter() if el.tag.endswith("faultstring")), "")
            return code.split(":")[-1], message
        except ET.ParseError:
            pass
    return "", text


def _fatal(exc: sfx.SalesforceError, code: str, message: str, what: str, origin: str) -> OrgError:
    detail = redact(f"{code}: {message}" if code else message or type(exc).__name__)
    if code == "INVALID_SESSION_ID" or isinstance(exc, sfx.SalesforceExpiredSession):
        return OrgError(
            f"{origin}: the session is expired or invalid (INVALID_SESSION_ID) while {what}; "
            "log in again (sf org login web) or refresh SF_ACCESS_TOKEN"
        )
    if isinstance(exc, sfx.SalesforceRefusedRequest) or code in (
        "INSUFFICIENT_ACCESS",
        "API_DISABLED_FOR_ORG",
        "INSUFFICIENT_ACCESS_OR_READONLY",
    ):
        return OrgError(
            f"{origin}: permission denied while {what} ({detail}); the user needs API Enabled, "
            "View Setup and Configuration and Modify Metadata"
        )
    return OrgError(f"{origin}: Salesforce refused the request while {what} ({detail})")


def call(
    fn: Callable[[], T],
    what: str,
    origin: str,
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    retry_connection: bool = True,
) -> T:
    """Run `fn`, retrying transient failures; raise OrgError with one clear line otherwise."""
    last = ""
    for attempt in range(1, policy.attempts + 1):
        try:
            return fn()
        except sfx.SalesforceError as exc:
            code, message = _error_code(exc)
            transient = (exc.status >= 500 and code not in ("INVALID_SESSION_ID",)) or code in TRANSIENT_CODES
            if not transient:
                raise _fatal(exc, code, message, what, origin) from None
            last = f"HTTP {exc.status} {code}".strip()
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            if not retry_connection:
                raise OrgError(
                    f"{origin}: the connection failed while {what} ({type(exc).__name__}); the request "
                    "may have been received: check the org before retrying"
                ) from None
            last = type(exc).__name__
        except (ValueError, ET.ParseError):  # a truncated or malformed body (JSON or XML)
            last = "malformed response"
        except Exception as exc:
            if type(exc) is not Exception:
                raise
            last = "unexpected response"
        if attempt < policy.attempts:
            sleep(min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1)))
    raise OrgError(
        f"{origin}: {what} failed {policy.attempts} times (last: {last}); Salesforce may be "
        "unavailable, try again later"
    )
