#!/usr/bin/env python3
"""Crate-wide pub -> pub(crate), then restore `pub` where the tests or the
binary need it, driven by rustc's JSON diagnostics. Usage:
  vis.py narrow   # rewrite src (except lib.rs top-level mods)
  vis.py fix      # one round: build, restore pub at reported definitions; prints count
"""
import json, os, re, subprocess, sys

ROOT = os.getcwd()
ITEM = re.compile(r'^(\s*)pub (?=(fn|struct|enum|const|static|type|trait|mod|use|async fn|unsafe fn|unsafe trait|[a-z_][a-z0-9_]*\s*:))')

def narrow():
    n = 0
    for root, _, files in os.walk('src'):
        for f in files:
            if not f.endswith('.rs'):
                continue
            p = os.path.join(root, f)
            lines = open(p).read().split('\n')
            out = []
            for l in lines:
                if p == 'src/lib.rs' and re.match(r'^pub (mod|const)', l):
                    out.append(l); continue
                m = ITEM.match(l)
                if m:
                    l = m.group(1) + 'pub(crate) ' + l[m.end():]
                    n += 1
                out.append(l)
            open(p, 'w').write('\n'.join(out))
    print('narrowed', n)

def widen(file, line):
    p = os.path.join(ROOT, file) if not os.path.isabs(file) else file
    if not p.startswith(ROOT + '/src'):
        return False
    lines = open(p).read().split('\n')
    # the definition may start a few lines above the span (attributes, multi-line)
    for i in range(line - 1, max(line - 4, -1), -1):
        if 'pub(crate) ' in lines[i]:
            lines[i] = lines[i].replace('pub(crate) ', 'pub ', 1)
            open(p, 'w').write('\n'.join(lines))
            return True
    return False

def find_field(struct, field):
    """Locate `pub(crate) field:` inside `struct Struct`."""
    for root, _, files in os.walk('src'):
        for f in files:
            if not f.endswith('.rs'):
                continue
            p = os.path.join(root, f)
            lines = open(p).read().split('\n')
            for i, l in enumerate(lines):
                if re.search(r'\bstruct ' + re.escape(struct) + r'\b', l):
                    for j in range(i, min(i + 200, len(lines))):
                        if re.match(r'\s*pub\(crate\) ' + re.escape(field) + r'\s*:', lines[j]):
                            return p, j + 1
                        if lines[j].startswith('}'):
                            break
    return None

def widen_name(name):
    pat = re.compile(r'^\s*pub\(crate\) (?:(?:async |unsafe |const )*fn|struct|enum|const|static|type|trait|mod) ' + re.escape(name) + r'\b')
    n = 0
    for root, _, files in os.walk('src'):
        for f in files:
            if not f.endswith('.rs'):
                continue
            p = os.path.join(root, f)
            lines = open(p).read().split('\n')
            ch = False
            for i, l in enumerate(lines):
                stmt = l
                if re.match(r'^\s*pub\(crate\) use ', l):
                    k = i
                    while ';' not in stmt and k + 1 < len(lines):
                        k += 1; stmt += lines[k]
                if pat.match(l) or (re.match(r'^\s*pub\(crate\) use ', l) and re.search(r'\b' + re.escape(name) + r'\b', stmt)):
                    lines[i] = l.replace('pub(crate) ', 'pub ', 1); ch = True; n += 1
            if ch:
                open(p, 'w').write('\n'.join(lines))
    return n

def fix():
    r = subprocess.run(['cargo', 'build', '--tests', '--bins', '--message-format=json'],
                       capture_output=True, text=True)
    fixed, unfixed = 0, []
    seen = set()
    for line in r.stdout.splitlines():
        try:
            m = json.loads(line)
        except Exception:
            continue
        if m.get('reason') != 'compiler-message':
            continue
        msg = m['message']
        if msg['level'] != 'error':
            continue
        code = (msg.get('code') or {}).get('code')
        done = False
        spans = []
        for c in msg.get('children', []):
            spans += c.get('spans', [])
        spans += msg.get('spans', [])
        if code in ('E0603', 'E0624', 'E0364', 'E0365', 'E0616', 'E0451', 'E0446', None) or True:
            for s in spans:
                key = (s['file_name'], s['line_start'])
                if key in seen:
                    done = True; continue
                if s['file_name'].startswith('src/') and widen(s['file_name'], s['line_start']):
                    seen.add(key); fixed += 1; done = True
            if not done and code == 'E0616':
                mm = re.search(r"field `(\w+)` of struct `(?:[\w:]+::)?(\w+)", msg['message'])
                if mm:
                    loc = find_field(mm.group(2), mm.group(1))
                    if loc and widen(os.path.relpath(loc[0], ROOT), loc[1]):
                        fixed += 1; done = True
        if not done:
            mm = re.search(r"^fields? (.*) of struct `(?:[\w:]+::)?(\w+)[^`]*` (?:are|is) private", msg['message'])
            if mm:
                for fld in re.findall(r"`(\w+)`", mm.group(1)):
                    loc = find_field(mm.group(2), fld)
                    if loc and widen(os.path.relpath(loc[0], ROOT), loc[1]):
                        fixed += 1; done = True
        if not done:
            mm = re.search(r"^\w+ `(?:[\w:]+::)?(\w+)(?:<[^`]*>)?` is private", msg["message"])
            if mm:
                n = widen_name(mm.group(1))
                if n:
                    fixed += n; done = True
        if not done:
            mm = re.search(r"consider marking `(\w+)` as `pub`|`(\w+)` is (?:only public within the crate|private), and cannot be re-exported|consider declaring type or module `(\w+)` with `pub`", msg['rendered'])
            if mm:
                n = widen_name(mm.group(1) or mm.group(2) or mm.group(3))
                if n:
                    fixed += n; done = True
        if not done:
            unfixed.append(msg['rendered'][:600])
    print('fixed', fixed, 'unfixed', len(unfixed), 'rc', r.returncode)
    for u in unfixed[:15]:
        print(u)

if __name__ == '__main__':
    {'narrow': narrow, 'fix': fix}[sys.argv[1]]()
