// API / usage-pattern checks for the Hls4ml.Sdk ap_types headers: the constructs that generated HLS code and the
// nnet templates rely on must compile and behave as expected. (Bit-exactness of the arithmetic itself is covered
// by the oracle cases in cases.txt.) Prints "api: N passed, M failed"; exit code 0 iff M == 0.
// Must stay valid C++11.
#include "ap_fixed.h"
#include "hls_stream.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

static int g_pass = 0, g_fail = 0;
#define CHECK(...)                                                                                                    \
    do {                                                                                                              \
        if (__VA_ARGS__) {                                                                                            \
            g_pass++;                                                                                                 \
        } else {                                                                                                      \
            g_fail++;                                                                                                 \
            std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #__VA_ARGS__);                                       \
        }                                                                                                             \
    } while (0)

template <class A, class B> struct same_type { static const bool value = false; };
template <class A> struct same_type<A, A> { static const bool value = true; };

template <class T> static std::string str(const T& x) {
    std::ostringstream os;
    os << x;
    return os.str();
}

// hls4ml softmax-table patterns
template <class data_T> static unsigned idx_from_real(data_T x) {
    ap_uint<10> y = x(x.width - 1, x.width - 10);
    return (unsigned)y(9, 0);
}
template <class data_T> static float real_from_idx(unsigned i) {
    data_T x(0);
    x(x.width - 1, x.width - 10) = i;
    return (float)x;
}
struct table_config {
    static const unsigned table_size = 1024;
    enum { n_in = 4 };
};
template <class data_T, class CONFIG_T> static int sigmoid_index(data_T x) {
    int data_round = x * CONFIG_T::table_size / 16; // implicit conversion to int, as in hls4ml
    int index = data_round + 8 * CONFIG_T::table_size / 16;
    if (index < 0) index = 0;
    if (index > (int)CONFIG_T::table_size - 1) index = CONFIG_T::table_size - 1;
    return index;
}
template <class T> struct Op_add {
    T operator()(T a, T b) { return a + b; }
};
template <class T> static T pad_val_max() {
    T x = 0;
    x[x.width - 1] = 1;
    return x;
}
template <class data_T> struct diff_of {
    typedef ap_fixed<data_T::width, data_T::iwidth, AP_RND, AP_SAT> type;
};

static void test_patterns() {
    typedef ap_fixed<16, 6> data_t;
    // top-10-bit slice round trip
    for (unsigned i = 0; i < 1024; i += 37) CHECK(idx_from_real(data_t(real_from_idx<data_t>(i))) == i);
    CHECK(real_from_idx<data_t>(1) == 64.0f / 1024); // raw 1 << 6 with 10 fractional bits
    CHECK(real_from_idx<data_t>(512) == -32.0f);
    CHECK(real_from_idx<ap_ufixed<12, 2> >(1023) == 3.99609375f);
    // implicit conversion to int in index arithmetic
    CHECK(sigmoid_index<data_t, table_config>(data_t(1.5)) == 608);
    CHECK(sigmoid_index<data_t, table_config>(data_t(-1.5)) == 416);
    CHECK(sigmoid_index<data_t, table_config>(data_t(-20.0)) == 0);
    CHECK((int)(data_t(-1.75) * (int)table_config::table_size / 16) == -112);
    // static members as template arguments
    typedef diff_of<data_t>::type diff_t;
    CHECK(diff_t::width == 16 && diff_t::iwidth == 6 && diff_t::qmode == AP_RND && diff_t::omode == AP_SAT);
    CHECK(data_t::width == 16 && data_t::iwidth == 6 && ap_uint<7>::width == 7);
    // padding value for max pooling: the most negative value
    CHECK(pad_val_max<data_t>() == -32);
    CHECK(pad_val_max<ap_int<8> >() == -128);
    // reduction with a functor returning T
    data_t v[3] = {1.25, 2.5, -0.75};
    Op_add<data_t> add;
    CHECK(add(add(v[0], v[1]), v[2]) == 3);
    // relu
    data_t x = -0.5;
    ap_fixed<8, 3> r = x > 0 ? (ap_fixed<8, 3>)x : (ap_fixed<8, 3>)0;
    CHECK(r == 0);
    // enum operand behaves like int
    CHECK(data_t(1.5) * table_config::n_in == 6);
}

