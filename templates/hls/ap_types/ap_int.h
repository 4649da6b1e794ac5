// Hls4ml.Sdk -- ap_int.h
//
// Clean-room emulation of the Xilinx/AMD HLS arbitrary precision integer types ap_int<W> / ap_uint<W>,
// written from the documented semantics (UG902/UG1399, "Arbitrary Precision Data Types") for bit-accurate
// C simulation of generated HLS C++ with g++ (C++11 or later).
//
//  * Widths 1..64 are stored in one int64_t / uint64_t; widths 65..128 in __int128 (so every product of two
//    64-bit operands is exact). Widths above 128 are rejected with a static_assert.
//  * The value is kept normalised: sign-extended (signed) or zero-extended (unsigned) to the storage width.
//  * Like the vendor headers, including ap_int.h also makes ap_fixed/ap_ufixed available (see the end of file).
//
// This header deliberately includes only <cstdint>, <cstdlib> and <iosfwd>: stream operators are templates over
// the stream type and are instantiated in translation units that include <ostream>/<istream> themselves.
#ifndef HLS4ML_SDK_AP_INT_H
#define HLS4ML_SDK_AP_INT_H

#include <cstdint>
#include <cstdlib>
#include <iosfwd>

#ifndef HLS4ML_SDK_AP_MODES_DEFINED
#define HLS4ML_SDK_AP_MODES_DEFINED
/// Quantization modes (applied when a value has more fractional bits than the destination).
enum ap_q_mode { AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO };
/// Overflow modes (applied when a value does not fit the destination's range).
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };
#endif

template <int W, bool S> struct ap_int_base;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> struct ap_fixed_base;
template <class T> struct ap_bit_ref;
template <class T> struct ap_range_ref;

template <int W> using ap_int = ap_int_base<W, true>;
template <int W> using ap_uint = ap_int_base<W, false>;

