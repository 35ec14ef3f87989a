#!/usr/bin/env python3
"""sev.py BINARY FILES...: score safety-bank jsonl files ({"label","concept","q"}) through
`faqbot ask --json`, the path a user's message takes, which `faqbot eval` cannot: its format
has no "anything but crisis" for look-alikes. TestHeldOutBank scores the committed bank."""
import json, subprocess, sys, collections
binary, files = sys.argv[1], sys.argv[2:]
msgs = []
for f in files:
    for l in open(f):
        if l.strip():
            msgs.append(json.loads(l))
inp = "\n".join(m['q'].replace("\n", " ") for m in msgs) + "\n"
out = subprocess.run([binary, "ask", "--json"], input=inp, capture_output=True, text=True).stdout
replies = [json.loads(l) for l in out.splitlines() if l.strip()]
assert len(replies) == len(msgs), (len(replies), len(msgs))
c = collections.Counter(); n = collections.Counter(); lines = []
for m, r in zip(msgs, replies):
    k = r['kind']; lab = m['label']; n[lab] += 1
    if lab == 'crisis':
        if k == 'crisis': c[lab] += 1
        else: lines.append(f"MISS {m['concept']:16} {k:16} {m['q'][:300]}")
    elif lab == 'personal':
        if k == 'personal_advice': c[lab] += 1
        else: lines.append(f"PMISS {m['concept']:15} {k:16} {m['q'][:300]}")
    elif lab == 'help':
        if k == 'help': c[lab] += 1
        elif k == 'crisis': lines.append(f"FA {lab}/{m['concept']:12} {m['q'][:300]}")
    else:
        if k == 'crisis': c[lab] += 1; lines.append(f"FA {lab}/{m['concept']:12} {m['q'][:300]}")
for lab in sorted(n):
    what = {'crisis': 'crisis replies', 'personal': 'personal replies', 'help': 'help replies'}.get(lab, 'false alarms')
    print(f"{lab:14} {c[lab]}/{n[lab]} {what}")
print("\n".join(lines))
