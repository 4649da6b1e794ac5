// Cross-check of the SDK's ap_int/ap_fixed against Xilinx's: this one source is compiled twice, once with
// templates/hls/ap_types and once with ../shared/vendor/xilinx-ap-types on the include path, and both binaries must
// print exactly the same text (run.sh compares them). Every line is one random case: its inputs' raw bits, then the
// result type (width, integer width, signedness) and raw bits of every operation.
//
// The types come from xcheck_cases.inc (gen_xcheck.py); the values from a fixed-seed generator here, seeded per
// case, so both builds see the same inputs (their raw bits are printed too). Only API both libraries share is used.
//
// Cases left out on purpose (documented differences, see README.md):
//  * conversions the vendor library cannot do: rounding into a format whose lsb lies above the source's msb plus
//    one (it asserts, "Attempting to read bit beyond MSB"), to_float/to_double outside the normal range, and
//    to_double (so comparisons with double too) of ap_[u]int wider than 64 bits (it converts only the low word);
//  * the vendor's multi-word long division (see vendor_divides) and its multi-word *= with a wider right operand;
//  * x / y when the vendor's C-simulation quotient overflows its intermediate (the most negative dividend divided by
//    the raw -1 of a signed divisor): the vendor wraps, we return the exact quotient (what synthesis computes);
//    division by zero (undefined in both).
//  * a left shift of a negative value by more than its width: the vendor's C model gives -1, we give 0.
//
// Usage: xcheck <output file>   (the cases of the part compiled in with -DXCHECK_PART)
#include "ap_fixed.h"
#include "ap_int.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#define XT(...) __VA_ARGS__

namespace xc {
static FILE* out = stdout; // the vendor headers print their own warnings on stdout
static uint64_t state;
static void seed(int id) { state = 0x51ed2701u + 0x9e3779b97f4a7c15ULL * (uint64_t)(id + 1); }
// splitmix64: a fixed, portable sequence.
static uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static void endl() {
    std::fputc('\n', out);
    std::fflush(out); // a crash in either library loses no finished line
}
static int below(int n) { return n <= 0 ? 0 : (int)(next() % (uint64_t)n); }
static void bits(double x) {
    uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    std::fprintf(xc::out, " d%llx", (unsigned long long)b);
}
static void bits(float x) {
    uint32_t b;
    std::memcpy(&b, &x, sizeof b);
    std::fprintf(xc::out, " f%x", (unsigned)b);
}
} // namespace xc

// --- raw bits ------------------------------------------------------------------------------------------------------
template <class T> static uint64_t chunk(T& x, int lo) {
    const int hi = lo + 63 < T::width - 1 ? lo + 63 : T::width - 1;
    return (uint64_t)x.range(hi, lo).to_uint64();
}
template <class T> static void set_chunk(T& x, int lo, uint64_t v) {
    const int hi = lo + 63 < T::width - 1 ? lo + 63 : T::width - 1;
    x.range(hi, lo) = (unsigned long long)v;
}
template <class T> static void raw(T x) {
    for (int lo = ((T::width - 1) / 64) * 64; lo >= 0; lo -= 64) std::fprintf(xc::out, "%s%llx", lo == ((T::width - 1) / 64) * 64 ? "" : ":", (unsigned long long)chunk(x, lo));
}
/// Zero without a conversion (the vendor's conversion of the int 0 asserts for some formats, see vendor_converts).
template <class T> static T zero() {
    T x;
    for (int lo = 0; lo < T::width; lo += 64) set_chunk(x, lo, 0);
    return x;
}
template <class T> static bool is_signed_type() {
    T t = zero<T>();
    t[T::width - 1] = true;
    return t < 0;
}
template <class T> static bool all_ones(T x) {
    for (int lo = 0; lo < T::width; lo += 64) {
        const int n = T::width - lo < 64 ? T::width - lo : 64;
        if (chunk(x, lo) != (n == 64 ? ~0ULL : ((1ULL << n) - 1))) return false;
    }
    return true;
}
template <class T> static bool is_min(T x) { // the most negative raw value of a signed type
    if (!is_signed_type<T>() || !x[T::width - 1]) return false;
    for (int i = 0; i < T::width - 1; i++)
        if (x[i]) return false;
    return true;
}