// ---------------------------------------------------------------------------------------------------------------
// Implementation details (not part of the public API).
// ---------------------------------------------------------------------------------------------------------------
namespace apx {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

template <bool C, class A, class B> struct sel { typedef A type; };
template <class A, class B> struct sel<false, A, B> { typedef B type; };
template <bool C, class T = void> struct en_if {};
template <class T> struct en_if<true, T> { typedef T type; };

constexpr int imax(int a, int b) { return a > b ? a : b; }
constexpr int imin(int a, int b) { return a < b ? a : b; }
// A compile-time shift count that is always in [0, lim): used in branches that are dead for other parameters,
// so that no out-of-range constant shift is ever written (and no -Wshift-count-overflow warning is issued).
constexpr int csh(int s, int lim) { return s < 0 ? 0 : (s >= lim ? 0 : s); }

/// Storage of a W-bit value: 64-bit for W <= 64, 128-bit for 65..128.
template <int W, bool S> struct st {
    static_assert(W >= 1, "ap_[u]int / ap_[u]fixed: the width W must be at least 1");
    static_assert(W <= 128, "Hls4ml.Sdk ap_types emulation: widths (including the full-precision width of an "
                            "intermediate result) above 128 bits are not supported");
    typedef typename sel<(W <= 64), typename sel<S, int64_t, uint64_t>::type, typename sel<S, i128, u128>::type>::type
        type;
    typedef typename sel<(W <= 64), uint64_t, u128>::type utype;
    static const int bits = (W <= 64) ? 64 : 128;
};

/// Reduce x modulo 2^W and sign/zero-extend it to the storage type of a W-bit value.
template <int W, bool S, class U> inline typename st<W, S>::type norm(U x) {
    typedef typename st<W, S>::type T;
    typedef typename st<W, S>::utype UT;
    return (T)((T)((UT)x << (st<W, S>::bits - W)) >> (st<W, S>::bits - W));
}

// Sign and magnitude of a normalised storage value.
inline bool sneg(int64_t v) { return v < 0; }
inline bool sneg(uint64_t) { return false; }
inline bool sneg(i128 v) { return v < 0; }
inline bool sneg(u128) { return false; }
inline u128 smag(int64_t v) { return v < 0 ? (u128)0 - (u128)v : (u128)v; }
inline u128 smag(uint64_t v) { return v; }
inline u128 smag(i128 v) { return v < 0 ? (u128)0 - (u128)v : (u128)v; }
inline u128 smag(u128 v) { return v; }

inline u128 lmask(int w) { return w <= 0 ? (u128)0 : (w >= 128 ? ~(u128)0 : (((u128)1 << w) - 1)); }
inline u128 normw(u128 x, int W, bool S) {
    if (W >= 128) return x;
    x &= lmask(W);
    if (S && ((x >> (W - 1)) & 1)) x |= ~lmask(W);
    return x;
}
inline bool bitof(u128 x, int i) { return i >= 0 && i < 128 && ((x >> i) & 1); }

/// The core conversion. Source value = (neg ? -mag : mag) * 2^-(Fsrc); d = Fsrc - Fdst (bits to drop when > 0).
/// Quantizes exactly with mode Q, then handles overflow of the W-bit destination with mode O / N.
/// Returns the destination bits sign/zero-extended to 128 bits.
inline u128 cvt(bool neg, u128 mag, int d, int W, bool S, int Q, int O, int N) {
    if (mag == 0) return 0;
    u128 q;          // magnitude of the quantized value, modulo 2^128
    bool big = false; // the quantized magnitude is >= 2^128 (always an overflow)
    u128 fl;         // two's complement of floor(value * 2^Fdst) (used by AP_WRAP_SM)
    if (d > 0) {
        int c;       // dropped part compared with one half LSB: -1 below, 0 exactly half, 1 above
        bool inexact;
        if (d >= 129) {
            q = 0; c = -1; inexact = true;
        } else if (d == 128) {
            const u128 h = (u128)1 << 127;
            q = 0; c = mag > h ? 1 : (mag == h ? 0 : -1); inexact = true;
        } else {
            const u128 r = mag & lmask(d), h = (u128)1 << (d - 1);
            q = mag >> d; c = r > h ? 1 : (r == h ? 0 : -1); inexact = r != 0;
        }
        fl = neg ? (u128)0 - (q + (inexact ? 1 : 0)) : q;
        bool up;
        switch (Q) {
        case AP_RND: up = c > 0 || (c == 0 && !neg); break;        // half toward +inf
        case AP_RND_ZERO: up = c > 0; break;                         // half toward zero
        case AP_RND_MIN_INF: up = c > 0 || (c == 0 && neg); break;  // half toward -inf
        case AP_RND_INF: up = c >= 0; break;                         // half away from zero
        case AP_RND_CONV: up = c > 0 || (c == 0 && (q & 1)); break;  // half to even
        case AP_TRN_ZERO: up = false; break;                         // toward zero
        default: up = neg && inexact; break;                         // AP_TRN: toward -inf
        }
        if (up) ++q;
    } else if (d < 0) {
        const int s = -d;
        if (s >= 128) {
            q = 0; big = true;
        } else {
            big = (mag >> (128 - s)) != 0;
            q = mag << s;
        }
        fl = neg ? (u128)0 - q : q;
    } else {
        q = mag;
        fl = neg ? (u128)0 - q : q;
    }
    if (q == 0 && !big) return 0;
    const u128 t = neg ? (u128)0 - q : q; // low 128 bits of the quantized value (two's complement)
    bool ovf;
    if (big) ovf = true;
    else if (S) ovf = neg ? (q > ((u128)1 << (W - 1))) : (q > lmask(W - 1));
    else ovf = neg || q > lmask(W);
    // Symmetric saturation also treats the most negative code as an overflow (result is -max).
    if (!ovf && O == AP_SAT_SYM && S && neg && q == ((u128)1 << (W - 1))) ovf = true;
    if (!ovf) return normw(t, W, S);

    if (O == AP_SAT_ZERO) return 0;
    if (O == AP_WRAP) {
        u128 r = t & lmask(W);
        if (N > 0) {
            if (S) {
                if (neg) r |= (u128)1 << (W - 1);
                else r &= ~((u128)1 << (W - 1));
                if (N > 1) {
                    const int lo = imax(W - N, 0), hi = W - 2;
                    if (hi >= lo) {
                        const u128 m = lmask(hi - lo + 1) << lo;
                        r = neg ? (r & ~m) : (r | m);
                    }
                }
            } else {
                const int lo = imax(W - N, 0);
                r |= lmask(W - lo) << lo;
            }
        }
        return normw(r, W, S);
    }
    if (O == AP_WRAP_SM && S) {
        const u128 m = lmask(W);
        u128 r = t & m;
        const bool Ro = bitof(r, W - 1);
        if (N == 0) {
            const bool lD = W < 128 ? bitof(fl, W) : neg;
            if (lD != Ro) {
                r = ~r & m;
                r = lD ? (r | ((u128)1 << (W - 1))) : (r & ~((u128)1 << (W - 1)));
            }
        } else {
            if (N == 1 && neg != Ro) {
                r = ~r & m;
            } else if (N > 1) {
                const bool lNo = bitof(r, W - N);
                if (lNo == neg) r = ~r & m;
                const int lo = imax(W - N, 0), hi = W - 2;
                if (hi >= lo) {
                    const u128 mm = lmask(hi - lo + 1) << lo;
                    r = neg ? (r & ~mm) : (r | mm);
                }
            }
            r = neg ? (r | ((u128)1 << (W - 1))) : (r & ~((u128)1 << (W - 1)));
        }
        return normw(r, W, S);
    }
    // AP_SAT, AP_SAT_SYM (and AP_WRAP_SM on unsigned destinations)
    if (S) {
        if (!neg) return lmask(W - 1);
        u128 mn = ~lmask(W - 1); // -2^(W-1)
        if (O == AP_SAT_SYM) mn |= 1;
        return mn;
    }
    return neg ? (u128)0 : lmask(W);
}

/// Exact comparison of (na ? -ma : ma) * 2^-fa with (nb ? -mb : mb) * 2^-fb. Returns -1, 0 or 1.
inline int cmp_sm(bool na, u128 ma, int fa, bool nb, u128 mb, int fb) {
    if (ma == 0) na = false;
    if (mb == 0) nb = false;
    if (na != nb) return na ? -1 : 1;
    int c;
    if (ma == 0 || mb == 0) {
        c = (ma != 0) - (mb != 0);
    } else {
        int s = fb - fa; // compare ma * 2^s with mb
        if (s == 0) {
            c = ma < mb ? -1 : (ma > mb ? 1 : 0);
        } else if (s > 0) {
            if (s >= 128 || (ma >> (128 - s)) != 0) c = 1;
            else {
                const u128 x = ma << s;
                c = x < mb ? -1 : (x > mb ? 1 : 0);
            }
        } else {
            s = -s;
            if (s >= 128 || (mb >> (128 - s)) != 0) c = -1;
            else {
                const u128 y = mb << s;
                c = ma < y ? -1 : (ma > y ? 1 : 0);
            }
        }
    }
    return na ? -c : c;
}

/// IEEE double split into sign, integer significand and scale: x = (neg ? -m : m) * 2^-f.
struct dsplit {
    bool neg, nan, inf;
    uint64_t m;
    int f;
    explicit dsplit(double x) {
        uint64_t b;
        __builtin_memcpy(&b, &x, sizeof b);
        neg = (b >> 63) != 0;
        int e = (int)((b >> 52) & 0x7ff);
        m = b & 0xfffffffffffffULL;
        nan = e == 0x7ff && m != 0;
        inf = e == 0x7ff && m == 0;
        if (e == 0) e = 1;
        else m |= 1ULL << 52;
        f = 1075 - e;
    }
};

/// Double -> W-bit fixed point with F fractional bits (exact for every finite double). NaN -> 0; +-inf overflows.
inline u128 from_double(double x, int W, int F, bool S, int Q, int O, int N) {
    const dsplit p(x);
    if (p.nan) return 0;
    if (p.inf) return cvt(p.neg, 1, -4096, W, S, Q, O, N);
    return cvt(p.neg, p.m, p.f - F, W, S, Q, O, N);
}

/// Exact comparison of a fixed value (storage v, F fractional bits) with a double. *unordered set for NaN.
template <class A> inline int cmp_double(A v, int F, double x, bool* unordered) {
    const dsplit p(x);
    *unordered = p.nan;
    if (p.nan) return 0;
    if (p.inf) return p.neg ? 1 : -1;
    return cmp_sm(sneg(v), smag(v), F, p.neg, p.m, p.f);
}

// Powers of two as compile-time doubles.
constexpr double p2c(int e) {
    return e == 0 ? 1.0
                  : (e > 0 ? (e % 2 ? 2.0 * p2c(e - 1) : p2c(e / 2) * p2c(e / 2))
                           : (e % 2 ? 0.5 * p2c(e + 1) : p2c(e / 2) * p2c(e / 2)));
}
template <int E> struct pow2d { static constexpr double v = p2c(E); };
#if __cplusplus < 201703L
template <int E> constexpr double pow2d<E>::v;
#endif

/// Storage value with F fractional bits -> double (one rounding, to nearest even).
template <int F, class A> inline double to_dbl(A v) {
    if (F >= -960 && F <= 960) return (double)v * pow2d<(F >= -960 && F <= 960) ? -F : 0>::v;
    return __builtin_ldexp((double)v, -F);
}
/// Storage value of a W-bit value with F fractional bits -> float (one rounding).
template <int W, int F, class A> inline float to_flt(A v) {
    if (W <= 53 && F >= -960 && F <= 960) return (float)to_dbl<F>(v); // exact double, then one rounding
    if (F >= -100 && F <= 100) return (float)v * (float)pow2d<(F >= -100 && F <= 100) ? -F : 0>::v;
    return (float)__builtin_ldexp((double)(float)v, -F);
}

/// Integer part (truncated toward zero, as C does for double -> int) of a W-bit value with I integer bits,
/// reduced modulo 2^bits(C).
template <class C, int W, int I, class A> inline C fx_trunc(A v) {
    enum { F = W - I, CB = (int)sizeof(C) * 8 };
    if (F <= 0) return (-F >= CB) ? (C)0 : (C)((C)v << csh(-F, CB));
    const bool n = sneg(v);
    if (W <= 64) {
        uint64_t m = (uint64_t)smag(v);
        m = (F >= 64) ? 0 : (m >> csh(F, 64));
        return n ? (C)((C)0 - (C)m) : (C)m;
    }
    u128 m = smag(v);
    m = (F >= 128) ? 0 : (m >> csh(F, 128));
    return n ? (C)((C)0 - (C)m) : (C)m;
}

/// Conversion between fixed-point formats (ap_int<W> is the format <W, W>). Fast paths for the cases that can
/// neither round nor overflow and for the default AP_TRN/AP_WRAP modes; everything else goes through cvt().
template <int Wt, int It, bool St, int Q, int O, int N, int Ws, int Is, bool Ss, class A>
inline typename st<Wt, St>::type fx_cvt(A v) {
    typedef typename st<Wt, St>::type T;
    typedef typename st<Wt, St>::utype UT;
    typedef typename sel<(Wt > 64 || Ws > 64), u128, uint64_t>::type C;
    typedef typename sel<(Wt > 64 || Ws > 64), i128, int64_t>::type SC;
    enum {
        D = (Ws - Is) - (Wt - It),
        FITS = (D <= 0) && (Ss == St ? Is <= It : (!Ss && Is < It)),
        PLAIN = (Q == AP_TRN) && (O == AP_WRAP) && (N == 0),
        CB = (Wt > 64 || Ws > 64) ? 128 : 64
    };
    enum {
        // The source value and the quantized result fit an int64_t: rounding and saturation in 64-bit arithmetic.
        FAST64 = Wt <= 64 && (O == AP_SAT || O == AP_SAT_ZERO || O == AP_SAT_SYM || (O == AP_WRAP && N == 0)) &&
                 (D > 0 ? (Ws + !Ss <= 64 && D <= 62) : (Ws + !Ss - D <= 64))
    };
    if (FITS) return (T)((UT)v << csh(-D, st<Wt, St>::bits));
    if (PLAIN) {
        if (D <= 0) return (-D >= CB) ? (T)0 : norm<Wt, St>((C)v << csh(-D, CB));
        if (D >= CB) return sneg(v) ? norm<Wt, St>(~(C)0) : (T)0;
        const C r = Ss ? (C)((SC)(C)v >> csh(D, CB)) : (C)((C)v >> csh(D, CB));
        return norm<Wt, St>(r);
    }
    if (FAST64) {
        const int64_t x = (int64_t)(uint64_t)v;
        int64_t q;
        if (D > 0) {
            q = x >> csh(D, 63);
            const uint64_t r = (uint64_t)x & ((1ULL << csh(D, 63)) - 1), h = 1ULL << csh(D - 1, 63);
            bool up;
            switch (Q) {
            case AP_RND: up = r >= h; break;
            case AP_RND_ZERO: up = r > h || (r == h && x < 0); break;
            case AP_RND_MIN_INF: up = r > h; break;
            case AP_RND_INF: up = r > h || (r == h && x >= 0); break;
            case AP_RND_CONV: up = r > h || (r == h && (q & 1)); break;
            case AP_TRN_ZERO: up = x < 0 && r != 0; break;
            default: up = false; break;
            }
            q += up;
        } else {
            q = (int64_t)((uint64_t)x << csh(-D, 64));
        }
        const int64_t lo = St ? (int64_t)((uint64_t)-1 << csh(Wt - 1, 64)) : 0;
        const bool over = St ? q > ~lo : (Wt < 64 && q > (int64_t)((1ULL << csh(Wt, 64)) - 1));
        const bool under = q < lo || (O == AP_SAT_SYM && St && q == lo);
        if (!over && !under) return (T)q;
        switch (O) {
        case AP_SAT_ZERO: return (T)0;
        case AP_WRAP: return norm<Wt, St>((uint64_t)q);
        default: // AP_SAT, AP_SAT_SYM
            if (over) return St ? (T)~lo : norm<Wt, St>(~0ULL);
            return St ? (T)(O == AP_SAT_SYM ? (lo | 1) : lo) : (T)0;
        }
    }
    return (T)cvt(sneg(v), smag(v), D, Wt, St, Q, O, N);
}

/// Exact comparison of two fixed values (storage a with Fa fractional bits, b with Fb).
template <int Wa, int Fa, bool Sa, int Wb, int Fb, bool Sb, class A, class B> inline int cmpv(A a, B b) {
    enum {
        F = Fa > Fb ? Fa : Fb,
        Ea = Wa + (F - Fa) + !Sa, // bits needed to hold the aligned value as a signed number
        Eb = Wb + (F - Fb) + !Sb
    };
    if (Ea <= 64 && Eb <= 64) {
        const int64_t x = (int64_t)((uint64_t)a << csh(F - Fa, 64));
        const int64_t y = (int64_t)((uint64_t)b << csh(F - Fb, 64));
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (Ea <= 128 && Eb <= 128) {
        const i128 x = (i128)((u128)a << csh(F - Fa, 128));
        const i128 y = (i128)((u128)b << csh(F - Fb, 128));
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    return cmp_sm(sneg(a), smag(a), Fa, sneg(b), smag(b), Fb);
}

/// (a << sha) +/- (b << shb) at W bits (exact when the result format is wide enough).
template <int W, bool S, int SHA, int SHB, bool SUB, class A, class B> inline typename st<W, S>::type addsub(A a, B b) {
    typedef typename st<W, S>::utype C;
    const C x = (C)((C)a << csh(SHA, st<W, S>::bits)), y = (C)((C)b << csh(SHB, st<W, S>::bits));
    return norm<W, S>(SUB ? (C)(x - y) : (C)(x + y));
}
template <int W, bool S, class A, class B> inline typename st<W, S>::type mul(A a, B b) {
    typedef typename st<W, S>::utype C;
    return norm<W, S>((C)((C)a * (C)b));
}
/// trunc((a * 2^SH) / b) toward zero, at W bits. Division by zero gives 0.
template <int W, bool S, int SH, int WA, int WB, class A, class B> inline typename st<W, S>::type divq(A a, B b) {
    typedef typename st<W, S>::utype C;
    if (b == 0) return 0;
    const bool n = sneg(a) != sneg(b);
    if (WA + SH <= 64 && WB <= 64) {
        const uint64_t q = ((uint64_t)smag(a) << csh(SH, 64)) / (uint64_t)smag(b);
        return norm<W, S>(n ? (C)((C)0 - (C)q) : (C)q);
    }
    const u128 q = (smag(a) << csh(SH, 128)) / smag(b);
    return norm<W, S>(n ? (C)((C)0 - (C)q) : (C)q);
}
/// Remainder with the sign of the dividend (C semantics). x % 0 gives x.
template <int W, bool S, class A, class B> inline typename st<W, S>::type modq(A a, B b) {
    typedef typename st<W, S>::utype C;
    if (b == 0) return norm<W, S>((C)a);
    const u128 r = smag(a) % smag(b);
    return norm<W, S>(sneg(a) ? (C)((C)0 - (C)r) : (C)r);
}
/// Raw shifts of a normalised W-bit storage value (n >= 0); bits shifted past the width are lost.
template <int W, bool S, class T> inline T shl_raw(T v, long long n) {
    typedef typename st<W, S>::utype U;
    return n >= W ? (T)0 : norm<W, S>((U)((U)v << (int)n));
}
template <int W, bool S, class T> inline T shr_raw(T v, long long n) {
    return n >= W ? (sneg(v) ? (T)-1 : (T)0) : (T)(v >> (int)n);
}
/// Clamp a shift amount to a safe range.
inline long long shamt_s(long long n) { return n < -(1LL << 20) ? -(1LL << 20) : (n > (1LL << 20) ? (1LL << 20) : n); }
inline long long shamt_u(unsigned long long n) { return n > (1ULL << 20) ? (1LL << 20) : (long long)n; }

inline u128 rev_bits(u128 x, int n) {
    u128 r = 0;
    for (int i = 0; i < n; i++) r |= (u128)((x >> i) & 1) << (n - 1 - i);
    return r;
}
inline int clz128(u128 x, int W) {
    int n = 0;
    for (int i = W - 1; i >= 0 && !((x >> i) & 1); i--) n++;
    return n;
}

/// Unsigned 128-bit magnitude to text in a power-of-two radix or decimal. buf must hold 132 chars.
inline char* utoa(u128 m, int radix, char* end, int min_digits) {
    *--end = 0;
    int n = 0;
    do {
        const int d = (int)(m % (unsigned)radix);
        *--end = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        m /= (unsigned)radix;
        n++;
    } while (m != 0 || n < min_digits);
    return end;
}

/// Parse a C string (optional sign, optional 0b/0o/0x prefix or explicit radix, digits, optional '.', and for
/// radix 10 an optional exponent) into the W-bit fixed point format with F fractional bits.
/// Power-of-two radices and plain decimal integers are parsed exactly (up to 128 significant bits);
/// decimal fractions go through strtod (exact up to double precision).
inline u128 from_string(const char* s, int radix, int W, int F, bool S, int Q, int O, int N) {
    if (!s) return 0;
    while (*s == ' ' || *s == '\t') s++;
    bool neg = false;
    if (*s == '+' || *s == '-') neg = *s++ == '-';
    if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && (radix == 0 || radix == 2)) radix = 2, s += 2;
    else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O') && (radix == 0 || radix == 8)) radix = 8, s += 2;
    else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && (radix == 0 || radix == 16)) radix = 16, s += 2;
    if (radix == 0) radix = 10;
    if (radix == 10) {
        const char* p = s;
        while (*p >= '0' && *p <= '9') p++;
        if (*p == '.' || *p == 'e' || *p == 'E') {
            const double x = std::strtod(s, 0);
            return from_double(neg ? -x : x, W, F, S, Q, O, N);
        }
    }
    u128 m = 0;
    int frac = 0, lost = 0;
    bool point = false;
    const int bits_per_digit = radix == 2 ? 1 : (radix == 8 ? 3 : (radix == 16 ? 4 : 0));
    for (; *s; s++) {
        if (*s == '.' && !point && bits_per_digit) { point = true; continue; }
        if (*s == '\'' || *s == '_') continue;
        int d;
        if (*s >= '0' && *s <= '9') d = *s - '0';
        else if (*s >= 'a' && *s <= 'z') d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'Z') d = *s - 'A' + 10;
        else break;
        if (d >= radix) break;
        if (bits_per_digit) {
            if ((m >> (128 - bits_per_digit)) != 0) { // keep the most significant 128 bits
                if (point) continue;
                lost += bits_per_digit;
                continue;
            }
            m = (m << bits_per_digit) | (unsigned)d;
            if (point) frac += bits_per_digit;
        } else {
            m = m * 10u + (unsigned)d; // decimal integer, modulo 2^128
        }
    }
    return cvt(neg, m, frac - lost - F, W, S, Q, O, N);
}