static void test_conversions() {
    ap_fixed<16, 6> a = 1.5, b = -2.25;
    double d = (double)a;
    float f = (float)b;
    int i = (int)b;
    long long ll = b;
    unsigned u = a;
    CHECK(d == 1.5 && f == -2.25f && i == -2 && ll == -2 && u == 1u);
    CHECK(a.to_double() == 1.5 && b.to_float() == -2.25f && b.to_int() == -2 && a.to_uint() == 1u);
    if (a) CHECK(true);
    else CHECK(false);
    CHECK(!ap_fixed<8, 4>(0));
    CHECK(b.is_neg() && !a.is_neg() && a.length() == 16);
    // C-like truncation toward zero when converting to integers
    CHECK(ap_int<8>(ap_fixed<8, 4>(-7.5)) == -7);
    CHECK(ap_fixed<8, 4>(-7.5).to_int() == -7 && ap_fixed<8, 4>(7.5).to_int() == 7);
    CHECK(ap_int<8>(-7.9) == -7 && ap_uint<8>(300.7) == 44 && ap_int<8>(-129.0) == 127);
    // ap_int <-> ap_fixed
    ap_fixed<12, 8> fx = ap_int<6>(-20);
    CHECK(fx == -20);
    ap_uint<4> w = ap_fixed<12, 8>(19.75); // integer part 19, modulo 16
    CHECK(w == 3);
    // strings
    CHECK(ap_fixed<20, 4>("0x1.8") == 1.5 && ap_fixed<20, 4>("-0b10.01") == -2.25 && ap_fixed<20, 8>("3.25") == 3.25);
    CHECK(ap_int<70>("-123456789012345678901").to_string(10) == "-123456789012345678901");
    CHECK(ap_uint<8>("0xff") == 255 && ap_uint<8>("1010", 2) == 10);
    // exact decimal text
    CHECK(ap_fixed<16, 6>(0.1).to_string(10) == "0.099609375" && ap_fixed<20, 2>(0.1).to_string(10) == "0.09999847412109375");
    CHECK(ap_fixed<8, 12>(-160).to_string(10) == "-160");
    CHECK(ap_uint<12>(0xabc).to_string(16) == "0xabc" && ap_int<4>(-1).to_string(2) == "0b1111");
}

