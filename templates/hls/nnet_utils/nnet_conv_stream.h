// Hls4ml.Sdk HLS library: 1-D and 2-D (depthwise) convolutions over streams (io_stream), one output pixel per
// window of the line buffer, computed by the io_parallel per-window kernel (bit-identical). 'same' padding arrives as
// an explicit ZeroPadding layer in front of the convolution (inserted by the converter, as hls4ml does).
#ifndef HLS4ML_SDK_NNET_CONV_STREAM_H
#define HLS4ML_SDK_NNET_CONV_STREAM_H

#include "nnet_conv.h"
#include "nnet_window_stream.h"

namespace nnet {

template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T> struct conv_window_writer {
    hls::stream<res_T> &res;
    const typename CONFIG_T::weight_t *weights;
    const typename CONFIG_T::bias_t *biases;
    void operator()(const typename data_T::value_type window[], const bool *) {
        #pragma HLS INLINE
        res_T out;
        conv_window<DEPTHWISE, typename data_T::value_type, typename res_T::value_type, CONFIG_T>(window, out.data, weights, biases);
        res.write(out);
    }
};

// Weights: completely partitioned for Latency, reshaped into reuse_factor blocks for Resource/Unrolled (as io_parallel).
template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_stream_latency(hls::stream<data_T> &data, hls::stream<res_T> &res,
                         const typename CONFIG_T::weight_t weights[conv_weight_count<CONFIG_T, DEPTHWISE>::value],
                         const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=biases complete
    conv_window_writer<DEPTHWISE, data_T, res_T, CONFIG_T> writer = {res, weights, biases};
    slide_window<CONFIG_T::filt_height, CONFIG_T::filt_width, data_T, CONFIG_T>(data, writer);
}

template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_stream_reshaped(hls::stream<data_T> &data, hls::stream<res_T> &res,
                          const typename CONFIG_T::weight_t weights[conv_weight_count<CONFIG_T, DEPTHWISE>::value],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    const unsigned block_factor = conv_weight_count<CONFIG_T, DEPTHWISE>::value / CONFIG_T::reuse_factor;
    #pragma HLS ARRAY_RESHAPE variable=weights block factor=block_factor
    #pragma HLS ARRAY_PARTITION variable=biases complete
    conv_window_writer<DEPTHWISE, data_T, res_T, CONFIG_T> writer = {res, weights, biases};
    slide_window<CONFIG_T::filt_height, CONFIG_T::filt_width, data_T, CONFIG_T>(data, writer);
}

template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_stream(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::weight_t *weights,
                 const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    if (DEPTHWISE || CONFIG_T::strategy == latency)
        conv_stream_latency<DEPTHWISE, data_T, res_T, CONFIG_T>(data, res, weights, biases);
    else
        conv_stream_reshaped<DEPTHWISE, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_2d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::weight_t *weights,
                const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    conv_stream<false, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_1d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::weight_t *weights,
                const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    conv_stream<false, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_2d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::weight_t *weights,
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    conv_stream<true, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_1d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::weight_t *weights,
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    conv_stream<true, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

} // namespace nnet

#endif
