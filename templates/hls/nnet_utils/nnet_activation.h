// Hls4ml.Sdk HLS library: element-wise activations and softmax (io_parallel).
// Lookup tables follow hls4ml's construction (size, input range, float evaluation, conversion to table_t),
// which is what makes the results bit-identical with hls4ml's.
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
    typedef ap_fixed<18, 8> table_t;
};

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

// Table index for a function sampled over [-range/2, range/2): round toward zero of x*N/range, offset by N/2, clamped.
template <class data_T, typename CONFIG_T, int RANGE> inline int centred_table_index(data_T x) {
    int index = (int)(x * (int)CONFIG_T::table_size / RANGE) + (int)CONFIG_T::table_size / 2;
    if (index < 0) index = 0;
    if (index > (int)CONFIG_T::table_size - 1) index = CONFIG_T::table_size - 1;
    return index;
}

// Table argument for entry i of a table sampled over [-range/2, range/2), computed as hls4ml does (double, then float).
template <int N_TABLE, int RANGE> inline float centred_table_input(int i) {
    return (float)(RANGE * (i - double(N_TABLE) / 2.0) / double(N_TABLE));
}

template <typename CONFIG_T> void init_sigmoid_table(typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    for (unsigned i = 0; i < CONFIG_T::table_size; i++) {
        float x = centred_table_input<CONFIG_T::table_size, 16>(i);
        float y = 1.0 / (1 + std::exp(-x));
        table[i] = (typename CONFIG_T::table_t)y;
    }
}

template <class data_T, class res_T, typename CONFIG_T> void sigmoid(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#ifdef __SYNTHESIS__
    bool initialized = false;
    typename CONFIG_T::table_t table[CONFIG_T::table_size];
#else
    static bool initialized = false;
    static typename CONFIG_T::table_t table[CONFIG_T::table_size];
#endif
    if (!initialized) {
        init_sigmoid_table<CONFIG_T>(table);
        initialized = true;
    }
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)table[centred_table_index<data_T, CONFIG_T, 16>(data[i])];
    }
}

template <typename CONFIG_T> void init_tanh_table(typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    for (unsigned i = 0; i < CONFIG_T::table_size; i++) {
        float x = centred_table_input<CONFIG_T::table_size, 8>(i);
        table[i] = (typename CONFIG_T::table_t)std::tanh(x);
    }
}

template <class data_T, class res_T, typename CONFIG_T> void tanh(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
#ifdef __SYNTHESIS__
    bool initialized = false;
    typename CONFIG_T::table_t table[CONFIG_T::table_size];
#else
    static bool initialized = false;
    static typename CONFIG_T::table_t table[CONFIG_T::table_size];
#endif
    if (!initialized) {
        init_tanh_table<CONFIG_T>(table);
        initialized = true;
    }
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)table[centred_table_index<data_T, CONFIG_T, 8>(data[i])];
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Softmax. exp and 1/x are lookup tables addressed by the top log2(size) bits of a fixed-point word; the exps are
// summed in accum_t, the sum is quantized to inv_inp_t before the reciprocal lookup. 'stable' first forms
// d = max - x >= 0 in the unsigned inp_norm_t and looks up exp(-d).
// ---------------------------------------------------------------------------------------------------------------
enum class softmax_implementation { latency = 0, legacy = 1, stable = 2, argmax = 3 };

struct softmax_config : activ_config {
    static const unsigned n_outer = 1;
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
    const uint64_t raw = (uint64_t)x.range(W - 1, 0);
    const uint64_t top = W >= N ? (raw >> (W - N)) : (raw << (N - W));
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

template <class addr_T, bool NEGATE, class x_T, class res_T, typename CONFIG_T>
void softmax_from_tables(const x_T x[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
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
    typename CONFIG_T::accum_t exp_res[CONFIG_T::n_in];
    #pragma HLS ARRAY_PARTITION variable=exp_res complete
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        exp_res[i] = exp_table[table_index_from_bits<addr_T, CONFIG_T::exp_table_size>((addr_T)x[i])];
    }
    Op_add<typename CONFIG_T::accum_t> add;
    typename CONFIG_T::inv_inp_t exp_sum =
        reduce<typename CONFIG_T::accum_t, CONFIG_T::n_in, Op_add<typename CONFIG_T::accum_t>>(exp_res, add);
    typename CONFIG_T::inv_table_t inv_sum = inv_table[table_index_from_bits<typename CONFIG_T::inv_inp_t, CONFIG_T::inv_table_size>(exp_sum)];
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)(exp_res[i] * inv_sum);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_latency(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    softmax_from_tables<data_T, false, data_T, res_T, CONFIG_T>(data, res);
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_stable(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    Op_max<data_T> max_op;
    const data_T x_max = reduce<data_T, CONFIG_T::n_in, Op_max<data_T>>(data, max_op);
    typename CONFIG_T::inp_norm_t d[CONFIG_T::n_in];
    #pragma HLS ARRAY_PARTITION variable=d complete
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        d[i] = x_max - data[i];
    }
    softmax_from_tables<typename CONFIG_T::inp_norm_t, true, typename CONFIG_T::inp_norm_t, res_T, CONFIG_T>(d, res);
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_argmax(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    unsigned best = 0;
    for (unsigned i = 1; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        if (data[i] > data[best]) best = i;
    }
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)(i == best ? 1 : 0);
    }
}

template <class data_T, class res_T, typename CONFIG_T> void softmax(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
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

} // namespace nnet

#endif
