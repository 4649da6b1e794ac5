#!/usr/bin/env python3
"""Oracle test-case generator for the Hls4ml.Sdk ap_types emulation headers.

Every expected result is computed here with exact rational arithmetic (fractions.Fraction) straight from the
documented semantics of the Xilinx/AMD arbitrary precision types -- never by running the C++ headers. Where the vendor
library deliberately follows C (relational operators, / and % of ap_int with mixed signedness) or has a quirk that its C
simulation and synthesis share (integer part of negative I = 0 values, ap_int from small negative doubles), the model
follows the vendor library; see vendor_rel, vendor_idiv, vendor_int_from_double, vendor_int_part below.

Writes (next to this script):
  cases.txt      one test case per line (format below), deterministic (fixed seed)
  cases_gen.inc  C++ dispatch tables: one template instantiation per distinct format / format pair used

Line formats (raw values are the W-bit two's complement / unsigned bit pattern, as an unsigned decimal;
doubles are the 16 hex digits of their IEEE-754 bits):
  FMT  <id> <W> <I> <S> <Q> <O> <N>            fixed-point format declaration (ap_fixed_base<W,I,S,Q,O,N>)
  IFMT <id> <W> <S>                            integer format declaration (ap_int_base<W,S>)
  D2F  <fmt> <double> <raw>                    fmt x = double
  F2F  <src> <raw> <dst> <raw>                 dst y = src x
  ARI  <op> <fa> <ra> <fb> <rb> <W> <I> <S> <raw>   a op b, op in ADD SUB MUL DIV; checks result format
  CMP  <fa> <ra> <fb> <rb> m<mask>             the six relational operators in both operand orders (12-bit mask)
  ACC  <op> <fa> <ra> <fb> <rb> <raw>          a op= b (op in ADD SUB MUL DIV), raw of a afterwards
  NEG  <fmt> <raw> <raw>                       -a (format W+1, I+1, signed)
  CMPD <fmt> <raw> <double> <sign>             sign of to_double(a) - double
  TOP  <fmt> <raw> <n> <value>                 (uint64) x(W-1, W-n)
  SETTOP <fmt> <n> <value> <raw>               x = 0; x(W-1, W-n) = value
  TOP10 <fmt> <raw> <value>                    ap_uint<10> y = x(x.width-1, x.width-10); (unsigned)y(9,0)
  SET10 <fmt> <i> <floatbits>                  T x(0); x(x.width-1, x.width-10) = i; (float)x
  CONV <fmt> <raw> <to_int64> <to_double|->    integer part (toward zero; -1 for negative I = 0 values) and exact
                                               double (W <= 53)
  FXI  <op> <fmt> <raw> <ctype> <c> <W> <I> <S> <raw>   a op c / c op a with a C integer c (MUL ADD SUB RSUB DIV)
  IOP  <op> <ia> <ra> <ib> <rb> <W> <S> <raw>  ap_int op: ADD SUB MUL DIV MOD AND OR XOR
  ICMP <ia> <ra> <ib> <rb> m<mask>
  IACC <op> <ia> <ra> <ib> <rb> <raw>          a op= b, wraps modulo 2^W (op in ADD SUB MUL)
  ISH  <op> <ia> <ra> <n> <raw>                a << n / a >> n (SHL SHR), same type
  IFD  <ia> <double> <raw>                     ap_int from double: truncation toward zero, modulo 2^W (vendor quirks)
"""
import os
import random
import struct
from fractions import Fraction
from math import floor

SEED = 20240611
HERE = os.path.dirname(os.path.abspath(__file__))

QMODES = ["AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV", "AP_TRN", "AP_TRN_ZERO"]
OMODES = ["AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM", "AP_WRAP"]
HALF = Fraction(1, 2)


# ----------------------------------------------------------------------------------------------------------------
# The reference model
# ----------------------------------------------------------------------------------------------------------------
class Fx:
    """A fixed-point format: value = code * 2^-(W-I); code in [lo, hi]."""

    def __init__(self, W, I, S, Q="AP_TRN", O="AP_WRAP", N=0):
        self.W, self.I, self.S, self.Q, self.O, self.N = W, I, S, Q, O, N
        self.F = W - I
        self.lo = -(1 << (W - 1)) if S else 0
        self.hi = (1 << (W - 1)) - 1 if S else (1 << W) - 1

    def key(self):
        return (self.W, self.I, self.S, self.Q, self.O, self.N)

    def scale(self):
        return Fraction(2) ** self.F

    def value(self, pattern):
        return Fraction(self.code(pattern)) / self.scale()

    def code(self, pattern):
        pattern &= (1 << self.W) - 1
        if self.S and pattern >> (self.W - 1):
            return pattern - (1 << self.W)
        return pattern

    def pattern(self, code):
        return code & ((1 << self.W) - 1)

    def cpp(self):
        return "ap_fixed_base<%d, %d, %s, %s, %s, %d>" % (
            self.W, self.I, "true" if self.S else "false", self.Q, self.O, self.N)