/// Number of significant bits of |x| (ap_int or ap_fixed raw value).
template <class T> static int sig_bits(T x) {
    typedef ap_int<T::width + 1> M;
    M m = zero<M>();
    m.range(T::width - 1, 0) = x.range(T::width - 1, 0);
    if (T::width > 0 && is_signed_type<T>() && x[T::width - 1]) { // sign-extend, then negate
        m[T::width] = true;
        m = -m;
    }
    for (int i = T::width; i >= 0; i--)
        if (m[i]) return i + 1;
    return 0;
}
/// The vendor's C model divides operands wider than 64 bits with a copy of an old LLVM APInt::KnuthDiv that returns
/// wrong quotients for some operands (e.g. (2^242 - 2^74) / (2^191 - 1)); that path runs when its intermediate is
/// wider than 64 bits and the divisor has more than 32 significant bits, so such divisions are not compared.
template <class B> static bool vendor_divides(int intermediate_width, B b) {
    return intermediate_width <= 64 || sig_bits(b) <= 32;
}

/// floor(log2 |x|) for a nonzero fixed-point x (from its raw bits), or -100000 for zero.
template <class T> static int top_exp(T x) {
    typedef ap_fixed<T::width + 1, T::iwidth + 1> M; // |x| fits exactly
    M m = zero<M>();
    if (x < 0) m = -x;
    else m = x;
    for (int i = M::width - 1; i >= 0; i--)
        if (m[i]) return i - (M::width - M::iwidth);
    return -100000;
}
/// The vendor's to_float / to_double build the IEEE bits directly and do not handle results outside the normal range
/// (the exponent field wraps): compared only inside it.
template <class T> static bool normal_float(T x) {
    const int e = top_exp(x);
    return e == -100000 || (e >= -126 && e < 127);
}
template <class T> static bool normal_double(T x) {
    const int e = top_exp(x);
    return e == -100000 || (e >= -1022 && e < 1023);
}

/// A random raw value: zero, the extreme codes, or k random low bits above which all bits are 0 or all 1.
template <class T> static T rnd() {
    T x = zero<T>();
    const int kind = xc::below(10), W = T::width;
    if (kind == 0) return x;
    const int k = kind <= 3 ? W : xc::below(W + 1);
    const bool fill = kind == 1 ? true : (kind == 2 ? false : (kind == 3 ? true : xc::below(2) == 1));
    for (int lo = 0; lo < W; lo += 64) {
        uint64_t v = kind == 1 ? 0 : (kind == 2 ? ~0ULL : (kind == 3 ? ~0ULL : xc::next()));
        for (int j = 0; j < 64; j++)
            if (lo + j >= k) v = fill ? (v | (1ULL << j)) : (v & ~(1ULL << j));
        set_chunk(x, lo, v);
    }
    if (kind == 1 || kind == 2) x[W - 1] = kind == 1; // most negative / most positive code
    return x;
}
/// Like rnd(), but half of the time the bits a conversion to a format with F fractional bits drops are an exact tie.
template <class T> static T rnd_tie(int drop) {
    T x = rnd<T>();
    if (drop > 0 && drop <= T::width && xc::below(2)) {
        x[drop - 1] = true;
        for (int j = 0; j < drop - 1; j++) x[j] = false;
    }
    return x;
}
/// A double near D's range: on D's grid plus 0, +-1/2 or +-1/4 lsb, or a random magnitude, or a special value.
template <int F, int I> static double rnd_double() {
    const int kind = xc::below(12);
    if (kind == 0) return 0.0;
    if (kind == 1) return -0.0;
    if (kind == 2) return (xc::below(2) ? -1 : 1) * 1e300;
    if (kind == 3) return (xc::below(2) ? -1 : 1) * 1e-300;
    const double sign = xc::below(2) ? -1.0 : 1.0;
    if (kind < 8) {
        const int k = 1 + xc::below(52);
        const double m = (double)(xc::next() >> (64 - k));
        static const double offs[] = {0, 0.5, -0.5, 0.25, -0.25};
        return sign * __builtin_ldexp(m + offs[xc::below(5)], -F);
    }
    const double m = (double)(xc::next() >> 11) / 9007199254740992.0; // [0, 1)
    const int lo = I - 2 * (F > 0 ? F : 0) - 8, hi = I + 8;
    return sign * __builtin_ldexp(m, lo + xc::below(hi - lo + 1));
}

// --- printing results ----------------------------------------------------------------------------------------------
template <class R> static void fx(const char* op, R r) {
    std::fprintf(xc::out, " %s<%d,%d,%c>", op, R::width, R::iwidth, is_signed_type<R>() ? 's' : 'u');
    raw(r);
}
template <class R> static void in(const char* op, R r) {
    std::fprintf(xc::out, " %s<%d,%c>", op, R::width, is_signed_type<R>() ? 's' : 'u');
    raw(r);
}

