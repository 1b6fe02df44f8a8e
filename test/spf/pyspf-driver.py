#!/usr/bin/python3
"""Runs Debian's python3-spf (pyspf) over recorded-DNS fixtures, for the SPF cross-check.

stdin:  {"batches": [{"fixture": <dns-fixture v1>, "checks": [{"ip", "sender", "helo"}], "maxVoid"?: n}]}
stdout: [[{"result", "explanation"}, ...], ...]  (one list per batch)
DNS answers come only from the fixture (spf.DNSLookup is replaced); nothing touches the network.
"""
import json
import sys

import spf

zone = {}


def lower(name):
    name = name.lower()
    return name[:-1] if name.endswith('.') and len(name) > 1 else name


def lookup(name, qtype, strict=True, timeout=None):
    """Answers like FixtureResolver: CNAME chains followed, a loop or a chain over 8 is SERVFAIL."""
    name = lower(name)
    current = name
    chain = []
    while True:
        owner = zone.get(current)
        if owner is None:
            return []  # NXDOMAIN
        if 'CNAME' in owner and qtype != 'CNAME':
            target = owner['CNAME']
            target = lower(target[0] if isinstance(target, list) else target)
            if target == name or target in chain or len(chain) >= 8:
                raise spf.TempError('DNS SERVFAIL: CNAME loop at %s' % target)
            chain.append(target)
            current = target
            continue
        break
    value = owner.get(qtype, owner.get('*'))
    if value is None:
        return []  # NODATA
    if isinstance(value, dict):
        if value.get('timeout') or value.get('rcode') in ('SERVFAIL', 'REFUSED'):
            raise spf.TempError('DNS %s' % (value,))
        return []
    out = []
    for rr in value:
        if qtype in ('TXT', 'SPF'):
            out.append(((name, qtype), [rr] if isinstance(rr, str) else list(rr)))
        elif qtype == 'MX':
            exchange = rr['exchange']
            out.append(((name, qtype), (rr['preference'], '' if exchange == '.' else exchange)))
        else:
            out.append(((name, qtype), rr))
    return out


spf.DNSLookup = lookup


def run(check):
    q = spf.query(i=check['ip'], s=check.get('sender', ''), h=check.get('helo', ''), strict=True)
    q.set_default_explanation('DEFAULT')
    res, _code, exp = q.check()
    res = {'unknown': 'permerror', 'error': 'temperror'}.get(res, res)
    return {'result': res, 'explanation': exp}


def main():
    global zone
    data = json.load(sys.stdin)
    output = []
    default_void = spf.MAX_VOID_LOOKUPS
    for batch in data['batches']:
        zone = {lower(k): v for k, v in batch['fixture']['records'].items()}
        spf.MAX_VOID_LOOKUPS = batch.get('maxVoid', default_void)
        results = []
        for check in batch['checks']:
            try:
                results.append(run(check))
            except Exception as e:  # a pyspf crash is reported, not hidden
                results.append({'result': 'crash', 'explanation': repr(e)})
        output.append(results)
    json.dump(output, sys.stdout)


main()
