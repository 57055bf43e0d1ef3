#!/usr/bin/env python3
"""Checks a verdict document (`xcheck check --json`) against the lab's expectations.

Usage: expect.py VERDICT.json EXPECTATION...

An expectation is KEY=VALUE (equal) or KEY~TEXT (the value contains TEXT). Keys:
  verdict, rule, reason, summary              top-level fields
  region.R / region.R.blocking / region.R.note  region R's verdict, blocking type, note
  vantage.V.FIELD                              a field of vantage V (outcome, stage, blocking, usable,
                                               attempts, confirmed, http_status, note)
  missing                                      names of the missing vantages, sorted, comma-separated
  networks                                     confidence.networks
  advice                                       every advice line, joined by " | "
  alternative.SCHEME                           "OUTCOME/local" or "OUTCOME/agents" for the first
                                               alternative whose URL starts with SCHEME://, else "none"
JSON null reads as "null", booleans as "true"/"false". Prints one line per mismatch and exits 1 on any.
"""
import json
import sys


def text(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def lookup(doc, key):
    parts = key.split(".")
    if key in ("verdict", "rule", "reason", "summary"):
        return text(doc.get(key))
    if key == "missing":
        return ",".join(sorted(m["name"] for m in doc.get("missing", []))) or "none"
    if key == "networks":
        return text(doc.get("confidence", {}).get("networks"))
    if key == "advice":
        return " | ".join(doc.get("advice", []))
    if parts[0] == "region" and len(parts) in (2, 3):
        region = next((r for r in doc.get("regions", []) if r["region"] == parts[1]), None)
        if region is None:
            return "absent"
        return text(region.get("verdict" if len(parts) == 2 else parts[2]))
    if parts[0] == "vantage" and len(parts) >= 3:
        name = ".".join(parts[1:-1])
        vantage = next((v for v in doc.get("vantages", []) if v["name"] == name), None)
        if vantage is None:
            return "absent"
        return text(vantage.get(parts[-1]))
    if parts[0] == "alternative" and len(parts) == 2:
        for alternative in doc.get("alternatives", []):
            if alternative["url"].startswith(parts[1] + "://"):
                return "%s/%s" % (alternative["outcome"], "local" if alternative.get("tried_locally") else "agents")
        return "none"
    raise SystemExit("expect.py: unknown key '%s'" % key)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    try:
        with open(sys.argv[1], encoding="utf-8") as handle:
            doc = json.load(handle)
    except (OSError, ValueError) as error:
        print("    no verdict document: %s" % error)
        return 1
    failures = 0
    for expectation in sys.argv[2:]:
        contains = "~" in expectation and ("=" not in expectation or expectation.index("~") < expectation.index("="))
        key, wanted = expectation.split("~" if contains else "=", 1)
        actual = lookup(doc, key)
        if (wanted in actual) if contains else (actual == wanted):
            continue
        failures += 1
        print("    expected %s %s '%s', got '%s'" % (key, "to contain" if contains else "=", wanted, actual))
    if failures:
        print("    summary: %s" % doc.get("summary"))
        for vantage in doc.get("vantages", []):
            print("    vantage %-7s %-22s stage=%-7s blocking=%-12s attempts=%s confirmed=%s" % (
                vantage["name"], vantage["outcome"], text(vantage.get("stage")), text(vantage.get("blocking")),
                text(vantage.get("attempts")), text(vantage.get("confirmed"))))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
