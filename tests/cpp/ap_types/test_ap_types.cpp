// Oracle test driver for the Hls4ml.Sdk ap_types headers.
//
// Usage: test_ap_types <cases.txt>
// Reads the cases written by gen_cases.py (expected values computed independently with exact rational
// arithmetic), evaluates each one with ap_int.h / ap_fixed.h, prints one line per failure and a final line
//   ap_types: N passed, M failed
// Exit code 0 iff M == 0. The C++ types of each case come from cases_gen.inc (generated alongside cases.txt).
#include "ap_fixed.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

typedef unsigned __int128 u128;
typedef std::vector<std::string> Tok;
typedef const char* (*Runner)(const Tok&); // nullptr: pass; otherwise the failure message

struct FmtEntry {
    const char* id;
    int W, I, S;
    Runner fn;
};
struct PairEntry {
    const char* a;
    const char* b;
    Runner fn;
};

// Everything that is not type-dependent lives in non-template (noinline) helpers, which keeps the per-format
// template instantiations small: the test compiles in a few seconds despite several hundred of them.
#define NOINLINE __attribute__((noinline))

NOINLINE static u128 U(const Tok& t, size_t i) {
    u128 v = 0;
    for (char c : t[i]) v = v * 10 + (unsigned)(c - '0');
    return v;
}
NOINLINE static long long L(const Tok& t, size_t i) { return std::stoll(t[i]); }
NOINLINE static double D(const Tok& t, size_t i) {
    uint64_t b = std::stoull(t[i], nullptr, 16);
    double d;
    std::memcpy(&d, &b, sizeof d);
    return d;
}
NOINLINE static bool is(const Tok& t, size_t i, const char* s) { return t[i] == s; }
static std::string str_u128(u128 v) {
    char buf[64];
    char* p = buf + sizeof buf;
    *--p = 0;
    do {
        *--p = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    return p;
}
static std::string hex_bits(double d) {
    uint64_t b;
    std::memcpy(&b, &d, sizeof b);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)b);
    return buf;
}
static u128 lowmask(int w) { return w >= 128 ? ~(u128)0 : (((u128)1 << w) - 1); }

/// Set when a value's storage is not in canonical form (sign/zero-extended beyond its W bits).
static bool g_noncanonical = false;

/// Raw pattern of an ap value (W bits, as an unsigned number) and construction from a pattern.
template <class T> static u128 pat(const T& x) {
    if (apx::norm<T::width, T::sign_flag>((typename T::uraw_type)x.V) != x.V) g_noncanonical = true;
    return (u128)(typename T::uraw_type)x.V & lowmask(T::width);
}
template <class T> static T mk(const Tok& t, size_t i) {
    T x;
    x.V = apx::norm<T::width, T::sign_flag>((typename T::uraw_type)U(t, i));
    return x;
}

static std::string g_msg; // text of the last failure
NOINLINE static const char* fail(const std::string& m) {
    g_msg = m;
    return g_msg.c_str();
}
NOINLINE static const char* chk(u128 got, const Tok& t, size_t i) {
    if (got == U(t, i)) return nullptr;
    return fail("got raw " + str_u128(got) + ", expected " + t[i]);
}
NOINLINE static const char* chk_fx(int W, int I, bool S, u128 got, const Tok& t, size_t at) {
    if (W != L(t, at) || I != L(t, at + 1) || (int)S != L(t, at + 2))
        return fail("result format <" + std::to_string(W) + "," + std::to_string(I) + "," + std::to_string((int)S) +
                    ">, expected <" + t[at] + "," + t[at + 1] + "," + t[at + 2] + ">");
    return chk(got, t, at + 3);
}
NOINLINE static const char* chk_int(int W, bool S, u128 got, const Tok& t, size_t at) {
    if (W != L(t, at) || (int)S != L(t, at + 1))
        return fail("result type <" + std::to_string(W) + "," + std::to_string((int)S) + ">, expected <" + t[at] +
                    "," + t[at + 1] + ">");
    return chk(got, t, at + 2);
}
NOINLINE static const char* chk_f32(float f, const Tok& t, size_t i) {
    uint32_t got;
    std::memcpy(&got, &f, sizeof got);
    const uint32_t expect = (uint32_t)std::stoul(t[i], nullptr, 16);
    if (got == expect) return nullptr;
    return fail("float bits " + std::to_string(got) + ", expected " + std::to_string(expect));
}
/// to_int64 / (long long) / to_int against the expected integer part; to_double / (double) / to_float.
NOINLINE static const char* chk_conv(long long i64, long long cast, int i32, double d, double dcast, float f,
                                     const Tok& t) {
    const long long ip = L(t, 3);
    if (i64 != ip || cast != ip || i32 != (int)ip)
        return fail("integer part " + std::to_string(i64) + ", expected " + t[3]);
    if (is(t, 4, "-")) return nullptr;
    if (hex_bits(d) != t[4] || hex_bits(dcast) != t[4]) return fail("to_double bits " + hex_bits(d) + ", expected " + t[4]);
    if (f != (float)d) return "to_float differs from (float)to_double for an exactly representable value";
    return nullptr;
}
#define CHK_FX(EXPR, AT)                                                                                              \
    do {                                                                                                              \
        const auto r_ = (EXPR);                                                                                       \
        typedef typename std::remove_const<decltype(r_)>::type R_;                                                    \
        return chk_fx(R_::width, R_::iwidth, R_::sign_flag, pat(r_), t, AT);                                          \
    } while (0)
