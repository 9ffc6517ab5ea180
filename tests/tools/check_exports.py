"""Reads a child's network exported by kinmap with the tools its users have, and prints
what each tool found, one JSON object: the test compares it with what the API says.

Usage: python check_exports.py DIR SCHEMA [GRAMPS_EXPORT]
DIR holds network.ged (GEDCOM 7), network.graphml, network.json, people.csv and
relationships.csv; SCHEMA is the JSON Graph v2 schema; GRAMPS_EXPORT is what Gramps wrote
(its own XML, gzipped) after importing the GEDCOM 5.5.1 file.
"""

import csv
import gzip
import json
import sys
from pathlib import Path

import gedcom7
import jsonschema
import networkx

folder, schema_path = Path(sys.argv[1]), Path(sys.argv[2])
found = {}

# GEDCOM 7: the parser refuses anything not standards-compliant; validate lists dangling
# pointers.
with open(folder / "network.ged", "rb") as f:
    records = gedcom7.load(f)
found["gedcom_problems"] = [str(problem) for problem in gedcom7.validate(records)]
found["gedcom_individuals"] = sum(1 for r in records if r.tag == "INDI")
found["gedcom_families"] = sum(1 for r in records if r.tag == "FAM")
found["gedcom_confidential"] = sum(
    1
    for r in records
    if r.tag == "INDI" and any(c.tag == "RESN" and "CONFIDENTIAL" in c.text for c in r.children)
)

graph = networkx.read_graphml(folder / "network.graphml")
found["graphml_nodes"] = graph.number_of_nodes()
found["graphml_edges"] = graph.number_of_edges()
found["graphml_children"] = sum(1 for _, data in graph.nodes(data=True) if data.get("child") is True)
found["graphml_keys"] = sorted({key for _, data in graph.nodes(data=True) for key in data})

document = json.loads((folder / "network.json").read_text(encoding="utf-8"))
jsonschema.validate(document, json.loads(schema_path.read_text(encoding="utf-8")))
found["json_nodes"] = len(document["graph"]["nodes"])
found["json_edges"] = len(document["graph"]["edges"])

with open(folder / "people.csv", newline="", encoding="utf-8") as f:
    people = list(csv.DictReader(f))
with open(folder / "relationships.csv", newline="", encoding="utf-8") as f:
    relationships = list(csv.DictReader(f))
ids = {row["person_id"] for row in people}
found["csv_people"] = len(people)
found["csv_relationships"] = len(relationships)
found["csv_joined"] = all(r["from_person_id"] in ids and r["to_person_id"] in ids for r in relationships)

if len(sys.argv) > 3:
    from xml.etree import ElementTree

    tree = ElementTree.fromstring(gzip.open(sys.argv[3]).read())
    namespace = {"g": tree.tag.split("}")[0].strip("{")}
    found["gramps_people"] = len(tree.findall(".//g:people/g:person", namespace))
    found["gramps_families"] = len(tree.findall(".//g:families/g:family", namespace))

print(json.dumps(found))
