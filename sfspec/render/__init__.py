"""Stage 7b: presentation only. A renderer takes a Report (a plan, plus waivers for drift) and
returns text; computing the plan never happens here (Terraform's jsonformat split)."""

from __future__ import annotations

from typing import Protocol

from sfspec.render import github, json, markdown, text
from sfspec.render.report import Report, summary_line


class Renderer(Protocol):
    def __call__(self, report: Report, *, color: bool = False) -> str: ...


RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json.render,
    "github": github.render,
}

__all__ = ["RENDERERS", "Renderer", "Report", "summary_line"]
