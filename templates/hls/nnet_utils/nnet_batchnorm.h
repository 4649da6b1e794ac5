// Hls4ml.Sdk HLS library: batch normalization at inference (io_parallel).
// y = x * scale[c] + bias[c] per channel c of the normalized axis (the last one for Keras' axis=-1), with
// scale = gamma / sqrt(var + eps) and bias = beta - mean * scale precomputed by the converter. The product and the
// sum are formed at full precision and quantized once into res_T (as hls4ml's nnet::normalize).
#ifndef HLS4ML_SDK_NNET_BATCHNORM_H
#define HLS4ML_SDK_NNET_BATCHNORM_H

#include "nnet_common.h"

namespace nnet {

struct batchnorm_config {
    static const unsigned n_in = 10;
    static const unsigned n_filt = 10;       // channels: scale/bias are indexed by (i / n_inner) % n_filt
    static const unsigned n_inner = 1;       // elements after the normalized axis (1 for the last axis)
    static const unsigned n_scale_bias = 10; // = n_filt
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    static const unsigned multiplier_limit = 10;
    typedef float scale_t;
    typedef float bias_t;
};

// The product and the sum at full precision, one conversion to res_T.
template <class res_T, class data_T, class scale_T, class bias_T>
res_T normalize_element(const data_T x, const scale_T scale, const bias_T bias) {
    #pragma HLS INLINE
    return (res_T)(x * scale + bias);
}

template <class data_T, class res_T, typename CONFIG_T>
void normalize(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::scale_t scale[CONFIG_T::n_scale_bias],
               const typename CONFIG_T::bias_t bias[CONFIG_T::n_scale_bias]) {
    #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    #pragma HLS FUNCTION_INSTANTIATE variable=scale,bias
    #pragma HLS ARRAY_PARTITION variable=scale complete
    #pragma HLS ARRAY_PARTITION variable=bias complete
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const unsigned c = (i / CONFIG_T::n_inner) % CONFIG_T::n_filt;
        res[i] = normalize_element<res_T>(data[i], scale[c], bias[c]);
    }
}

} // namespace nnet

#endif
