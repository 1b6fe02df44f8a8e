#!/usr/bin/python3
"""Verifies messages with Debian's python3-dkim (dkimpy), asking a DNS server for the keys, for the
DKIM key-record cross-check.

stdin:  {"port": n, "messages": ["<base64 of an RFC 5322 message>", ...]}
stdout: [{"pass": true|false, "error": "<why not>"}, ...]
Keys come from 127.0.0.1:port (dnspython, as dkimpy's own get_txt asks: the first TXT RR, its
strings joined); nothing else touches the network.
"""
import base64
import json
import sys

import dkim
import dns.message
import dns.query
import dns.rdatatype

request = json.load(sys.stdin)
port = request["port"]


def get_txt(name, timeout=5):
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    query = dns.message.make_query(name, dns.rdatatype.TXT)
    response = dns.query.udp(query, "127.0.0.1", port=port, timeout=timeout)
    if response.flags & dns.flags.TC:
        response = dns.query.tcp(query, "127.0.0.1", port=port, timeout=timeout)
    for rrset in response.answer:
        if rrset.rdtype == dns.rdatatype.TXT:
            return b"".join(list(rrset.items)[0].strings)
    return None


out = []
for encoded in request["messages"]:
    message = base64.b64decode(encoded)
    logs = []

    class Log:
        def debug(self, *a):
            logs.append(" ".join(str(x) for x in a))

        info = warning = error = debug

    try:
        ok = dkim.verify(message, logger=Log(), dnsfunc=get_txt)
        out.append({"pass": bool(ok), "error": "" if ok else (logs[-1] if logs else "")})
    except Exception as e:  # dkimpy raises for some malformed input instead of returning False
        out.append({"pass": False, "error": "%s: %s" % (type(e).__name__, e)})
json.dump(out, sys.stdout)