#define CHK_INT(EXPR, AT)                                                                                             \
    do {                                                                                                              \
        const auto r_ = (EXPR);                                                                                       \
        typedef typename std::remove_const<decltype(r_)>::type R_;                                                    \
        return chk_int(R_::width, R_::sign_flag, pat(r_), t, AT);                                                     \
    } while (0)

/// All six relational operators in both operand orders, packed into 12 bits, against the sign of a - b or a mask.
template <class A, class B> static unsigned rel_bits(const A& a, const B& b) {
    return (unsigned)(a == b) | (unsigned)(a != b) << 1 | (unsigned)(a < b) << 2 | (unsigned)(a <= b) << 3 |
           (unsigned)(a > b) << 4 | (unsigned)(a >= b) << 5 | (unsigned)(b == a) << 6 | (unsigned)(b != a) << 7 |
           (unsigned)(b < a) << 8 | (unsigned)(b <= a) << 9 | (unsigned)(b > a) << 10 | (unsigned)(b >= a) << 11;
}
NOINLINE static const char* chk_rel(unsigned bits, const Tok& t, size_t i) {
    if (t[i][0] == 'm') { // the expected 12 bits themselves (the vendor's rules for mixed signedness)
        if (bits == (unsigned)std::stoul(t[i].substr(1))) return nullptr;
        return fail("relational operators disagree with expected mask " + t[i] + ", got m" + std::to_string(bits));
    }
    const long long s = L(t, i);
    const unsigned expect = (unsigned)(s == 0) | (unsigned)(s != 0) << 1 | (unsigned)(s < 0) << 2 |
                            (unsigned)(s <= 0) << 3 | (unsigned)(s > 0) << 4 | (unsigned)(s >= 0) << 5 |
                            (unsigned)(s == 0) << 6 | (unsigned)(s != 0) << 7 | (unsigned)(s > 0) << 8 |
                            (unsigned)(s >= 0) << 9 | (unsigned)(s < 0) << 10 | (unsigned)(s <= 0) << 11;
    if (bits == expect) return nullptr;
    return fail("relational operators disagree with expected sign " + t[i]);
}

// ----------------------------------------------------------------------------------------------------------------
// Single fixed-point format.
// ----------------------------------------------------------------------------------------------------------------
/// D2F: construction / assignment from double (and float when the double is a float).
template <class T> const char* run_d2f(const Tok& t) {
    const double d = D(t, 2);
    T x = d; // copy-initialization
    T y;
    y = d; // assignment
    const T z(d); // direct initialization
    if (pat(y) != pat(x) || pat(z) != pat(x)) return "assignment/direct-init differs from copy-init";
    if (!std::isnan(d) && (double)(float)d == d) {
        const T f = (float)d;
        if (pat(f) != pat(x)) return "conversion from float differs";
    }
    return chk(pat(x), t, 3);
}

/// Comparison with double, slices, conversions out, negation.
template <class T> const char* run_fmt(const Tok& t) {
    if (is(t, 0, "CMPD")) return chk_rel(rel_bits(mk<T>(t, 2), D(t, 3)), t, 4);
    if (is(t, 0, "TOP")) {
        T x = mk<T>(t, 2);
        const int n = (int)L(t, 3);
        const uint64_t u = (uint64_t)x(x.width - 1, x.width - n);
        const ap_uint<64> y = x.range(x.width - 1, x.width - n);
        if ((uint64_t)y != u) return "range -> ap_uint differs from range -> uint64_t";
        return chk(u, t, 4);
    }
    if (is(t, 0, "SETTOP")) {
        T x(0), y(0);
        const int n = (int)L(t, 2);
        const unsigned long long v = (unsigned long long)U(t, 3);
        x(x.width - 1, x.width - n) = v;
        y.range(y.width - 1, y.width - n) = ap_uint<64>(v);
        if (pat(y) != pat(x)) return "range assignment from ap_uint differs";
        return chk(pat(x), t, 4);
    }
    if (is(t, 0, "TOP10")) {
        if constexpr (T::width >= 10) {
            T x = mk<T>(t, 2);
            ap_uint<10> y = x(x.width - 1, x.width - 10); // the pattern used by the softmax tables
            unsigned u = (unsigned)y(9, 0);
            return chk(u, t, 3);
        }
        return "TOP10 on a format narrower than 10 bits";
    }
    if (is(t, 0, "SET10")) {
        if constexpr (T::width >= 10) {
            const unsigned i = (unsigned)L(t, 2);
            T x(0);
            x(x.width - 1, x.width - 10) = i;
            return chk_f32((float)x, t, 3);
        }
        return "SET10 on a format narrower than 10 bits";
    }
    if (is(t, 0, "CONV")) {
        const T x = mk<T>(t, 2);
        return chk_conv(x.to_int64(), (long long)x, x.to_int(), x.to_double(), (double)x, x.to_float(), t);
    }
    if (is(t, 0, "NEG")) {
        const T x = mk<T>(t, 2);
        const auto r = -x;
        typedef typename std::remove_const<decltype(r)>::type R;
        if (R::width != T::width + 1 || R::iwidth != T::iwidth + 1 || !R::sign_flag) return "unary minus format";
        return chk(pat(r), t, 3);
    }
    return "unknown case kind for a single format";
}