def quantize(x, F, Q):
    """x * 2^F rounded to an integer with quantization mode Q."""
    y = x * Fraction(2) ** F
    fl = floor(y)
    r = y - fl
    if r == 0:
        return fl
    if Q == "AP_TRN":
        return fl
    if Q == "AP_TRN_ZERO":
        return fl if y > 0 else fl + 1
    if r < HALF:
        return fl
    if r > HALF:
        return fl + 1
    # exactly half way between fl and fl + 1
    if Q == "AP_RND":
        return fl + 1
    if Q == "AP_RND_ZERO":
        return fl if y > 0 else fl + 1
    if Q == "AP_RND_MIN_INF":
        return fl
    if Q == "AP_RND_INF":
        return fl + 1 if y > 0 else fl
    if Q == "AP_RND_CONV":
        return fl if fl % 2 == 0 else fl + 1
    raise ValueError(Q)


def overflow(k, f):
    """Integer code k handled with f's overflow mode (N = 0)."""
    sym_min = f.O == "AP_SAT_SYM" and f.S and k == f.lo  # symmetric saturation excludes the most negative code
    if f.lo <= k <= f.hi and not sym_min:
        return k
    if f.O == "AP_WRAP":
        return f.code(k)
    if f.O == "AP_SAT":
        return f.hi if k > f.hi else f.lo
    if f.O == "AP_SAT_ZERO":
        return 0
    if f.O == "AP_SAT_SYM":
        if k > f.hi:
            return f.hi
        if not f.S:
            return 0
        # -max; for a 1-bit signed type -max would be 0 -- the vendor library yields the code 0b1 (-1) there
        return -f.hi if f.W > 1 else -1
    raise ValueError(f.O)


def convert(x, f):
    """Exact value x -> bit pattern of format f (quantize, then overflow)."""
    return f.pattern(overflow(quantize(x, f.F, f.Q), f))


def plus_fmt(a, b, minus=False):
    ia = a.I + (1 if (b.S and not a.S) else 0)
    ib = b.I + (1 if (a.S and not b.S) else 0)
    I = max(ia, ib) + 1
    F = max(a.F, b.F)
    return Fx(I + F, I, True if minus else (a.S or b.S))


def mult_fmt(a, b):
    return Fx(a.W + b.W, a.I + b.I, a.S or b.S)


def div_fmt(a, b):
    s2 = 1 if b.S else 0
    return Fx(a.W + max(b.F, 0) + s2, a.I + b.F + s2, a.S or b.S)


def trunc_zero(y):
    return floor(y) if y >= 0 else -floor(-y)


def exact_code(x, f):
    """x must be exactly representable in f (checks the documented result-format rules)."""
    y = x * f.scale()
    assert y.denominator == 1, (x, f.key())
    k = int(y)
    assert f.lo <= k <= f.hi, (x, f.key())
    return k


def arith(op, a, va, b, vb):
    """Returns (result format, result pattern) of a op b."""
    if op == "ADD":
        r = plus_fmt(a, b)
        return r, r.pattern(exact_code(va + vb, r))
    if op == "SUB":
        r = plus_fmt(a, b, minus=True)
        return r, r.pattern(exact_code(va - vb, r))
    if op == "MUL":
        r = mult_fmt(a, b)
        return r, r.pattern(exact_code(va * vb, r))
    if op == "DIV":
        r = div_fmt(a, b)
        k = trunc_zero(va / vb * r.scale())  # quotient truncated toward zero at the result's lsb
        assert r.lo <= k <= r.hi
        return r, r.pattern(k)
    raise ValueError(op)


def sign(x):
    return (x > 0) - (x < 0)


def vendor_rel(fa, va, fb, vb):
    """The six relational operators of a and b in both operand orders, packed as test_ap_types.cpp's rel_bits.

    The vendor library aligns the binary points (the operand with fewer fractional bits widened exactly to W + dF bits,
    plus one integer bit when it is the left operand) and compares the raw integers as C compares mixed signedness:
    when the unsigned operand is at least as wide as the signed one (and not both narrower than 32 bits), a negative
    signed value is greater than every unsigned value; == compares the patterns extended to E = max(widths, 32) bits,
    except that below 64 bits a signed operand E bits wide keeps its sign (equals no unsigned value when negative)."""
    def one(f1, v1, f2, v2):
        F = max(f1.F, f2.F)
        w1 = f1.W if f1.F >= f2.F else f1.W + f2.F - f1.F + 1
        w2 = f2.W + f1.F - f2.F if f1.F > f2.F else f2.W
        mixed = f1.S != f2.S
        ws, wu = (w1, w2) if f1.S else (w2, w1)
        c = sign(v1 - v2)
        if mixed and wu >= ws and not (w1 < 32 and w2 < 32):
            if f1.S and v1 < 0:
                c = 1
            elif f2.S and v2 < 0:
                c = -1
        e = max(w1, w2, 32)
        k1, k2 = int(v1 * Fraction(2) ** F), int(v2 * Fraction(2) ** F)
        eq = k1 == k2 or (mixed and wu == e and (ws < e or e >= 64) and (k1 - k2) % (1 << e) == 0)
        return [eq, not eq, c < 0, c <= 0, c > 0, c >= 0]
    bits = one(fa, va, fb, vb) + one(fb, vb, fa, va)
    return sum(1 << i for i, b in enumerate(bits) if b)


