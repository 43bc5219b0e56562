"""A spec split over two files: the main one and one that adds a system, a flow and a waiver
(merged by sfspec.load.merge; shared by the merge and the document-release tests)."""

MAIN = """\
sfspec: 1
name: split
systems:
  crm: {kind: salesforce}
waivers:
  - {component: "ApexClass:A", reason: legacy code, expires: 2030-01-01}
"""
MORE = """\
# second file
systems:
  erp:
    kind: erp
    base_url: https://erp.example.com
flows:
  account-to-erp:
    source: crm
    target: erp
waivers:
  - {component: "ApexClass:B", reason: legacy code, expires: 2030-01-01}
"""
