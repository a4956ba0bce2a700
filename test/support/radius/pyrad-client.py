"""A RADIUS client the project did not write (pyrad), for the gateway's tests.

Reads one JSON request on stdin, sends it, prints one JSON document with every reply:
  {"host", "port", "secret", "user", "password", "state"?: hex, "nasIdentifier"?,
   "messageAuthenticator": bool (default true), "sends": n (the same bytes again after each reply or
   timeout: a NAS's retransmissions), "bind": source address, "timeout": seconds}
Each reply: {"code", "verified": pyrad's VerifyReply with a Message-Authenticator required,
 "firstAttribute", "replyMessage", "state": hex, "hex": the raw bytes, "ms": from sending to the reply}.
"""
import json
import os
import socket
import sys
import time

from pyrad import packet
from pyrad.client import Client
from pyrad.dictionary import Dictionary

spec = json.load(sys.stdin)
dictionary = Dictionary(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dictionary"))
client = Client(server=spec["host"], authport=spec["port"], secret=spec["secret"].encode(), dict=dictionary)
request = client.CreateAuthPacket(
    code=packet.AccessRequest,
    User_Name=spec["user"],
    message_authenticator=spec.get("messageAuthenticator", True),
)
request["User-Password"] = request.PwCrypt(spec["password"])
if spec.get("nasIdentifier"):
    request["NAS-Identifier"] = spec["nasIdentifier"]
if spec.get("state"):
    request["State"] = bytes.fromhex(spec["state"])
raw = request.RequestPacket()

sock = socket.socket(socket.AF_INET6 if ":" in spec["host"] else socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((spec.get("bind", "::" if ":" in spec["host"] else "0.0.0.0"), 0))
sock.settimeout(spec.get("timeout", 2))

replies = []
for _ in range(spec.get("sends", 1)):
    sent_at = time.monotonic()
    sock.sendto(raw, (spec["host"], spec["port"]))
    try:
        data, _ = sock.recvfrom(4096)
    except socket.timeout:
        continue
    elapsed_ms = (time.monotonic() - sent_at) * 1000
    reply = request.CreateReply(packet=data)
    replies.append(
        {
            "code": reply.code,
            "verified": bool(request.VerifyReply(reply, data, enforce_ma=True)),
            "firstAttribute": data[20] if len(data) > 20 else None,
            "replyMessage": "".join(reply.get("Reply-Message", [])) or None,
            "state": reply["State"][0].hex() if "State" in reply else None,
            "hex": data.hex(),
            "ms": elapsed_ms,
        }
    )
json.dump({"request": raw.hex(), "replies": replies}, sys.stdout)
