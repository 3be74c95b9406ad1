# gui-memory-smaps.py SMAPS: resident set per kind of mapping (Mesa, the wenze binary, heap, anonymous, X shared memory)
import sys, re, collections
cats = collections.OrderedDict()
cur = None
for line in open(sys.argv[1]):
    m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$', line)
    if m:
        name = m.group(4).strip()
        perms = m.group(3)
        if 'libLLVM' in name: c = 'libLLVM'
        elif 'swrast' in name or 'dri' in name and '.so' in name: c = 'mesa dri (swrast)'
        elif name.endswith('/wenze') or 'wenze-' in name.split('/')[-1]: c = 'wenze binary'
        elif name == '[heap]': c = 'heap'
        elif name == '': c = 'anon'
        elif name.startswith('/SYSV') or 'shm' in name or name.startswith('/dev/shm') or name.startswith('/memfd'): c = 'shm/memfd: ' + name.split(' ')[0][:30]
        elif name.startswith('['): c = name
        elif '.so' in name: c = 'other .so'
        else: c = 'other file: ' + name[:60]
        cur = c
        cats.setdefault(c, [0, 0, 0])
        continue
    if cur is None: continue
    if line.startswith('Rss:'):
        cats[cur][0] += int(line.split()[1])
    elif line.startswith('Pss:'):
        cats[cur][1] += int(line.split()[1])
    elif line.startswith('Swap:'):
        cats[cur][2] += int(line.split()[1])
tot = 0
for k, (rss, pss, sw) in sorted(cats.items(), key=lambda kv: -kv[1][0]):
    if rss < 64: continue
    tot += rss
    print(f'{rss/1024:8.1f} MB  {k}')
print(f'{sum(v[0] for v in cats.values())/1024:8.1f} MB  total Rss')
