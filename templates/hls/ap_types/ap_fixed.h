// Hls4ml.Sdk -- ap_fixed.h
//
// Clean-room emulation of the Xilinx/AMD HLS arbitrary precision fixed-point types
// ap_fixed<W, I, Q, O, N> and ap_ufixed<W, I, Q, O, N>, written from the documented semantics
// (UG902/UG1399, "Arbitrary Precision Data Types") for bit-accurate C simulation with g++ (C++11 or later).
//
// Value = raw * 2^-(W - I), raw being a W-bit two's complement (ap_fixed) or unsigned (ap_ufixed) integer.
// I may be negative or larger than W. Every conversion (from double/float, C integers, ap_int and other
// ap_[u]fixed formats, strings) quantizes the exact source value with the destination's Q mode and then applies
// the O mode. Arithmetic results use the documented full-precision result formats and are exact:
//   a +/- b : I = max(I1 + (S2 && !S1), I2 + (S1 && !S2)) + 1, F = max(F1, F2); '+' is signed if either
//             operand is, '-' is always signed
//   a * b   : W = W1 + W2, I = I1 + I2
//   a / b   : W = W1 + max(F2, 0) + S2, I = I1 + F2 + S2; quotient truncated toward zero at F = W - I
//   -a      : W + 1, I + 1, signed
// A C integer operand behaves as the ap_int of its width (int -> ap_int<32>, unsigned -> ap_uint<32>,
// long long -> ap_int<64>, bool -> ap_uint<1>). A float/double operand makes the operation a double operation
// (the ap value is converted with to_double(), the result is a double); comparisons with float/double compare
// to_double(), as the vendor library does. Relational operators follow the vendor's C-like rules for mixed
// signedness (apx::rel). Compound assignments compute the full-precision result and convert it into the left
// operand's type. tests/cpp/vendor_xcheck checks all of this against the vendor's own headers.
#ifndef HLS4ML_SDK_AP_FIXED_H
#define HLS4ML_SDK_AP_FIXED_H

#include "ap_int.h"

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
using ap_fixed = ap_fixed_base<W, I, true, Q, O, N>;
template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
using ap_ufixed = ap_fixed_base<W, I, false, Q, O, N>;

namespace apx {

/// Result formats of ap_fixed_base<W1,I1,S1> op ap_fixed_base<W2,I2,S2>.
template <int W1, int I1, bool S1, int W2, int I2, bool S2> struct frt {
    enum {
        F1 = W1 - I1,
        F2 = W2 - I2,
        F = F1 > F2 ? F1 : F2,
        AI = imax(I1 + (S2 && !S1), I2 + (S1 && !S2)),
        plus_i = AI + 1,
        plus_w = AI + 1 + F,
        mult_w = W1 + W2,
        mult_i = I1 + I2,
        div_w = W1 + imax(F2, 0) + S2,
        div_i = I1 + F2 + S2,
        logic_i = AI,
        logic_w = AI + F
    };
    static const bool S = S1 || S2;
    typedef ap_fixed_base<plus_w, plus_i, S, AP_TRN, AP_WRAP, 0> plus;
    typedef ap_fixed_base<plus_w, plus_i, true, AP_TRN, AP_WRAP, 0> minus;
    typedef ap_fixed_base<mult_w, mult_i, S, AP_TRN, AP_WRAP, 0> mult;
    typedef ap_fixed_base<div_w, div_i, S, AP_TRN, AP_WRAP, 0> div;
    typedef ap_fixed_base<logic_w, logic_i, S, AP_TRN, AP_WRAP, 0> logic;
};

/// An ap_int_base seen as the fixed-point format <W, W>.
template <int W, bool S> inline ap_fixed_base<W, W, S, AP_TRN, AP_WRAP, 0> as_fx(const ap_int_base<W, S>& x) {
    ap_fixed_base<W, W, S, AP_TRN, AP_WRAP, 0> r;
    r.V = x.V;
    return r;
}

// Decimal digit strings (little endian, one digit per char value 0..9) for exact decimal printing.
template <class M> inline int dec_from(M m, unsigned char* d) {
    int n = 0;
    do {
        d[n++] = (unsigned char)(int)(m % (M)10u);
        m /= (M)10u;
    } while (m != (M)0);
    return n;
}
inline int dec_mul_small(unsigned char* d, int n, int k) {
    int carry = 0;
    for (int i = 0; i < n; i++) {
        const int v = d[i] * k + carry;
        d[i] = (unsigned char)(v % 10);
        carry = v / 10;
    }
    while (carry) {
        d[n++] = (unsigned char)(carry % 10);
        carry /= 10;
    }
    return n;
}
/// Exact decimal text of (neg ? -m : m) * 2^-F into out (at least 1400 chars). Falls back to fewer
/// fractional digits when |F| > 600 (formats that wide are not used in practice).
template <class M> inline void fx_to_dec(bool neg, M m, int F, char* out) {
    enum { MB = tbits<M>::value };
    unsigned char ip[800], fp[700];
    int ni, nf = 0;
    if (F > 600) {
        m = F - 600 >= MB ? (M)0 : (M)(m >> (F - 600));
        F = 600;
    }
    if (F < -600) F = -600;
    if (F <= 0) {
        ni = dec_from(m, ip);
        for (int i = 0; i < -F; i++) ni = dec_mul_small(ip, ni, 2);
    } else {
        ni = dec_from(F >= MB ? (M)0 : (M)(m >> F), ip);
        const M f = m & lmask<M>(F);
        if (f != (M)0) {
            // f / 2^F = f * 5^F / 10^F
            nf = dec_from(f, fp);
            for (int i = 0; i < F; i++) nf = dec_mul_small(fp, nf, 5);
            while (nf < F) fp[nf++] = 0;
        }
    }
    char* o = out;
    if (neg && (m != (M)0)) *o++ = '-';
    for (int i = ni - 1; i >= 0; i--) *o++ = (char)('0' + ip[i]);
    if (nf) {
        int lo = 0;
        while (lo < nf && fp[lo] == 0) lo++; // strip trailing zeros
        *o++ = '.';
        for (int i = nf - 1; i >= lo; i--) *o++ = (char)('0' + fp[i]);
    }
    *o = 0;
}

} // namespace apx

