"""See the landscape: diagrams, the data dictionary, the limits budget, and import from an org.

Every module here reads the typed Spec (and, for limits and import, what an org reader found);
none of them writes files. The CLI renders what these return.

| module | gives |
|---|---|
| `usage.py` | which flows read and write each object and field; the systems × objects matrix |
| `graph.py` | the landscape as nodes (systems, grouped by kind) and edges (flows), with highlights |
| `mermaid.py`, `dot.py` | that graph as Mermaid flowchart and Graphviz DOT text |
| `escape.py` | spec text made safe for Mermaid, DOT and Markdown |
| `changed.py` | which flows and systems a plan changes (for highlighting) |
| `dictionary.py`, `dictionary_md.py` | the data dictionary as data (JSON) and as a Markdown page |
| `limits/` | the limits budget: allocations and their sources, per-flow estimates, findings, the table |
| `importer/` | a spec bootstrapped from an org's actual state: fields, systems, build, render |
"""
