"""Names and patterns of the spec language (API names, secret references, labels, URLs): the
regular expressions the schema, the rules and the importer share. The constrained string types
built from them are in sfspec/model/language/patterns.py."""

from __future__ import annotations

# ── names ────────────────────────────────────────────────────────────────────────────────────
# Salesforce API names: letters, digits and single underscores, optional namespace and suffix.
API_NAME_PATTERN = (
    r"^(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__)?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:__(?:c|e|mdt|x|b|r))?$"
)
SYSTEM_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
FLOW_NAME_PATTERN = r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$"
ENV_NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,39}$"
SECRET_REF_PATTERN = r"^(?:secret|env):[A-Za-z_][A-Za-z0-9_./-]{0,127}$"
CRON_PATTERN = r"^\S+( \S+){4,5}$"

# Free text ends up in metadata XML, Apex comments and Markdown. XML 1.0 cannot hold C0 control
# characters (other than tab and newlines) or U+FFFE/U+FFFF, and a generator that drops them would
# emit an empty label or picklist value; a label is one line with something visible on it.
_LABEL_CHAR = r"[^\x00-\x1f\x85\u2028\u2029\uFFFE\uFFFF]"
LABEL_PATTERN = rf"^{_LABEL_CHAR}*[^\s\x00-\x1f\x85\u2028\u2029\uFFFE\uFFFF]{_LABEL_CHAR}*$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]*$"
# RFC 6749 §3.3: scope tokens of visible ASCII except `"` and `\`, separated by single spaces.
# `{` and `}` are refused too: the scope is copied into Camel's application.properties and into
# a Simple expression, where `{{env:NAME}}` / `${...}` would be resolved (a secret sent away).
SCOPE_TOKEN = r"[\x21\x23-\x5b\x5d-\x7a\x7c\x7e]+"
SCOPE_PATTERN = rf"^{SCOPE_TOKEN}( {SCOPE_TOKEN})*$"
HTTP_URL_PATTERN = r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^\s]+$"
REMOTE_PATH_PATTERN = r"^[^\s]+$"