// ---------------------------------------------------------------------------------------------------------------
// ap_fixed_base<W, I, S, Q, O, N>: ap_fixed (S = true) and ap_ufixed (S = false).
// ---------------------------------------------------------------------------------------------------------------
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> struct ap_fixed_base {
    typedef typename apx::st<W, S>::type raw_type;
    typedef typename apx::st<W, S>::utype uraw_type;
    typedef typename apx::mag<W>::type mag_type; ///< holds the W-bit magnitude
    typedef typename apx::mag<W + 1>::type cvt_type; ///< conversions in: AP_WRAP_SM reads the bit above the result
    static const int width = W;
    static const int iwidth = I;
    static const int fwidth = W - I;
    static const ap_q_mode qmode = Q;
    static const ap_o_mode omode = O;
    static const bool sign_flag = S;

    raw_type V; ///< raw bits, sign/zero-extended to the storage type

    // --- construction (quantization with Q, then overflow handling with O/N) --------------------------------
    ap_fixed_base() : V(0) {}
    ap_fixed_base(const ap_fixed_base&) = default;
    template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
    ap_fixed_base(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& x) : V(apx::fx_cvt<W, I, S, Q, O, N, W2, I2, S2>(x.V)) {}
    template <int W2, bool S2>
    ap_fixed_base(const ap_int_base<W2, S2>& x) : V(apx::fx_cvt<W, I, S, Q, O, N, W2, W2, S2>(x.V)) {}
    /// From a range reference: the selected bits as an unsigned integer.
    template <class T>
    ap_fixed_base(const ap_range_ref<T>& r)
        : V(apx::fx_cvt<W, I, S, Q, O, N, T::width, T::width, false>(apx::norm<T::width, false>(r.get()))) {}
    template <class T>
    ap_fixed_base(const ap_bit_ref<T>& b) : V(apx::fx_cvt<W, I, S, Q, O, N, 1, 1, false>((uint64_t)(bool)b)) {}
#define HLS4ML_AP_FIXED_CTOR(CT)                                                                                      \
    ap_fixed_base(CT x)                                                                                               \
        : V(apx::fx_cvt<W, I, S, Q, O, N, apx::cint<CT>::W, apx::cint<CT>::W, apx::cint<CT>::S>(                      \
              (typename apx::st<apx::cint<CT>::W, apx::cint<CT>::S>::type)x)) {}
    HLS4ML_AP_FIXED_CTOR(bool)
    HLS4ML_AP_FIXED_CTOR(char)
    HLS4ML_AP_FIXED_CTOR(signed char)
    HLS4ML_AP_FIXED_CTOR(unsigned char)
    HLS4ML_AP_FIXED_CTOR(short)
    HLS4ML_AP_FIXED_CTOR(unsigned short)
    HLS4ML_AP_FIXED_CTOR(int)
    HLS4ML_AP_FIXED_CTOR(unsigned int)
    HLS4ML_AP_FIXED_CTOR(long)
    HLS4ML_AP_FIXED_CTOR(unsigned long)
    HLS4ML_AP_FIXED_CTOR(long long)
    HLS4ML_AP_FIXED_CTOR(unsigned long long)
#undef HLS4ML_AP_FIXED_CTOR
    /// Exact for every finite double; NaN gives 0, +-inf saturate (AP_SAT*) or give 0 (AP_WRAP).
    ap_fixed_base(double x) : V((raw_type)apx::from_double<cvt_type>(x, W, W - I, S, Q, O, N)) {}
    ap_fixed_base(float x) : V((raw_type)apx::from_double<cvt_type>((double)x, W, W - I, S, Q, O, N)) {}
    /// long double is converted through double.
    ap_fixed_base(long double x) : V((raw_type)apx::from_double<cvt_type>((double)x, W, W - I, S, Q, O, N)) {}
    /// From text: decimal ("-1.25", "3e-2"), or "0b"/"0o"/"0x" prefixed (e.g. "0x1.8"), or digits in radix.
    ap_fixed_base(const char* s, signed char radix = 0)
        : V((raw_type)apx::from_string<cvt_type>(s, radix, W, W - I, S, Q, O, N)) {}

    ap_fixed_base& operator=(const ap_fixed_base&) = default;

    /// Raw bit access.
    ap_fixed_base& setBits(unsigned long long bv) {
        V = apx::norm<W, S>((uraw_type)bv);
        return *this;
    }
    static ap_fixed_base bitsToFixed(unsigned long long bv) {
        ap_fixed_base t;
        t.setBits(bv);
        return t;
    }
    unsigned long long bits_to_uint64() const { return (unsigned long long)V; }

    // --- conversion out ------------------------------------------------------------------------------------
    double to_double() const { return apx::to_dbl<W - I>(V); }
    float to_float() const { return apx::to_flt<W, W - I>(V); }
    /// Integer part, truncated toward zero (like a C cast of the value), at max(I, 1) bits.
    ap_int_base<apx::imax(I, 1), S> to_ap_int_base(bool = true) const { return ap_int_base<apx::imax(I, 1), S>(*this); }
    long long to_int64() const { return (long long)apx::fx_trunc<uint64_t, W, I>(V); }
    unsigned long long to_uint64() const { return (unsigned long long)apx::fx_trunc<uint64_t, W, I>(V); }
    int to_int() const { return (int)to_int64(); }
    unsigned to_uint() const { return (unsigned)to_uint64(); }
    long to_long() const { return (long)to_int64(); }
    unsigned long to_ulong() const { return (unsigned long)to_uint64(); }
    char to_char() const { return (char)to_int64(); }
    bool to_bool() const { return V != 0; }

    // Implicit conversions to the C types, as in the vendor library (e.g. `int i = x * 8;` compiles).
    operator long double() const { return (long double)to_double(); }
    operator double() const { return to_double(); }
    operator float() const { return to_float(); }
    operator bool() const { return V != 0; }
    operator char() const { return (char)to_int64(); }
    operator signed char() const { return (signed char)to_int64(); }
    operator unsigned char() const { return (unsigned char)to_uint64(); }
    operator short() const { return (short)to_int64(); }
    operator unsigned short() const { return (unsigned short)to_uint64(); }
    operator int() const { return (int)to_int64(); }
    operator unsigned int() const { return (unsigned int)to_uint64(); }
    operator long() const { return (long)to_int64(); }
    operator unsigned long() const { return (unsigned long)to_uint64(); }
    operator long long() const { return to_int64(); }
    operator unsigned long long() const { return to_uint64(); }

    // --- bits ----------------------------------------------------------------------------------------------
    int length() const { return W; }
    bool is_neg() const { return apx::sneg(V); }
    bool is_zero() const { return V == 0; }
    bool iszero() const { return V == 0; }
    ap_bit_ref<ap_fixed_base> operator[](int i) { return ap_bit_ref<ap_fixed_base>(this, i); }
    bool operator[](int i) const { return apx::bitof((uraw_type)V, i); }
    ap_bit_ref<ap_fixed_base> bit(int i) { return ap_bit_ref<ap_fixed_base>(this, i); }
    bool bit(int i) const { return apx::bitof((uraw_type)V, i); }
    bool get_bit(int i) const { return apx::bitof((uraw_type)V, i); }
    void set_bit(int i, bool b) { (*this)[i] = b; }
    /// Raw bits hi..lo as an unsigned number; assignable (sets those raw bits).
    ap_range_ref<ap_fixed_base> range(int hi, int lo) const {
        return ap_range_ref<ap_fixed_base>(const_cast<ap_fixed_base*>(this), hi, lo);
    }
    ap_range_ref<ap_fixed_base> range() const { return range(W - 1, 0); }
    ap_range_ref<ap_fixed_base> operator()(int hi, int lo) const { return range(hi, lo); }
    bool and_reduce() const { return range().and_reduce(); }
    bool or_reduce() const { return V != 0; }
    bool xor_reduce() const { return range().xor_reduce(); }
    int countLeadingZeros() const { return apx::clz((uraw_type)V, W); }

    // --- unary operators -----------------------------------------------------------------------------------
    ap_fixed_base operator+() const { return *this; }
    ap_fixed_base<W + 1, I + 1, true, AP_TRN, AP_WRAP, 0> operator-() const {
        typedef ap_fixed_base<W + 1, I + 1, true, AP_TRN, AP_WRAP, 0> R;
        typedef typename R::uraw_type C;
        R r;
        r.V = apx::norm<W + 1, true>((C)((C)0 - (C)V));
        return r;
    }
    /// Negation in the same format (wraps for the most negative value).
    ap_fixed_base<W, I, true, Q, O, N> getNeg() const {
        ap_fixed_base<W, I, true, Q, O, N> r;
        r.V = apx::norm<W, true>((uraw_type)((uraw_type)0 - (uraw_type)V));
        return r;
    }
    ap_fixed_base<W, I, S, AP_TRN, AP_WRAP, 0> operator~() const {
        ap_fixed_base<W, I, S, AP_TRN, AP_WRAP, 0> r;
        r.V = apx::norm<W, S>((uraw_type)~(uraw_type)V);
        return r;
    }
    bool operator!() const { return V == 0; }
    ap_fixed_base& operator++() { return *this = *this + ap_fixed_base<1, 1, false, AP_TRN, AP_WRAP, 0>(1); }
    ap_fixed_base& operator--() { return *this = *this - ap_fixed_base<1, 1, false, AP_TRN, AP_WRAP, 0>(1); }
    const ap_fixed_base operator++(int) { ap_fixed_base r(*this); ++*this; return r; }
    const ap_fixed_base operator--(int) { ap_fixed_base r(*this); --*this; return r; }

    // --- compound assignment: full-precision result, then quantization/overflow into this type -------------------
    template <class X> ap_fixed_base& operator+=(const X& x) { return *this = *this + x; }
    template <class X> ap_fixed_base& operator-=(const X& x) { return *this = *this - x; }
    template <class X> ap_fixed_base& operator*=(const X& x) { return *this = *this * x; }
    template <class X> ap_fixed_base& operator/=(const X& x) { return *this = *this / x; }
    template <class X> ap_fixed_base& operator&=(const X& x) { return *this = *this & x; }
    template <class X> ap_fixed_base& operator|=(const X& x) { return *this = *this | x; }
    template <class X> ap_fixed_base& operator^=(const X& x) { return *this = *this ^ x; }
    template <class X> ap_fixed_base& operator<<=(const X& x) { return *this = *this << x; }
    template <class X> ap_fixed_base& operator>>=(const X& x) { return *this = *this >> x; }

    /// Move the binary point: same raw bits, format <W, I + SH> / <W, I - SH>.
    template <int SH> ap_fixed_base<W, I + SH, S, AP_TRN, AP_WRAP, 0> lshift() const {
        ap_fixed_base<W, I + SH, S, AP_TRN, AP_WRAP, 0> r;
        r.V = V;
        return r;
    }
    template <int SH> ap_fixed_base<W, I - SH, S, AP_TRN, AP_WRAP, 0> rshift() const {
        ap_fixed_base<W, I - SH, S, AP_TRN, AP_WRAP, 0> r;
        r.V = V;
        return r;
    }

    // --- text ----------------------------------------------------------------------------------------------
    /// radix 10: exact decimal value; 2, 8, 16: "0b"/"0o"/"0x" followed by the W raw bits (no binary point).
    /// (Str defaults to std::string: the calling translation unit must include <string>.)
    template <class Str = std::string> Str to_string(int radix = 2, bool sign = S) const {
        char buf[1400 + W];
        const mag_type bits = (mag_type)((uraw_type)V & apx::lmask<uraw_type>(W));
        if (radix == 10) {
            const bool n = sign && apx::sneg(V);
            apx::fx_to_dec<mag_type>(n, n ? (mag_type)apx::smag(V) : bits, W - I, buf);
            return Str(buf);
        }
        const int b = radix == 16 ? 4 : (radix == 8 ? 3 : 1);
        char* p = apx::utoa<mag_type>(bits, 1 << b, buf + sizeof buf, (W + b - 1) / b);
        *--p = radix == 16 ? 'x' : (radix == 8 ? 'o' : 'b');
        *--p = '0';
        return Str(p);
    }
};
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> const int ap_fixed_base<W, I, S, Q, O, N>::width;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> const int ap_fixed_base<W, I, S, Q, O, N>::iwidth;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> const int ap_fixed_base<W, I, S, Q, O, N>::fwidth;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
const ap_q_mode ap_fixed_base<W, I, S, Q, O, N>::qmode;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
const ap_o_mode ap_fixed_base<W, I, S, Q, O, N>::omode;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
const bool ap_fixed_base<W, I, S, Q, O, N>::sign_flag;

