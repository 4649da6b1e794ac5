#!/usr/bin/env python3
"""Generates the type lists of the vendor cross-check (xcheck.cpp): which ap_[u]fixed / ap_[u]int formats and
format pairs the program instantiates. Values are drawn inside the program (a fixed-seed generator), so the same
binary source runs identically against our headers and the vendor's.

Writes xcheck_cases.inc next to this script (deterministic: fixed seed). Sections, one translation unit each:
  part 0-3  widths 1..128 (every intermediate result too): what our headers supported before the wide storage
  part 4-5  widths up to 1024 (the vendor's default limit), results included

Case kinds (see xcheck.cpp):
  FX_PAIR(id, A, B, D)  a+b a-b a*b a/b a&b a|b a^b, comparisons, D = a then D op= b, for random a, b
  FX_ONE(id, A, D)      D = a (quantization/overflow of D), D = double, D = float, to_double/float/int, shifts,
                        unary -, ~, and a op C int
  INT_PAIR(id, A, B)    ap_int/ap_uint + - * / % & | ^, comparisons, shifts by b
  INT_ONE(id, A, D)     D = a, D = double, to_double, unary -, ~, shifts
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 16_2024

QMODES = ["AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV", "AP_TRN", "AP_TRN_ZERO"]
OMODES = ["AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM", "AP_WRAP", "AP_WRAP_SM"]


class Fx:
    def __init__(self, w, i, s, q="AP_TRN", o="AP_WRAP", n=0):
        self.w, self.i, self.s, self.q, self.o, self.n = w, i, s, q, o, n

    @property
    def f(self):
        return self.w - self.i

    def cpp(self):
        return f"ap_{'' if self.s else 'u'}fixed<{self.w}, {self.i}, {self.q}, {self.o}, {self.n}>"


class Int:
    def __init__(self, w, s):
        self.w, self.s = w, s

    def cpp(self):
        return f"ap_{'' if self.s else 'u'}int<{self.w}>"


def width(rng, lo, hi):
    # Favour the interesting edges: 1, word boundaries, just around them.
    edges = [x for x in (1, 2, 31, 32, 33, 63, 64, 65, 127, 128, 129, 191, 192, 193, 255, 256, 511, 512, 513, 1023, 1024)
             if lo <= x <= hi]
    if edges and rng.random() < 0.3:
        return rng.choice(edges)
    return rng.randint(lo, hi)


def fmt(rng, lo, hi, modes=True):
    w = width(rng, lo, hi)
    r = rng.random()
    if r < 0.1:
        i = -rng.randint(1, min(w, 40))        # binary point left of the word
    elif r < 0.2:
        i = 0
    elif r < 0.3:
        i = w
    elif r < 0.4:
        i = w + rng.randint(1, 40)             # binary point right of the word
    else:
        i = rng.randint(1, w)
    s = rng.random() < 0.6
    if not modes:
        return Fx(w, i, s)
    q = rng.choice(QMODES)
    o = rng.choice(OMODES if s else OMODES[:4])  # AP_WRAP_SM is signed only (the vendor refuses ap_ufixed)
    n = 0
    if o in ("AP_WRAP", "AP_WRAP_SM") and rng.random() < 0.4:
        n = rng.randint(1, min(w, 5))          # saturation bits of the wrap modes
    return Fx(w, i, s, q, o, n)


def fx_pair_widths_ok(a, b, limit):
    fa, fb = a.f, b.f
    ai = max(a.i + (b.s and not a.s), b.i + (a.s and not b.s))
    plus_w = ai + 1 + max(fa, fb)
    div_w = a.w + max(fb, 0) + b.s
    vendor_div = max(a.w + max(fb, 0) + (b.s and not a.s), b.w + (a.s and not b.s))  # the vendor's CSim intermediate
    return max(plus_w, a.w + b.w, div_w, vendor_div, ai + max(fa, fb)) <= limit and plus_w >= 1


def fx_one_widths_ok(a, d, limit):
    # a op int (int is ap_fixed<32, 32>): the products and sums must stay within the vendor's 1024 bits too
    ai = max(a.i + (not a.s), 32 + a.s) + 1
    return a.w + 1 <= limit and d.w <= limit and a.w + 32 <= 1024 and ai + max(a.f, 0) <= 1024


def gen_part(rng, n_pair, n_one, n_ipair, n_ione, lo, hi, limit, start):
    lines, cid = [], start
    while n_pair:
        a, b, d = fmt(rng, lo, hi, modes=rng.random() < 0.3), fmt(rng, lo, hi, modes=rng.random() < 0.3), fmt(rng, lo, hi)
        # D op= b computes D op b at full precision first: those widths count too.
        if not fx_pair_widths_ok(a, b, limit) or not fx_pair_widths_ok(d, b, limit):
            continue
        lines.append(("FX_PAIR", cid, [a, b, d]))
        cid += 1
        n_pair -= 1
    while n_one:
        a, d = fmt(rng, lo, hi, modes=rng.random() < 0.3), fmt(rng, lo, hi)
        if rng.random() < 0.5:  # nearby formats: mostly rounding, fewer overflows
            w = max(1, min(hi, a.w + rng.randint(-6, 6)))
            d = Fx(w, a.i + rng.randint(-3, 3), rng.random() < 0.6, rng.choice(QMODES), rng.choice(OMODES[:4]))
            if d.s and rng.random() < 0.2:
                d.o = "AP_WRAP_SM"
        if not fx_one_widths_ok(a, d, limit):
            continue
        lines.append(("FX_ONE", cid, [a, d]))
        cid += 1
        n_one -= 1
    while n_ipair:
        a, b = Int(width(rng, lo, hi), rng.random() < 0.6), Int(width(rng, lo, hi), rng.random() < 0.6)
        if max(a.w, b.w) + 1 > limit or a.w + b.w > limit:
            continue
        lines.append(("INT_PAIR", cid, [a, b]))
        cid += 1
        n_ipair -= 1
    while n_ione:
        a, d = Int(width(rng, lo, hi), rng.random() < 0.6), Int(width(rng, lo, hi), rng.random() < 0.6)
        if a.w + 1 > limit or a.w + 32 > 1024:
            continue
        lines.append(("INT_ONE", cid, [a, d]))
        cid += 1
        n_ione -= 1
    return lines, cid


SAMPLE_STRIDE = 12


def main():
    rng = random.Random(SEED)
    parts, cid = [], 0
    # Narrow: widths 1..64 for most, up to 128 for some, every result <= 128 bits.
    for p in range(4):
        lo, hi = (1, 64) if p < 2 else (1, 128)
        lines, cid = gen_part(rng, 40, 40, 25, 20, lo, hi, 128, cid)
        parts.append(lines)
    # Wide: up to 1024 bits.
    for p in range(2):
        lines, cid = gen_part(rng, 25, 25, 15, 12, 60, 512 if p == 0 else 1023, 1024, cid)
        parts.append(lines)

    # The sample part: every SAMPLE_STRIDE-th case of every part (same ids, so the same values), one translation
    # unit that compiles in the time of one part -- what the test suite runs by default.
    parts.append([line for p, lines in enumerate(parts) for k, line in enumerate(lines) if k % SAMPLE_STRIDE == p % SAMPLE_STRIDE])

    out = ["// Generated by gen_xcheck.py (do not edit): the formats xcheck.cpp instantiates, one section per",
           f"// translation unit (XCHECK_PART); part {len(parts) - 1} samples every {SAMPLE_STRIDE}th case of the others."]
    for p, lines in enumerate(parts):
        out.append(f"#if XCHECK_PART == {p}")
        for kind, cid, types in lines:
            out.append(f"{kind}({cid}, {', '.join('XT(' + t.cpp() + ')' for t in types)})")
        out.append("#endif")
    with open(os.path.join(HERE, "xcheck_cases.inc"), "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"xcheck_cases.inc: {sum(len(p) for p in parts[:-1])} cases in {len(parts) - 1} parts and a sample of {len(parts[-1])}")


if __name__ == "__main__":
    main()
