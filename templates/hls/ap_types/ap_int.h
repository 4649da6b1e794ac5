// Hls4ml.Sdk -- ap_int.h
//
// Clean-room emulation of the Xilinx/AMD HLS arbitrary precision integer types ap_int<W> / ap_uint<W>,
// written from the documented semantics (UG902/UG1399, "Arbitrary Precision Data Types") for bit-accurate
// C simulation of generated HLS C++ with g++ (C++11 or later).
//
//  * Widths 1..64 are stored in one int64_t / uint64_t; widths 65..128 in __int128 (so every product of two
//    64-bit operands is exact); wider ones, up to AP_INT_MAX_W (default 1024, as in the vendor library), in an
//    apx::wint of 64-bit words that only those widths instantiate. Wider types are rejected with a static_assert.
//  * Where the vendor library deliberately follows C (mixed-signedness comparisons, / and %) or has a quirk its C
//    simulation and synthesis share, this one does the same (tests/cpp/vendor_xcheck cross-checks the two).
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

// ---------------------------------------------------------------------------------------------------------------
// Storage of widths above 128 bits: a two's complement integer of N 64-bit words (little endian) that behaves like
// a built-in integer type of 64 * N bits for everything this library does with one: wrap-around + - *, / and %
// truncating toward zero, & | ^ ~, << and >> (arithmetic when S), comparisons, explicit conversions to the C types
// (to float/double with one rounding, to nearest even). Only types wider than 128 bits instantiate it, so the
// common narrow types never pay for it, not even in compile time.
// ---------------------------------------------------------------------------------------------------------------
template <int N, bool S> struct wint {
    static_assert(N >= 2, "wint: at least two words");
    uint64_t w[N];

    wint() : w() {}
#define HLS4ML_APX_WINT_FROM(T, WIDE)                                                                                 \
    wint(T x) { from((WIDE)x); }
    HLS4ML_APX_WINT_FROM(bool, u128)
    HLS4ML_APX_WINT_FROM(char, i128)
    HLS4ML_APX_WINT_FROM(signed char, i128)
    HLS4ML_APX_WINT_FROM(unsigned char, u128)
    HLS4ML_APX_WINT_FROM(short, i128)
    HLS4ML_APX_WINT_FROM(unsigned short, u128)
    HLS4ML_APX_WINT_FROM(int, i128)
    HLS4ML_APX_WINT_FROM(unsigned, u128)
    HLS4ML_APX_WINT_FROM(long, i128)
    HLS4ML_APX_WINT_FROM(unsigned long, u128)
    HLS4ML_APX_WINT_FROM(long long, i128)
    HLS4ML_APX_WINT_FROM(unsigned long long, u128)
    HLS4ML_APX_WINT_FROM(i128, i128)
    HLS4ML_APX_WINT_FROM(u128, u128)
#undef HLS4ML_APX_WINT_FROM
    /// From another word count or signedness: truncated, or sign/zero-extended by the source's signedness.
    template <int N2, bool S2> wint(const wint<N2, S2>& x) {
        const uint64_t ext = x.neg() ? ~0ULL : 0;
        for (int i = 0; i < N; i++) w[i] = i < N2 ? x.w[i] : ext;
    }

    void from(i128 x) {
        w[0] = (uint64_t)x;
        w[1] = (uint64_t)((u128)x >> 64);
        for (int i = 2; i < N; i++) w[i] = x < 0 ? ~0ULL : 0;
    }
    void from(u128 x) {
        w[0] = (uint64_t)x;
        w[1] = (uint64_t)(x >> 64);
        for (int i = 2; i < N; i++) w[i] = 0;
    }

    bool neg() const { return S && (w[N - 1] >> 63) != 0; }
    bool zero() const {
        for (int i = 0; i < N; i++)
            if (w[i]) return false;
        return true;
    }
    u128 low() const { return ((u128)w[1] << 64) | w[0]; }

#define HLS4ML_APX_WINT_TO(T)                                                                                         \
    explicit operator T() const { return (T)low(); }
    HLS4ML_APX_WINT_TO(char)
    HLS4ML_APX_WINT_TO(signed char)
    HLS4ML_APX_WINT_TO(unsigned char)
    HLS4ML_APX_WINT_TO(short)
    HLS4ML_APX_WINT_TO(unsigned short)
    HLS4ML_APX_WINT_TO(int)
    HLS4ML_APX_WINT_TO(unsigned)
    HLS4ML_APX_WINT_TO(long)
    HLS4ML_APX_WINT_TO(unsigned long)
    HLS4ML_APX_WINT_TO(long long)
    HLS4ML_APX_WINT_TO(unsigned long long)
    HLS4ML_APX_WINT_TO(i128)
    HLS4ML_APX_WINT_TO(u128)
#undef HLS4ML_APX_WINT_TO
    explicit operator bool() const { return !zero(); }
    explicit operator double() const { return scaled<double, 53, -1074>(0); }
    explicit operator float() const { return scaled<float, 24, -149>(0); }
    explicit operator long double() const { return (long double)scaled<double, 53, -1074>(0); }

    /// value * 2^-F rounded once (to nearest even) to a binary floating-point type with P significant bits whose
    /// smallest subnormal is 2^EMIN.
    template <class FT, int P, int EMIN> FT scaled(int F) const {
        const bool n = neg();
        const wint<N, false> m = n ? wint<N, false>(-*this) : wint<N, false>(*this);
        int h = 64 * N - 1;
        while (h >= 0 && !m.bit(h)) h--;
        if (h < 0) return n ? -(FT)0 : (FT)0;
        // Bit p of m becomes the result's lsb: P significant bits, but none below 2^EMIN.
        const int p = imax(h - (P - 1), F + EMIN);
        uint64_t q;
        if (p <= 0) {
            q = (uint64_t)m;
        } else {
            q = p >= 64 * N ? 0 : (uint64_t)(m >> p);
            const bool half = m.bit(p - 1);
            bool rest = false;
            for (int i = 0; i < p - 1 && !rest; i++) rest = m.bit(i);
            if (half && (rest || (q & 1))) q++;
        }
        const FT r = __builtin_ldexp((FT)q, imax(p, 0) - F);
        return n ? -r : r;
    }
    bool bit(int i) const { return i >= 0 && i < 64 * N && ((w[i >> 6] >> (i & 63)) & 1); }

    // --- arithmetic modulo 2^(64 N) ---------------------------------------------------------------------------
    friend wint operator+(const wint& a, const wint& b) {
        wint r;
        uint64_t c = 0;
        for (int i = 0; i < N; i++) {
            const u128 s = (u128)a.w[i] + b.w[i] + c;
            r.w[i] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        return r;
    }
    friend wint operator-(const wint& a, const wint& b) {
        wint r;
        uint64_t borrow = 0;
        for (int i = 0; i < N; i++) {
            const u128 d = (u128)a.w[i] - b.w[i] - borrow;
            r.w[i] = (uint64_t)d;
            borrow = (uint64_t)(d >> 64) & 1;
        }
        return r;
    }
    friend wint operator*(const wint& a, const wint& b) {
        wint r;
        for (int i = 0; i < N; i++) {
            if (!a.w[i]) continue;
            uint64_t c = 0;
            for (int j = 0; i + j < N; j++) {
                const u128 p = (u128)a.w[i] * b.w[j] + r.w[i + j] + c;
                r.w[i + j] = (uint64_t)p;
                c = (uint64_t)(p >> 64);
            }
        }
        return r;
    }
    wint operator-() const { return wint() - *this; }
    wint operator~() const {
        wint r;
        for (int i = 0; i < N; i++) r.w[i] = ~w[i];
        return r;
    }
    bool operator!() const { return zero(); }
    friend wint operator&(const wint& a, const wint& b) {
        wint r;
        for (int i = 0; i < N; i++) r.w[i] = a.w[i] & b.w[i];
        return r;
    }
    friend wint operator|(const wint& a, const wint& b) {
        wint r;
        for (int i = 0; i < N; i++) r.w[i] = a.w[i] | b.w[i];
        return r;
    }
    friend wint operator^(const wint& a, const wint& b) {
        wint r;
        for (int i = 0; i < N; i++) r.w[i] = a.w[i] ^ b.w[i];
        return r;
    }
    /// Shifts by n >= 0 (n at or beyond 64 N gives 0, or -1 for a negative value shifted right).
    wint operator<<(int n) const {
        wint r;
        if (n >= 64 * N) return r;
        const int q = n >> 6, s = n & 63;
        for (int i = N - 1; i >= q; i--) r.w[i] = (w[i - q] << s) | (s && i - q - 1 >= 0 ? w[i - q - 1] >> (64 - s) : 0);
        return r;
    }
    wint operator>>(int n) const {
        const uint64_t ext = neg() ? ~0ULL : 0;
        wint r;
        if (n >= 64 * N) {
            for (int i = 0; i < N; i++) r.w[i] = ext;
            return r;
        }
        const int q = n >> 6, s = n & 63;
        for (int i = 0; i < N; i++) {
            const uint64_t lo = i + q < N ? w[i + q] : ext, hi = i + q + 1 < N ? w[i + q + 1] : ext;
            r.w[i] = s ? (lo >> s) | (hi << (64 - s)) : lo;
        }
        return r;
    }
    /// Quotient truncated toward zero and remainder with the dividend's sign (x / 0 gives 0, x % 0 gives x).
    static void divmod(const wint& a, const wint& b, wint* q, wint* r) {
        const bool na = a.neg(), nb = b.neg();
        const wint<N, false> x = na ? wint<N, false>(-a) : wint<N, false>(a);
        const wint<N, false> y = nb ? wint<N, false>(-b) : wint<N, false>(b);
        wint<N, false> qq, rr;
        if (y.zero()) {
            rr = x;
        } else if (y.fits64()) { // one-word divisor: word by word
            const uint64_t d = y.w[0];
            u128 rem = 0;
            for (int i = N - 1; i >= 0; i--) {
                const u128 cur = (rem << 64) | x.w[i];
                qq.w[i] = (uint64_t)(cur / d);
                rem = cur % d;
            }
            rr = wint<N, false>((u128)rem);
        } else { // bit by bit
            for (int i = 64 * N - 1; i >= 0; i--) {
                rr = rr << 1;
                rr.w[0] |= x.bit(i);
                if (!(rr < y)) {
                    rr = rr - y;
                    qq.w[i >> 6] |= 1ULL << (i & 63);
                }
            }
        }
        if (q) *q = na != nb ? -wint(qq) : wint(qq);
        if (r) *r = na ? -wint(rr) : wint(rr);
    }
    bool fits64() const {
        for (int i = 1; i < N; i++)
            if (w[i]) return false;
        return true;
    }
    friend wint operator/(const wint& a, const wint& b) {
        wint q;
        divmod(a, b, &q, 0);
        return q;
    }
    friend wint operator%(const wint& a, const wint& b) {
        wint r;
        divmod(a, b, 0, &r);
        return r;
    }

    friend bool operator==(const wint& a, const wint& b) {
        for (int i = 0; i < N; i++)
            if (a.w[i] != b.w[i]) return false;
        return true;
    }
    friend bool operator!=(const wint& a, const wint& b) { return !(a == b); }
    friend bool operator<(const wint& a, const wint& b) {
        if (a.neg() != b.neg()) return a.neg();
        for (int i = N - 1; i >= 0; i--)
            if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
        return false;
    }
    friend bool operator>(const wint& a, const wint& b) { return b < a; }
    friend bool operator<=(const wint& a, const wint& b) { return !(b < a); }
    friend bool operator>=(const wint& a, const wint& b) { return !(a < b); }

    wint& operator+=(const wint& x) { return *this = *this + x; }
    wint& operator-=(const wint& x) { return *this = *this - x; }
    wint& operator*=(const wint& x) { return *this = *this * x; }
    wint& operator/=(const wint& x) { return *this = *this / x; }
    wint& operator%=(const wint& x) { return *this = *this % x; }
    wint& operator&=(const wint& x) { return *this = *this & x; }
    wint& operator|=(const wint& x) { return *this = *this | x; }
    wint& operator^=(const wint& x) { return *this = *this ^ x; }
    wint& operator<<=(int n) { return *this = *this << n; }
    wint& operator>>=(int n) { return *this = *this >> n; }
};

/// Number of bits of a storage or magnitude type.
template <class T> struct tbits { static const int value = (int)sizeof(T) * 8; };

/// Magnitude type able to hold B bits: u128 up to 128 (what every narrow path has always used), else wide.
template <int B> struct mag { typedef typename sel<(B <= 128), u128, wint<(B + 63) / 64, false> >::type type; };
/// The magnitude type matching a storage type.
template <class T> struct magof { typedef u128 type; };
template <int N, bool S> struct magof<wint<N, S> > { typedef wint<N, false> type; };

/// Largest supported width: AP_INT_MAX_W rounded up to a multiple of 1024, as the vendor library does (default 1024).
#ifndef AP_INT_MAX_W
#define AP_INT_MAX_W 1024
#endif
enum { max_width = (AP_INT_MAX_W + 1023) / 1024 * 1024 };

/// Storage of a W-bit value: 64-bit for W <= 64, 128-bit for 65..128, N 64-bit words above.
template <int W, bool S> struct st {
    static_assert(W >= 1, "ap_[u]int / ap_[u]fixed: the width W must be at least 1");
    static_assert(W <= max_width, "ap_[u]int / ap_[u]fixed: the width (including the full-precision width of an "
                                  "intermediate result) exceeds AP_INT_MAX_W (default 1024); define AP_INT_MAX_W "
                                  "before including ap_int.h / ap_fixed.h to raise it");
    typedef typename sel<(W <= 64), typename sel<S, int64_t, uint64_t>::type,
                         typename sel<(W <= 128), typename sel<S, i128, u128>::type, wint<(W + 63) / 64, S> >::type>::type
        type;
    typedef typename sel<(W <= 64), uint64_t, typename sel<(W <= 128), u128, wint<(W + 63) / 64, false> >::type>::type
        utype;
    static const int bits = (W <= 64) ? 64 : ((W <= 128) ? 128 : 64 * ((W + 63) / 64));
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
template <int N, bool S> inline bool sneg(const wint<N, S>& v) { return v.neg(); }
inline u128 smag(int64_t v) { return v < 0 ? (u128)0 - (u128)v : (u128)v; }
inline u128 smag(uint64_t v) { return v; }
inline u128 smag(i128 v) { return v < 0 ? (u128)0 - (u128)v : (u128)v; }
inline u128 smag(u128 v) { return v; }
template <int N, bool S> inline wint<N, false> smag(const wint<N, S>& v) {
    return v.neg() ? wint<N, false>(-v) : wint<N, false>(v);
}

// Masks and bits of magnitudes (M: u128, or a wint for widths above 128).
template <class M> inline M lmask(int w) {
    return w <= 0 ? (M)0 : (w >= tbits<M>::value ? ~(M)0 : (M)(((M)1 << w) - (M)1));
}
template <class M> inline bool bitof(const M& x, int i) { return i >= 0 && i < tbits<M>::value && ((x >> i) & (M)1) != (M)0; }
template <class M> inline M normw(M x, int W, bool S) {
    if (W >= tbits<M>::value) return x;
    x &= lmask<M>(W);
    if (S && bitof(x, W - 1)) x |= ~lmask<M>(W);
    return x;
}
template <class M> inline M pow2m(int e) { return (M)1 << e; }

/// The core conversion. Source value = (neg ? -mag : mag) * 2^-(Fsrc); d = Fsrc - Fdst (bits to drop when > 0).
/// Quantizes exactly with mode Q, then handles overflow of the W-bit destination with mode O / N.
/// Returns the destination bits sign/zero-extended to the width of M. M must hold more than W bits: AP_WRAP_SM needs
/// the bit just above the result (of the exact value, also when that is too large for M).
template <class M> inline M cvt(bool neg, const M& mag, int d, int W, bool S, int Q, int O, int N) {
    enum { MB = tbits<M>::value };
    if (mag == (M)0) return (M)0;
    M q;              // magnitude of the quantized value, modulo 2^MB
    bool big = false; // the quantized magnitude is >= 2^MB (always an overflow)
    M fl;             // two's complement of floor(value * 2^Fdst) (used by AP_WRAP_SM)
    if (d > 0) {
        int c;        // dropped part compared with one half LSB: -1 below, 0 exactly half, 1 above
        bool inexact;
        if (d >= MB + 1) {
            q = (M)0; c = -1; inexact = true;
        } else if (d == MB) {
            const M h = pow2m<M>(MB - 1);
            q = (M)0; c = mag > h ? 1 : (mag == h ? 0 : -1); inexact = true;
        } else {
            const M r = mag & lmask<M>(d), h = pow2m<M>(d - 1);
            q = mag >> d; c = r > h ? 1 : (r == h ? 0 : -1); inexact = r != (M)0;
        }
        fl = neg ? (M)((M)0 - (M)(q + (M)(inexact ? 1 : 0))) : q;
        bool up;
        switch (Q) {
        case AP_RND: up = c > 0 || (c == 0 && !neg); break;              // half toward +inf
        case AP_RND_ZERO: up = c > 0; break;                               // half toward zero
        case AP_RND_MIN_INF: up = c > 0 || (c == 0 && neg); break;        // half toward -inf
        case AP_RND_INF: up = c >= 0; break;                               // half away from zero
        case AP_RND_CONV: up = c > 0 || (c == 0 && bitof(q, 0)); break;   // half to even
        case AP_TRN_ZERO: up = false; break;                               // toward zero
        default: up = neg && inexact; break;                               // AP_TRN: toward -inf
        }
        if (up) q += (M)1;
    } else if (d < 0) {
        const int s = -d;
        if (s >= MB) {
            q = (M)0; big = true;
        } else {
            big = (mag >> (MB - s)) != (M)0;
            q = mag << s;
        }
        fl = neg ? (M)((M)0 - q) : q;
    } else {
        q = mag;
        fl = neg ? (M)((M)0 - q) : q;
    }
    if (q == (M)0 && !big) return (M)0;
    const M t = neg ? (M)((M)0 - q) : q; // low MB bits of the quantized value (two's complement)
    bool ovf;
    if (big) ovf = true;
    else if (S) ovf = neg ? (q > pow2m<M>(W - 1)) : (q > lmask<M>(W - 1));
    else ovf = neg || q > lmask<M>(W);
    // Symmetric saturation also treats the most negative code as an overflow (result is -max).
    if (!ovf && O == AP_SAT_SYM && S && neg && q == pow2m<M>(W - 1)) ovf = true;
    if (!ovf) return normw(t, W, S);

    if (O == AP_SAT_ZERO) return (M)0;
    if (O == AP_WRAP) {
        M r = t & lmask<M>(W);
        if (N > 0) {
            if (S) {
                if (neg) r |= pow2m<M>(W - 1);
                else r &= ~pow2m<M>(W - 1);
                if (N > 1) {
                    const int lo = imax(W - N, 0), hi = W - 2;
                    if (hi >= lo) {
                        const M m = lmask<M>(hi - lo + 1) << lo;
                        r = neg ? (M)(r & ~m) : (M)(r | m);
                    }
                }
            } else {
                const int lo = imax(W - N, 0);
                r |= lmask<M>(W - lo) << lo;
            }
        }
        return normw(r, W, S);
    }
    if (O == AP_WRAP_SM && S) {
        const M m = lmask<M>(W);
        M r = t & m;
        const bool Ro = bitof(r, W - 1);
        if (N == 0) {
            const bool lD = W < MB ? bitof(fl, W) : neg;
            if (lD != Ro) {
                r = ~r & m;
                r = lD ? (M)(r | pow2m<M>(W - 1)) : (M)(r & ~pow2m<M>(W - 1));
            }
        } else {
            if (N == 1 && neg != Ro) {
                r = ~r & m;
            } else if (N > 1) {
                const bool lNo = bitof(r, W - N);
                if (lNo == neg) r = ~r & m;
                const int lo = imax(W - N, 0), hi = W - 2;
                if (hi >= lo) {
                    const M mm = lmask<M>(hi - lo + 1) << lo;
                    r = neg ? (M)(r & ~mm) : (M)(r | mm);
                }
            }
            r = neg ? (M)(r | pow2m<M>(W - 1)) : (M)(r & ~pow2m<M>(W - 1));
        }
        return normw(r, W, S);
    }
    // AP_SAT, AP_SAT_SYM (and AP_WRAP_SM on unsigned destinations)
    if (S) {
        if (!neg) return lmask<M>(W - 1);
        M mn = ~lmask<M>(W - 1); // -2^(W-1)
        if (O == AP_SAT_SYM) mn |= (M)1;
        return mn;
    }
    return neg ? (M)0 : lmask<M>(W);
}

/// Exact comparison of (na ? -ma : ma) * 2^-fa with (nb ? -mb : mb) * 2^-fb. Returns -1, 0 or 1.
template <class M> inline int cmp_sm(bool na, const M& ma, int fa, bool nb, const M& mb, int fb) {
    enum { MB = tbits<M>::value };
    if (ma == (M)0) na = false;
    if (mb == (M)0) nb = false;
    if (na != nb) return na ? -1 : 1;
    int c;
    if (ma == (M)0 || mb == (M)0) {
        c = (ma != (M)0) - (mb != (M)0);
    } else {
        int s = fb - fa; // compare ma * 2^s with mb
        if (s == 0) {
            c = ma < mb ? -1 : (ma > mb ? 1 : 0);
        } else if (s > 0) {
            if (s >= MB || (ma >> (MB - s)) != (M)0) c = 1;
            else {
                const M x = ma << s;
                c = x < mb ? -1 : (x > mb ? 1 : 0);
            }
        } else {
            s = -s;
            if (s >= MB || (mb >> (MB - s)) != (M)0) c = -1;
            else {
                const M y = mb << s;
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
/// M: the magnitude type of the destination (mag<W>::type).
template <class M> inline M from_double(double x, int W, int F, bool S, int Q, int O, int N) {
    const dsplit p(x);
    if (p.nan) return (M)0;
    if (p.inf) return cvt<M>(p.neg, (M)1, -(tbits<M>::value + 1), W, S, Q, O, N);
    return cvt<M>(p.neg, (M)p.m, p.f - F, W, S, Q, O, N);
}

/// ap_int from a float or double (raw bits b, MAN significand bits, exponent bias BIAS) as the vendor library
/// converts it: the magnitude truncated toward zero, negated for a negative value, modulo 2^W. Its quirks are kept: a
/// negative value of magnitude below 1/2 (subnormals included) gives 1 (the truncated magnitude is taken as -1, then
/// negated), and infinities and NaNs convert as finite numbers with the largest exponent (0 unless W is very wide).
template <class M, int MAN, int BIAS, class U> inline M int_from_ieee(U b, int W, bool S) {
    enum { TOT = (int)sizeof(U) * 8 };
    const bool neg = (b >> (TOT - 1)) != 0;
    if ((U)(b << 1) == 0) return (M)0;
    const int exp = (int)((b >> MAN) & (((U)1 << (TOT - 1 - MAN)) - 1)) - BIAS;
    const uint64_t man = (uint64_t)(b & (((U)1 << MAN) - 1)) | ((uint64_t)1 << MAN);
    const int sh = MAN - exp;
    M v;
    if (sh >= 0) v = sh == 0 ? (M)man : (sh < MAN + 2 ? (M)(man >> sh) : (neg ? ~(M)0 : (M)0));
    else v = -sh < W ? (M)((M)man << -sh) : (M)0;
    if (neg) v = (M)0 - v;
    return normw(v, W, S);
}
template <class M> inline M int_from_double(double x, int W, bool S) {
    uint64_t b;
    __builtin_memcpy(&b, &x, sizeof b);
    return int_from_ieee<M, 52, 1023>(b, W, S);
}
template <class M> inline M int_from_float(float x, int W, bool S) {
    uint32_t b;
    __builtin_memcpy(&b, &x, sizeof b);
    return int_from_ieee<M, 23, 127>(b, W, S);
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

/// Storage value with F fractional bits -> double (one rounding, to nearest even). Beyond the scale factors that keep
/// the result normal, through the multi-word path, which rounds once also for subnormal results.
template <int F, class A> inline double to_dbl(A v) {
    if (F >= -960 && F <= 960) return (double)v * pow2d<(F >= -960 && F <= 960) ? -F : 0>::v;
    return wint<3, true>(v).template scaled<double, 53, -1074>(F);
}
template <int F, int N, bool S> inline double to_dbl(const wint<N, S>& v) { return v.template scaled<double, 53, -1074>(F); }
/// Storage value of a W-bit value with F fractional bits -> float (one rounding). (float)v of a 128-bit value can
/// overflow although the scaled result is finite: above 64 bits, through the multi-word path.
template <int W, int F, class A> inline float to_flt(A v) {
    if (W <= 53 && F >= -960 && F <= 960) return (float)to_dbl<F>(v); // exact double, then one rounding
    if (W <= 64 && F >= -100 && F <= 100) return (float)v * (float)pow2d<(F >= -100 && F <= 100) ? -F : 0>::v;
    return wint<3, true>(v).template scaled<float, 24, -149>(F);
}
template <int W, int F, int N, bool S> inline float to_flt(const wint<N, S>& v) { return v.template scaled<float, 24, -149>(F); }

/// Integer part (truncated toward zero, as C does for double -> int) of a W-bit value with I integer bits,
/// reduced modulo 2^bits(C). As in the vendor library, a negative value of a format with I = 0 gives -1 (its integer
/// part is taken as 0 and then incremented for the discarded fraction).
template <class C, int W, int I, class A> inline C fx_trunc(A v) {
    enum { F = W - I, CB = tbits<C>::value };
    typedef typename magof<A>::type M;
    if (F <= 0) return (-F >= CB) ? (C)0 : (C)((C)v << csh(-F, CB));
    const bool n = sneg(v);
    if (I == 0 && n) return (C)((C)0 - (C)1);
    if (W <= 64) {
        uint64_t m = (uint64_t)smag(v);
        m = (F >= 64) ? 0 : (m >> csh(F, 64));
        return n ? (C)((C)0 - (C)m) : (C)m;
    }
    M m = (M)smag(v);
    m = (F >= tbits<M>::value) ? (M)0 : (M)(m >> csh(F, tbits<M>::value));
    return n ? (C)((C)0 - (C)m) : (C)m;
}

/// Conversion between fixed-point formats (ap_int<W> is the format <W, W>). Fast paths for the cases that can
/// neither round nor overflow and for the default AP_TRN/AP_WRAP modes; everything else goes through cvt().
template <int Wt, int It, bool St, int Q, int O, int N, int Ws, int Is, bool Ss, class A>
inline typename st<Wt, St>::type fx_cvt(A v) {
    typedef typename st<Wt, St>::type T;
    typedef typename st<Wt, St>::utype UT;
    typedef typename st<imax(Wt, Ws), false>::utype C; // wide enough for source and destination
    typedef typename st<imax(Wt, Ws), true>::type SC;
    typedef typename mag<imax(Wt + 1, Ws)>::type M; // one bit above the result: AP_WRAP_SM reads it
    enum {
        D = (Ws - Is) - (Wt - It),
        // Every source value fits the destination -- but with AP_SAT_SYM the destination's most negative code is an
        // overflow too, which a signed source with as many integer bits can hold.
        FITS = (D <= 0) && (Ss == St ? Is <= It : (!Ss && Is < It)) && !(O == AP_SAT_SYM && St && Ss && Is == It),
        PLAIN = (Q == AP_TRN) && (O == AP_WRAP) && (N == 0),
        CB = st<imax(Wt, Ws), false>::bits
    };
    enum {
        // The source value and the quantized result fit an int64_t: rounding and saturation in 64-bit arithmetic.
        FAST64 = Wt <= 64 && (O == AP_SAT || O == AP_SAT_ZERO || O == AP_SAT_SYM || (O == AP_WRAP && N == 0)) &&
                 (D > 0 ? (Ws + !Ss <= 64 && D <= 62) : (Ws + !Ss - D <= 64))
    };
    if (FITS) return (T)((UT)v << csh(-D, st<Wt, St>::bits));
    if (PLAIN) {
        if (D <= 0) return (-D >= CB) ? (T)0 : norm<Wt, St>((C)((C)v << csh(-D, CB)));
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
    return (T)cvt<M>(sneg(v), (M)smag(v), D, Wt, St, Q, O, N);
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
    typedef typename mag<imax(Wa, Wb)>::type M;
    return cmp_sm<M>(sneg(a), (M)smag(a), Fa, sneg(b), (M)smag(b), Fb);
}

/// Relational operators as the vendor library evaluates them (C simulation and synthesis alike). It aligns the binary
/// points first (the operand with fewer fractional bits is widened exactly, to W + dF bits, plus one integer bit when
/// it is the left operand), then compares the two raw integers the way C compares integers of mixed signedness:
///  * <, <=, >, >=: when the unsigned operand is at least as wide as the signed one (and not both narrower than 32
///    bits, where C would promote both to int), a negative signed value is greater than every unsigned value;
///  * ==, !=: bit patterns extended to E = max(W1, W2, 32) bits, so a negative value equals the unsigned value
///    2^E + value when the unsigned operand is E bits wide -- except that below 64 bits its C model does not
///    reduce a signed operand that is itself E bits wide, which then equals no unsigned value.
/// Everything else is the exact comparison.
template <int Wa, int Fa, bool Sa, int Wb, int Fb, bool Sb> struct rel {
    enum {
        F = Fa > Fb ? Fa : Fb,
        W1 = Fa >= Fb ? Wa : Wa + Fb - Fa + 1, // aligned raw widths
        W2 = Fa > Fb ? Wb + Fa - Fb : Wb,
        WS = Sa ? W1 : W2,
        WU = Sa ? W2 : W1,
        E = imax(imax(W1, W2), 32),
        ULT = Sa != Sb && WU >= WS && !(W1 < 32 && W2 < 32),
        WRAP_EQ = Sa != Sb && WU == E && (WS < E || E >= 64)
    };
};
template <int Wa, int Fa, bool Sa, int Wb, int Fb, bool Sb, class A, class B> inline int rel_ord(A a, B b) {
    typedef rel<Wa, Fa, Sa, Wb, Fb, Sb> R;
    if (R::ULT) {
        if (Sa && sneg(a)) return 1;
        if (Sb && sneg(b)) return -1;
    }
    return cmpv<Wa, Fa, Sa, Wb, Fb, Sb>(a, b);
}
template <int Wa, int Fa, bool Sa, int Wb, int Fb, bool Sb, class A, class B> inline bool rel_eq(A a, B b) {
    typedef rel<Wa, Fa, Sa, Wb, Fb, Sb> R;
    if (cmpv<Wa, Fa, Sa, Wb, Fb, Sb>(a, b) == 0) return true;
    if (!R::WRAP_EQ || !(Sa ? sneg(a) : sneg(b))) return false;
    // |signed| + unsigned == 2^E, both aligned to F fractional bits.
    typedef typename mag<R::E + 1>::type M;
    const M x = (M)smag(a) << csh(R::F - Fa, tbits<M>::value), y = (M)smag(b) << csh(R::F - Fb, tbits<M>::value);
    return (M)(x + y) == pow2m<M>(R::E);
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
    typedef typename mag<imax(imax(W, WA + SH), WB)>::type M;
    if (b == 0) return 0;
    const bool n = sneg(a) != sneg(b);
    if (WA + SH <= 64 && WB <= 64) {
        const uint64_t q = ((uint64_t)smag(a) << csh(SH, 64)) / (uint64_t)smag(b);
        return norm<W, S>(n ? (C)((C)0 - (C)q) : (C)q);
    }
    const M q = (M)((M)smag(a) << csh(SH, tbits<M>::value)) / (M)smag(b);
    return norm<W, S>(n ? (C)((C)0 - (C)q) : (C)q);
}
/// Remainder with the sign of the dividend (C semantics). x % 0 gives x.
template <int W, bool S, class A, class B> inline typename st<W, S>::type modq(A a, B b) {
    typedef typename st<W, S>::utype C;
    typedef typename mag<imax(tbits<A>::value, tbits<B>::value)>::type M;
    if (b == 0) return norm<W, S>((C)a);
    const M r = (M)smag(a) % (M)smag(b);
    return norm<W, S>(sneg(a) ? (C)((C)0 - (C)r) : (C)r);
}
/// ap_int / and % as the vendor library computes them: both operands are first brought to MW = max(W1, W2) +
/// (S1 || S2) bits, typed with the wider operand's signedness (equal widths: signed if either is), as C's usual
/// arithmetic conversions do; '/' divides signed iff that type is signed, '%' takes a signed remainder iff the dividend
/// and that type are signed, otherwise both work on the unsigned MW-bit patterns (so a negative operand counts as
/// 2^MW + value). The exact paths (divq, modq) give the same result whenever no operand is reinterpreted.
template <int W1, bool S1, int W2, bool S2> struct cdiv {
    enum { MW = imax(W1, W2) + (S1 || S2) };
    static const bool SX = W1 > W2 ? S1 : (W2 > W1 ? S2 : (S1 || S2));
};
/// x modulo 2^MW (its MW-bit pattern) as an unsigned magnitude.
template <class M, int MW, class A> inline M pattern(A x) {
    const M m = (M)smag(x);
    return (M)((sneg(x) ? (M)((M)0 - m) : m) & lmask<M>(MW));
}
template <int W, bool S, int W1, bool S1, int W2, bool S2, class A, class B> inline typename st<W, S>::type idiv(A a, B b) {
    typedef cdiv<W1, S1, W2, S2> D;
    typedef typename mag<D::MW>::type M;
    typedef typename st<W, S>::utype C;
    if (D::SX || !(sneg(a) || sneg(b))) return divq<W, S, 0, W1, W2>(a, b);
    const M y = pattern<M, D::MW>(b);
    if (y == (M)0) return 0;
    return norm<W, S>((C)(M)(pattern<M, D::MW>(a) / y));
}
template <int W, bool S, int W1, bool S1, int W2, bool S2, class A, class B> inline typename st<W, S>::type imod(A a, B b) {
    typedef cdiv<W1, S1, W2, S2> D;
    typedef typename mag<D::MW>::type M;
    typedef typename st<W, S>::utype C;
    if ((S1 && D::SX) || !(sneg(a) || sneg(b))) return modq<W, S>(a, b);
    const M x = pattern<M, D::MW>(a), y = pattern<M, D::MW>(b);
    if (y == (M)0) return norm<W, S>((C)x);
    return norm<W, S>((C)(M)(x % y));
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

/// The low n bits of x in reverse order.
template <class M> inline M rev_bits(const M& x, int n) {
    M r = (M)0;
    for (int i = 0; i < n; i++)
        if (bitof(x, i)) r |= (M)1 << (n - 1 - i);
    return r;
}
/// Leading zeros of the low W bits of x.
template <class M> inline int clz(const M& x, int W) {
    int n = 0;
    for (int i = W - 1; i >= 0 && !bitof(x, i); i--) n++;
    return n;
}

/// Unsigned magnitude to text in a power-of-two radix or decimal; writes backwards from end (one char per bit
/// of M, plus 2, is always enough).
template <class M> inline char* utoa(M m, int radix, char* end, int min_digits) {
    *--end = 0;
    int n = 0;
    do {
        const int d = (int)(m % (M)(unsigned)radix);
        *--end = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        m /= (M)(unsigned)radix;
        n++;
    } while (m != (M)0 || n < min_digits);
    return end;
}

/// Parse a C string (optional sign, optional 0b/0o/0x prefix or explicit radix, digits, optional '.', and for
/// radix 10 an optional exponent) into the W-bit fixed point format with F fractional bits (M: mag<W>::type).
/// Power-of-two radices and plain decimal integers are parsed exactly (up to the bits of M);
/// decimal fractions go through strtod (exact up to double precision).
template <class M> inline M from_string(const char* s, int radix, int W, int F, bool S, int Q, int O, int N) {
    enum { MB = tbits<M>::value };
    if (!s) return (M)0;
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
            return from_double<M>(neg ? -x : x, W, F, S, Q, O, N);
        }
    }
    M m = (M)0;
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
            if ((m >> (MB - bits_per_digit)) != (M)0) { // keep the most significant MB bits
                if (point) continue;
                lost += bits_per_digit;
                continue;
            }
            m = (m << bits_per_digit) | (M)(unsigned)d;
            if (point) frac += bits_per_digit;
        } else {
            m = m * (M)10u + (M)(unsigned)d; // decimal integer, modulo 2^MB
        }
    }
    return cvt<M>(neg, m, frac - lost - F, W, S, Q, O, N);
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
    operator bool() const { return apx::bitof((U)d_->V, pos_); }
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
    typedef typename apx::mag<W>::type mag_type; ///< holds the W-bit magnitude
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
    /// From floating point: truncation toward zero (C semantics), then modulo 2^W, with the vendor's quirks for
    /// negative values below 1/2 in magnitude (they give 1) and for infinities and NaNs (see apx::int_from_ieee).
    ap_int_base(double x) : V((raw_type)apx::int_from_double<mag_type>(x, W, S)) {}
    ap_int_base(float x) : V((raw_type)apx::int_from_float<mag_type>(x, W, S)) {}
    ap_int_base(long double x) : V((raw_type)apx::int_from_double<mag_type>((double)x, W, S)) {}
    /// From text ("123", "-0x7f", "0b1010", or digits in the given radix). Values wrap modulo 2^W.
    ap_int_base(const char* s, signed char radix = 0)
        : V((raw_type)apx::from_string<mag_type>(s, radix, W, 0, S, AP_TRN_ZERO, AP_WRAP, 0)) {}

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
    bool operator[](int i) const { return apx::bitof((uraw_type)V, i); }
    ap_bit_ref<ap_int_base> bit(int i) { return ap_bit_ref<ap_int_base>(this, i); }
    bool bit(int i) const { return apx::bitof((uraw_type)V, i); }
    bool get_bit(int i) const { return apx::bitof((uraw_type)V, i); }
    bool test(int i) const { return apx::bitof((uraw_type)V, i); }
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
    bool and_reduce() const { return ((uraw_type)V & apx::lmask<uraw_type>(W)) == apx::lmask<uraw_type>(W); }
    bool or_reduce() const { return V != 0; }
    bool xor_reduce() const { return range().xor_reduce(); }
    bool nand_reduce() const { return !and_reduce(); }
    bool nor_reduce() const { return !or_reduce(); }
    bool xnor_reduce() const { return !xor_reduce(); }
    int countLeadingZeros() const { return apx::clz((uraw_type)V, W); }
    ap_int_base& reverse() {
        V = apx::norm<W, S>(apx::rev_bits((uraw_type)((uraw_type)V & apx::lmask<uraw_type>(W)), W));
        return *this;
    }
    ap_int_base& lrotate(int n) {
        n %= W;
        if (n < 0) n += W;
        const uraw_type x = (uraw_type)V & apx::lmask<uraw_type>(W);
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
        char buf[W + 12];
        char* p;
        const mag_type bits = (mag_type)((uraw_type)V & apx::lmask<uraw_type>(W));
        if (radix == 10) {
            const bool n = sign && apx::sneg(V);
            p = apx::utoa<mag_type>(n ? (mag_type)apx::smag(V) : bits, 10, buf + sizeof buf, 1);
            if (n) *--p = '-';
        } else {
            const int b = radix == 16 ? 4 : (radix == 8 ? 3 : 1);
            p = apx::utoa<mag_type>(bits, 1 << b, buf + sizeof buf, (W + b - 1) / b);
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
HLS4ML_AP_INT_BIN(/, div, (apx::idiv<R::width, R::sign_flag, W1, S1, W2, S2>(a.V, b.V)))
HLS4ML_AP_INT_BIN(%, mod, (apx::imod<R::width, R::sign_flag, W1, S1, W2, S2>(a.V, b.V)))
HLS4ML_AP_INT_BIN(&, logic,
                  (apx::norm<R::width, R::sign_flag>((typename R::uraw_type)a.V & (typename R::uraw_type)b.V)))
HLS4ML_AP_INT_BIN(|, logic,
                  (apx::norm<R::width, R::sign_flag>((typename R::uraw_type)a.V | (typename R::uraw_type)b.V)))
HLS4ML_AP_INT_BIN(^, logic,
                  (apx::norm<R::width, R::sign_flag>((typename R::uraw_type)a.V ^ (typename R::uraw_type)b.V)))
#undef HLS4ML_AP_INT_BIN

// Comparisons follow the vendor's C-like rules for mixed signedness (see apx::rel).
#define HLS4ML_AP_INT_REL(OP, EXPR)                                                                                   \
    template <int W1, bool S1, int W2, bool S2>                                                                       \
    inline bool operator OP(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {                             \
        return EXPR;                                                                                                  \
    }
HLS4ML_AP_INT_REL(==, (apx::rel_eq<W1, 0, S1, W2, 0, S2>(a.V, b.V)))
HLS4ML_AP_INT_REL(!=, (!apx::rel_eq<W1, 0, S1, W2, 0, S2>(a.V, b.V)))
HLS4ML_AP_INT_REL(<, (apx::rel_ord<W1, 0, S1, W2, 0, S2>(a.V, b.V) < 0))
HLS4ML_AP_INT_REL(<=, (apx::rel_ord<W1, 0, S1, W2, 0, S2>(a.V, b.V) <= 0))
HLS4ML_AP_INT_REL(>, (apx::rel_ord<W1, 0, S1, W2, 0, S2>(a.V, b.V) > 0))
HLS4ML_AP_INT_REL(>=, (apx::rel_ord<W1, 0, S1, W2, 0, S2>(a.V, b.V) >= 0))
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

// Mixed with floating point, as the vendor library: arithmetic converts the ap value to its 64-bit C integer
// (RetType, so wider values are truncated) and computes in the floating-point type (float stays float);
// comparisons compare to_double() with the operand.
#define HLS4ML_AP_INT_DBIN(OP, FT)                                                                                    \
    template <int W, bool S> inline FT operator OP(const ap_int_base<W, S>& a, FT b) {                                \
        return (typename ap_int_base<W, S>::RetType)a.V OP b;                                                         \
    }                                                                                                                 \
    template <int W, bool S> inline FT operator OP(FT a, const ap_int_base<W, S>& b) {                                \
        return a OP(typename ap_int_base<W, S>::RetType) b.V;                                                         \
    }
#define HLS4ML_AP_INT_DREL(OP, FT)                                                                                    \
    template <int W, bool S> inline bool operator OP(const ap_int_base<W, S>& a, FT b) { return a.to_double() OP b; } \
    template <int W, bool S> inline bool operator OP(FT a, const ap_int_base<W, S>& b) { return a OP b.to_double(); }
#define HLS4ML_AP_INT_FLOAT_OPS(FT)                                                                                   \
    HLS4ML_AP_INT_DBIN(+, FT)                                                                                         \
    HLS4ML_AP_INT_DBIN(-, FT)                                                                                         \
    HLS4ML_AP_INT_DBIN(*, FT)                                                                                         \
    HLS4ML_AP_INT_DBIN(/, FT)                                                                                         \
    HLS4ML_AP_INT_DREL(==, FT)                                                                                        \
    HLS4ML_AP_INT_DREL(!=, FT)                                                                                        \
    HLS4ML_AP_INT_DREL(<, FT)                                                                                         \
    HLS4ML_AP_INT_DREL(<=, FT)                                                                                        \
    HLS4ML_AP_INT_DREL(>, FT)                                                                                         \
    HLS4ML_AP_INT_DREL(>=, FT)
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
    typedef typename ap_int_base<W, S>::mag_type M;
    char buf[W + 12];
    const bool n = apx::sneg(x.V);
    char* p = apx::utoa<M>((M)apx::smag(x.V), 10, buf + sizeof buf, 1);
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