static void test_arith_types() {
    ap_fixed<16, 6> a = 1.5, b = -2.25;
    CHECK((same_type<decltype(a * b), ap_fixed<32, 12> >::value));
    CHECK((same_type<decltype(a + b), ap_fixed<17, 7> >::value));
    CHECK((same_type<decltype(a - ap_ufixed<8, 2>(0)), ap_fixed<17, 7> >::value));
    CHECK((same_type<decltype(ap_ufixed<8, 2>(0) + ap_ufixed<8, 2>(0)), ap_ufixed<9, 3> >::value));
    CHECK((same_type<decltype(ap_ufixed<8, 2>(0) - ap_ufixed<8, 2>(0)), ap_fixed<9, 3> >::value));
    CHECK((same_type<decltype(a / b), ap_fixed<27, 17> >::value));
    CHECK((same_type<decltype(-a), ap_fixed<17, 7> >::value));
    CHECK((same_type<decltype(a * 3), ap_fixed<48, 38> >::value));
    CHECK((same_type<decltype(a * 3u), ap_fixed<48, 38> >::value));
    CHECK((same_type<decltype(a + true), ap_fixed<17, 7> >::value));
    CHECK((same_type<decltype(a * 0.5), double>::value) && (same_type<decltype(0.5f * a), double>::value));
    CHECK((same_type<decltype(ap_int<8>(0) + ap_int<8>(0)), ap_int<9> >::value));
    CHECK((same_type<decltype(ap_uint<8>(0) - ap_uint<8>(0)), ap_int<9> >::value));
    CHECK((same_type<decltype(ap_uint<8>(0) * ap_int<8>(0)), ap_int<16> >::value));
    CHECK((same_type<decltype(ap_uint<8>(0) / ap_int<8>(0)), ap_int<9> >::value));
    CHECK((same_type<decltype(ap_uint<64>(0) * ap_uint<64>(0)), ap_uint<128> >::value));
    CHECK((same_type<decltype(ap_uint<8>(0) << 3), ap_uint<8> >::value));
    CHECK((same_type<decltype(~ap_uint<8>(0)), ap_uint<8> >::value));
    CHECK(a * b == -3.375 && a + b == -0.75 && a - b == 3.75 && -a == -1.5);
    CHECK(a * 2 == 3 && 2 * a == 3 && a + 1 == 2.5 && 1 - a == -0.5 && a / 2 == 0.75);
    CHECK(a * 0.5 == 0.75 && a + 0.25f == 1.75);
    // 64 x 64 bit products are exact
    ap_uint<64> m = ~ap_uint<64>(0);
    CHECK((m * m).to_string(10) == "340282366920938463426481119284349108225");
    ap_int<64> n = ap_int<64>(1) << 63;
    CHECK((n * n).to_string(10) == "85070591730234615865843651857942052864");
    // mixed comparisons
    CHECK(a > 1 && a < 2u && a >= 1.5 && a <= 1.5f && a != b && b < a && ap_uint<4>(15) > ap_int<4>(-1));
    CHECK(ap_ufixed<8, 8>(200) > ap_fixed<8, 8>(-1) && ap_int<3>(-4) < 0);
    // mixed signedness at 32 bits or more compares like C (the vendor library's rule): -1 is the largest 64-bit
    // unsigned value, and equal to it
    CHECK(!(ap_uint<64>(~0ULL) > ap_int<64>(-1)) && ap_uint<64>(~0ULL) == ap_int<64>(-1) && ap_uint<32>(0) < -1);
    CHECK(ap_uint<31>(0) > -1 && ap_uint<16>(5) > ap_int<40>(-1) && ap_uint<40>(5) < ap_int<16>(-1));
    CHECK(ap_uint<32>(~0U) != -1 && ap_uint<64>(~0ULL) == ap_int<20>(-1) && ap_uint<70>(-1) == ap_int<20>(-1));
    // compound assignment quantizes into the left operand
    ap_fixed<8, 4, AP_RND, AP_SAT> s = 7;
    s += 1;
    CHECK(s == 7.9375);
    s = -7;
    s *= 2;
    CHECK(s == -8);
    ap_fixed<8, 4> wr = 7;
    wr += 1;
    CHECK(wr == -8);
    ap_uint<8> u8 = 250;
    u8 += 10;
    CHECK(u8 == 4);
    u8 -= 5;
    CHECK(u8 == 255);
    ap_int<8> i8 = 2;
    i8 += ap_fixed<8, 4>(-0.5); // the fixed operand is first converted to an integer (0), as the vendor library does
    CHECK(i8 == 2);
    // increments
    ap_fixed<8, 4> c = 1.25;
    c++;
    ++c;
    c--;
    CHECK(c == 2.25);
    ap_uint<3> k = 7;
    ++k;
    CHECK(k == 0);
    // shifts
    CHECK((ap_int<8>(-16) >> 2) == -4 && (ap_uint<8>(0x81) << 1) == 2 && (ap_int<8>(1) << -1) == 0);
    CHECK((ap_fixed<8, 4>(1.5) << 1) == 3 && (ap_fixed<8, 4>(-3) >> 1) == -1.5 && (ap_fixed<8, 4>(1.5) << 3) == -4);
    // integer division / modulo, division by zero gives 0
    CHECK(ap_int<8>(-7) / 2 == -3 && ap_int<8>(-7) % 2 == -1 && ap_uint<8>(7) / ap_uint<8>(0) == 0);
    CHECK(ap_fixed<16, 6>(1) / ap_fixed<16, 6>(0) == 0);
    // bitwise
    CHECK((ap_uint<8>(0xf0) & 0x3c) == 0x30 && (ap_uint<8>(0xf0) | ap_uint<4>(3)) == 0xf3 && (ap_int<4>(-1) ^ 1) == -2);
}

