"""sfspec: Terraform for Salesforce integrations."""

__version__ = "0.1.0"