/// Fixed -> fixed conversion.
template <class S, class D_> const char* run_conv(const Tok& t) {
    const S s = mk<S>(t, 2);
    D_ d = s;
    D_ d2;
    d2 = s;
    const D_ d3(s);
    if (pat(d2) != pat(d) || pat(d3) != pat(d)) return "assignment/direct-init differs from copy-init";
    return chk(pat(d), t, 4);
}

/// Fixed op fixed: + - * / (exact result and result format) and comparisons.
template <class A, class B> const char* run_arith(const Tok& t) {
    if (is(t, 0, "CMP")) return chk_rel(rel_bits(mk<A>(t, 2), mk<B>(t, 4)), t, 5);
    const A a = mk<A>(t, 3);
    const B b = mk<B>(t, 5);
    if (is(t, 1, "ADD")) CHK_FX(a + b, 6);
    if (is(t, 1, "SUB")) CHK_FX(a - b, 6);
    if (is(t, 1, "MUL")) CHK_FX(a * b, 6);
    if (is(t, 1, "DIV")) CHK_FX(a / b, 6);
    return "unknown ARI op";
}

/// Compound assignment into the left operand's format (with its quantization / overflow modes).
template <class A, class B> const char* run_acc(const Tok& t) {
    A x = mk<A>(t, 3);
    const B b = mk<B>(t, 5);
    if (is(t, 1, "ADD")) x += b;
    else if (is(t, 1, "SUB")) x -= b;
    else if (is(t, 1, "MUL")) x *= b;
    else if (is(t, 1, "DIV")) x /= b;
    else return "unknown ACC op";
    return chk(pat(x), t, 6);
}

/// Fixed op C integer.
template <class A, class CT> const char* run_fxi(const Tok& t) {
    const A a = mk<A>(t, 3);
    const CT c = (CT)L(t, 5);
    if (is(t, 1, "MUL")) CHK_FX(a * c, 6);
    if (is(t, 1, "ADD")) CHK_FX(a + c, 6);
    if (is(t, 1, "SUB")) CHK_FX(a - c, 6);
    if (is(t, 1, "RSUB")) CHK_FX(c - a, 6);
    if (is(t, 1, "DIV")) CHK_FX(a / c, 6);
    return "unknown FXI op";
}

/// ap_int / ap_uint pairs.
template <class A, class B> const char* run_ipair(const Tok& t) {
    if (is(t, 0, "ICMP")) return chk_rel(rel_bits(mk<A>(t, 2), mk<B>(t, 4)), t, 5);
    const A a = mk<A>(t, 3);
    const B b = mk<B>(t, 5);
    if (is(t, 0, "IACC")) {
        A x = a;
        if (is(t, 1, "ADD")) x += b;
        else if (is(t, 1, "SUB")) x -= b;
        else if (is(t, 1, "MUL")) x *= b;
        else return "unknown IACC op";
        return chk(pat(x), t, 6);
    }
    if (is(t, 1, "ADD")) CHK_INT(a + b, 6);
    if (is(t, 1, "SUB")) CHK_INT(a - b, 6);
    if (is(t, 1, "MUL")) CHK_INT(a * b, 6);
    if (is(t, 1, "DIV")) CHK_INT(a / b, 6);
    if (is(t, 1, "MOD")) CHK_INT(a % b, 6);
    if (is(t, 1, "AND")) CHK_INT(a & b, 6);
    if (is(t, 1, "OR")) CHK_INT(a | b, 6);
    if (is(t, 1, "XOR")) CHK_INT(a ^ b, 6);
    return "unknown IOP op";
}

