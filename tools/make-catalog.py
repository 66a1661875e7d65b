#!/usr/bin/env python3
"""Derive rules/requirements.json, the requirement catalog fwaudit ships,
from the guideline data set (shared/guideline/requirements.json).

Keeps what the scanner and its reports need: id, stakeholders, title,
requirement text (English and Japanese), countermeasures, ETSI EN 303 645
provisions as the guideline cites them, what a static scan can show, what
needs attestation, and the guideline's static-evidence hints.

Usage: tools/make-catalog.py GUIDELINE_JSON > rules/requirements.json
"""
import json
import sys

STATIC = {"firmware", "partial", "process"}


def main():
    src = json.load(open(sys.argv[1], encoding="utf-8"))
    out = []
    for r in src:
        if r["static_checkability"] not in STATIC:
            raise SystemExit("unknown static_checkability for " + r["id"])
        out.append({
            "id": r["id"],
            "stakeholders": [s["number"] for s in r["stakeholder"]],
            "stakeholder_names": [s["name"] for s in r["stakeholder"]],
            "title": r["title"],
            "requirement": r["requirement"],
            "requirement_ja": r["requirement_ja"],
            "countermeasures": r["countermeasures"],
            "etsi_en_303_645": r["standards"].get("etsi_en_303_645", []),
            "static": r["static_checkability"],
            "attestation": r.get("attestation", []),
            "related_firmware_requirements": r.get("related_firmware_requirements", []),
        })
    json.dump({"catalog_version": 1,
               "source": "METI Cyber/Physical Security Guidelines for Smart Homes",
               "requirements": out},
              sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