static void test_bits() {
    ap_fixed<16, 6> a = 1.5;
    CHECK(a[8] == 0 && a[9] == 1 && a[10] == 1 && a[11] == 0);
    a[15] = 1;
    CHECK(a == -30.5);
    a[15] = false;
    CHECK(a.range(15, 0) == 1536u && (uint64_t)a.range() == 1536u);
    a(15, 10) = 3;
    CHECK(a == 3.5);
    a.range(9, 0) = ap_uint<10>(0);
    CHECK(a == 3);
    ap_uint<8> r = 0xb4;
    CHECK(r.range(0, 7) == 0x2d); // reversed range
    r(3, 0) = r(7, 4);
    CHECK(r == 0xbb);
    r[0] = r[2];
    CHECK(r == 0xba);
    CHECK(ap_uint<8>(0xff).and_reduce() && ap_uint<8>(0x10).or_reduce() && ap_uint<8>(0x7).xor_reduce());
    CHECK(ap_uint<16>(1).countLeadingZeros() == 15);
    ap_int<6> s = -1;
    s(5, 5) = 0;
    CHECK(s == 31);
    const ap_uint<10> cy = 0x3ff;
    CHECK((unsigned)cy(9, 5) == 31u && cy[3]);
    ap_uint<96> wide = 1;
    wide = wide << 90;
    CHECK(wide[90] && wide.range(95, 88) == 4u);
}

static void test_streams_and_text() {
    CHECK(str(ap_fixed<16, 6>(0.1)) == "0.0996094" && str(ap_fixed<20, 2>(0.1)) == "0.0999985");
    CHECK(str(ap_fixed<16, 6>(-2.25)) == "-2.25");
    CHECK(str(ap_int<12>(-100)) == "-100" && str(ap_uint<64>(~0ULL)) == "18446744073709551615");
    CHECK(str(ap_int<100>(-1) * ap_int<20>(3)) == "-3");
    std::ostringstream os;
    os << std::hex << ap_uint<16>(0xbeef);
    CHECK(os.str() == "beef");
    std::istringstream is("1.25 -17");
    ap_fixed<8, 4> fin;
    ap_int<8> iin;
    is >> fin >> iin;
    CHECK(fin == 1.25 && iin == -17);

    hls::stream<ap_fixed<16, 6> > s("layer_out");
    CHECK(s.empty() && !s.full() && s.size() == 0);
    s.write(1.5);
    s << ap_fixed<16, 6>(2.5);
    CHECK(s.size() == 2 && !s.empty());
    ap_fixed<16, 6> v;
    s >> v;
    CHECK(v == 1.5 && s.read() == 2.5 && s.empty());
    CHECK(!s.read_nb(v) && v == 1.5 && s.write_nb(3) && s.read_nb(v) && v == 3);
    hls::stream<int> named(std::string("from_std_string"));
    CHECK(std::string(named.name()) == "from_std_string");

    // First in, first out across growth and wrap-around of the ring buffer.
    hls::stream<int> fifo("fifo");
    int next_in = 0, next_out = 0;
    bool in_order = true;
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 37; i++) fifo.write(next_in++);
        for (int i = 0; i < 23; i++) in_order = in_order && fifo.read() == next_out++;
    }
    CHECK(fifo.size() == (std::size_t)(next_in - next_out));
    while (!fifo.empty()) in_order = in_order && fifo.read() == next_out++;
    CHECK(in_order && next_out == 50 * 37);
}

