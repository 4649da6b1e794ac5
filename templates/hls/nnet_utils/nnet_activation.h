// Hls4ml.Sdk HLS library: element-wise activations and softmax (io_parallel).
// Lookup tables follow hls4ml's construction (size, input range, float evaluation, conversion to table_t), which is
// what makes the results bit-identical with hls4ml's. Table indices are clamped in the fixed-point domain before
// they are converted to int, so very wide inputs and large tables cannot overflow the index.
#ifndef HLS4ML_SDK_NNET_ACTIVATION_H
#define HLS4ML_SDK_NNET_ACTIVATION_H

#include "nnet_common.h"
#include <cmath>

namespace nnet {

struct activ_config {
    static const unsigned n_in = 10;
    static const unsigned table_size = 1024;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    static const bool linear_beyond_table = true; // softplus(x >= 8) = x; false: the last table entry (hls4ml)
    typedef ap_fixed<18, 8> table_t;
};

// ---------------------------------------------------------------------------------------------------------------
// Piecewise-linear activations (no tables)
// ---------------------------------------------------------------------------------------------------------------
template <class data_T, class res_T, typename CONFIG_T> void linear(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)data[i];
    }
}

template <class data_T, class res_T, typename CONFIG_T> void relu(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        res[i] = x > 0 ? (res_T)x : (res_T)0;
    }
}

template <class data_T, class res_T, int MAX_INT, typename CONFIG_T>
void relu_max(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (x < 0)
            res[i] = 0;
        else if (x > MAX_INT)
            res[i] = MAX_INT;
        else
            res[i] = (res_T)x;
    }
}

template <class data_T, class res_T, typename CONFIG_T> void relu6(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    relu_max<data_T, res_T, 6, CONFIG_T>(data, res);
}

template <class data_T, class res_T, typename CONFIG_T> void relu1(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    relu_max<data_T, res_T, 1, CONFIG_T>(data, res);
}

// Binary and ternary activations: comparisons and selects only (no arithmetic). binary_tanh / ternary_tanh are the
// Keras binary/ternary-network activations (+1 for x > 0; ±1 beyond ±0.5); binary_sign / binary_step / ternary_threshold
// are QKeras' binary (x >= 0 -> +1, else -1 or 0) and ternary (sign(x) where |x| >= threshold, else 0).
template <class data_T, class res_T, typename CONFIG_T>
void binary_tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = data[i] > 0 ? (res_T)1 : (res_T)-1;
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void ternary_tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = data[i] > 0.5 ? (res_T)1 : data[i] <= -0.5 ? (res_T)-1 : (res_T)0;
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void binary_sign(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = data[i] >= 0 ? (res_T)1 : (res_T)-1;
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void binary_step(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = data[i] >= 0 ? (res_T)1 : (res_T)0;
    }
}

// The threshold is compared as a double (ap_fixed compares with double through to_double, exactly).
template <class data_T, class res_T, typename CONFIG_T>
void ternary_threshold(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    const double threshold = CONFIG_T::threshold;
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = data[i] >= threshold ? (res_T)1 : data[i] <= -threshold ? (res_T)-1 : (res_T)0;
    }
}

// Keras ReLU layer with its options (backend.relu): y = x > threshold ? min(max(x, 0), max_value) : slope * (x - threshold),
// where the clip applies only when max_value is set and, without a threshold, x > 0 is the condition.
// CONFIG_T carries threshold, negative_slope, max_value (double constants, converted to param_t) and has_max.
template <class data_T, class res_T, typename CONFIG_T>
void relu_options(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    typedef typename CONFIG_T::param_t param_T;
    const double threshold_value = CONFIG_T::threshold, slope_value = CONFIG_T::negative_slope, max_value = CONFIG_T::max_value;
    const param_T threshold = threshold_value;
    const param_T slope = slope_value;
    const param_T clip_max = max_value;
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (x > threshold) {
            if (CONFIG_T::has_max && x < 0)
                res[i] = 0;
            else if (CONFIG_T::has_max && x > clip_max)
                res[i] = (res_T)clip_max;
            else
                res[i] = (res_T)x;
        } else {
            res[i] = (res_T)(slope * (x - threshold));
        }
    }
}

template <class data_T, class param_T, class res_T, typename CONFIG_T>
void leaky_relu(data_T data[CONFIG_T::n_in], param_T alpha, res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (x > 0)
            res[i] = (res_T)x;
        else
            res[i] = (res_T)(alpha * x);
    }
}

