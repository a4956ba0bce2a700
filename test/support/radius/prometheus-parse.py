"""Parses Prometheus text (stdin) with prometheus_client, a parser the project did not write.

Prints {"<sample name>{label=value,...}": value} for every sample; fails on text it cannot parse.
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
        samples[f"{sample.name}{{{labels}}}"] = sample.value
json.dump(samples, sys.stdout)