// ---------------------------------------------------------------------------------------------------------------
// Binary operators between fixed-point values (exact, full-precision results).
// ---------------------------------------------------------------------------------------------------------------
#define HLS4ML_FX_TPL1 int W1, int I1, bool S1, ap_q_mode Q1, ap_o_mode O1, int N1
#define HLS4ML_FX_TPL2 int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2
#define HLS4ML_FX_T1 ap_fixed_base<W1, I1, S1, Q1, O1, N1>
#define HLS4ML_FX_T2 ap_fixed_base<W2, I2, S2, Q2, O2, N2>

#define HLS4ML_FX_BIN(OP, RT, EXPR)                                                                                   \
    template <HLS4ML_FX_TPL1, HLS4ML_FX_TPL2>                                                                         \
    inline typename apx::frt<W1, I1, S1, W2, I2, S2>::RT operator OP(const HLS4ML_FX_T1& a, const HLS4ML_FX_T2& b) {  \
        typedef apx::frt<W1, I1, S1, W2, I2, S2> R;                                                                   \
        typedef typename R::RT RT_;                                                                                   \
        RT_ r;                                                                                                        \
        r.V = EXPR;                                                                                                   \
        return r;                                                                                                     \
    }
HLS4ML_FX_BIN(+, plus,
              (apx::addsub<RT_::width, RT_::sign_flag, R::F - (W1 - I1), R::F - (W2 - I2), false>(a.V, b.V)))
