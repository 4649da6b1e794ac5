// Hls4ml.Sdk HLS library: batch normalization merged with a binary/ternary activation (io_parallel and io_stream).
// Per channel c: up = direction[c] > 0 ? x >= upper[c] : x <= upper[c]; down likewise with lower[c]. Output +1 when
// up, else -1 when down (binary: always) or low_value (binary_step: 0), else 0. Comparisons only, no multiplier.
#ifndef HLS4ML_SDK_NNET_BATCHNORM_THRESHOLD_H
#define HLS4ML_SDK_NNET_BATCHNORM_THRESHOLD_H

#include "nnet_common.h"
#include "nnet_stream.h"

namespace nnet {

struct batchnorm_threshold_config {
    static const unsigned n_in = 10;
    static const unsigned n_filt = 10;
    static const unsigned n_inner = 1;
    static const unsigned io_type = io_parallel;
    static const bool ternary = false;
    static const int low_value = -1;
    typedef float threshold_t;
    typedef int direction_t;
};

template <class res_T, class data_T, typename CONFIG_T>
res_T threshold_element(const data_T x, const typename CONFIG_T::threshold_t upper, const typename CONFIG_T::threshold_t lower,
                        const typename CONFIG_T::direction_t direction) {
    #pragma HLS INLINE
    const bool up = direction > 0 ? x >= upper : x <= upper;
    if (up) return (res_T)1;
    if (!CONFIG_T::ternary) return (res_T)CONFIG_T::low_value;
    const bool down = direction > 0 ? x <= lower : x >= lower;
    return down ? (res_T)-1 : (res_T)0;
}

template <class data_T, class res_T, typename CONFIG_T>
void normalize_threshold(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::threshold_t upper[CONFIG_T::n_filt],
                         const typename CONFIG_T::threshold_t lower[CONFIG_T::n_filt],
                         const typename CONFIG_T::direction_t direction[CONFIG_T::n_filt]) {
    #pragma HLS PIPELINE
    #pragma HLS ARRAY_PARTITION variable=upper complete
    #pragma HLS ARRAY_PARTITION variable=lower complete
    #pragma HLS ARRAY_PARTITION variable=direction complete
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const unsigned c = (i / CONFIG_T::n_inner) % CONFIG_T::n_filt;
        res[i] = threshold_element<res_T, data_T, CONFIG_T>(data[i], upper[c], lower[c], direction[c]);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void normalize_threshold(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::threshold_t upper[CONFIG_T::n_filt],
                         const typename CONFIG_T::threshold_t lower[CONFIG_T::n_filt],
                         const typename CONFIG_T::direction_t direction[CONFIG_T::n_filt]) {
    #pragma HLS ARRAY_PARTITION variable=upper complete
    #pragma HLS ARRAY_PARTITION variable=lower complete
    #pragma HLS ARRAY_PARTITION variable=direction complete
ThresholdWords:
    for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
        #pragma HLS PIPELINE
        const data_T in = data.read();
        res_T out;
        for (unsigned p = 0; p < data_T::size; p++) {
            #pragma HLS UNROLL
            const unsigned c = ((w * data_T::size + p) / CONFIG_T::n_inner) % CONFIG_T::n_filt;
            out[p] = threshold_element<typename res_T::value_type, typename data_T::value_type, CONFIG_T>(in[p], upper[c], lower[c], direction[c]);
        }
        res.write(out);
    }
}

} // namespace nnet

#endif
