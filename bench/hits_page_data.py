"""Writes a deterministic search result of HITS hits (default 100,000) for bench/hits_page.sh:
hits.tsv (10 hits per query, 250-column alignments with mismatches and gaps) and
reference-metadata.tsv (a taxonomy of 8 ranks and 2 numbers per reference), into folder OUT.
Usage: python3 hits_page_data.py OUT [HITS]"""
import os
import random
import sys

out = sys.argv[1]
hits = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rng = random.Random(20261205)
os.makedirs(out, exist_ok=True)
references = [f"RS_GCF_{i:09d}.1~NZ_CP{i:06d}.1" for i in range(2000)]
genera = [f"Genus{i}" for i in range(60)]
with open(os.path.join(out, "reference-metadata.tsv"), "w") as f:
    f.write("id\tdomain\tphylum\tclass\torder\tfamily\tgenus\tspecies\tgene location\tssu length\tcontig length\n")
    f.write("#q2:types\tcategorical\tcategorical\tcategorical\tcategorical\tcategorical\tcategorical\tcategorical\tcategorical\tnumeric\tnumeric\n")
    for r in references:
        g = rng.randrange(len(genera))
        f.write(f"{r}\tBacteria\tPhylum{g % 6}\tClass{g % 12}\tOrder{g % 20}\tFamily{g % 35}\t{genera[g]}\t"
                f"{genera[g]} species{rng.randrange(5)}\t{rng.randrange(10**6)}..{rng.randrange(10**6)}\t"
                f"{rng.randint(1400, 1600)}\t{rng.randint(10**6, 6 * 10**6)}\n")

def mutate(s):
    q, r = [], []
    for c in s:
        x = rng.random()
        if x < 0.02:
            q.append("-"); r.append(c)
        elif x < 0.04:
            q.append(c); r.append("-")
        elif x < 0.12:
            q.append(c); r.append(rng.choice("ACGT".replace(c, "")))
        else:
            q.append(c); r.append(c)
    return "".join(q), "".join(r)

with open(os.path.join(out, "hits.tsv"), "w") as f:
    f.write("query id\treference id\tpercent similarity\talignment length\tscore\taligned query\taligned reference\n")
    per_query = 10
    for qi in range((hits + per_query - 1) // per_query):
        base = "".join(rng.choice("ACGT") for _ in range(250))
        scores = sorted((rng.randint(300, 500) for _ in range(per_query)), reverse=True)
        for k in range(min(per_query, hits - qi * per_query)):
            aq, ar = mutate(base)
            same = sum(a == b for a, b in zip(aq, ar))
            f.write(f"query-{qi:05d}\t{rng.choice(references)}\t{repr(100 * same / len(aq))}\t{len(aq)}\t"
                    f"{float(scores[k])!r}\t{aq}\t{ar}\n")