HLS4ML_FX_BIN(-, minus,
              (apx::addsub<RT_::width, RT_::sign_flag, R::F - (W1 - I1), R::F - (W2 - I2), true>(a.V, b.V)))
HLS4ML_FX_BIN(*, mult, (apx::mul<RT_::width, RT_::sign_flag>(a.V, b.V)))
HLS4ML_FX_BIN(/, div, (apx::divq<RT_::width, RT_::sign_flag, apx::imax(W2 - I2, 0), W1, W2>(a.V, b.V)))
#define HLS4ML_FX_LOGIC(OP)                                                                                           \
    HLS4ML_FX_BIN(OP, logic,                                                                                          \
                  (apx::norm<RT_::width, RT_::sign_flag>(                                                             \
                      (typename RT_::uraw_type)(                                                                      \
                          (typename RT_::uraw_type)((typename RT_::uraw_type)a.V                                      \
                                                    << apx::csh(R::F - (W1 - I1), apx::st<RT_::width, RT_::sign_flag>::bits))      \
                          OP(typename RT_::uraw_type)((typename RT_::uraw_type)b.V                                    \
                                                      << apx::csh(R::F - (W2 - I2), apx::st<RT_::width, RT_::sign_flag>::bits))))))
HLS4ML_FX_LOGIC(&)
HLS4ML_FX_LOGIC(|)
HLS4ML_FX_LOGIC(^)
#undef HLS4ML_FX_LOGIC
#undef HLS4ML_FX_BIN

