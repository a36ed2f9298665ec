"""Near-duplicate documents: MinHash LSH over word shingles of the body text.

Wire copy is republished by many outlets with different page furniture, so
only body zones are compared. LSH proposes candidate pairs; each pair is then
scored by the exact Jaccard similarity of its shingle sets.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Document

_WORD = re.compile(r"\w+")
NUM_PERM = 128
SHINGLE = 3


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def body_text(doc: Document) -> str:
    if not doc.zones:
        return doc.clean or doc.text
    return "\n".join(doc.text[z.start:z.end] for z in doc.zones if z.kind == "body")


def near_duplicates(docs: Iterable[Document], threshold: float = 0.8) -> list[tuple[str, str, float]]:
    """Pairs ``(id_a, id_b, jaccard)`` of documents whose body shingles overlap >= threshold.

    Sorted by decreasing similarity; ``id_a`` is the document seen first.
    """
    from datasketch import MinHash, MinHashLSH

    sets: dict[str, set[str]] = {}
    hashes: dict[str, MinHash] = {}
    order: dict[str, int] = {}
    # LSH is tuned a little below the threshold so borderline pairs are not lost
    lsh = MinHashLSH(threshold=max(0.05, min(0.99, threshold - 0.1)), num_perm=NUM_PERM)
    for doc in docs:
        sh = shingles(body_text(doc))
        if not sh or doc.id in sets:
            continue
        mh = MinHash(num_perm=NUM_PERM)
        mh.update_batch([s.encode("utf-8") for s in sh])
        sets[doc.id] = sh
        order[doc.id] = len(order)
        hashes[doc.id] = mh
        lsh.insert(doc.id, mh)
    pairs: list[tuple[str, str, float]] = []
    seen: set[tuple[str, str]] = set()
    for doc_id, mh in hashes.items():
        for other in lsh.query(mh):
            if other == doc_id:
                continue
            a, b = sorted((doc_id, other), key=order.__getitem__)
            if (a, b) in seen:
                continue
            seen.add((a, b))
            j = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
            if j >= threshold:
                pairs.append((a, b, round(j, 4)))
    pairs.sort(key=lambda p: (-p[2], order[p[0]], order[p[1]]))
    return pairs