template <class data_T, class param_T, class res_T, typename CONFIG_T>
void thresholded_relu(data_T data[CONFIG_T::n_in], param_T theta, res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (x > theta)
            res[i] = (res_T)x;
        else
            res[i] = 0;
    }
}

// PReLU: one alpha per element (shared axes are broadcast by the converter).
template <class data_T, class param_T, class res_T, typename CONFIG_T>
void prelu(data_T data[CONFIG_T::n_in], const param_T alpha[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    #pragma HLS ARRAY_PARTITION variable=alpha complete
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (x > 0)
            res[i] = (res_T)x;
        else
            res[i] = (res_T)(alpha[i] * x);
    }
}

// Keras 2 hard_sigmoid: clip(slope * x + shift, 0, 1), slope and shift in slope_t/shift_t (hls4ml: ufixed<16,0>, ufixed<2,0>).
template <class data_T, class res_T, typename CONFIG_T>
void hard_sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    const double slope_value = CONFIG_T::slope, shift_value = CONFIG_T::shift;
    const typename CONFIG_T::slope_t slope = slope_value;
    const typename CONFIG_T::shift_t shift = shift_value;
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        auto y = slope * data[i] + shift;
        if (y > 1)
            res[i] = 1;
        else if (y < 0)
            res[i] = 0;
        else
            res[i] = (res_T)y;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Lookup-table activations. A centred table samples f over [-RANGE/2, RANGE/2) (sigmoid, softplus, softsign, swish,
// exponential: 16; tanh: 8); entry i is f(RANGE * (i - N/2) / N) evaluated as hls4ml does, and x is looked up at
// index trunc(x * N / RANGE) + N/2, clamped to [0, N - 1].
// ---------------------------------------------------------------------------------------------------------------
template <class data_T, typename CONFIG_T, int RANGE> inline unsigned centred_table_index(data_T x) {
    const int n = CONFIG_T::table_size;
    if (x >= RANGE / 2) return n - 1;
    if (x < -(RANGE / 2)) return 0;
    int index = (int)(x * n / RANGE) + n / 2;
    if (index < 0) index = 0;
    if (index > n - 1) index = n - 1;
    return (unsigned)index;
}

// Table argument for entry i of a table sampled over [-range/2, range/2), computed as hls4ml does (double, then float).
template <int N_TABLE, int RANGE> inline float centred_table_input(int i) {
    return (float)(RANGE * (i - double(N_TABLE) / 2.0) / double(N_TABLE));
}

// The negative-branch table of elu/selu samples f over [-8, 0]: entry i is f(-8 i / N), x < 0 is looked up at
// index trunc(x * N / -8), clamped to N - 1.
template <class data_T, typename CONFIG_T> inline unsigned negative_table_index(data_T x) {
    const int n = CONFIG_T::table_size;
    if (x <= -8) return n - 1;
    int index = (int)(x * n / -8);
    if (index > n - 1) index = n - 1;
    if (index < 0) index = 0;
    return (unsigned)index;
}

template <int N_TABLE> inline float negative_table_input(int i) { return (float)(-8.0 * i / double(N_TABLE)); }

// The float functions hls4ml evaluates (float std::exp where it uses it, double elsewhere).
inline float sigmoid_fcn_float(float x) { return 1.0 / (1 + std::exp(-x)); }
inline float tanh_fcn_float(float x) { return (float)::tanh((double)x); }
inline float softplus_fcn_float(float x) { return std::log(std::exp(x) + 1.); }
inline float softsign_fcn_float(float x) { return x / (std::abs(x) + 1.); }
inline float exp_fcn_float(float x) { return std::exp(x); }
inline float elu_fcn_float(float x) { return std::exp(x) - 1.; }
inline float selu_fcn_float(float x) {
    return 1.0507009873554804934193349852946 * (1.6732632423543772848170429916717 * (std::exp(x) - 1.));
}

#define HLS4ML_SDK_CENTRED_TABLE(NAME, RANGE, FCN)                                                                     \
    template <typename CONFIG_T> void init_##NAME##_table(typename CONFIG_T::table_t table[CONFIG_T::table_size]) {    \
        for (unsigned i = 0; i < CONFIG_T::table_size; i++) {                                                          \
            float x = centred_table_input<CONFIG_T::table_size, RANGE>(i);                                             \
            table[i] = (typename CONFIG_T::table_t)FCN(x);                                                             \
        }                                                                                                              \
    }