// Comparisons follow the vendor's rules (binary points aligned, then C-like for mixed signedness: see apx::rel).
#define HLS4ML_FX_REL(OP, EXPR)                                                                                       \
    template <HLS4ML_FX_TPL1, HLS4ML_FX_TPL2> inline bool operator OP(const HLS4ML_FX_T1& a, const HLS4ML_FX_T2& b) { \
        return EXPR;                                                                                                  \
    }
HLS4ML_FX_REL(==, (apx::rel_eq<W1, W1 - I1, S1, W2, W2 - I2, S2>(a.V, b.V)))
HLS4ML_FX_REL(!=, (!apx::rel_eq<W1, W1 - I1, S1, W2, W2 - I2, S2>(a.V, b.V)))
HLS4ML_FX_REL(<, (apx::rel_ord<W1, W1 - I1, S1, W2, W2 - I2, S2>(a.V, b.V) < 0))
HLS4ML_FX_REL(<=, (apx::rel_ord<W1, W1 - I1, S1, W2, W2 - I2, S2>(a.V, b.V) <= 0))
HLS4ML_FX_REL(>, (apx::rel_ord<W1, W1 - I1, S1, W2, W2 - I2, S2>(a.V, b.V) > 0))
HLS4ML_FX_REL(>=, (apx::rel_ord<W1, W1 - I1, S1, W2, W2 - I2, S2>(a.V, b.V) >= 0))
#undef HLS4ML_FX_REL