def vendor_idiv(W1, S1, a, W2, S2, b):
    """ap_int a / b and a % b as the vendor library computes them: both brought to MW = max(W1, W2) + (S1 or S2) bits,
    typed with the wider operand's signedness (equal widths: signed if either is); '/' signed iff that type is, '%'
    signed iff the dividend and that type are, otherwise on the unsigned MW-bit patterns."""
    mw = max(W1, W2) + (1 if (S1 or S2) else 0)
    sx = S1 if W1 > W2 else (S2 if W2 > W1 else (S1 or S2))
    pa, pb = a % (1 << mw), b % (1 << mw)
    x = pa - (1 << mw) if sx and pa >> (mw - 1) else pa
    y = pb - (1 << mw) if sx and pb >> (mw - 1) else pb
    q = trunc_zero(Fraction(x, y))
    r = x - trunc_zero(Fraction(x, y)) * y if (S1 and sx) else pa % pb
    return q, r


def vendor_int_from_double(d, W):
    """ap_int<W> = d as the vendor library converts it: truncation toward zero and modulo 2^W, except that a negative
    value of magnitude below 1/2 gives 1, and infinities and NaNs convert as numbers with exponent 1024."""
    b = struct.unpack(">Q", struct.pack(">d", d))[0]
    neg = b >> 63
    if b & ((1 << 63) - 1) == 0:
        return 0
    exp = ((b >> 52) & 0x7ff) - 1023
    man = (b & ((1 << 52) - 1)) | (1 << 52)
    sh = 52 - exp
    if sh >= 0:
        v = man >> sh if sh < 54 else (-1 if neg else 0)
    else:
        v = man << -sh if -sh < W else 0
    return (-v if neg else v) % (1 << W)


def vendor_int_part(f, v):
    """Integer part of a fixed value (toward zero), except -1 for negative values of I = 0 formats (vendor)."""
    if f.I == 0 and v < 0:
        return -1
    return trunc_zero(v)


def vendor_to_double(v):
    """to_double(): the value rounded to the nearest double (ties to even), infinite beyond the range."""
    try:
        return float(v)
    except OverflowError:
        return float("inf") if v > 0 else float("-inf")


def dbits(d):
    return struct.pack(">d", d).hex()


def fbits(f):
    return struct.pack(">f", f).hex()


# ----------------------------------------------------------------------------------------------------------------
# Generation helpers
# ----------------------------------------------------------------------------------------------------------------
rng = random.Random(SEED)


def rand_width(lo=1, hi=64):
    r = rng.random()
    if r < 0.15:
        return rng.choice([lo, hi])
    if r < 0.55:
        return rng.randint(lo, min(hi, 20))
    return rng.randint(lo, hi)


def rand_iwidth(W):
    r = rng.random()
    if r < 0.12:
        return 0
    if r < 0.24:
        return W
    if r < 0.40:
        return rng.randint(-12, -1)
    if r < 0.55:
        return W + rng.randint(1, 12)
    return rng.randint(0, W)


def rand_code(f):
    r = rng.random()
    if r < 0.25:
        return rng.choice([f.lo, f.hi, 0, 1, -1 if f.S else f.hi - 1, f.lo + 1])
    return rng.randint(f.lo, f.hi)


def rand_pattern(f):
    return f.pattern(rand_code(f))


def exact_double(fr):
    """The double nearest to fr, and its exact value."""
    d = float(fr)
    return d, Fraction(d)


def limit53(k):
    """Reduce an integer to at most 53 significant bits (so k * 2^e is a double)."""
    n = abs(k).bit_length()
    if n > 53:
        k = (k >> (n - 53)) << (n - 53)
    return k


def rand_double_for(f):
    lsb = Fraction(1) / f.scale()
    r = rng.random()
    k = limit53(rand_code(f) + rng.randint(-3, 3))
    if r < 0.20:  # exactly on the grid
        v = k * lsb
    elif r < 0.45:  # exact tie between two codes
        v = (k + HALF) * lsb
    elif r < 0.55:  # just off a tie
        v = (k + HALF + rng.choice([-1, 1]) * Fraction(1, 2 ** rng.randint(2, 30))) * lsb
    elif r < 0.70:  # random dyadic offset
        v = (k + Fraction(rng.randint(0, 1023), 1024)) * lsb
    elif r < 0.82:  # far out of range (large)
        v = Fraction(rng.choice([-1, 1]) * rng.randint(1, 2 ** 52)) * Fraction(2) ** (f.I + rng.randint(0, 200))
    elif r < 0.90:  # tiny
        v = Fraction(rng.choice([-1, 1]) * rng.randint(1, 2 ** 20)) * Fraction(2) ** (-f.F - rng.randint(1, 60))
    else:  # broad random double
        v = Fraction(rng.choice([-1, 1]) * rng.randint(1, 2 ** 53 - 1)) * Fraction(2) ** rng.randint(-80, 40)
    return exact_double(v)


