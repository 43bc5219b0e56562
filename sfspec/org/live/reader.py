"""Read a live org in a fixed number of round trips, whatever the spec's or the org's size.

1. REST composite/batch: /limits, the Organization and the Salesforce user licences (org facts),
   with the names of the org's records of the custom metadata types the spec writes records of
   (a SOQL query per type in the same batch: records.py), and, sent at the same time, Tooling
   composite/batch (only when objects or fields may be managed): custom fields and objects whose
   description carries the managed marker (LIKE filters run in Salesforce).
2. Metadata API retrieve of exactly the spec's components, the managed candidates from (1) and,
   for the other managed types, `*` (Apex bodies and credentials have no filterable marker). A
   package holds at most 10,000 members; larger reads send their packages concurrently.
3. checkRetrieveStatus with the zip (repeated, with back-off, while Salesforce is still working;
   the packages are polled concurrently too).
So a plan waits for 3 rounds of requests whatever the spec's size (up to 10 packages, 100,000
members), plus Salesforce's own processing time. The retrieve returns the same XML an SFDX project
holds, so attributes equal the SFDX reader's (sfspec.org.mdapi). Never a describe per object.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any
from urllib.parse import quote, urlparse
from xml.sax.saxutils import escape

from simple_salesforce import Salesforce

from sfspec.errors import OrgError
from sfspec.org.live.records import record_names, record_query, record_types
from sfspec.org.live.retry import RetryPolicy, call
from sfspec.org.mdapi import read_zip
from sfspec.org.select import select
from sfspec.sfdx_format import BY_TYPE
from sfspec.state import MANAGED_MARKER, ActualState, Component, ComponentKey, MetadataType, OrgFacts, records_scope

MAX_MEMBERS = 10_000  # Metadata API retrieve limit per request
MAX_CONCURRENT_RETRIEVES = 10  # packages in flight at once; Salesforce queues more than that anyway
MD = {"mt": "http://soap.sforce.com/2006/04/metadata"}
EDITIONS = {
    "Enterprise Edition": "enterprise",
    "Developer Edition": "developer",
    "Unlimited Edition": "unlimited",
    "Professional Edition": "professional",
    "Performance Edition": "performance",
}
WILDCARD_TYPES = tuple(
    t for t in BY_TYPE if t not in (MetadataType.CUSTOM_OBJECT, MetadataType.CUSTOM_FIELD, MetadataType.CUSTOM_METADATA)
)
Progress = Callable[[str], None]


def _shaped(value: Any, key: str) -> Any:
    """A JSON answer must be an object holding `key`; anything else (a truncated body that the client
    returned as text) raises ValueError, which the retry treats as transient."""
    if not isinstance(value, dict) or key not in value:
        raise ValueError(f"malformed response (no {key!r})")
    return value


def _soql_literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class LiveOrg:
    """An OrgReader over a live org; `sf` is the simple-salesforce connection (used by deploy)."""

    def __init__(
        self,
        sf: Salesforce,
        origin: str,
        *,
        api_version: str,
        policy: RetryPolicy | None = None,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = 900.0,
    ) -> None:
        self.sf = sf
        self.origin = origin
        self.api_version = api_version
        self.policy = policy or RetryPolicy()
        self._progress = progress or (lambda _step: None)
        self._lock = threading.Lock()  # requests run on worker threads; progress and counts do not race
        self.sleep = sleep
        self.max_wait = max_wait
        self.is_sandbox: bool | None = None
        self.warnings: list[str] = []
        self.retries = 0  # requests repeated after a transient failure (the network's, not the design's)

    @property
    def progress(self) -> Progress:
        return self._progress

    def _say(self, step: str) -> None:
        with self._lock:
            self._progress(step)

    def _call(self, fn: Callable[[], Any], what: str) -> Any:
        attempts = 0

        def counted() -> Any:
            nonlocal attempts
            attempts += 1
            return fn()

        try:
            return call(counted, what, self.origin, self.policy, self.sleep)
        finally:
            with self._lock:
                self.retries += max(0, attempts - 1)

    def _rest_batch(self, batch: dict[str, Any]) -> Any:
        return _shaped(self.sf.restful("composite/batch", method="POST", json=batch), "results")

    def _tooling_batch(self, batch: dict[str, Any]) -> Any:
        return _shaped(self.sf.toolingexecute("composite/batch", method="POST", json=batch), "results")

    def _query_more(self, url: str) -> Any:
        return _shaped(self.sf.query_more(url, identifier_is_url=True), "records")

    # ── 1. facts (and the org's custom metadata record names) ─────────────────────────────
    def facts(self) -> OrgFacts:
        return self.facts_and_records(())[0]

    def facts_and_records(self, types: Iterable[str]) -> tuple[OrgFacts, dict[ComponentKey, bool], set[str]]:
        """The org's facts, the {key: managed} of its records of the custom metadata `types`, and
        which of those types were listed whole: one composite batch (25 subrequests) holds both, so
        the records cost no round trip up to 22 types (sfspec writes records of two)."""
        self._say("reading org limits and edition")
        v = f"v{self.api_version}"
        types = list(types)
        urls = [
            f"{v}/limits",
            f"{v}/query/?q=" + quote("SELECT OrganizationType, IsSandbox FROM Organization"),
            f"{v}/query/?q=" + quote("SELECT TotalLicenses FROM UserLicense WHERE Name = 'Salesforce'"),
            *(f"{v}/query/?q=" + quote(record_query(t)) for t in types),
        ]
        results: list[dict[str, Any]] = []
        for start in range(0, len(urls), 25):
            batch = {"batchRequests": [{"method": "GET", "url": u} for u in urls[start : start + 25]]}
            results += self._call(partial(self._rest_batch, batch), "reading org facts")["results"]
        limits_r, org_r, lic_r = (r.get("result") if r.get("statusCode", 500) < 300 else None for r in results[:3])
        org = (org_r or {}).get("records", [{}])[0] if org_r else {}
        licenses = (
            (lic_r or {}).get("records", [{}])[0].get("TotalLicenses") if lic_r and lic_r.get("records") else None
        )
        self.is_sandbox = org.get("IsSandbox")
        limits = {
            k: {"Max": int(v.get("Max", 0)), "Remaining": int(v.get("Remaining", 0))}
            for k, v in (limits_r or {}).items()
            if isinstance(v, dict)
        }
        edition = org.get("OrganizationType") or "unknown"
        facts = OrgFacts(
            api_version=self.api_version,
            edition=EDITIONS.get(edition, edition.lower()),
            licenses=licenses,
            instance=urlparse(f"https://{self.sf.sf_instance}").hostname or "",
            limits=limits,
        )
        listed: dict[ComponentKey, bool] = {}
        whole: set[str] = set()
        for type_, result in zip(types, results[3:], strict=True):
            rows = self._all_records(type_, result)
            if rows is not None:
                whole.add(type_)
                listed.update(record_names(type_, rows))
        return facts, listed, whole

    def _all_records(self, type_: str, result: dict[str, Any]) -> list[dict[str, Any]] | None:
        """The rows of one record query's subresult, its further pages followed. An org without the
        type (INVALID_TYPE: the framework is not installed) has no records of it; another refusal
        leaves the names unknown (None), as they were before the list existed (a warning, not a
        failure)."""
        page = result.get("result")
        if result.get("statusCode", 500) >= 300 or not isinstance(page, dict):
            err = page[0] if isinstance(page, list) and page and isinstance(page[0], dict) else {}
            if err.get("errorCode") != "INVALID_TYPE":
                with self._lock:
                    self.warnings.append(
                        f"the org's {type_} records could not be listed ({err.get('errorCode')}: "
                        f"{str(err.get('message'))[:160]})"
                    )
                return None
            return []
        records = list(page.get("records", []))
        while not page.get("done", True) and page.get("nextRecordsUrl"):
            page = self._call(partial(self._query_more, page["nextRecordsUrl"]), "paging a query")
            records.extend(page.get("records", []))
        return records

    # ── 2. managed candidates (Tooling) ──────────────────────────────────────────────────
    def tooling_queries(self, queries: list[str]) -> list[list[dict[str, Any]]]:
        """Run up to 25 Tooling SOQL queries in one round trip (then follow nextRecordsUrl)."""
        out: list[list[dict[str, Any]]] = []
        for start in range(0, len(queries), 25):
            chunk = queries[start : start + 25]
            batch = {
                "batchRequests": [
                    {"method": "GET", "url": f"v{self.api_version}/tooling/query/?q={quote(q)}"} for q in chunk
                ]
            }
            body = self._call(partial(self._tooling_batch, batch), "querying the Tooling API")
            for result in body["results"]:
                if result.get("statusCode", 500) >= 300:
                    err = result.get("result") or {}
                    err = (err[0] if err else {}) if isinstance(err, list) else err
                    raise OrgError(
                        f"{self.origin}: a Tooling API query was refused ({err.get('errorCode')}: "
                        f"{str(err.get('message'))[:160]}); the user needs View Setup and Configuration"
                    )
                page = result["result"]
                records = list(page.get("records", []))
                while not page.get("done", True) and page.get("nextRecordsUrl"):
                    url = page["nextRecordsUrl"]
                    page = self._call(partial(self._query_more, url), "paging a query")
                    records.extend(page.get("records", []))
                out.append(records)
        return out

    def managed_candidates(self, managed_types: set[str]) -> dict[str, list[str]]:
        like = _soql_literal(f"%{MANAGED_MARKER}%")
        queries: list[tuple[str, str]] = []
        if MetadataType.CUSTOM_FIELD in managed_types:
            queries.append(
                (
                    MetadataType.CUSTOM_FIELD,
                    "SELECT DeveloperName, EntityDefinition.QualifiedApiName FROM CustomField "
                    f"WHERE NamespacePrefix = null AND Description LIKE {like}",
                )
            )
        if MetadataType.CUSTOM_OBJECT in managed_types:
            queries.append(
                (
                    MetadataType.CUSTOM_OBJECT,
                    f"SELECT DeveloperName FROM CustomObject WHERE NamespacePrefix = null AND Description LIKE {like}",
                )
            )
        if not queries:
            return {}
        self._say("finding sfspec-managed objects and fields")
        found: dict[str, list[str]] = {}
        for (type_, _), records in zip(queries, self.tooling_queries([q for _, q in queries]), strict=False):
            for r in records:
                if type_ == MetadataType.CUSTOM_FIELD:
                    obj = (r.get("EntityDefinition") or {}).get("QualifiedApiName")
                    if obj:
                        found.setdefault(type_, []).append(f"{obj}.{r['DeveloperName']}__c")
                else:  # the Tooling row has no suffix: ask for both; the retrieve skips the one that is absent
                    found.setdefault(type_, []).extend([f"{r['DeveloperName']}__c", f"{r['DeveloperName']}__e"])
        return found

    # ── 3-4. retrieve ────────────────────────────────────────────────────────────────────
    def retrieve(self, members: dict[str, list[str]]) -> list[Component]:
        flat = [(t, m) for t in sorted(members) for m in sorted(set(members[t]))]
        packages: list[dict[str, list[str]]] = []
        for start in range(0, len(flat), MAX_MEMBERS):
            package: dict[str, list[str]] = {}
            for type_, member in flat[start : start + MAX_MEMBERS]:
                package.setdefault(type_, []).append(escape(member))
            packages.append(package)
        if len(packages) <= 1:
            return [c for p in packages for c in self._retrieve_one(p)]
        # Each package is its own asynchronous job in Salesforce: start them together and poll them
        # together, so 50,000 members cost the same rounds of requests as 50.
        self._say(f"retrieving {len(flat)} components in {len(packages)} packages at once")
        with ThreadPoolExecutor(max_workers=min(len(packages), MAX_CONCURRENT_RETRIEVES)) as pool:
            results = list(pool.map(lambda p: self._retrieve_one(p, quiet=True), packages))
        return [c for found in results for c in found]

    def _retrieve_one(self, package: dict[str, list[str]], *, quiet: bool = False) -> list[Component]:
        count = sum(len(v) for v in package.values())
        if not quiet:
            self._say(f"retrieving {count} component{'s' if count != 1 else ''} ({len(package)} types)")
        job, _state = self._call(
            lambda: self.sf.mdapi.retrieve("", unpackaged=package, single_package=True), "starting a metadata retrieve"
        )
        if not job:
            raise OrgError(f"{self.origin}: the Metadata API did not accept the retrieve request")
        waited, delay = 0.0, 0.5
        while True:
            result = self._call(lambda: self.sf.mdapi.retrieve_retrieve_result(job, "true"), "checking the retrieve")
            status = result.findtext("mt:status", "", MD)
            if status == "Succeeded" or result.findtext("mt:done", "", MD) == "true":
                break
            if status in ("Failed", "Canceled"):
                raise OrgError(
                    f"{self.origin}: the metadata retrieve failed: "
                    f"{(result.findtext('mt:errorMessage', '', MD) or status)[:200]}"
                )
            if waited >= self.max_wait:
                raise OrgError(f"{self.origin}: the metadata retrieve did not finish within {self.max_wait:.0f} s")
            if not quiet:
                self._say(f"waiting for the retrieve ({status or 'queued'})")
            self.sleep(delay)
            waited += delay
            delay = min(delay * 2, 10.0)
        for message in result.findall("mt:messages", MD):
            problem = message.findtext("mt:problem", "", MD)
            if "cannot be found" not in problem:
                with self._lock:
                    self.warnings.append(problem[:200])
        encoded = result.findtext("mt:zipFile", "", MD)
        try:
            components, _, _ = read_zip(base64.b64decode(encoded))
        except (ValueError, KeyError, RecursionError) as exc:
            raise OrgError(
                f"{self.origin}: the retrieved metadata could not be read ({str(exc)[:160] or type(exc).__name__})"
            ) from None
        return components

    # ── the OrgReader protocol ───────────────────────────────────────────────────────────
    def read(self, wanted: Iterable[ComponentKey], *, managed_types: Iterable[str] = ()) -> ActualState:
        try:
            return self._read(wanted, managed_types)
        finally:
            getattr(self.progress, "done", lambda: None)()

    def read_all(self) -> ActualState:
        try:
            return self._read_all()
        finally:
            getattr(self.progress, "done", lambda: None)()

    def _read(self, wanted: Iterable[ComponentKey], managed_types: Iterable[str]) -> ActualState:
        wanted_keys = {k for k in wanted if k.type in BY_TYPE}
        managed = {t for t in managed_types if t in BY_TYPE}
        # The facts (with the names of the org's records of the custom metadata types sfspec writes)
        # and the managed candidates do not depend on each other: one round for all.
        with ThreadPoolExecutor(max_workers=1) as pool:
            candidates = pool.submit(self.managed_candidates, managed)
            facts, listed, listed_whole = self.facts_and_records(record_types(wanted_keys))
            found = candidates.result()
        members: dict[str, list[str]] = {}
        for key in wanted_keys:
            members.setdefault(key.type, []).append(key.name)
        for type_, names in found.items():
            members.setdefault(type_, []).extend(names)
        for type_ in managed & set(WILDCARD_TYPES):
            members[type_] = ["*"]
        components = self.retrieve(members) if members else []
        # a `*` retrieve brings every component of its type; a listed type, every record's name
        complete = {t for t in managed if t in WILDCARD_TYPES} | {records_scope(t) for t in listed_whole}
        return select(components, wanted_keys, managed, facts, self.origin, listed, complete)

    def _read_all(self) -> ActualState:
        query = "SELECT QualifiedApiName FROM EntityDefinition WHERE IsCustomizable = true"
        with ThreadPoolExecutor(max_workers=1) as pool:
            listed = pool.submit(self.tooling_queries, [query])
            facts = self.facts()
            self._say("listing objects")
            (objects,) = listed.result()
        members = {
            MetadataType.CUSTOM_OBJECT: [r["QualifiedApiName"] for r in objects],
            **{t: ["*"] for t in WILDCARD_TYPES},
        }
        components = self.retrieve(members)
        return ActualState({c.key: c for c in components}, facts=facts, origin=self.origin)
