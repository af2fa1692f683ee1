# Parses the Prometheus text format on stdin with the Prometheus project's own Python parser
# (Debian: python3-prometheus-client) and prints what it read as JSON; exits 1 on any parse error.
# Two checks the Python parser leaves to the Prometheus server are added, because the server refuses a
# scrape that fails them: every sample belongs to a family with a TYPE, and no series appears twice.
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

text = sys.stdin.read()
families = {}
seen = set()
try:
    for family in text_string_to_metric_families(text):
        if family.type == "unknown":
            raise ValueError("no TYPE line for %s" % family.name)
        if family.name in families:
            raise ValueError("family %s appears twice" % family.name)
        samples = []
        for s in family.samples:
            series = (s.name, tuple(sorted(s.labels.items())))
            if series in seen:
                raise ValueError("duplicate series %s%s" % (s.name, s.labels))
            seen.add(series)
            value = s.value
            if math.isnan(value) or math.isinf(value):
                value = str(value)
            samples.append({"name": s.name, "labels": s.labels, "value": value})
        families[family.name] = {"type": family.type, "help": family.documentation, "samples": samples}
except Exception as e:  # the parser raises ValueError and others for malformed input
    print("parse error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
    sys.exit(1)
json.dump(families, sys.stdout)