// C integer types as ap types (int is ap_int<32>, unsigned is ap_uint<32>, bool is ap_uint<1>, ...).
template <class T> T&& dv();
template <class T> struct promote {
    template <class U> static auto f(int) -> decltype(+dv<U>());
    template <class U> static void f(...);
    typedef decltype(f<T>(0)) type;
};
template <class T, class = void> struct cint {};
#define HLS4ML_APX_CINT(T, W_, S_)                                                                                    \
    template <> struct cint<T, void> {                                                                                 \
        enum { W = W_ };                                                                                               \
        static const bool S = S_;                                                                                      \
        typedef ap_int_base<W_, S_> ap;                                                                                \
        typedef ap_fixed_base<W_, W_, S_, AP_TRN, AP_WRAP, 0> fx;                                                      \
    };
HLS4ML_APX_CINT(bool, 1, false)
HLS4ML_APX_CINT(char, 8, ((char)-1 < 0))
HLS4ML_APX_CINT(signed char, 8, true)
HLS4ML_APX_CINT(unsigned char, 8, false)
HLS4ML_APX_CINT(short, (int)sizeof(short) * 8, true)
HLS4ML_APX_CINT(unsigned short, (int)sizeof(short) * 8, false)
HLS4ML_APX_CINT(int, (int)sizeof(int) * 8, true)
HLS4ML_APX_CINT(unsigned int, (int)sizeof(int) * 8, false)
HLS4ML_APX_CINT(long, (int)sizeof(long) * 8, true)
HLS4ML_APX_CINT(unsigned long, (int)sizeof(long) * 8, false)
HLS4ML_APX_CINT(long long, 64, true)
HLS4ML_APX_CINT(unsigned long long, 64, false)
#undef HLS4ML_APX_CINT
// Unscoped enumerations behave like their promoted integer type.
// (scoped enumerations promote to void here and get no operators.)
template <class T> struct cint<T, typename en_if<__is_enum(T)>::type> : cint<typename promote<T>::type> {};