HLS4ML_SDK_CENTRED_TABLE(sigmoid, 16, sigmoid_fcn_float)
HLS4ML_SDK_CENTRED_TABLE(tanh, 8, tanh_fcn_float)
HLS4ML_SDK_CENTRED_TABLE(softplus, 16, softplus_fcn_float)
HLS4ML_SDK_CENTRED_TABLE(softsign, 16, softsign_fcn_float)
HLS4ML_SDK_CENTRED_TABLE(exponential, 16, exp_fcn_float)
#undef HLS4ML_SDK_CENTRED_TABLE

template <typename CONFIG_T> void init_elu_table(typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    for (unsigned i = 0; i < CONFIG_T::table_size; i++)
        table[i] = (typename CONFIG_T::table_t)elu_fcn_float(negative_table_input<CONFIG_T::table_size>(i));
}

template <typename CONFIG_T> void init_selu_table(typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    for (unsigned i = 0; i < CONFIG_T::table_size; i++)
        table[i] = (typename CONFIG_T::table_t)selu_fcn_float(negative_table_input<CONFIG_T::table_size>(i));
}

// A function-local table filled on first use (a ROM after synthesis), one per CONFIG_T and function.
#ifdef __SYNTHESIS__
#define HLS4ML_SDK_TABLE(NAME, CONFIG_T)                                                                               \
    bool initialized = false;                                                                                          \
    typename CONFIG_T::table_t table[CONFIG_T::table_size];                                                            \
    if (!initialized) {                                                                                                \
        init_##NAME##_table<CONFIG_T>(table);                                                                          \
        initialized = true;                                                                                            \
    }
#else
#define HLS4ML_SDK_TABLE(NAME, CONFIG_T)                                                                               \
    static bool initialized = false;                                                                                   \
    static typename CONFIG_T::table_t table[CONFIG_T::table_size];                                                     \
    if (!initialized) {                                                                                                \
        init_##NAME##_table<CONFIG_T>(table);                                                                          \
        initialized = true;                                                                                            \
    }
#endif

template <class data_T, class res_T, typename CONFIG_T, int RANGE>
void centred_table_lookup(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
                          const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)table[centred_table_index<data_T, CONFIG_T, RANGE>(data[i])];
    }
}

template <class data_T, class res_T, typename CONFIG_T> void sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(sigmoid, CONFIG_T)
    #pragma HLS PIPELINE
    centred_table_lookup<data_T, res_T, CONFIG_T, 16>(data, res, table);
}

template <class data_T, class res_T, typename CONFIG_T> void tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(tanh, CONFIG_T)
    #pragma HLS PIPELINE
    centred_table_lookup<data_T, res_T, CONFIG_T, 8>(data, res, table);
}

// softplus: the table over [-8, 8) and, beyond it, x itself (log(exp(x) + 1) - x < 3.4e-4 there). hls4ml clamps
// to softplus(8) instead, which is wrong by x - 8 for larger inputs (CONFIG_T::linear_beyond_table = false reproduces
// it for HlsCompatibility=hls4ml); below 8 the results are identical.
template <class data_T, class res_T, typename CONFIG_T> void softplus(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(softplus, CONFIG_T)
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (CONFIG_T::linear_beyond_table && x >= 8)
            res[i] = (res_T)x;
        else
            res[i] = (res_T)table[centred_table_index<data_T, CONFIG_T, 16>(x)];
    }
}

template <class data_T, class res_T, typename CONFIG_T> void softsign(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(softsign, CONFIG_T)
    #pragma HLS PIPELINE
    centred_table_lookup<data_T, res_T, CONFIG_T, 16>(data, res, table);
}

// exp(x) over [-8, 8) (saturating at the ends); the converter widens the default table_t to hold exp(8).
template <class data_T, class res_T, typename CONFIG_T> void exponential(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(exponential, CONFIG_T)
    #pragma HLS PIPELINE
    centred_table_lookup<data_T, res_T, CONFIG_T, 16>(data, res, table);
}

// swish / silu: x * sigmoid(x), with sigmoid from the sigmoid table of this layer (product at full precision).
template <class data_T, class res_T, typename CONFIG_T> void swish(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(sigmoid, CONFIG_T)
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        res[i] = (res_T)(x * table[centred_table_index<data_T, CONFIG_T, 16>(x)]);
    }
}

// ELU: x for x >= 0, alpha * (exp(x) - 1) from the table otherwise.
template <class data_T, class param_T, class res_T, typename CONFIG_T>
void elu(data_T data[CONFIG_T::n_in], const param_T alpha, res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(elu, CONFIG_T)
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (x >= 0)
            res[i] = (res_T)x;
        else
            res[i] = (res_T)(alpha * table[negative_table_index<data_T, CONFIG_T>(x)]);
    }
}