// Mixed with ap_int_base (treated as the fixed format <W, W>) and with C integers (as ap_int of their width).
#define HLS4ML_FX_MIXED(OP)                                                                                           \
    template <HLS4ML_FX_TPL1, int W2, bool S2>                                                                        \
    inline auto operator OP(const HLS4ML_FX_T1& a, const ap_int_base<W2, S2>& b)->decltype(a OP apx::as_fx(b)) {      \
        return a OP apx::as_fx(b);                                                                                    \
    }                                                                                                                 \
    template <HLS4ML_FX_TPL1, int W2, bool S2>                                                                        \
    inline auto operator OP(const ap_int_base<W2, S2>& b, const HLS4ML_FX_T1& a)->decltype(apx::as_fx(b) OP a) {      \
        return apx::as_fx(b) OP a;                                                                                    \
    }                                                                                                                 \
    template <HLS4ML_FX_TPL1, class T>                                                                                \
    inline auto operator OP(const HLS4ML_FX_T1& a, T b)->decltype(a OP typename apx::cint<T>::fx(b)) {                \
        return a OP typename apx::cint<T>::fx(b);                                                                     \
    }                                                                                                                 \
    template <HLS4ML_FX_TPL1, class T>                                                                                \
    inline auto operator OP(T b, const HLS4ML_FX_T1& a)->decltype(typename apx::cint<T>::fx(b) OP a) {                \
        return typename apx::cint<T>::fx(b) OP a;                                                                     \
    }
HLS4ML_FX_MIXED(+)
HLS4ML_FX_MIXED(-)
HLS4ML_FX_MIXED(*)
HLS4ML_FX_MIXED(/)
HLS4ML_FX_MIXED(&)
HLS4ML_FX_MIXED(|)
HLS4ML_FX_MIXED(^)
HLS4ML_FX_MIXED(==)
HLS4ML_FX_MIXED(!=)
HLS4ML_FX_MIXED(<)
HLS4ML_FX_MIXED(<=)
HLS4ML_FX_MIXED(>)
HLS4ML_FX_MIXED(>=)
#undef HLS4ML_FX_MIXED

// Mixed with float/double: arithmetic in double (returns double; the vendor library has no such operators).
#define HLS4ML_FX_DBIN(OP, FT)                                                                                        \
    template <HLS4ML_FX_TPL1> inline double operator OP(const HLS4ML_FX_T1& a, FT b) {                                \
        return a.to_double() OP(double) b;                                                                            \
    }                                                                                                                 \
    template <HLS4ML_FX_TPL1> inline double operator OP(FT a, const HLS4ML_FX_T1& b) {                                \
        return (double)a OP b.to_double();                                                                            \
    }