class Registry:
    def __init__(self):
        self.fx = {}
        self.ints = {}
        self.lines = []
        self.d2f = set()      # fixed formats used by D2F cases
        self.single = set()   # fixed formats used by the other single-format cases
        self.isingle = set()  # integer formats used by single-format cases
        self.conv = set()     # (src, dst) fixed pairs used by F2F
        self.arith = set()    # (a, b) fixed pairs used by ARI/CMP
        self.acc = set()      # (a, b) fixed pairs used by ACC
        self.ipairs = set()   # (a, b) integer pairs
        self.fxi = set()      # (fixed, ctype)

    def fid(self, f):
        k = f.key()
        if k not in self.fx:
            self.fx[k] = ("F%d" % len(self.fx), f)
            self.lines.append("FMT %s %d %d %d %s %s %d" % (self.fx[k][0], f.W, f.I, int(f.S), f.Q, f.O, f.N))
        return self.fx[k][0]

    def iid(self, W, S):
        k = (W, S)
        if k not in self.ints:
            self.ints[k] = "I%d" % len(self.ints)
            self.lines.append("IFMT %s %d %d" % (self.ints[k], W, int(S)))
        return self.ints[k]

    def add(self, line):
        self.lines.append(line)


def int_code(W, S, k):
    m = (1 << W) - 1
    k &= m
    if S and k >> (W - 1):
        k -= 1 << W
    return k


def rand_int_code(W, S):
    lo = -(1 << (W - 1)) if S else 0
    hi = (1 << (W - 1)) - 1 if S else (1 << W) - 1
    if rng.random() < 0.3:
        return int_code(W, S, rng.choice([lo, hi, 0, 1, lo + 1, hi - 1]))
    return rng.randint(lo, hi)


# ----------------------------------------------------------------------------------------------------------------
# Case families
# ----------------------------------------------------------------------------------------------------------------
def gen_doc_examples(reg):
    """Examples printed in UG1399 ("Overflow Modes", "Overview of Arbitrary Precision Fixed-Point Data Types")."""
    reg.add("# UG1399 documented examples")
    docs = [
        (Fx(4, 4, True, "AP_RND", "AP_SAT"), 19.0, 7), (Fx(4, 4, True, "AP_RND", "AP_SAT"), -19.0, -8),
        (Fx(4, 4, False, "AP_RND", "AP_SAT"), 19.0, 15), (Fx(4, 4, False, "AP_RND", "AP_SAT"), -19.0, 0),
        (Fx(4, 4, True, "AP_RND", "AP_SAT_ZERO"), 19.0, 0), (Fx(4, 4, True, "AP_RND", "AP_SAT_ZERO"), -19.0, 0),
        (Fx(4, 4, False, "AP_RND", "AP_SAT_ZERO"), 19.0, 0), (Fx(4, 4, False, "AP_RND", "AP_SAT_ZERO"), -19.0, 0),
        (Fx(4, 4, True, "AP_RND", "AP_SAT_SYM"), 19.0, 7), (Fx(4, 4, True, "AP_RND", "AP_SAT_SYM"), -19.0, -7),
        (Fx(4, 4, False, "AP_RND", "AP_SAT_SYM"), 19.0, 15), (Fx(4, 4, False, "AP_RND", "AP_SAT_SYM"), -19.0, 0),
        (Fx(4, 4, True, "AP_RND", "AP_WRAP"), 19.0, 3), (Fx(4, 4, True, "AP_RND", "AP_WRAP"), -19.0, -3),
        (Fx(4, 4, False, "AP_RND", "AP_WRAP"), 19.0, 3), (Fx(4, 4, False, "AP_RND", "AP_WRAP"), -19.0, 13),
        (Fx(4, 4, True, "AP_RND", "AP_WRAP_SM"), 19.0, -4), (Fx(4, 4, True, "AP_RND", "AP_WRAP_SM"), -19.0, 2),
        (Fx(18, 6, True, "AP_RND"), 1.5, 0x01800), (Fx(18, 6, True, "AP_RND"), -1.5, 0x3e800 - (1 << 18)),
        (Fx(2, 0, True), -0.5, -2), (Fx(1, 0, False), 0.5, 1), (Fx(1, -1, False), 0.25, 1),
        (Fx(1, -7, True), 1.0 / 256, -1),  # 1-bit signed <1,-7>: the only codes are 0 and -2^-8
    ]
    for f, d, code in docs:
        reg.add("D2F %s %s %d" % (reg.fid(f), dbits(d), f.pattern(code)))
        reg.d2f.add(f.key())


