#!/usr/bin/env python3
"""A correct lin-kv node for Maelstrom's protocol: the first node of node_ids holds the only copy of the map and
serves every read, write and cas; any other node forwards the client's request to it and relays the answer. One
copy, one thread, requests in arrival order: linearizable while the holder is up (it keeps the map in memory only, so
a killed holder loses it; that is what the driver's kill fault shows)."""
import json
import sys

node_id = None
leader = None
data = {}
next_id = 0
relayed = {}  # our msg_id to the leader -> (client, client's msg_id)


def send(dest, body):
    sys.stdout.write(json.dumps({"src": node_id, "dest": dest, "body": body}) + "\n")
    sys.stdout.flush()


def new_id():
    global next_id
    next_id += 1
    return next_id


def apply(body):
    key = str(body["key"])
    kind = body["type"]
    if kind == "read":
        if key not in data:
            return {"type": "error", "code": 20, "text": "key does not exist"}
        return {"type": "read_ok", "value": data[key]}
    if kind == "write":
        data[key] = body["value"]
        return {"type": "write_ok"}
    if kind == "cas":
        if key not in data:
            return {"type": "error", "code": 20, "text": "key does not exist"}
        if data[key] != body["from"]:
            return {"type": "error", "code": 22, "text": "expected %r, had %r" % (body["from"], data[key])}
        data[key] = body["to"]
        return {"type": "cas_ok"}
    return {"type": "error", "code": 10, "text": "not supported: " + kind}


for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    kind = body["type"]
    if kind == "init":
        node_id = body["node_id"]
        leader = sorted(body["node_ids"])[0]
        send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})
        print("node %s up, leader %s" % (node_id, leader), file=sys.stderr)
    elif kind in ("read", "write", "cas"):
        if node_id == leader:
            reply = apply(body)
            reply["in_reply_to"] = body["msg_id"]
            send(msg["src"], reply)
        else:
            mine = new_id()
            relayed[mine] = (msg["src"], body["msg_id"])
            forwarded = dict(body)
            forwarded["msg_id"] = mine
            send(leader, forwarded)
    elif "in_reply_to" in body and body["in_reply_to"] in relayed:
        client, client_msg = relayed.pop(body["in_reply_to"])
        reply = dict(body)
        reply["in_reply_to"] = client_msg
        send(client, reply)