/// Result formats of ap_int_base<W1,S1> op ap_int_base<W2,S2> (documented Xilinx rules).
template <int W1, bool S1, int W2, bool S2> struct irt {
    enum {
        plus_w = imax(W1 + (S2 && !S1), W2 + (S1 && !S2)) + 1,
        mult_w = W1 + W2,
        div_w = W1 + S2,
        mod_w = imin(W1, W2 + (!S2 && S1)),
        logic_w = imax(W1 + (S2 && !S1), W2 + (S1 && !S2))
    };
    static const bool S = S1 || S2;
    typedef ap_int_base<plus_w, S> plus;
    typedef ap_int_base<plus_w, true> minus;
    typedef ap_int_base<mult_w, S> mult;
    typedef ap_int_base<div_w, S> div;
    typedef ap_int_base<mod_w, S1> mod;
    typedef ap_int_base<logic_w, S> logic;
};

} // namespace apx

// ---------------------------------------------------------------------------------------------------------------
// Bit and range references (shared by ap_int_base and ap_fixed_base; they act on the raw bits).
// ---------------------------------------------------------------------------------------------------------------
template <class T> struct ap_bit_ref {
    typedef typename T::uraw_type U;
    T* d_;
    int pos_;
    ap_bit_ref(T* d, int pos) : d_(d), pos_(pos) {}
    ap_bit_ref(const ap_bit_ref&) = default;
    operator bool() const { return ((U)d_->V >> pos_) & 1; }
    bool get() const { return (bool)*this; }
    bool to_bool() const { return (bool)*this; }
    int length() const { return 1; }
    bool operator~() const { return !(bool)*this; }
    ap_bit_ref& operator=(bool b) {
        const U m = (U)1 << pos_;
        d_->V = apx::norm<T::width, T::sign_flag>(b ? (U)((U)d_->V | m) : (U)((U)d_->V & ~m));
        return *this;
    }
    ap_bit_ref& operator=(const ap_bit_ref& o) { return *this = (bool)o; }
    template <class T2> ap_bit_ref& operator=(const ap_bit_ref<T2>& o) { return *this = (bool)o; }
};

