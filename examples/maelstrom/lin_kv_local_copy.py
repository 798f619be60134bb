#!/usr/bin/env python3
"""A broken lin-kv node for Maelstrom's protocol: every node answers from its own copy of the map and never tells the
others, so a read at one node misses a write acknowledged by another. The driver must show the history invalid."""
import json
import sys

node_id = None
data = {}


def send(dest, body):
    sys.stdout.write(json.dumps({"src": node_id, "dest": dest, "body": body}) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    kind = body["type"]
    reply = None
    if kind == "init":
        node_id = body["node_id"]
        reply = {"type": "init_ok"}
    elif kind == "read":
        key = str(body["key"])
        reply = {"type": "read_ok", "value": data[key]} if key in data else \
            {"type": "error", "code": 20, "text": "key does not exist"}
    elif kind == "write":
        data[str(body["key"])] = body["value"]
        reply = {"type": "write_ok"}
    elif kind == "cas":
        key = str(body["key"])
        if key not in data:
            reply = {"type": "error", "code": 20, "text": "key does not exist"}
        elif data[key] != body["from"]:
            reply = {"type": "error", "code": 22, "text": "precondition failed"}
        else:
            data[key] = body["to"]
            reply = {"type": "cas_ok"}
    if reply is not None:
        reply["in_reply_to"] = body["msg_id"]
        send(msg["src"], reply)
