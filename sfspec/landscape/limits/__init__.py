"""The limits budget (`sfspec limits`): what the flows' declared volumes cost against Salesforce's
allocations. `allocations` holds the figures and their sources, `estimate` what one flow costs,
`budget` the sum, `findings` the warnings (shared with the plan), `view` the terminal table."""

from sfspec.landscape.limits.budget import LimitsBudget, Status, budget
from sfspec.landscape.limits.findings import budget_findings, limit_findings

__all__ = ["LimitsBudget", "Status", "budget", "budget_findings", "limit_findings"]