// Widths above 128 bits (multi-word storage); expected values computed with Python's integers.
static void test_wide() {
    ap_uint<200> a = 1;
    a <<= 150;
    a += 12345;
    CHECK((a * a).to_string(10) ==
          "2037035976334486086268445688409378161051503632411469160785603778434967007798253996349942961");
    CHECK((a * -3).to_string(10) == "-4281743078117879643174857908348485409148276907");
    CHECK(same_type<decltype(a * a), ap_uint<400> >::value && same_type<decltype(a * -3), ap_int<232> >::value);
    ap_uint<256> x = 1;
    x = (x << 250) + 7;
    const ap_uint<100> y = (ap_uint<100>(1) << 90) + 3;
    CHECK((x / y).to_string(10) == "1461501637330902918203684829174508157503698632704");
    CHECK((x % y).to_string(10) == "10625324586456701730823");
    // fixed point: a 40-bit fraction on the dividend side, quotient truncated at the result's lsb
    ap_fixed<300, 260> xf = x;
    const ap_ufixed<100, 100> yf = y;
    CHECK(ap_uint<300>((xf / yf).range()).to_string(10) == "1606938044258990275541962088446939958621082272384920597823488");
    ap_int<300> m = 1;
    m <<= 299; // the most negative value
    CHECK(m.to_string(10) ==
          "-1018517988167243043134222844204689080525734196832968125318070224677190649881668353091698688");
    CHECK(m < 0 && -m > 0 && (m >> 298) == -2 && (m >> 400) == -1 && (ap_uint<300>(m) >> 299) == 1);
    CHECK(m.to_double() == -0x1p299 && ap_uint<300>(m).to_double() == 0x1p299);
    CHECK((double)ap_uint<300>(m) == 0); // a C cast goes through the 64-bit C integer, as in the vendor library
    CHECK((unsigned long long)ap_uint<160>(~ap_uint<160>(0)).range(160 - 1, 100) == 1152921504606846975ULL);
    CHECK(ap_uint<300>("0x123456789abcdef0123456789abcdef0123456789").to_string(10) ==
          "1662864085140938409743844499106522448980869474185");
    // conversions from and to double/float, one rounding
    ap_fixed<300, 150> f = 1e30;
    CHECK(f.to_double() == 1e30 && (f * f).to_double() == 1.0000000000000001e+60);
    ap_fixed<256, 128, AP_RND, AP_SAT> s = 1e300;
    CHECK(s.to_double() == 1.7014118346046923e+38 && s > f && -s < -f);
    ap_ufixed<200, 120> g = 0;
    g[100 + 80] = 1;
    g[76 + 80] = 1;
    CHECK(g.to_float() == 0x1p100f); // 2^100 + 2^76 is a tie between two floats: to even
    g[10] = 1;                       // 2^-70 breaks the tie (float), and is lost in the double
    CHECK(g.to_float() == 0x1.000002p100f && g.to_double() == 0x1.000001p100);
    // 2^19 - 2^-109 rounds to 2^19 (the 128-bit raw value alone would overflow a float)
    CHECK((~ap_ufixed<128, 19>(0)).to_float() == 0x1p19f && (~ap_ufixed<128, 19>(0)).to_double() == 0x1p19);
    // a subnormal double is rounded once
    ap_fixed<8, -1070> tiny = 0;
    tiny[0] = 1;
    tiny[1] = 1; // 3 * 2^-1078: 3/16 of the smallest subnormal, rounds to 0; 16 times that is exact
    CHECK(tiny.to_double() == 0.0 && (tiny << 4).to_double() == __builtin_ldexp(3.0, -1074));
    // the C integer of a wide value is its low 64 bits
    CHECK((long long)ap_int<300>(m + 5) == 5 && ap_int<300>(-7).to_int() == -7);
}

static const char* g_empty_name = 0;
static void record_empty(const char* name) { g_empty_name = name; }

static void test_stream_handler() {
    hls::stream_empty_read_handler prev = hls::set_empty_read_handler(&record_empty);
    hls::stream<int> s("empty_one");
    int x = s.read();
    CHECK(x == 0 && g_empty_name && std::string(g_empty_name) == "empty_one");
    hls::set_empty_read_handler(prev);
}

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--read-empty") {
        hls::stream<int> s("input_stream");
        s.read(); // default handler: message on stderr, exit code 3
        return 0;
    }
    if (argc > 1 && std::string(argv[1]) == "--leftover") {
        hls::stream<int> s("output_stream");
        s.write(1);
        s.write(2);
        return 0; // destructor reports 2 unread elements (exit code 3)
    }
    test_patterns();
    test_conversions();
    test_arith_types();
    test_bits();
    test_streams_and_text();
    test_stream_handler();
    test_wide();
    std::printf("api: %d passed, %d failed\n", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
