// Hls4ml.Sdk HLS library: 1-D and 2-D (depthwise) convolutions over channels-last arrays (io_parallel).
#ifndef HLS4ML_SDK_NNET_CONV_H
#define HLS4ML_SDK_NNET_CONV_H

#include "nnet_dense.h"
#include "nnet_window.h"

namespace nnet {

// A 1-D convolution is a 2-D one of height 1 (in_height = filt_height = stride_height = 1, no top/bottom padding).
// io_parallel computes output pixels parallelization_factor at a time: n_partitions = out_height * out_width /
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
    // io_stream window formation: line buffer (default) or Encoded (instruction ROM, see nnet_window_stream.h).
    static const bool encoded = false;
    static unsigned char window_instruction(unsigned) { return 0; }
};

template <typename CONFIG_T> struct conv_window_size {
    static const unsigned value = CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan;
};

// Kernel size: window x n_filt (convolution) or window x depth_multiplier (depthwise).
template <typename CONFIG_T, bool DEPTHWISE> struct conv_weight_count {
    static const unsigned value = conv_window_size<CONFIG_T>::value * (DEPTHWISE ? CONFIG_T::depth_multiplier : CONFIG_T::n_filt);
};

// One output pixel from its window (taps over padding hold zero, whose products add exactly nothing):
//   convolution: the window is the im2col row; acc = bias + window x W through the shared matrix-vector product
//                (weights in Keras layout [filt_height][filt_width][n_chan][n_filt]), so Resource and Unrolled apply;
//   depthwise:   output channel c * depth_multiplier + m sums channel c of every tap times w[kh][kw][c][m].
// Every product is formed at full width and quantized once into accum_t; taps are added in (kh, kw, c) order, the
// im2col order, so the result is bit-identical to hls4ml's im2col + matrix-product kernel.
template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_window(const data_T window[conv_window_size<CONFIG_T>::value], res_T res[CONFIG_T::n_filt],
                 const typename CONFIG_T::weight_t *weights, const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    typename CONFIG_T::accum_t acc[CONFIG_T::n_filt];
    #pragma HLS ARRAY_PARTITION variable=acc complete
InitAccum:
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        acc[f] = (typename CONFIG_T::accum_t)biases[f];
    }
    if (DEPTHWISE) {
        const unsigned n_mult = CONFIG_T::depth_multiplier;
    Tap:
        for (unsigned t = 0; t < CONFIG_T::filt_height * CONFIG_T::filt_width; t++) {
            #pragma HLS UNROLL
        Chan:
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                const data_T x = window[t * CONFIG_T::n_chan + c];
            Mult:
                for (unsigned m = 0; m < n_mult; m++) {
                    #pragma HLS UNROLL
                    typename CONFIG_T::accum_t product = weight_product<typename CONFIG_T::accum_t>(x, weights[(t * CONFIG_T::n_chan + c) * n_mult + m]);
                    acc[c * n_mult + m] += product;
                }
            }
        }
    } else {
        multiply_accumulate<conv_window_size<CONFIG_T>::value, CONFIG_T::n_filt, data_T, CONFIG_T>(window, weights, acc);
    }
Result:
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        res[f] = (res_T)acc[f];
    }
}

// All output pixels, parallelization_factor at a time, one partition per pipelined iteration.
template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_partitions_body(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                          res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                          const typename CONFIG_T::weight_t *weights, const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    // Output row/column counters instead of pixel / out_width: no divider when the loop is not unrolled.
    unsigned oh = 0, ow = 0;
PartitionLoop:
    for (unsigned part = 0; part < CONFIG_T::n_partitions; part++) {
        #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    PixelLoop:
        for (unsigned p = 0; p < CONFIG_T::parallelization_factor; p++) {
            #pragma HLS UNROLL
            data_T window[conv_window_size<CONFIG_T>::value];
            bool inside[CONFIG_T::filt_height * CONFIG_T::filt_width];
            gather_window<CONFIG_T::filt_height, CONFIG_T::filt_width, data_T, CONFIG_T>(data, window, inside, oh, ow);
            conv_window<DEPTHWISE, data_T, res_T, CONFIG_T>(window, res + (oh * CONFIG_T::out_width + ow) * CONFIG_T::n_filt,
                                                            weights, biases);
            if (++ow == CONFIG_T::out_width) {
                ow = 0;
                oh++;
            }
        }
    }
}

// Latency: every weight in its own register, multipliers limited per partition.
template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_partitions_latency(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                             res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                             const typename CONFIG_T::weight_t weights[conv_weight_count<CONFIG_T, DEPTHWISE>::value],
                             const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS FUNCTION_INSTANTIATE variable=weights,biases
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=biases complete
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    conv_partitions_body<DEPTHWISE, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

// Resource / Unrolled: the kernel reshaped into reuse_factor blocks, one read per cycle (as dense_resource).
template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_partitions_reshaped(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                              res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                              const typename CONFIG_T::weight_t weights[conv_weight_count<CONFIG_T, DEPTHWISE>::value],
                              const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    const unsigned block_factor = conv_weight_count<CONFIG_T, DEPTHWISE>::value / CONFIG_T::reuse_factor;
    #pragma HLS ARRAY_RESHAPE variable=weights block factor=block_factor
    #pragma HLS ARRAY_PARTITION variable=biases complete
    conv_partitions_body<DEPTHWISE, data_T, res_T, CONFIG_T>(data, res, weights, biases);
}

template <bool DEPTHWISE, class data_T, class res_T, typename CONFIG_T>
void conv_partitions(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                     res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                     const typename CONFIG_T::weight_t *weights, const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    if (DEPTHWISE || CONFIG_T::strategy == latency)
        conv_partitions_latency<DEPTHWISE, data_T, res_T, CONFIG_T>(data, res, weights, biases);
    else
        conv_partitions_reshaped<DEPTHWISE, data_T, res_T, CONFIG_T>(data, res, weights, biases);
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
