"""`sfspec import`: bootstrap a spec from what an org (live, SFDX project or mock snapshot) holds.

Custom objects and fields (standard ones with `include_standard`), external-ID fields, Named and
External Credentials as systems (auth as references, never values), and the org's platform events
and Change Data Capture channel members as notes. The text is checked like any spec before the
caller writes it, so an import that would not validate is an error, not a file.
"""

from sfspec.landscape.importer.build import Imported, build, landscape_name
from sfspec.landscape.importer.render import render_spec

__all__ = ["Imported", "build", "landscape_name", "render_spec"]