def gen_d2f(reg):
    reg.add("# double -> fixed, every quantization x overflow mode, signed and unsigned")
    for S in (True, False):
        for Q in QMODES:
            for O in OMODES:
                for _ in range(2):
                    W = rand_width()
                    f = Fx(W, rand_iwidth(W), S, Q, O)
                    fid = reg.fid(f)
                    reg.d2f.add(f.key())
                    for _ in range(12):
                        d, v = rand_double_for(f)
                        reg.add("D2F %s %s %d" % (fid, dbits(d), convert(v, f)))
                    # the range edges: min, max, one lsb beyond each, and half an lsb beyond each
                    for k in (Fraction(f.lo), Fraction(f.hi), Fraction(f.lo - 1), Fraction(f.hi + 1),
                              f.lo - HALF, f.hi + HALF):
                        v = k / f.scale()
                        if abs(v.numerator).bit_length() <= 53:
                            reg.add("D2F %s %s %d" % (fid, dbits(float(v)), convert(v, f)))
                    reg.add("D2F %s %s %d" % (fid, dbits(0.0), 0))
                    reg.add("D2F %s %s %d" % (fid, dbits(-0.0), 0))
    # NaN converts to 0 (documented choice of this implementation)
    f = Fx(16, 6, True)
    reg.add("D2F %s %s 0" % (reg.fid(f), "7ff8000000000000"))
    reg.d2f.add(f.key())


def gen_single(reg):
    """Comparisons with double, bit slices, conversions out -- on a subset of the formats already declared."""
    reg.add("# comparisons with double, slices, to_int/to_double, negation")
    fmts = sorted((f for (_, f) in reg.fx.values() if f.key() in reg.d2f), key=lambda f: f.key())
    rng.shuffle(fmts)
    # 32 formats, 12 of them 10..24 bits wide (for the 10-bit slice patterns)
    mid = [f for f in fmts if 10 <= f.W <= 24 and -100 < f.F < 100][:12]
    fmts = mid + [f for f in fmts if f not in mid][:20]
    for f in fmts:
        fid = reg.fid(f)
        reg.single.add(f.key())
        for _ in range(5):
            p = rand_pattern(f)
            v = f.value(p)
            # double: equal, +-half lsb, random
            lsb = Fraction(1) / f.scale()
            for cand in (v, v + lsb / 2, v - lsb / 2, v + lsb * rng.randint(-5, 5)):
                if abs(cand.numerator).bit_length() > 53 or cand.denominator.bit_length() > 1000:
                    continue
                d, dv = exact_double(cand)
                reg.add("CMPD %s %d %s %d" % (fid, p, dbits(d), sign(vendor_to_double(v) - d)))
            n = rng.randint(1, min(f.W, 64))
            reg.add("TOP %s %d %d %d" % (fid, p, n, (p >> (f.W - n)) & ((1 << n) - 1)))
            val = rng.getrandbits(n)
            reg.add("SETTOP %s %d %d %d" % (fid, n, val, val << (f.W - n)))
            k = f.code(p)
            ip = vendor_int_part(f, Fraction(k) / f.scale())
            ip64 = int_code(64, True, ip)
            if f.W <= 53 and -1000 < f.F < 1000:
                reg.add("CONV %s %d %d %s" % (fid, p, ip64, dbits(float(v))))
            else:
                reg.add("CONV %s %d %d -" % (fid, p, ip64))
            neg = Fx(f.W + 1, f.I + 1, True)
            reg.add("NEG %s %d %d" % (fid, p, neg.pattern(-k)))
            if f.W >= 10:
                reg.add("TOP10 %s %d %d" % (fid, p, p >> (f.W - 10)))
            if 10 <= f.W <= 24 and -100 < f.F < 100:
                i = rng.getrandbits(10)
                xv = f.value(i << (f.W - 10))
                reg.add("SET10 %s %d %s" % (fid, i, fbits(float(xv))))


def gen_f2f(reg):
    reg.add("# fixed -> fixed between formats, every mode")
    for S2 in (True, False):
        for Q in QMODES:
            for O in OMODES:
                for _ in range(2):
                    W1 = rand_width()
                    src = Fx(W1, rand_iwidth(W1), rng.random() < 0.5)
                    W2 = rand_width()
                    # keep the binary points within reach of each other most of the time
                    I2 = src.I + rng.randint(-6, 6) if rng.random() < 0.7 else rand_iwidth(W2)
                    dst = Fx(W2, I2, S2, Q, O)
                    a, b = reg.fid(src), reg.fid(dst)
                    reg.conv.add((src.key(), dst.key()))
                    for _ in range(8):
                        p = rand_pattern(src)
                        reg.add("F2F %s %d %s %d" % (a, p, b, convert(src.value(p), dst)))
                    # destination grid points (range edges, -1) and exact ties between destination codes (near
                    # zero, just below the range, random), the ties also one source lsb either side; each when the
                    # source format can express it
                    cands = [Fraction(k) for k in (dst.lo, dst.hi + 1, -1, rng.randint(dst.lo - 2, dst.hi + 2))]
                    for k in (-1, 0, dst.lo - 1, rng.randint(dst.lo - 2, dst.hi + 2)):
                        cands += [k + HALF, k + HALF - dst.scale() / src.scale(), k + HALF + dst.scale() / src.scale()]
                    for k in cands:
                        c = k / dst.scale() * src.scale()
                        if c.denominator == 1 and src.lo <= c <= src.hi:
                            p = src.pattern(int(c))
                            reg.add("F2F %s %d %s %d" % (a, p, b, convert(src.value(p), dst)))


