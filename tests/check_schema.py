#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validates the documents tests/check_schema.sh collected against the
schemas in SCHEMA_DIR, and fails where a kind that should be in a document
is not, so that no validation passes on empty output.
Usage: check_schema.py SCHEMA_DIR OUTPUT_DIR "KIND KIND ..."
"""
import glob
import json
import os
import sys

import jsonschema

schema_dir, out_dir, all_kinds = sys.argv[1], sys.argv[2], set(sys.argv[3].split())
failures = []


def load_schema(name):
    with open(os.path.join(schema_dir, name)) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


# Every schema file is well formed, those of documents this test does not
# make included.
schemas = {os.path.basename(p): load_schema(os.path.basename(p))
           for p in sorted(glob.glob(os.path.join(schema_dir, "*.json")))}


def validator(schema_name, definition=None):
    schema = schemas[schema_name]
    if definition:
        # One item of a document, as --ndjson writes it.
        schema = {"$defs": schema["$defs"], "$ref": "#/$defs/" + definition}
    return jsonschema.Draft202012Validator(schema)


def own_kind_error(error):
    """Of an object that matches no kind's members, what its own kind's says."""
    if error.validator != "oneOf" or not isinstance(error.instance, dict):
        return error
    ref = "#/$defs/%s" % error.instance.get("kind")
    own = [e for e in error.context if error.schema["oneOf"][e.schema_path[0]].get("$ref") == ref]
    return own[0] if own else error


def check(file, schema_name, definition=None):
    """Validates a document, or each line of an --ndjson stream; returns them."""
    with open(os.path.join(out_dir, file)) as f:
        text = f.read()
    docs = [json.loads(line) for line in text.splitlines() if line.strip()] \
        if file.endswith(".ndjson") else [json.loads(text)]
    v = validator(schema_name, definition)
    for doc in docs:
        for error in sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            error = own_kind_error(error)
            where = "/".join(str(p) for p in error.absolute_path)
            failures.append("%s against %s: at /%s: %s" % (file, schema_name, where, error.message[:300]))
    print("%s: %d document(s) checked against %s" % (file, len(docs), schema_name))
    return docs


def expect_kinds(file, seen, wanted):
    missing = set(wanted) - set(seen)
    if missing:
        failures.append("%s: no object of kind %s, so those went unchecked"
                        % (file, ", ".join(sorted(missing))))


manifest = check("load.json", "ipcscope-load.json")[0]
made = {o["kind"] for o in manifest["objects"]}
# The holder makes the kinds the load does not.
expect_kinds("load.json | raw socket and memfd holder", made | {"raw", "memfd"}, all_kinds)
left_stale = {o["kind"] for o in manifest["objects"] if o["stale"]}
if not left_stale:
    failures.append("load.json: load --stale marked no object stale")

listed = check("list.json", "ipcscope-list.json")[0]
expect_kinds("list.json", [o["kind"] for o in listed["objects"]], all_kinds)
lines = check("list.ndjson", "ipcscope-list.json", "object")
expect_kinds("list.ndjson", [o["kind"] for o in lines], all_kinds)

locks = check("locks.json", "ipcscope-locks.json" if "ipcscope-locks.json" in schemas else "ipcscope-list.json")[0]
expect_kinds("locks.json", [o["kind"] for o in locks["objects"]], {"lock"})

stale = check("stale.json", "ipcscope-list.json")[0]
expect_kinds("stale.json", [o["kind"] for o in stale["objects"]], left_stale)
clean = check("clean.json", "ipcscope-clean.json")[0]
expect_kinds("clean.json", [r["object"]["kind"] for r in clean["results"]], left_stale)
actions = {r["action"] for r in clean["results"]}
if "would_remove" not in actions or actions & {"removed", "failed"}:
    failures.append("clean.json: --dry-run reported %s, not what it would remove" % sorted(actions))

summary = check("summary.json", "ipcscope-summary.json")[0]
expect_kinds("summary.json", [k["kind"] for k in summary["kinds"] if k["objects"] > 0], all_kinds)
if not summary["limits"]:
    failures.append("summary.json: no limit")

deadlocks = check("deadlocks.json", "ipcscope-deadlocks.json")[0]
if not deadlocks["deadlocks"]:
    failures.append("deadlocks.json: no deadlock, though two flock requests made one")

graph = check("graph.json", "ipcscope-graph.json")[0]
edge_kinds = {e["kind"] for e in graph["edges"]}
# The load's pipes, unix and loopback pairs, shared memory and locks join
# its processes; a SysV queue or semaphore set has no holders to join.
expect_kinds("graph.json edges", edge_kinds,
             {"pipe", "fifo", "unix", "tcp", "udp", "sysv_shm", "posix_shm", "lock"})
if not any(e["deadlock"] for e in graph["edges"] if e["kind"] == "lock"):
    failures.append("graph.json: no lock edge marked deadlock, though two flock requests made one")
node_ids = {n["id"] for n in graph["nodes"]}
for e in graph["edges"]:
    if e["source"] not in node_ids or e["target"] not in node_ids:
        failures.append("graph.json: edge %s -> %s names a node not in nodes" % (e["source"], e["target"]))
folded = check("graph-hubs.json", "ipcscope-graph.json")[0]
if not any(n["type"] == "peers" for n in folded["nodes"]):
    failures.append("graph-hubs.json: --hubs 1 folded no hub's edges into a peers node")

events = check("watch-initial.ndjson", "ipcscope-event.json")
expect_kinds("watch-initial.ndjson", [e["object"]["kind"] for e in events if e["event"] == "created"], all_kinds)
events = check("watch-changed.ndjson", "ipcscope-event.json")
if not any(e["event"] == "changed" for e in events):
    failures.append("watch-changed.ndjson: no changed event")

for failure in failures:
    print("check_schema: " + failure, file=sys.stderr)
sys.exit(1 if failures else 0)
