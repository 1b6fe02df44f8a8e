import json,sys,collections
p=json.load(open(sys.argv[1])); fn=sys.argv[2]
lines=collections.Counter()
for n in p['nodes']:
    cf=n['callFrame']
    if cf['functionName']==fn:
        for pt in n.get('positionTicks',[]): lines[pt['line']]+=pt['ticks']
for l,c in sorted(lines.items()): print(l,c)