/// Single ap_int / ap_uint format: shifts and conversion from double.
template <class T> const char* run_ifmt(const Tok& t) {
    if (is(t, 0, "ISH")) {
        const T a = mk<T>(t, 3);
        const int n = (int)L(t, 4);
        const bool left = is(t, 1, "SHL");
        const T r = left ? T(a << n) : T(a >> n);
        T r2 = a;
        if (left) r2 <<= n;
        else r2 >>= n;
        if (pat(r2) != pat(r)) return "compound shift differs";
        return chk(pat(r), t, 5);
    }
    if (is(t, 0, "IFD")) {
        const T x = D(t, 2);
        return chk(pat(x), t, 3);
    }
    return "unknown single-integer case";
}

#include "cases_gen.inc"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s cases.txt\n", argv[0]);
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    std::map<std::string, const FmtEntry*> fmts, ifmts;
    std::map<std::string, const FmtEntry*> d2fs;
    std::map<std::pair<std::string, std::string>, Runner> conv, arith, acc, fxi, ipair;
    for (const FmtEntry& e : d2f_table) d2fs[e.id] = &e;
    for (const FmtEntry& e : fmt_table) fmts[e.id] = &e;
    for (const FmtEntry& e : ifmt_table) ifmts[e.id] = &e;
    for (const PairEntry& e : conv_table) conv[{e.a, e.b}] = e.fn;
    for (const PairEntry& e : arith_table) arith[{e.a, e.b}] = e.fn;
    for (const PairEntry& e : acc_table) acc[{e.a, e.b}] = e.fn;
    for (const PairEntry& e : fxi_table) fxi[{e.a, e.b}] = e.fn;
    for (const PairEntry& e : ipair_table) ipair[{e.a, e.b}] = e.fn;

    long passed = 0, failed = 0;
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        lineno++;
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        Tok t;
        std::string w;
        while (ss >> w) t.push_back(w);
        const std::string& k = t[0];
        Runner fn = nullptr;
        std::string err;
        if (k == "FMT") {
            // cross-check the generated tables against the declaration
            for (auto* m : {&fmts, &d2fs}) {
                auto it = m->find(t[1]);
                if (it != m->end() && (it->second->W != std::stoi(t[2]) || it->second->I != std::stoi(t[3]) ||
                                       it->second->S != std::stoi(t[4])))
                    err = "format table mismatch (regenerate cases_gen.inc)";
            }
            if (err.empty()) continue;
        } else if (k == "IFMT") {
            continue;
        } else if (k == "D2F") {
            auto it = d2fs.find(t[1]);
            if (it != d2fs.end()) fn = it->second->fn;
        } else if (k == "CMPD" || k == "TOP" || k == "SETTOP" || k == "TOP10" || k == "SET10" || k == "CONV" ||
                   k == "NEG") {
            auto it = fmts.find(t[1]);
            if (it != fmts.end()) fn = it->second->fn;
        } else if (k == "F2F") {
            auto it = conv.find({t[1], t[3]});
            if (it != conv.end()) fn = it->second;
        } else if (k == "CMP") {
            auto it = arith.find({t[1], t[3]});
            if (it != arith.end()) fn = it->second;
        } else if (k == "ARI") {
            auto it = arith.find({t[2], t[4]});
            if (it != arith.end()) fn = it->second;
        } else if (k == "ACC") {
            auto it = acc.find({t[2], t[4]});
            if (it != acc.end()) fn = it->second;
        } else if (k == "FXI") {
            auto it = fxi.find({t[2], t[4]});
            if (it != fxi.end()) fn = it->second;
        } else if (k == "ICMP") {
            auto it = ipair.find({t[1], t[3]});
            if (it != ipair.end()) fn = it->second;
        } else if (k == "IOP" || k == "IACC") {
            auto it = ipair.find({t[2], t[4]});
            if (it != ipair.end()) fn = it->second;
        } else if (k == "ISH") {
            auto it = ifmts.find(t[2]);
            if (it != ifmts.end()) fn = it->second->fn;
        } else if (k == "IFD") {
            auto it = ifmts.find(t[1]);
            if (it != ifmts.end()) fn = it->second->fn;
        } else {
            err = "unknown case kind";
        }
        g_noncanonical = false;
        if (err.empty()) {
            if (!fn) {
                err = "no C++ instantiation for this case (regenerate cases_gen.inc)";
            } else {
                const char* m = fn(t);
                if (m) err = m;
                else if (g_noncanonical) err = "storage not sign/zero-extended beyond the width (internal invariant)";
            }
        }
        if (err.empty()) {
            passed++;
        } else {
            failed++;
            std::printf("FAIL line %d: %s  -- %s\n", lineno, line.c_str(), err.c_str());
        }
    }
    std::printf("ap_types: %ld passed, %ld failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
