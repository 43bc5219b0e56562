"""Re-extract the trimmed Camel catalog the tests validate generated routes against.

Usage (needs npm and network; the output is committed, the tests never run this):
    python tests/validators/camel/extract.py [--kaoto 0.10.4] [--camel 4.14.9]

From npm @kaoto/camel-catalog (Apache-2.0; a 50 MB tarball) it keeps only:
  camel-<ver>/camelYamlDsl.json   the Camel YAML DSL JSON Schema (draft-07)
  camel-<ver>/components.json     the catalog entries of the components sfspec generates URIs for
  LICENSE                         the package's licence
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Every scheme sfspec's Camel generator may write; the endpoint test fails on any other.
COMPONENTS = ("salesforce", "http", "https", "platform-http", "kafka", "master", "quartz", "timer", "file")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kaoto", default="0.10.4", help="@kaoto/camel-catalog version")
    parser.add_argument("--camel", default="4.14.9", help="Camel (main runtime) version inside it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"@kaoto/camel-catalog@{args.kaoto}", "--silent"], cwd=tmp, check=True)
        tarball = next(Path(tmp).glob("kaoto-camel-catalog-*.tgz"))
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        pkg = Path(tmp) / "package"
        version_dir = pkg / "dist" / "camel-catalog" / "camel-main" / args.camel
        out = HERE / f"camel-{args.camel}"
        out.mkdir(exist_ok=True)
        schema = json.loads(next(version_dir.glob("camelYamlDsl-*.json")).read_text())
        (out / "camelYamlDsl.json").write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
        catalog = json.loads(next(version_dir.glob("camel-catalog-aggregate-components-*.json")).read_text())
        trimmed = {name: catalog[name] for name in COMPONENTS}
        (out / "components.json").write_text(json.dumps(trimmed, indent=1, sort_keys=True) + "\n")
        shutil.copy(pkg / "LICENSE", HERE / "LICENSE")
        (out / "SOURCE").write_text(f"npm @kaoto/camel-catalog@{args.kaoto}, camel-main/{args.camel}\n")


if __name__ == "__main__":
    main()