template <class data_T, class res_T, typename CONFIG_T> void elu(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    elu<data_T, ap_uint<1>, res_T, CONFIG_T>(data, 1, res);
}

// SELU: lambda * x for x >= 0 (lambda quantized to res_T first, as hls4ml does), the table otherwise.
template <class data_T, class res_T, typename CONFIG_T> void selu(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    HLS4ML_SDK_TABLE(selu, CONFIG_T)
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        if (x >= 0)
            res[i] = (res_T)(res_T(1.0507009873554804934193349852946) * x);
        else
            res[i] = (res_T)table[negative_table_index<data_T, CONFIG_T>(x)];
    }
}

#undef HLS4ML_SDK_TABLE

// ---------------------------------------------------------------------------------------------------------------
// Softmax. exp and 1/x are lookup tables addressed by the top log2(size) bits of a fixed-point word; the exps are
// summed in accum_t, the sum is quantized to inv_inp_t before the reciprocal lookup. 'stable' first forms
// d = max - x >= 0 in the unsigned inp_norm_t and looks up exp(-d); 'latency' converts x to the signed inp_norm_t
// and looks up exp(x). The converter derives inp_norm_t from the input's range (equal to hls4ml's type at its
// default precision), so wide inputs address the tables by their useful range instead of their top bits.
// A softmax over a middle axis (n_outer x n_slice x n_inner, row-major) runs once per (outer, inner) slice.
// ---------------------------------------------------------------------------------------------------------------
enum class softmax_implementation { latency = 0, legacy = 1, stable = 2, argmax = 3 };

struct softmax_config : activ_config {
    static const unsigned n_outer = 1;
    static const unsigned n_slice = 10;
    static const unsigned n_inner = 1;
    static const unsigned exp_table_size = 1024;
    static const unsigned inv_table_size = 1024;
    static const softmax_implementation implementation = softmax_implementation::stable;
    typedef ap_fixed<18, 8, AP_RND, AP_SAT> exp_table_t;
    typedef ap_fixed<18, 8, AP_RND, AP_SAT> inv_table_t;
    typedef ap_fixed<18, 8, AP_RND, AP_SAT> inv_inp_t;
    typedef ap_fixed<16, 6> accum_t;
    typedef ap_ufixed<15, 5, AP_TRN, AP_SAT> inp_norm_t;
};

// Index = the top log2(SIZE) bits of x's bit pattern (sign bit included for signed types).
template <class T, unsigned SIZE> inline unsigned table_index_from_bits(T x) {
    constexpr int N = ceillog2(SIZE);
    constexpr int W = T::width;
    const uint64_t raw = (uint64_t)x.range(W - 1, W > 64 ? W - 64 : 0);
    constexpr int R = W > 64 ? 64 : W;
    const uint64_t top = R >= N ? (raw >> (R - N)) : (raw << (N - R));
    return (unsigned)(top & ((1u << N) - 1));
}

// The value whose top bits are 'index' and whose other bits are zero: the table entry's argument.
template <class T, unsigned SIZE> inline float table_value_from_bits(unsigned index) {
    constexpr int N = ceillog2(SIZE);
    constexpr int W = T::width;
    T x = 0;
    if (W >= N) x.range(W - 1, W - N) = index;
    else x.range(W - 1, 0) = index >> (N - W);
    return (float)x;
}

// exp table over the bit patterns of T; NEGATE looks up exp(-x) (for max-normalized inputs).
template <class T, typename CONFIG_T, bool NEGATE> void init_exp_table(typename CONFIG_T::exp_table_t table[CONFIG_T::exp_table_size]) {
    for (unsigned i = 0; i < CONFIG_T::exp_table_size; i++) {
        float x = table_value_from_bits<T, CONFIG_T::exp_table_size>(i);
        if (NEGATE) x = -x;
        table[i] = (typename CONFIG_T::exp_table_t)std::exp(x);
    }
}

// 1/x table over the bit patterns of T; the zero entry holds the largest representable value.
template <class T, typename CONFIG_T> void init_invert_table(typename CONFIG_T::inv_table_t table[CONFIG_T::inv_table_size]) {
    for (unsigned i = 0; i < CONFIG_T::inv_table_size; i++) {
        float x = table_value_from_bits<T, CONFIG_T::inv_table_size>(i);
        float safe = x == 0.0f ? 1.17549435e-38f : x;
        table[i] = (typename CONFIG_T::inv_table_t)(1 / safe);
    }
}

