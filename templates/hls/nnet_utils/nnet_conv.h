// Hls4ml.Sdk HLS library: 1-D and 2-D (depthwise) convolutions over channels-last arrays, Latency strategy (io_parallel).
#ifndef HLS4ML_SDK_NNET_CONV_H
#define HLS4ML_SDK_NNET_CONV_H

#include "nnet_common.h"

namespace nnet {

// A 1-D convolution is a 2-D one of height 1 (in_height = filt_height = stride_height = 1, no top/bottom padding).
// Output pixels are computed parallelization_factor at a time: n_partitions = out_height * out_width /
// parallelization_factor iterations of a loop pipelined at II = reuse_factor (hls4ml's ParallelizationFactor). Under a
// pipelined top function everything is unrolled anyway; under DATAFLOW the layer reuses its multipliers per partition.
struct conv_config {
    typedef float bias_t;
    typedef float weight_t;
    typedef float accum_t;
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned filt_height = 1;
    static const unsigned filt_width = 3;
    static const unsigned n_filt = 1;
    static const unsigned depth_multiplier = 1; // depthwise only: n_filt = n_chan * depth_multiplier
    static const unsigned stride_height = 1;
    static const unsigned stride_width = 1;
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const unsigned out_height = 1;
    static const unsigned out_width = 8;
    static const unsigned parallelization_factor = 1;
    static const unsigned n_partitions = 8;
    static const unsigned io_type = io_parallel;
    static const unsigned strategy = latency;
    static const unsigned reuse_factor = 1;
    static const unsigned n_zeros = 0;
    static const unsigned multiplier_limit = 3;
};

// Filters per input channel: n_filt for a convolution, depth_multiplier for a depthwise convolution (whose output
// channel c * depth_multiplier + m comes from input channel c alone).
template <typename CONFIG_T, bool DEPTHWISE> struct conv_inner {
    static const unsigned n = DEPTHWISE ? CONFIG_T::depth_multiplier : CONFIG_T::n_filt;
    static const unsigned n_weights = CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan * n;
};

// One output pixel of a (depthwise) convolution:
//   acc[f] = bias[f]; for each tap (kh, kw) inside the input, for each channel c, for each of its filters j:
//       acc[f] += (accum_t)(x[ih][iw][c] * w[kh][kw][c][j])     f = j (convolution) or c * depth_multiplier + j
//   res[f] = (res_T)acc[f]
// Weights are in Keras layout [filt_height][filt_width][n_chan][n_filt or depth_multiplier]. Every product is formed
// at full width and quantized once into accum_t; taps over the padding are skipped (their product would be exactly
// zero). The tap order (kh, kw, c) is the im2col order, so the result is bit-identical to hls4ml's im2col +
// matrix-product kernel (and depthwise works for any depth_multiplier, unlike hls4ml).
template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_pixel(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                const typename CONFIG_T::weight_t weights[conv_inner<CONFIG_T, DEPTHWISE>::n_weights],
                const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt], unsigned oh, unsigned ow) {
    #pragma HLS INLINE
    const unsigned n_inner = conv_inner<CONFIG_T, DEPTHWISE>::n;
    typename CONFIG_T::accum_t acc[CONFIG_T::n_filt];
    #pragma HLS ARRAY_PARTITION variable=acc complete
InitAccum:
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        acc[f] = (typename CONFIG_T::accum_t)biases[f];
    }
FiltHeight:
    for (unsigned kh = 0; kh < CONFIG_T::filt_height; kh++) {
        #pragma HLS UNROLL
        const int ih = (int)(oh * CONFIG_T::stride_height + kh) - (int)CONFIG_T::pad_top;
    FiltWidth:
        for (unsigned kw = 0; kw < CONFIG_T::filt_width; kw++) {
            #pragma HLS UNROLL
            const int iw = (int)(ow * CONFIG_T::stride_width + kw) - (int)CONFIG_T::pad_left;
            if (ih >= 0 && ih < (int)CONFIG_T::in_height && iw >= 0 && iw < (int)CONFIG_T::in_width) {
                const unsigned pixel = ((unsigned)ih * CONFIG_T::in_width + (unsigned)iw) * CONFIG_T::n_chan;
                const unsigned tap = (kh * CONFIG_T::filt_width + kw) * CONFIG_T::n_chan;
            Chan:
                for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                    #pragma HLS UNROLL
                    const data_T x = data[pixel + c];
                Filt:
                    for (unsigned j = 0; j < n_inner; j++) {
                        #pragma HLS UNROLL
                        const unsigned f = (DEPTHWISE ? c * n_inner : 0) + j;
                        typename CONFIG_T::accum_t product = x * weights[(tap + c) * n_inner + j];
                        acc[f] += product;
                    }
                }
            }
        }
    }
Result:
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        res[(oh * CONFIG_T::out_width + ow) * CONFIG_T::n_filt + f] = (res_T)acc[f];
    }
}

// All output pixels, parallelization_factor at a time, one partition per pipelined iteration.
template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_partitions(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                     res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                     const typename CONFIG_T::weight_t weights[conv_inner<CONFIG_T, DEPTHWISE>::n_weights],
                     const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS FUNCTION_INSTANTIATE variable=weights,biases
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=biases complete
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    // Output row/column counters instead of pixel / out_width: no divider when the loop is not unrolled.
    unsigned oh = 0, ow = 0;
PartitionLoop:
    for (unsigned part = 0; part < CONFIG_T::n_partitions; part++) {
        #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    PixelLoop:
        for (unsigned p = 0; p < CONFIG_T::parallelization_factor; p++) {
            #pragma HLS UNROLL
            conv_pixel<DEPTHWISE, data_T, res_T, CONFIG_T>(data, res, weights, biases, oh, ow);
            if (++ow == CONFIG_T::out_width) {
                ow = 0;
                oh++;
            }
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
                const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    conv_partitions<false, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_1d_cl(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::out_width * CONFIG_T::n_filt],
                const typename CONFIG_T::weight_t weights[CONFIG_T::filt_width * CONFIG_T::n_chan * CONFIG_T::n_filt],
                const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    conv_partitions<false, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                          res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                          const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_filt],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    conv_partitions<true, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void depthwise_conv_1d_cl(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::out_width * CONFIG_T::n_filt],
                          const typename CONFIG_T::weight_t weights[CONFIG_T::filt_width * CONFIG_T::n_filt],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    conv_partitions<true, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

} // namespace nnet

#endif
