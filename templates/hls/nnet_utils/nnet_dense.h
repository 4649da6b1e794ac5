// Hls4ml.Sdk HLS library: fully connected layer, Latency strategy (io_parallel).
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

// Every product is formed at full width and quantized once into accum_t; the accumulator starts from the
// bias and adds the products input by input. This order and typing define the bit-exact result.
template <class data_T, class res_T, typename CONFIG_T>
void dense_latency(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                   const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                   const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    #pragma HLS FUNCTION_INSTANTIATE variable=weights,biases
    #pragma HLS ARRAY_PARTITION variable=biases complete
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit

    typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=acc complete

InitAccum:
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        acc[j] = (typename CONFIG_T::accum_t)biases[j];
    }
Product:
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const data_T x = data[i];
        for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
            #pragma HLS UNROLL
            typename CONFIG_T::accum_t product = x * weights[i * CONFIG_T::n_out + j];
            acc[j] += product;
        }
    }
Result:
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        res[j] = (res_T)acc[j];
    }
}

// Resource strategy: ReuseLoop of reuse_factor iterations at II=1, each doing block_factor = n_in*n_out/RF MACs on a
// contiguous block of the flattened weight index k = i*n_out + j. Blocks are visited in increasing k, so every
// accumulator receives its products in increasing i, exactly as in dense_latency: the results are bit-identical.
template <class data_T, class res_T, typename CONFIG_T>
void dense_resource(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                    const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                    const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    const unsigned block_factor = CONFIG_T::n_in * CONFIG_T::n_out / CONFIG_T::reuse_factor;
    #pragma HLS ARRAY_RESHAPE variable=weights block factor=block_factor
    #pragma HLS ARRAY_PARTITION variable=biases complete

    typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=acc complete

InitAccum:
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        acc[j] = (typename CONFIG_T::accum_t)biases[j];
    }
ReuseLoop:
    for (unsigned ir = 0; ir < CONFIG_T::reuse_factor; ir++) {
        #pragma HLS PIPELINE II=1 rewind
    MultLoop:
        for (unsigned im = 0; im < block_factor; im++) {
            #pragma HLS UNROLL
            const unsigned k = ir * block_factor + im;
            const unsigned i = k / CONFIG_T::n_out, j = k % CONFIG_T::n_out;
            typename CONFIG_T::accum_t product = data[i] * weights[k];
            acc[j] += product;
        }
    }
Result:
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        res[j] = (res_T)acc[j];
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void dense(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
           const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
           const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    if (CONFIG_T::strategy == resource)
        dense_resource<data_T, res_T, CONFIG_T>(data, res, weights, biases);
    else
        dense_latency<data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

} // namespace nnet

#endif