template <class T> struct ap_range_ref {
    typedef typename T::uraw_type U;
    T* d_;
    int hi_, lo_;
    ap_range_ref(T* d, int hi, int lo) : d_(d), hi_(hi), lo_(lo) {}
    ap_range_ref(const ap_range_ref&) = default;
    int length() const { return (hi_ >= lo_ ? hi_ - lo_ : lo_ - hi_) + 1; }
    /// The selected bits as an unsigned number (reversed when hi < lo, as in the vendor library).
    U get() const {
        const int n = length(), lo = hi_ >= lo_ ? lo_ : hi_;
        const U m = n >= (int)sizeof(U) * 8 ? ~(U)0 : (U)(((U)1 << n) - 1);
        U r = (U)(((U)d_->V >> lo) & m);
        if (hi_ < lo_) r = (U)apx::rev_bits(r, n);
        return r;
    }
    void set(U val) {
        const int n = length(), lo = hi_ >= lo_ ? lo_ : hi_;
        const U m = n >= (int)sizeof(U) * 8 ? ~(U)0 : (U)(((U)1 << n) - 1);
        if (hi_ < lo_) val = (U)apx::rev_bits(val & m, n);
        d_->V = apx::norm<T::width, T::sign_flag>((U)(((U)d_->V & ~(U)(m << lo)) | (U)((val & m) << lo)));
    }
    operator unsigned long long() const { return (unsigned long long)get(); }
    int to_int() const { return (int)get(); }
    unsigned to_uint() const { return (unsigned)get(); }
    long to_long() const { return (long)get(); }
    unsigned long to_ulong() const { return (unsigned long)get(); }
    long long to_int64() const { return (long long)get(); }
    unsigned long long to_uint64() const { return (unsigned long long)get(); }
    bool and_reduce() const {
        const int n = length();
        const U m = n >= (int)sizeof(U) * 8 ? ~(U)0 : (U)(((U)1 << n) - 1);
        return get() == m;
    }
    bool or_reduce() const { return get() != 0; }
    bool xor_reduce() const {
        U x = get();
        bool p = false;
        while (x) { p = !p; x &= (U)(x - 1); }
        return p;
    }
    template <class C>
    typename apx::en_if<(apx::cint<C>::W > 0), ap_range_ref&>::type operator=(C v) {
        set((U)v);
        return *this;
    }
    template <int W2, bool S2> ap_range_ref& operator=(const ap_int_base<W2, S2>& v) { set((U)v.V); return *this; }
    ap_range_ref& operator=(const ap_range_ref& o) { set(o.get()); return *this; }
    template <class T2> ap_range_ref& operator=(const ap_range_ref<T2>& o) { set((U)o.get()); return *this; }
    template <class T2> ap_range_ref& operator=(const ap_bit_ref<T2>& o) { set((U)(bool)o); return *this; }
};

