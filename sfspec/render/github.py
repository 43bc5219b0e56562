"""GitHub Actions workflow commands: one annotation per drifted component, on its spec line.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
Property values escape `%`, CR, LF, `:` and `,`; messages escape `%`, CR and LF.
"""

from __future__ import annotations

from sfspec.diff import Action, Change
from sfspec.render.report import VERB, Report, summary_line


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _message(change: Change, kind: str) -> str:
    what = {
        Action.CREATE: "is missing from the org",
        Action.UPDATE: "differs from the spec",
        Action.ADOPT: "exists unmanaged in the org and the spec adopts it",
        Action.DELETE: "is managed by sfspec but no longer in the spec",
        Action.CONFLICT: "exists unmanaged in the org",
    }.get(change.action, VERB[change.action])
    detail = f" ({change.reason})" if change.reason and change.action is not Action.DELETE else ""
    attrs = ", ".join(a.path for a in change.attributes)
    more = f"; attributes: {attrs}" if attrs else ""
    body = "; body differs" if change.body_diff else ""
    loss = f"; DATA LOSS: {change.data_loss}" if change.destructive else ""
    return f"{change.key} {what}{detail}{more}{body}{loss}"


def _command(
    level: str, message: str, title: str, path: str | None = None, line: int | None = None, col: int | None = None
) -> str:
    props = [f"title={_prop(title)}"]
    if path:
        props = [f"file={_prop(path)}", f"line={line}", f"col={col}", *props]
    return f"::{level} {','.join(props)}::{_data(message)}"


def render(report: Report, *, color: bool = False) -> str:
    level = "error" if report.kind == "drift" else "notice"
    out = []
    for change in report.plan.visible():
        src = change.source
        out.append(
            _command(
                level,
                _message(change, report.kind),
                f"sfspec {report.kind}",
                src.path if src else None,
                src.start.line if src else None,
                src.start.col if src else None,
            )
        )
    for placed in report.expired:
        src = placed.source
        out.append(
            _command(
                "warning",
                f"waiver for {placed.waiver.component} expired on {placed.waiver.expires}",
                "sfspec expired waiver",
                src.path if src else None,
                src.start.line if src else None,
                src.start.col if src else None,
            )
        )
    out.append(_command("notice", summary_line(report), f"sfspec {report.kind}"))
    return "\n".join(out) + "\n"