/// D = s, unless the vendor's conversion asserts: with a rounding mode it reads the bit below the destination's
/// lsb even when that bit lies above the source's msb (Fs - Fd > Ws), "Attempting to read bit beyond MSB".
template <class D, class S> static bool vendor_converts() {
    enum { FS = S::width - S::iwidth, FD = D::width - D::iwidth };
    const bool rounds = D::qmode != AP_TRN && !(D::qmode == AP_TRN_ZERO && !is_signed_type<S>());
    return !(rounds && FS - FD > S::width);
}
template <class D, class S> static void assign(const char* op, const S& s) {
    if (!vendor_converts<D, S>()) return;
    D d = s;
    fx(op, d);
}

// --- cases ---------------------------------------------------------------------------------------------------------
enum { N_VALUES = 24 };

template <class A, class B, class D> static void fx_pair(int id) {
    xc::seed(id);
    for (int k = 0; k < N_VALUES; k++) {
        A a = rnd<A>();
        B b = rnd<B>();
        std::fprintf(xc::out, "%d.%d a", id, k);
        raw(a);
        std::fprintf(xc::out, " b");
        raw(b);
        fx("+", a + b);
        fx("-", a - b);
        fx("*", a * b);
        enum { FB = B::width - B::iwidth, DIVW = A::width + (FB > 0 ? FB : 0) + 1 > B::width + 1 ? A::width + (FB > 0 ? FB : 0) + 1 : B::width + 1 };
        const bool div = b != 0 && !(is_min(a) && is_signed_type<B>() && all_ones(b)) && vendor_divides(DIVW, b);
        if (div) fx("/", a / b);
        fx("&", a & b);
        fx("|", a | b);
        fx("^", a ^ b);
        std::fprintf(xc::out, " cmp%d%d%d%d%d%d:%d%d%d%d%d%d", a < b, a <= b, a > b, a >= b, a == b, a != b, b < a, b <= a,
                     b > a, b >= a, b == a, b != a);
        // D = a, then D op= b (the full-precision result converted into D).
        if (vendor_converts<D, A>()) {
            const D d0 = a;
            fx("=", d0);
            assign<D>("+=", d0 + b);
            assign<D>("-=", d0 - b);
            assign<D>("*=", d0 * b);
            enum { DW = D::width + (FB > 0 ? FB : 0) + 1 > B::width + 1 ? D::width + (FB > 0 ? FB : 0) + 1 : B::width + 1 };
            if (b != 0 && !(is_min(d0) && is_signed_type<B>() && all_ones(b)) && vendor_divides(DW, b))
                assign<D>("/=", d0 / b);
        }
        xc::endl();
    }
}

template <class A, class D> static void fx_one(int id) {
    xc::seed(id);
    enum { WA = A::width, FA = A::width - A::iwidth, FD = D::width - D::iwidth };
    for (int k = 0; k < N_VALUES; k++) {
        A a = rnd_tie<A>(FA - FD);
        std::fprintf(xc::out, "%d.%d a", id, k);
        raw(a);
        assign<D>("=", a);
        D d;
        const double x = rnd_double<FD, D::iwidth>();
        xc::bits(x);
        d = x;
        fx("=d", d);
        const float y = (float)rnd_double<FD, D::iwidth>();
        xc::bits(y);
        d = y;
        fx("=f", d);
        if (normal_double(a)) xc::bits(a.to_double());
        if (normal_float(a)) xc::bits(a.to_float());
        if (A::iwidth >= 0 || !(a < 0)) // the vendor's integer part of a negative value with I < 0 is uninitialised
            std::fprintf(xc::out, " i%d l%lld", a.to_int(), (long long)a.to_int64());
        if (normal_double(a)) std::fprintf(xc::out, " cd%d%d%d%d%d%d", a < x, a <= x, a > x, a >= x, a == x, a != x);
        const int ci = xc::below(3) ? xc::below(9) - 4 : (int)(uint32_t)xc::next();
        std::fprintf(xc::out, " ci%d:%d%d%d%d%d%d:%d%d%d%d%d%d", ci, a < ci, a <= ci, a > ci, a >= ci, a == ci, a != ci,
                     ci < a, ci <= a, ci > a, ci >= a, ci == a, ci != a);
        int n = xc::below(WA + 5) - 2;
        if (n > WA && a < 0) n = WA; // documented difference (see the top of this file)
        fx("<<", a << n);
        fx(">>", a >> n);
        fx("neg", -a);
        fx("~", ~a);
        const int c = xc::below(3) ? xc::below(41) - 20 : (int)(uint32_t)xc::next();
        std::fprintf(xc::out, " c%d", c);
        fx("*c", a * c);
        fx("+c", a + c);
        fx("c-", c - a);
        if (c != 0 && !(is_min(a) && c == -1)) fx("/c", a / c);
        xc::endl();
    }
}