// ---------------------------------------------------------------------------------------------------------------
// ap_int_base<W, S>: ap_int<W> (S = true) and ap_uint<W> (S = false).
// ---------------------------------------------------------------------------------------------------------------
template <int W, bool S> struct ap_int_base {
    typedef typename apx::st<W, S>::type raw_type;
    typedef typename apx::st<W, S>::utype uraw_type;
    /// Type of the implicit conversion to a C integer (64-bit, as in the vendor library).
    typedef typename apx::sel<S, long long, unsigned long long>::type RetType;
    static const int width = W;
    static const bool sign_flag = S;

    raw_type V;

    // --- construction --------------------------------------------------------------------------------------
    ap_int_base() : V(0) {}
    ap_int_base(const ap_int_base&) = default;
    template <int W2, bool S2> ap_int_base(const ap_int_base<W2, S2>& x) : V(apx::norm<W, S>((uraw_type)x.V)) {}
    /// From fixed point: the integer part truncated toward zero (C semantics), modulo 2^W.
    template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
    ap_int_base(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& x)
        : V(apx::norm<W, S>(apx::fx_trunc<uraw_type, W2, I2>(x.V))) {}
    template <class T> ap_int_base(const ap_range_ref<T>& r) : V(apx::norm<W, S>((uraw_type)r.get())) {}
    template <class T> ap_int_base(const ap_bit_ref<T>& b) : V(apx::norm<W, S>((uraw_type)(bool)b)) {}
#define HLS4ML_AP_INT_CTOR(CT)                                                                                        \
    ap_int_base(CT x) : V(apx::norm<W, S>((uraw_type)x)) {}
    HLS4ML_AP_INT_CTOR(bool)
    HLS4ML_AP_INT_CTOR(char)
    HLS4ML_AP_INT_CTOR(signed char)
    HLS4ML_AP_INT_CTOR(unsigned char)
    HLS4ML_AP_INT_CTOR(short)
    HLS4ML_AP_INT_CTOR(unsigned short)
    HLS4ML_AP_INT_CTOR(int)
    HLS4ML_AP_INT_CTOR(unsigned int)
    HLS4ML_AP_INT_CTOR(long)
    HLS4ML_AP_INT_CTOR(unsigned long)
    HLS4ML_AP_INT_CTOR(long long)
    HLS4ML_AP_INT_CTOR(unsigned long long)
#undef HLS4ML_AP_INT_CTOR
    /// From floating point: truncation toward zero (C semantics), then modulo 2^W. NaN gives 0.
    ap_int_base(double x) : V((raw_type)apx::from_double(x, W, 0, S, AP_TRN_ZERO, AP_WRAP, 0)) {}
    ap_int_base(float x) : V((raw_type)apx::from_double((double)x, W, 0, S, AP_TRN_ZERO, AP_WRAP, 0)) {}
    ap_int_base(long double x) : V((raw_type)apx::from_double((double)x, W, 0, S, AP_TRN_ZERO, AP_WRAP, 0)) {}
    /// From text ("123", "-0x7f", "0b1010", or digits in the given radix). Values wrap modulo 2^W.
    ap_int_base(const char* s, signed char radix = 0)
        : V((raw_type)apx::from_string(s, radix, W, 0, S, AP_TRN_ZERO, AP_WRAP, 0)) {}

    ap_int_base& operator=(const ap_int_base&) = default;

    // --- conversion to C types -----------------------------------------------------------------------------
    operator RetType() const { return (RetType)V; }
    bool to_bool() const { return V != 0; }
    char to_char() const { return (char)V; }
    signed char to_schar() const { return (signed char)V; }
    unsigned char to_uchar() const { return (unsigned char)V; }
    short to_short() const { return (short)V; }
    unsigned short to_ushort() const { return (unsigned short)V; }
    int to_int() const { return (int)V; }
    unsigned to_uint() const { return (unsigned)V; }
    long to_long() const { return (long)V; }
    unsigned long to_ulong() const { return (unsigned long)V; }
    long long to_int64() const { return (long long)V; }
    unsigned long long to_uint64() const { return (unsigned long long)V; }
    double to_double() const { return (double)V; }
    float to_float() const { return (float)V; }

    // --- bits ----------------------------------------------------------------------------------------------
    int length() const { return W; }
    bool is_zero() const { return V == 0; }
    bool iszero() const { return V == 0; }
    bool sign() const { return apx::sneg(V); }
    bool is_neg() const { return apx::sneg(V); }
    ap_bit_ref<ap_int_base> operator[](int i) { return ap_bit_ref<ap_int_base>(this, i); }
    bool operator[](int i) const { return ((uraw_type)V >> i) & 1; }
    ap_bit_ref<ap_int_base> bit(int i) { return ap_bit_ref<ap_int_base>(this, i); }
    bool bit(int i) const { return ((uraw_type)V >> i) & 1; }
    bool get_bit(int i) const { return ((uraw_type)V >> i) & 1; }
    bool test(int i) const { return ((uraw_type)V >> i) & 1; }
    void set_bit(int i, bool b) { (*this)[i] = b; }
    void set(int i) { (*this)[i] = true; }
    void set(int i, bool b) { (*this)[i] = b; }
    void clear(int i) { (*this)[i] = false; }
    void invert(int i) { (*this)[i] = !get_bit(i); }
    void b_not() { V = apx::norm<W, S>((uraw_type)~(uraw_type)V); }
    ap_range_ref<ap_int_base> range(int hi, int lo) const {
        return ap_range_ref<ap_int_base>(const_cast<ap_int_base*>(this), hi, lo);
    }
    ap_range_ref<ap_int_base> range() const { return range(W - 1, 0); }
    ap_range_ref<ap_int_base> operator()(int hi, int lo) const { return range(hi, lo); }
    bool and_reduce() const { return ((uraw_type)V & (uraw_type)apx::lmask(W)) == (uraw_type)apx::lmask(W); }
    bool or_reduce() const { return V != 0; }
    bool xor_reduce() const { return range().xor_reduce(); }
    bool nand_reduce() const { return !and_reduce(); }
    bool nor_reduce() const { return !or_reduce(); }
    bool xnor_reduce() const { return !xor_reduce(); }
    int countLeadingZeros() const { return apx::clz128((apx::u128)(uraw_type)V, W); }
    ap_int_base& reverse() {
        V = apx::norm<W, S>((uraw_type)apx::rev_bits((apx::u128)(uraw_type)V & apx::lmask(W), W));
        return *this;
    }
    ap_int_base& lrotate(int n) {
        n %= W;
        if (n < 0) n += W;
        const apx::u128 x = (apx::u128)(uraw_type)V & apx::lmask(W);
        if (n) V = apx::norm<W, S>((uraw_type)((x << n) | (x >> (W - n))));
        return *this;
    }
    ap_int_base& rrotate(int n) { return lrotate(W - (n % W)); }

    // --- unary operators -----------------------------------------------------------------------------------
    ap_int_base operator+() const { return *this; }
    ap_int_base<apx::imax(W, 1 + S) + 1, true> operator-() const {
        ap_int_base<apx::imax(W, 1 + S) + 1, true> r;
        typedef typename ap_int_base<apx::imax(W, 1 + S) + 1, true>::uraw_type C;
        r.V = apx::norm<apx::imax(W, 1 + S) + 1, true>((C)((C)0 - (C)V));
        return r;
    }
    ap_int_base operator~() const {
        ap_int_base r;
        r.V = apx::norm<W, S>((uraw_type)~(uraw_type)V);
        return r;
    }
    bool operator!() const { return V == 0; }
    ap_int_base& operator++() { V = apx::norm<W, S>((uraw_type)((uraw_type)V + 1)); return *this; }
    ap_int_base& operator--() { V = apx::norm<W, S>((uraw_type)((uraw_type)V - 1)); return *this; }
    const ap_int_base operator++(int) { ap_int_base r(*this); ++*this; return r; }
    const ap_int_base operator--(int) { ap_int_base r(*this); --*this; return r; }

    // --- compound assignment: full-precision result, then modulo 2^W -------------------------------------------
    template <class X> ap_int_base& operator+=(const X& x) { return *this = *this + x; }
    template <class X> ap_int_base& operator-=(const X& x) { return *this = *this - x; }
    template <class X> ap_int_base& operator*=(const X& x) { return *this = *this * x; }
    template <class X> ap_int_base& operator/=(const X& x) { return *this = *this / x; }
    template <class X> ap_int_base& operator%=(const X& x) { return *this = *this % x; }
    template <class X> ap_int_base& operator&=(const X& x) { return *this = *this & x; }
    template <class X> ap_int_base& operator|=(const X& x) { return *this = *this | x; }
    template <class X> ap_int_base& operator^=(const X& x) { return *this = *this ^ x; }
    template <class X> ap_int_base& operator<<=(const X& x) { return *this = *this << x; }
    template <class X> ap_int_base& operator>>=(const X& x) { return *this = *this >> x; }
    // With a fixed-point operand the vendor library first converts it to an integer (truncation toward zero).
#define HLS4ML_AP_INT_FX_ASSIGN(OP)                                                                                   \
    template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>                                            \
    ap_int_base& operator OP(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& x) {                                        \
        return *this OP ap_int_base<apx::imax(I2, 1), S2>(x);                                                         \
    }
    HLS4ML_AP_INT_FX_ASSIGN(+=)
    HLS4ML_AP_INT_FX_ASSIGN(-=)
    HLS4ML_AP_INT_FX_ASSIGN(*=)
    HLS4ML_AP_INT_FX_ASSIGN(/=)
#undef HLS4ML_AP_INT_FX_ASSIGN

    // --- text ----------------------------------------------------------------------------------------------
    /// radix 10: signed decimal; 2, 8, 16: "0b"/"0o"/"0x" followed by all W bits of the two's complement pattern.
    /// (Str defaults to std::string: the calling translation unit must include <string>.)
    template <class Str = std::string> Str to_string(int radix = 2, bool sign = S) const {
        char buf[140];
        char* p;
        if (radix == 10) {
            const bool n = sign && apx::sneg(V);
            p = apx::utoa(n ? apx::smag(V) : ((apx::u128)(uraw_type)V & apx::lmask(W)), 10, buf + sizeof buf, 1);
            if (n) *--p = '-';
        } else {
            const int b = radix == 16 ? 4 : (radix == 8 ? 3 : 1);
            p = apx::utoa((apx::u128)(uraw_type)V & apx::lmask(W), 1 << b, buf + sizeof buf, (W + b - 1) / b);
            *--p = radix == 16 ? 'x' : (radix == 8 ? 'o' : 'b');
            *--p = '0';
        }
        return Str(p);
    }
};
template <int W, bool S> const int ap_int_base<W, S>::width;
template <int W, bool S> const bool ap_int_base<W, S>::sign_flag;

