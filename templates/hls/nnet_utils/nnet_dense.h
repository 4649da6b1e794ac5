// Hls4ml.Sdk HLS library: fully connected layer (io_parallel) and the matrix-vector product it shares with the
// convolutions. Strategies: Latency (all products in parallel), Resource (ReuseLoop of reuse_factor cycles at II=1)
// and Unrolled (hls4ml's resource_unrolled: the Resource schedule written out, pipelined at II = reuse_factor).
#ifndef HLS4ML_SDK_NNET_DENSE_H
#define HLS4ML_SDK_NNET_DENSE_H

#include "nnet_common.h"

namespace nnet {

struct dense_config {
    typedef float bias_t;
    typedef float weight_t;
    typedef float accum_t;
    static const unsigned n_in = 10;
    static const unsigned n_out = 10;
    static const unsigned io_type = io_parallel;
    static const unsigned strategy = latency;
    static const unsigned reuse_factor = 1;
    static const unsigned n_zeros = 0;
    static const unsigned multiplier_limit = 1;
};

// One product converted to accum_t. Weights of type ap_int<2> hold -1, 0 or +1 (binary and ternary networks): the
// product is a select of x, -x or 0 (no multiplier; with ±1 data this is the XNOR of the signs), the same value the
// multiplication gives, so results are bit-identical to it.
template <class accum_T, class data_T, class weight_T> accum_T weight_product(const data_T x, const weight_T w) {
    #pragma HLS INLINE
    return (accum_T)(x * w);
}

template <class accum_T, class data_T> accum_T weight_product(const data_T x, const ap_int<2> w) {
    #pragma HLS INLINE
    if (w == 0) return (accum_T)0;
    return w > 0 ? (accum_T)x : (accum_T)(-x);
}

// Block ir of the Resource schedule: the block_factor = N_IN * N_OUT / reuse_factor weights k = ir * block_factor + im.
template <unsigned N_IN, unsigned N_OUT, class data_T, typename CONFIG_T>
void multiply_accumulate_block(const data_T x[N_IN], const typename CONFIG_T::weight_t w[N_IN * N_OUT],
                               typename CONFIG_T::accum_t acc[N_OUT], unsigned ir) {
    #pragma HLS INLINE
    const unsigned block_factor = N_IN * N_OUT / CONFIG_T::reuse_factor;
MultLoop:
    for (unsigned im = 0; im < block_factor; im++) {
        #pragma HLS UNROLL
        const unsigned k = ir * block_factor + im;
        typename CONFIG_T::accum_t product = weight_product<typename CONFIG_T::accum_t>(x[k / N_OUT], w[k]);
        acc[k % N_OUT] += product;
    }
}

// acc[j] += (accum_t)(x[i] * w[i * N_OUT + j]) for every i, j. Every product is formed at full width and quantized
// once into accum_t, and every strategy visits the flattened weight index k = i * N_OUT + j in increasing order, so
// each accumulator receives its products in increasing i: Latency, Resource and Unrolled are bit-identical.
template <unsigned N_IN, unsigned N_OUT, class data_T, typename CONFIG_T>
void multiply_accumulate(const data_T x[N_IN], const typename CONFIG_T::weight_t w[N_IN * N_OUT],
                         typename CONFIG_T::accum_t acc[N_OUT]) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t accum_t;
    if (CONFIG_T::strategy == latency) {
    Product:
        for (unsigned i = 0; i < N_IN; i++) {
            #pragma HLS UNROLL
            const data_T xi = x[i];
            for (unsigned j = 0; j < N_OUT; j++) {
                #pragma HLS UNROLL
                accum_t product = weight_product<accum_t>(xi, w[i * N_OUT + j]);
                acc[j] += product;
            }
        }
        return;
    }
    // Resource / Unrolled: reuse_factor blocks of block_factor consecutive weights; one block per cycle.
    if (CONFIG_T::strategy == resource) {
    ReuseLoop:
        for (unsigned ir = 0; ir < CONFIG_T::reuse_factor; ir++) {
            #pragma HLS PIPELINE II=1 rewind
            multiply_accumulate_block<N_IN, N_OUT, data_T, CONFIG_T>(x, w, acc, ir);
        }
    } else {
    UnrolledReuseLoop:
        for (unsigned ir = 0; ir < CONFIG_T::reuse_factor; ir++) {
            #pragma HLS UNROLL
            multiply_accumulate_block<N_IN, N_OUT, data_T, CONFIG_T>(x, w, acc, ir);
        }
    }
}

// Accumulators start from the bias; the result is one conversion of each accumulator to res_T.
template <class data_T, class res_T, typename CONFIG_T>
void dense_body(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=acc complete
InitAccum:
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        acc[j] = (typename CONFIG_T::accum_t)biases[j];
    }
    multiply_accumulate<CONFIG_T::n_in, CONFIG_T::n_out, data_T, CONFIG_T>(data, weights, acc);
Result:
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        res[j] = (res_T)acc[j];
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void dense_latency(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                   const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                   const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    #pragma HLS FUNCTION_INSTANTIATE variable=weights,biases
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=biases complete
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    dense_body<data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

// Resource: weights reshaped into blocks of n_in * n_out / reuse_factor (one block read per cycle, BRAM when large).
template <class data_T, class res_T, typename CONFIG_T>
void dense_resource(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    const unsigned block_factor = CONFIG_T::n_in * CONFIG_T::n_out / CONFIG_T::reuse_factor;
    #pragma HLS ARRAY_RESHAPE variable=weights block factor=block_factor
    #pragma HLS ARRAY_PARTITION variable=biases complete
    dense_body<data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

// Unrolled: the Resource schedule fully written out and pipelined at II = reuse_factor.
template <class data_T, class res_T, typename CONFIG_T>
void dense_resource_unrolled(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                             const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                             const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    const unsigned block_factor = CONFIG_T::n_in * CONFIG_T::n_out / CONFIG_T::reuse_factor;
    #pragma HLS ARRAY_RESHAPE variable=weights block factor=block_factor
    #pragma HLS ARRAY_PARTITION variable=biases complete
    dense_body<data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void dense(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
           const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
           const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    if (CONFIG_T::strategy == resource)
        dense_resource<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    else if (CONFIG_T::strategy == resource_unrolled)
        dense_resource_unrolled<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    else
        dense_latency<data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

} // namespace nnet

#endif