template <class A, class B> static void int_pair(int id) {
    xc::seed(id);
    for (int k = 0; k < N_VALUES; k++) {
        A a = rnd<A>();
        B b = rnd<B>();
        std::fprintf(xc::out, "%d.%d a", id, k);
        raw(a);
        std::fprintf(xc::out, " b");
        raw(b);
        in("+", a + b);
        in("-", a - b);
        in("*", a * b);
        enum { MW = (A::width > B::width ? A::width : B::width) + 1 };
        if (b != 0 && !(is_min(a) && is_signed_type<B>() && all_ones(b)) && vendor_divides(MW, b)) {
            in("/", a / b);
            in("%", a % b);
        }
        in("&", a & b);
        in("|", a | b);
        in("^", a ^ b);
        std::fprintf(xc::out, " cmp%d%d%d%d%d%d:%d%d%d%d%d%d", a < b, a <= b, a > b, a >= b, a == b, a != b, b < a, b <= a,
                     b > a, b >= a, b == a, b != a);
        A c = a;
        c += b;
        in("+=", c);
        c = a;
        c -= b;
        in("-=", c);
        if (A::width <= 64 || B::width <= A::width) { // the vendor's multi-word *= of a wider operand is wrong (0 *= b != 0)
            c = a;
            c *= b;
            in("*=", c);
        }
        int n = (int)(chunk(b, 0) % (uint64_t)(A::width + 3));
        if (n > A::width && a < 0) n = A::width;
        in("<<", a << n);
        in(">>", a >> n);
        xc::endl();
    }
}

template <class A, class D> static void int_one(int id) {
    xc::seed(id);
    for (int k = 0; k < N_VALUES; k++) {
        A a = rnd<A>();
        std::fprintf(xc::out, "%d.%d a", id, k);
        raw(a);
        D d = a;
        in("=", d);
        const double x = rnd_double<0, D::width>();
        xc::bits(x);
        if (x > -1e200 && x < 1e200) { // ap_int from a double beyond every width: not compared (see README.md)
            d = x;
            in("=d", d);
        }
        if (A::width <= 64) { // the vendor's to_double of wider ap_[u]int converts only the low 64 bits
            xc::bits(a.to_double());
            std::fprintf(xc::out, " cd%d%d%d%d%d%d", a < x, a <= x, a > x, a >= x, a == x, a != x);
        }
        std::fprintf(xc::out, " i%d l%lld", a.to_int(), (long long)a.to_int64());
        const int ci = xc::below(3) ? xc::below(9) - 4 : (int)(uint32_t)xc::next();
        std::fprintf(xc::out, " ci%d:%d%d%d%d%d%d:%d%d%d%d%d%d", ci, a < ci, a <= ci, a > ci, a >= ci, a == ci, a != ci,
                     ci < a, ci <= a, ci > a, ci >= a, ci == a, ci != a);
        const float y = (float)x;
        xc::bits(a * x);
        xc::bits(x - a);
        xc::bits(a + y);
        xc::bits(y * a);
        in("neg", -a);
        in("~", ~a);
        const int c = xc::below(3) ? xc::below(41) - 20 : (int)(uint32_t)xc::next();
        std::fprintf(xc::out, " c%d", c);
        in("*c", a * c);
        in("+c", a + c);
        xc::endl();
    }
}

#define FX_PAIR(id, A, B, D) fx_pair<A, B, D>(id);
#define FX_ONE(id, A, D) fx_one<A, D>(id);
#define INT_PAIR(id, A, B) int_pair<A, B>(id);
#define INT_ONE(id, A, D) int_one<A, D>(id);

int main(int argc, char** argv) {
    if (argc > 1 && !(xc::out = std::fopen(argv[1], "w"))) return 2;
#include "xcheck_cases.inc"
    std::fclose(xc::out);
    return 0;
}