def gen_f2f_far(reg):
    reg.add("# fixed -> fixed with binary points 64+ bits apart (right shifts and left shifts past the word)")
    combos = [("AP_TRN", "AP_WRAP"), ("AP_RND", "AP_SAT"), ("AP_TRN_ZERO", "AP_WRAP"), ("AP_TRN", "AP_WRAP"),
              ("AP_RND_CONV", "AP_SAT_SYM"), ("AP_RND_INF", "AP_SAT_ZERO")]
    for i in range(24):
        Q, O = combos[(i // 2) % len(combos)]
        if i % 2:  # tiny source values into a coarse destination
            src = Fx(rng.randint(8, 40), -rng.randint(40, 90), rng.random() < 0.7)
            dst = Fx(rng.randint(4, 40), rng.randint(0, 12), rng.random() < 0.6, Q, O)
        else:  # huge source values into a fine destination
            src = Fx(rng.randint(8, 40), rng.randint(70, 120), rng.random() < 0.7)
            dst = Fx(rng.randint(4, 64), rng.randint(-8, 8), rng.random() < 0.6, Q, O)
        a, b = reg.fid(src), reg.fid(dst)
        reg.conv.add((src.key(), dst.key()))
        for _ in range(6):
            p = rand_pattern(src)
            reg.add("F2F %s %d %s %d" % (a, p, b, convert(src.value(p), dst)))


def gen_f2f_near(reg):
    reg.add("# fixed -> fixed into formats with one integer bit less / the same / one more (overflow edges)")
    for i in range(28):
        W1 = rand_width(2, 64)
        src = Fx(W1, rand_iwidth(W1), i % 2 == 0)
        I2 = src.I + (i % 3) - 1
        F2 = src.F + rng.choice([0, 0, 1, 3, 8])
        dst = Fx(max(1, min(64, I2 + F2)), I2, (i // 2) % 2 == 0, QMODES[i % len(QMODES)], OMODES[i % len(OMODES)])
        a, b = reg.fid(src), reg.fid(dst)
        reg.conv.add((src.key(), dst.key()))
        for code in sorted({src.lo, src.hi, src.lo + 1, src.hi - 1, 0, rand_code(src)}):
            if src.lo <= code <= src.hi:
                p = src.pattern(code)
                reg.add("F2F %s %d %s %d" % (a, p, b, convert(src.value(p), dst)))


def fits128(*fmts):
    return all(1 <= f.W <= 128 for f in fmts)


def gen_arith(reg):
    reg.add("# + - * / (result format and exact value), comparisons, compound assignment")
    made = 0
    while made < 40:
        W1, W2 = rand_width(), rand_width()
        a = Fx(W1, rand_iwidth(W1), rng.random() < 0.6)
        b = Fx(W2, a.I + rng.randint(-8, 8) if rng.random() < 0.6 else rand_iwidth(W2), rng.random() < 0.6)
        if not fits128(plus_fmt(a, b), mult_fmt(a, b), div_fmt(a, b)):
            continue
        made += 1
        fa, fb = reg.fid(a), reg.fid(b)
        reg.arith.add((a.key(), b.key()))
        for _ in range(6):
            pa, pb = rand_pattern(a), rand_pattern(b)
            va, vb = a.value(pa), b.value(pb)
            for op in ("ADD", "SUB", "MUL", "DIV"):
                if op == "DIV" and vb == 0:
                    continue
                r, rp = arith(op, a, va, b, vb)
                reg.add("ARI %s %s %d %s %d %d %d %d %d" % (op, fa, pa, fb, pb, r.W, r.I, int(r.S), rp))
            reg.add("CMP %s %d %s %d m%d" % (fa, pa, fb, pb, vendor_rel(a, va, b, vb)))
        # equal values in different formats
        pa = rand_pattern(a)
        c = a.value(pa) * b.scale()
        if c.denominator == 1 and b.lo <= c <= b.hi:
            reg.add("CMP %s %d %s %d m%d" % (fa, pa, fb, b.pattern(int(c)), vendor_rel(a, a.value(pa), b, c / b.scale())))
    # compound assignment into a left operand with quantization/overflow modes
    made = 0
    while made < 30:
        W1, W2 = rand_width(4, 40), rand_width(1, 40)
        a = Fx(W1, rand_iwidth(W1), rng.random() < 0.6, rng.choice(QMODES), rng.choice(OMODES))
        b = Fx(W2, a.I + rng.randint(-6, 6), rng.random() < 0.6)
        if not fits128(plus_fmt(a, b), mult_fmt(a, b), div_fmt(a, b)):
            continue
        made += 1
        fa, fb = reg.fid(a), reg.fid(b)
        reg.acc.add((a.key(), b.key()))
        for _ in range(3):
            pa, pb = rand_pattern(a), rand_pattern(b)
            va, vb = a.value(pa), b.value(pb)
            for op in ("ADD", "SUB", "MUL", "DIV"):
                if op == "DIV" and vb == 0:
                    continue
                r, rp = arith(op, a, va, b, vb)
                reg.add("ACC %s %s %d %s %d %d" % (op, fa, pa, fb, pb, convert(r.value(rp), a)))


CTYPES = {"int": (32, True), "unsigned": (32, False), "longlong": (64, True), "bool": (1, False)}


def gen_fxi(reg):
    reg.add("# fixed op C integer (int = ap_int<32>, unsigned = ap_uint<32>, long long = ap_int<64>, bool = ap_uint<1>)")
    made = 0
    while made < 24:
        W = rand_width(1, 40)
        a = Fx(W, rand_iwidth(W), rng.random() < 0.6)
        ct = rng.choice(["int", "int", "unsigned", "longlong", "bool"])
        cw, cs = CTYPES[ct]
        c = Fx(cw, cw, cs)
        if not fits128(plus_fmt(a, c), mult_fmt(a, c), div_fmt(a, c), div_fmt(c, a)):
            continue
        made += 1
        fa = reg.fid(a)
        reg.fxi.add((a.key(), ct))
        for _ in range(3):
            pa = rand_pattern(a)
            va = a.value(pa)
            cv = c.code(rand_pattern(c)) if rng.random() < 0.7 else rng.choice([0, 1, 3, 16, 1024]) % (1 << cw)
            cv = c.code(c.pattern(cv))
            for op in ("MUL", "ADD", "SUB", "RSUB", "DIV"):
                if op == "DIV" and cv == 0:
                    continue
                if op == "RSUB":
                    r, rp = arith("SUB", c, Fraction(cv), a, va)
                else:
                    r, rp = arith(op, a, va, c, Fraction(cv))
                reg.add("FXI %s %s %d %s %d %d %d %d %d" % (op, fa, pa, ct, cv, r.W, r.I, int(r.S), rp))


def gen_int(reg):
    reg.add("# ap_int / ap_uint arithmetic, comparisons, wrap-around, shifts, conversion from double")
    made = 0
    while made < 32:
        W1, W2 = rand_width(), rand_width()
        S1, S2 = rng.random() < 0.6, rng.random() < 0.6
        if W1 + W2 > 128:
            continue
        made += 1
        ia, ib = reg.iid(W1, S1), reg.iid(W2, S2)
        reg.ipairs.add(((W1, S1), (W2, S2)))
        x1 = W1 + (1 if (S2 and not S1) else 0)
        x2 = W2 + (1 if (S1 and not S2) else 0)
        pw = max(x1, x2) + 1
        lw = max(x1, x2)
        S = S1 or S2
        for _ in range(4):
            a, b = rand_int_code(W1, S1), rand_int_code(W2, S2)
            pa, pb = a & ((1 << W1) - 1), b & ((1 << W2) - 1)
            res = {
                "ADD": (pw, S, a + b), "SUB": (pw, True, a - b), "MUL": (W1 + W2, S, a * b),
                "AND": (lw, S, a & b), "OR": (lw, S, a | b), "XOR": (lw, S, a ^ b),
            }
            if b != 0:
                q, r = vendor_idiv(W1, S1, a, W2, S2, b)
                res["DIV"] = (W1 + (1 if S2 else 0), S, q)
                res["MOD"] = (min(W1, W2 + (1 if (S1 and not S2) else 0)), S1, r)
            for op, (w, s, v) in sorted(res.items()):
                if op in ("ADD", "SUB", "MUL"):
                    lo = -(1 << (w - 1)) if s else 0
                    hi = (1 << (w - 1)) - 1 if s else (1 << w) - 1
                    assert lo <= v <= hi, (op, W1, S1, W2, S2, a, b)
                reg.add("IOP %s %s %d %s %d %d %d %d" % (op, ia, pa, ib, pb, w, int(s), v & ((1 << w) - 1)))
            reg.add("ICMP %s %d %s %d m%d" % (ia, pa, ib, pb, vendor_rel(Fx(W1, W1, S1), Fraction(a), Fx(W2, W2, S2), Fraction(b))))
            for op, v in (("ADD", a + b), ("SUB", a - b), ("MUL", a * b)):
                reg.add("IACC %s %s %d %s %d %d" % (op, ia, pa, ib, pb, v & ((1 << W1) - 1)))
            n = rng.randint(0, W1 + 2)
            reg.add("ISH SHL %s %d %d %d" % (ia, pa, n, (a << n) & ((1 << W1) - 1)))
            reg.add("ISH SHR %s %d %d %d" % (ia, pa, n, (a >> n) & ((1 << W1) - 1)))
        # conversion from double: truncation toward zero, then modulo 2^W (with the vendor's quirks)
        reg.isingle.add((W1, S1))
        f = Fx(W1, W1, S1)
        for _ in range(4):
            d, v = rand_double_for(f)
            reg.add("IFD %s %s %d" % (ia, dbits(d), vendor_int_from_double(d, W1)))


# ----------------------------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------------------------
def write_inc(reg, path):
    def fx(k):
        return reg.fx[k][1].cpp()

    def fxid(k):
        return reg.fx[k][0]

    out = ["// Generated by gen_cases.py -- do not edit. One instantiation per format / format pair used by cases.txt.",
           "// clang-format off"]
    out.append("static const FmtEntry d2f_table[] = {")
    for k in sorted(reg.d2f, key=lambda k: int(fxid(k)[1:])):
        f = reg.fx[k][1]
        out.append('    {"%s", %d, %d, %d, &run_d2f<%s>},' % (fxid(k), f.W, f.I, int(f.S), fx(k)))
    out.append("};")
    out.append("static const FmtEntry fmt_table[] = {")
    for k in sorted(reg.single, key=lambda k: int(fxid(k)[1:])):
        f = reg.fx[k][1]
        out.append('    {"%s", %d, %d, %d, &run_fmt<%s>},' % (fxid(k), f.W, f.I, int(f.S), fx(k)))
    out.append("};")
    out.append("static const PairEntry conv_table[] = {")
    for a, b in sorted(reg.conv, key=lambda p: (int(fxid(p[0])[1:]), int(fxid(p[1])[1:]))):
        out.append('    {"%s", "%s", &run_conv<%s, %s>},' % (fxid(a), fxid(b), fx(a), fx(b)))
    out.append("};")
    out.append("static const PairEntry arith_table[] = {")
    for a, b in sorted(reg.arith, key=lambda p: (int(fxid(p[0])[1:]), int(fxid(p[1])[1:]))):
        out.append('    {"%s", "%s", &run_arith<%s, %s>},' % (fxid(a), fxid(b), fx(a), fx(b)))
    out.append("};")
    out.append("static const PairEntry acc_table[] = {")
    for a, b in sorted(reg.acc, key=lambda p: (int(fxid(p[0])[1:]), int(fxid(p[1])[1:]))):
        out.append('    {"%s", "%s", &run_acc<%s, %s>},' % (fxid(a), fxid(b), fx(a), fx(b)))
    out.append("};")
    out.append("static const PairEntry fxi_table[] = {")
    ctype = {"int": "int", "unsigned": "unsigned", "longlong": "long long", "bool": "bool"}
    for a, ct in sorted(reg.fxi, key=lambda p: (int(fxid(p[0])[1:]), p[1])):
        out.append('    {"%s", "%s", &run_fxi<%s, %s>},' % (fxid(a), ct, fx(a), ctype[ct]))
    out.append("};")

    def it(k):
        return "ap_int_base<%d, %s>" % (k[0], "true" if k[1] else "false")

    out.append("static const PairEntry ipair_table[] = {")
    for a, b in sorted(reg.ipairs, key=lambda p: (int(reg.ints[p[0]][1:]), int(reg.ints[p[1]][1:]))):
        out.append('    {"%s", "%s", &run_ipair<%s, %s>},' % (reg.ints[a], reg.ints[b], it(a), it(b)))
    out.append("};")
    out.append("static const FmtEntry ifmt_table[] = {")
    for k in sorted(reg.isingle, key=lambda k: int(reg.ints[k][1:])):
        out.append('    {"%s", %d, %d, %d, &run_ifmt<%s>},' % (reg.ints[k], k[0], k[0], int(k[1]), it(k)))
    out.append("};")
    out.append("// clang-format on")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


def main():
    reg = Registry()
    gen_doc_examples(reg)
    gen_d2f(reg)
    gen_single(reg)
    gen_f2f(reg)
    gen_f2f_far(reg)
    gen_f2f_near(reg)
    gen_arith(reg)
    gen_fxi(reg)
    gen_int(reg)
    header = [
        "# Hls4ml.Sdk ap_types oracle cases -- generated by gen_cases.py (seed %d); do not edit." % SEED,
        "# Expected values computed with exact rational arithmetic from the documented Xilinx semantics.",
    ]
    with open(os.path.join(HERE, "cases.txt"), "w") as fh:
        fh.write("\n".join(header + reg.lines) + "\n")
    write_inc(reg, os.path.join(HERE, "cases_gen.inc"))
    ncases = sum(1 for l in reg.lines if l and not l.startswith(("#", "FMT", "IFMT")))
    inst = (len(reg.d2f) + len(reg.single) + len(reg.conv) + len(reg.arith) + len(reg.acc) + len(reg.fxi) +
            len(reg.ipairs) + len(reg.isingle))
    print("cases: %d, formats: %d fixed / %d integer, instantiations: %d" % (ncases, len(reg.fx), len(reg.ints), inst))


if __name__ == "__main__":
    main()
