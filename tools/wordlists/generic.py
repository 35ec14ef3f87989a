import re
WN="/usr/share/wordnet/"
lexnames="adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl".split()
def load_index(pos):
    idx={}
    for l in open(WN+"index."+pos):
        if l.startswith(" "): continue
        p=l.split()
        lemma=p[0]; pcnt=int(p[3]); ptrs=p[4:4+pcnt]; rest=p[4+pcnt:]
        sense_cnt=int(rest[0]); tag=int(rest[1]); offs=rest[2:]
        idx[lemma]=(tag,offs)
    return idx
def load_lex(pos):
    lex={}
    for l in open(WN+"data."+pos):
        if l.startswith(" "): continue
        p=l.split()
        lex[p[0]]=lexnames[int(p[1])]
    return lex
idx={pos:load_index(pos) for pos in ["noun","verb","adj","adv"]}
lex={pos:load_lex(pos) for pos in ["noun","verb","adj","adv"]}
exc={}
for pos in ["noun","verb","adj","adv"]:
    for l in open(WN+pos+".exc"):
        a,b=l.split()[:2]; exc.setdefault(a,b)
rank={}
for l in open("/work/res/frequency.txt"):
    if l.startswith("#"): continue
    w,r=l.split(); rank[w]=int(r)
TOPICAL_N={"noun.act","noun.animal","noun.artifact","noun.body","noun.event","noun.food","noun.location","noun.object","noun.phenomenon","noun.plant","noun.possession","noun.process","noun.state","noun.substance","noun.feeling"}
TOPICAL_V={"verb.motion","verb.consumption","verb.body"}
def base(w):
    if any(w in idx[p] for p in idx): return w
    for cand in [w, exc.get(w,""), w[:-1] if w.endswith("s") else "", w[:-2] if w.endswith("es") else "", w[:-3]+"y" if w.endswith("ies") else "", w[:-3] if w.endswith("ing") else "", w[:-2] if w.endswith("ed") else "", w[:-1] if w.endswith("d") else ""]:
        if cand and any(cand in idx[p] for p in idx): return cand
    return w
def classify(w):
    b=base(w)
    tags={p:(idx[p][b][0] if b in idx[p] else -1) for p in idx}
    present=[p for p in tags if tags[p]>=0]
    if not present: return "unknown"
    dom=max(present, key=lambda p:(tags[p], p=="noun"))
    first=lex[dom][idx[dom][b][1][0]]
    if dom=="noun" and first in TOPICAL_N: return "content:"+first
    if dom=="verb" and first in TOPICAL_V: return "content:"+first
    return "generic:"+dom+":"+first
if __name__=="__main__":
    import sys
    for w in sys.argv[1:]: print(w, rank.get(w), classify(w))

GEN_OVERRIDE=set("home need needs place world way ways thing things stuff lot lots bit kind sort part side end point case fact lot number people person guy guys someone something anything everything nothing time times day days week weeks month months year years night morning today tonight life lives work job money".split())
CONTENT_LOW={"noun.possession","noun.location","noun.body","noun.food","noun.substance","noun.animal","noun.plant"}
def generic(w):
    r=rank.get(w, 10**9)
    c=classify(w)
    if w in GEN_OVERRIDE: return True
    if r>3000:
        return c.startswith("generic:adv")
    if c.startswith("content:"):
        cat=c.split(":")[1]
        if r<=1000 and cat not in CONTENT_LOW: return True
        return False
    return True