template <class addr_T, bool NEGATE, class res_T, typename CONFIG_T>
void softmax_from_tables(const addr_T x[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
#ifdef __SYNTHESIS__
    bool initialized = false;
    typename CONFIG_T::exp_table_t exp_table[CONFIG_T::exp_table_size];
    typename CONFIG_T::inv_table_t inv_table[CONFIG_T::inv_table_size];
#else
    static bool initialized = false;
    static typename CONFIG_T::exp_table_t exp_table[CONFIG_T::exp_table_size];
    static typename CONFIG_T::inv_table_t inv_table[CONFIG_T::inv_table_size];
#endif
    if (!initialized) {
        init_exp_table<addr_T, CONFIG_T, NEGATE>(exp_table);
        init_invert_table<typename CONFIG_T::inv_inp_t, CONFIG_T>(inv_table);
        initialized = true;
    }
    typename CONFIG_T::accum_t exp_res[CONFIG_T::n_slice];
    #pragma HLS ARRAY_PARTITION variable=exp_res complete
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        exp_res[i] = exp_table[table_index_from_bits<addr_T, CONFIG_T::exp_table_size>(x[i])];
    }
    Op_add<typename CONFIG_T::accum_t> add;
    typename CONFIG_T::inv_inp_t exp_sum =
        reduce<typename CONFIG_T::accum_t, CONFIG_T::n_slice, Op_add<typename CONFIG_T::accum_t>>(exp_res, add);
    typename CONFIG_T::inv_table_t inv_sum = inv_table[table_index_from_bits<typename CONFIG_T::inv_inp_t, CONFIG_T::inv_table_size>(exp_sum)];
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)(exp_res[i] * inv_sum);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_latency(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    #pragma HLS PIPELINE
    typename CONFIG_T::inp_norm_t x[CONFIG_T::n_slice];
    #pragma HLS ARRAY_PARTITION variable=x complete
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        x[i] = data[i];
    }
    softmax_from_tables<typename CONFIG_T::inp_norm_t, false, res_T, CONFIG_T>(x, res);
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_stable(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    #pragma HLS PIPELINE
    Op_max<data_T> max_op;
    const data_T x_max = reduce<data_T, CONFIG_T::n_slice, Op_max<data_T>>(data, max_op);
    typename CONFIG_T::inp_norm_t d[CONFIG_T::n_slice];
    #pragma HLS ARRAY_PARTITION variable=d complete
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        d[i] = x_max - data[i];
    }
    softmax_from_tables<typename CONFIG_T::inp_norm_t, true, res_T, CONFIG_T>(d, res);
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_argmax(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    unsigned best = 0;
    for (unsigned i = 1; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        if (data[i] > data[best]) best = i;
    }
    for (unsigned i = 0; i < CONFIG_T::n_slice; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)(i == best ? 1 : 0);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_slice(data_T data[CONFIG_T::n_slice], res_T res[CONFIG_T::n_slice]) {
    #pragma HLS INLINE
    switch (CONFIG_T::implementation) {
    case softmax_implementation::latency:
        softmax_latency<data_T, res_T, CONFIG_T>(data, res);
        break;
    case softmax_implementation::argmax:
        softmax_argmax<data_T, res_T, CONFIG_T>(data, res);
        break;
    default:
        softmax_stable<data_T, res_T, CONFIG_T>(data, res);
        break;
    }
}

template <class data_T, class res_T, typename CONFIG_T> void softmax(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    if (CONFIG_T::n_outer == 1 && CONFIG_T::n_inner == 1) {
        softmax_slice<data_T, res_T, CONFIG_T>(data, res);
        return;
    }
    data_T buffer_in[CONFIG_T::n_slice];
    res_T buffer_out[CONFIG_T::n_slice];
    #pragma HLS ARRAY_PARTITION variable=buffer_in complete
    #pragma HLS ARRAY_PARTITION variable=buffer_out complete
    for (unsigned o = 0; o < CONFIG_T::n_outer; o++) {
        #pragma HLS UNROLL
        for (unsigned k = 0; k < CONFIG_T::n_inner; k++) {
            #pragma HLS UNROLL
            for (unsigned j = 0; j < CONFIG_T::n_slice; j++) {
                #pragma HLS UNROLL
                buffer_in[j] = data[(o * CONFIG_T::n_slice + j) * CONFIG_T::n_inner + k];
            }
            softmax_slice<data_T, res_T, CONFIG_T>(buffer_in, buffer_out);
            for (unsigned j = 0; j < CONFIG_T::n_slice; j++) {
                #pragma HLS UNROLL
                res[(o * CONFIG_T::n_slice + j) * CONFIG_T::n_inner + k] = buffer_out[j];
            }
        }
    }
}

} // namespace nnet

#endif
