#!/usr/bin/env python3
"""Lists relcut-core's `pub` items whose name appears in no other crate (the binary, relcut-action,
relcut-github, the tests, benches, fuzz targets): candidates for `pub(crate)` or removal.
Names are matched as words, so a common name (`text`) is never listed; items named in
relcut-core's doc comments (doc tests use the public API) are marked DOC. Types that appear in
public signatures stay `pub` whatever this says: the compiler tells.

Usage: scripts/pub-unused.py
"""
import re, os
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
core=os.path.join(root,'crates/relcut-core/src')
items=[]
for dp,dn,fn in os.walk(core):
    for f in fn:
        if not f.endswith('.rs'): continue
        p=os.path.join(dp,f)
        intest=False
        for i,l in enumerate(open(p),1):
            if re.match(r'\s*#\[cfg\(test\)\]',l): intest=True
            if intest: continue
            m=re.match(r'\s*pub (?:const |async |unsafe )?(fn|struct|enum|const|static|type|trait|mod) +([A-Za-z_][A-Za-z0-9_]*)',l)
            if m: items.append((m.group(2),m.group(1),os.path.relpath(p,root),i))
ext_dirs=['src','tests','crates/relcut-action','crates/relcut-core/tests','crates/relcut-core/benches','fuzz','crates/relcut-github']
def ext_text():
    out=[]
    for d in ext_dirs:
        for dp,dn,fn in os.walk(os.path.join(root,d)):
            if 'target' in dp: continue
            for f in fn:
                if f.endswith('.rs'): out.append(open(os.path.join(dp,f)).read())
    return '\n'.join(out)
ext=ext_text()
# doc tests in core
doc='\n'.join(l for dp,dn,fn in os.walk(core) for f in fn if f.endswith('.rs') for l in open(os.path.join(dp,f)) if l.strip().startswith('///') or l.strip().startswith('//!'))
for name,kind,p,i in sorted(items,key=lambda x:(x[2],x[3])):
    w=re.compile(r'\b'+re.escape(name)+r'\b')
    if w.search(ext): continue
    d='DOC' if w.search(doc) else ''
    print(f'{p}:{i}: {kind} {name} {d}')