// Comparisons with float/double compare to_double() with the operand, as the vendor library does.
#define HLS4ML_FX_DREL(OP, FT)                                                                                        \
    template <HLS4ML_FX_TPL1> inline bool operator OP(const HLS4ML_FX_T1& a, FT b) { return a.to_double() OP b; }     \
    template <HLS4ML_FX_TPL1> inline bool operator OP(FT a, const HLS4ML_FX_T1& b) { return a OP b.to_double(); }
#define HLS4ML_FX_FLOAT_OPS(FT)                                                                                       \
    HLS4ML_FX_DBIN(+, FT)                                                                                             \
    HLS4ML_FX_DBIN(-, FT)                                                                                             \
    HLS4ML_FX_DBIN(*, FT)                                                                                             \
    HLS4ML_FX_DBIN(/, FT)                                                                                             \
    HLS4ML_FX_DREL(==, FT)                                                                                            \
    HLS4ML_FX_DREL(!=, FT)                                                                                            \
    HLS4ML_FX_DREL(<, FT)                                                                                             \
    HLS4ML_FX_DREL(<=, FT)                                                                                            \
    HLS4ML_FX_DREL(>, FT)                                                                                             \
    HLS4ML_FX_DREL(>=, FT)
HLS4ML_FX_FLOAT_OPS(double)
HLS4ML_FX_FLOAT_OPS(float)
#undef HLS4ML_FX_FLOAT_OPS
#undef HLS4ML_FX_DBIN
#undef HLS4ML_FX_DREL

// Shifts move the raw bits and keep the type of the left operand (no quantization or overflow handling, as in
// the vendor library); a negative amount shifts the other way. '>>' is arithmetic for signed types.
template <HLS4ML_FX_TPL1, class T>
inline typename apx::en_if<(apx::cint<T>::W > 0), HLS4ML_FX_T1>::type operator<<(const HLS4ML_FX_T1& a, T n) {
    const long long k = apx::cint<T>::S ? apx::shamt_s((long long)n) : apx::shamt_u((unsigned long long)n);
    HLS4ML_FX_T1 r;
    r.V = k >= 0 ? apx::shl_raw<W1, S1>(a.V, k) : apx::shr_raw<W1, S1>(a.V, -k);
    return r;
}
template <HLS4ML_FX_TPL1, class T>
inline typename apx::en_if<(apx::cint<T>::W > 0), HLS4ML_FX_T1>::type operator>>(const HLS4ML_FX_T1& a, T n) {
    const long long k = apx::cint<T>::S ? apx::shamt_s((long long)n) : apx::shamt_u((unsigned long long)n);
    HLS4ML_FX_T1 r;
    r.V = k >= 0 ? apx::shr_raw<W1, S1>(a.V, k) : apx::shl_raw<W1, S1>(a.V, -k);
    return r;
}
template <HLS4ML_FX_TPL1, int W2, bool S2>
inline HLS4ML_FX_T1 operator<<(const HLS4ML_FX_T1& a, const ap_int_base<W2, S2>& n) {
    return a << (typename ap_int_base<W2, S2>::RetType)n.V;
}
template <HLS4ML_FX_TPL1, int W2, bool S2>
inline HLS4ML_FX_T1 operator>>(const HLS4ML_FX_T1& a, const ap_int_base<W2, S2>& n) {
    return a >> (typename ap_int_base<W2, S2>::RetType)n.V;
}

// Stream I/O: the value is printed like a double (honouring the stream's precision and flags).
template <class C, class Tr, HLS4ML_FX_TPL1>
inline std::basic_ostream<C, Tr>& operator<<(std::basic_ostream<C, Tr>& os, const HLS4ML_FX_T1& x) {
    return os << x.to_double();
}
template <class C, class Tr, HLS4ML_FX_TPL1>
inline std::basic_istream<C, Tr>& operator>>(std::basic_istream<C, Tr>& is, HLS4ML_FX_T1& x) {
    double d = 0;
    is >> d;
    x = HLS4ML_FX_T1(d);
    return is;
}

#undef HLS4ML_FX_TPL1
#undef HLS4ML_FX_TPL2
#undef HLS4ML_FX_T1
#undef HLS4ML_FX_T2

#endif // HLS4ML_SDK_AP_FIXED_H