// ---------------------------------------------------------------------------------------------------------------
// ap_int_base binary operators.
// ---------------------------------------------------------------------------------------------------------------
#define HLS4ML_AP_INT_BIN(OP, RT, EXPR)                                                                               \
    template <int W1, bool S1, int W2, bool S2>                                                                       \
    inline typename apx::irt<W1, S1, W2, S2>::RT operator OP(const ap_int_base<W1, S1>& a,                            \
                                                             const ap_int_base<W2, S2>& b) {                          \
        typedef typename apx::irt<W1, S1, W2, S2>::RT R;                                                              \
        R r;                                                                                                          \
        r.V = EXPR;                                                                                                   \
        return r;                                                                                                     \
    }
HLS4ML_AP_INT_BIN(+, plus, (apx::addsub<R::width, R::sign_flag, 0, 0, false>(a.V, b.V)))
HLS4ML_AP_INT_BIN(-, minus, (apx::addsub<R::width, R::sign_flag, 0, 0, true>(a.V, b.V)))
HLS4ML_AP_INT_BIN(*, mult, (apx::mul<R::width, R::sign_flag>(a.V, b.V)))
HLS4ML_AP_INT_BIN(/, div, (apx::divq<R::width, R::sign_flag, 0, W1, W2>(a.V, b.V)))
HLS4ML_AP_INT_BIN(%, mod, (apx::modq<R::width, R::sign_flag>(a.V, b.V)))
HLS4ML_AP_INT_BIN(&, logic,
                  (apx::norm<R::width, R::sign_flag>((typename R::uraw_type)a.V & (typename R::uraw_type)b.V)))
HLS4ML_AP_INT_BIN(|, logic,
                  (apx::norm<R::width, R::sign_flag>((typename R::uraw_type)a.V | (typename R::uraw_type)b.V)))
HLS4ML_AP_INT_BIN(^, logic,
                  (apx::norm<R::width, R::sign_flag>((typename R::uraw_type)a.V ^ (typename R::uraw_type)b.V)))
#undef HLS4ML_AP_INT_BIN

#define HLS4ML_AP_INT_REL(OP)                                                                                         \
    template <int W1, bool S1, int W2, bool S2>                                                                       \
    inline bool operator OP(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {                             \
        return apx::cmpv<W1, 0, S1, W2, 0, S2>(a.V, b.V) OP 0;                                                        \
    }
HLS4ML_AP_INT_REL(==)
HLS4ML_AP_INT_REL(!=)
HLS4ML_AP_INT_REL(<)
HLS4ML_AP_INT_REL(<=)
HLS4ML_AP_INT_REL(>)
HLS4ML_AP_INT_REL(>=)
#undef HLS4ML_AP_INT_REL

// Mixed with C integer types: the C operand behaves as ap_int<32> (int), ap_uint<32> (unsigned), ...
#define HLS4ML_AP_INT_CBIN(OP)                                                                                        \
    template <int W, bool S, class T>                                                                                 \
    inline auto operator OP(const ap_int_base<W, S>& a, T b)->decltype(a OP typename apx::cint<T>::ap(b)) {           \
        return a OP typename apx::cint<T>::ap(b);                                                                     \
    }                                                                                                                 \
    template <int W, bool S, class T>                                                                                 \
    inline auto operator OP(T a, const ap_int_base<W, S>& b)->decltype(typename apx::cint<T>::ap(a) OP b) {           \
        return typename apx::cint<T>::ap(a) OP b;                                                                     \
    }
HLS4ML_AP_INT_CBIN(+)
HLS4ML_AP_INT_CBIN(-)
HLS4ML_AP_INT_CBIN(*)
HLS4ML_AP_INT_CBIN(/)
HLS4ML_AP_INT_CBIN(%)
HLS4ML_AP_INT_CBIN(&)
HLS4ML_AP_INT_CBIN(|)
HLS4ML_AP_INT_CBIN(^)
HLS4ML_AP_INT_CBIN(==)
HLS4ML_AP_INT_CBIN(!=)
HLS4ML_AP_INT_CBIN(<)
HLS4ML_AP_INT_CBIN(<=)
HLS4ML_AP_INT_CBIN(>)
HLS4ML_AP_INT_CBIN(>=)
#undef HLS4ML_AP_INT_CBIN

// Mixed with floating point: arithmetic is done in double (result double); comparisons are exact.
#define HLS4ML_AP_INT_DBIN(OP, FT)                                                                                    \
    template <int W, bool S> inline double operator OP(const ap_int_base<W, S>& a, FT b) {                            \
        return a.to_double() OP(double) b;                                                                            \
    }                                                                                                                 \
    template <int W, bool S> inline double operator OP(FT a, const ap_int_base<W, S>& b) {                            \
        return (double)a OP b.to_double();                                                                            \
    }
#define HLS4ML_AP_INT_DREL(OP, ROP, FT)                                                                               \
    template <int W, bool S> inline bool operator OP(const ap_int_base<W, S>& a, FT b) {                              \
        bool un;                                                                                                      \
        const int c = apx::cmp_double(a.V, 0, (double)b, &un);                                                        \
        return un ? false : (c OP 0);                                                                                 \
    }                                                                                                                 \
    template <int W, bool S> inline bool operator OP(FT b, const ap_int_base<W, S>& a) {                              \
        bool un;                                                                                                      \
        const int c = apx::cmp_double(a.V, 0, (double)b, &un);                                                        \
        return un ? false : (c ROP 0);                                                                                \
    }
#define HLS4ML_AP_INT_FLOAT_OPS(FT)                                                                                   \
    HLS4ML_AP_INT_DBIN(+, FT)                                                                                         \
    HLS4ML_AP_INT_DBIN(-, FT)                                                                                         \
    HLS4ML_AP_INT_DBIN(*, FT)                                                                                         \
    HLS4ML_AP_INT_DBIN(/, FT)                                                                                         \
    HLS4ML_AP_INT_DREL(==, ==, FT)                                                                                    \
    HLS4ML_AP_INT_DREL(<, >, FT)                                                                                      \
    HLS4ML_AP_INT_DREL(<=, >=, FT)                                                                                    \
    HLS4ML_AP_INT_DREL(>, <, FT)                                                                                      \
    HLS4ML_AP_INT_DREL(>=, <=, FT)                                                                                    \
    template <int W, bool S> inline bool operator!=(const ap_int_base<W, S>& a, FT b) { return !(a == b); }           \
    template <int W, bool S> inline bool operator!=(FT b, const ap_int_base<W, S>& a) { return !(a == b); }
HLS4ML_AP_INT_FLOAT_OPS(double)
HLS4ML_AP_INT_FLOAT_OPS(float)
#undef HLS4ML_AP_INT_FLOAT_OPS
#undef HLS4ML_AP_INT_DBIN
#undef HLS4ML_AP_INT_DREL

// Shifts keep the type of the left operand (bits shifted out are lost); a negative amount shifts the other way.
template <int W, bool S, class T>
inline typename apx::en_if<(apx::cint<T>::W > 0), ap_int_base<W, S> >::type operator<<(const ap_int_base<W, S>& a,
                                                                                        T n) {
    const long long k = apx::cint<T>::S ? apx::shamt_s((long long)n) : apx::shamt_u((unsigned long long)n);
    ap_int_base<W, S> r;
    r.V = k >= 0 ? apx::shl_raw<W, S>(a.V, k) : apx::shr_raw<W, S>(a.V, -k);
    return r;
}
template <int W, bool S, class T>
inline typename apx::en_if<(apx::cint<T>::W > 0), ap_int_base<W, S> >::type operator>>(const ap_int_base<W, S>& a,
                                                                                        T n) {
    const long long k = apx::cint<T>::S ? apx::shamt_s((long long)n) : apx::shamt_u((unsigned long long)n);
    ap_int_base<W, S> r;
    r.V = k >= 0 ? apx::shr_raw<W, S>(a.V, k) : apx::shl_raw<W, S>(a.V, -k);
    return r;
}
template <int W, bool S, int W2, bool S2>
inline ap_int_base<W, S> operator<<(const ap_int_base<W, S>& a, const ap_int_base<W2, S2>& n) {
    return a << (typename ap_int_base<W2, S2>::RetType)n.V;
}
template <int W, bool S, int W2, bool S2>
inline ap_int_base<W, S> operator>>(const ap_int_base<W, S>& a, const ap_int_base<W2, S2>& n) {
    return a >> (typename ap_int_base<W2, S2>::RetType)n.V;
}

// Stream I/O (templates over the stream, so <ostream>/<istream> are only needed where they are used).
template <class C, class Tr, int W, bool S>
inline std::basic_ostream<C, Tr>& operator<<(std::basic_ostream<C, Tr>& os, const ap_int_base<W, S>& x) {
    if (W <= 64) return os << (typename ap_int_base<W, S>::RetType)x.V;
    char buf[140];
    const bool n = apx::sneg(x.V);
    char* p = apx::utoa(apx::smag(x.V), 10, buf + sizeof buf, 1);
    if (n) *--p = '-';
    return os << p;
}
template <class C, class Tr, int W, bool S>
inline std::basic_istream<C, Tr>& operator>>(std::basic_istream<C, Tr>& is, ap_int_base<W, S>& x) {
    typename ap_int_base<W, S>::RetType v = 0;
    is >> v;
    x = ap_int_base<W, S>(v);
    return is;
}

// The fixed-point types are part of the same library (the vendor ap_int.h provides them too).
#include "ap_fixed.h"

#endif // HLS4ML_SDK_AP_INT_H
