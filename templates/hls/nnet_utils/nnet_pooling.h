// Hls4ml.Sdk HLS library: max/average pooling and global pooling over channels-last arrays (io_parallel).
#ifndef HLS4ML_SDK_NNET_POOLING_H
#define HLS4ML_SDK_NNET_POOLING_H

#include "nnet_window.h"

namespace nnet {

enum Pool_Op { Max, Average };

// A 1-D pooling is a 2-D one of height 1.
struct pooling_config {
    typedef float accum_t;
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned pool_height = 1;
    static const unsigned pool_width = 2;
    static const unsigned stride_height = 1;
    static const unsigned stride_width = 2;
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const unsigned out_height = 1;
    static const unsigned out_width = 5;
    static const Pool_Op pool_op = Max;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    // io_stream window formation: line buffer (default) or Encoded (instruction ROM, see nnet_window_stream.h).
    static const bool encoded = false;
    static unsigned char window_instruction(unsigned) { return 0; }
};

// One step of a pooling reduction in accum_t: the first value starts it; after that Max keeps the larger value and
// Average adds. Window, global and streamed pooling all reduce through it, so they round and saturate alike.
template <typename CONFIG_T, class data_T> void pool_accumulate(typename CONFIG_T::accum_t &acc, const data_T x, bool first) {
    #pragma HLS INLINE
    if (first || (CONFIG_T::pool_op == Max && x > acc))
        acc = x;
    else if (CONFIG_T::pool_op == Average)
        acc += x;
}

// The reduction's result: Average divides by the number of values (an ap_fixed division, truncated toward zero at
// accum_t's resolution); then one conversion to res_T.
template <typename CONFIG_T, class res_T> res_T pool_result(typename CONFIG_T::accum_t acc, unsigned count) {
    #pragma HLS INLINE
    if (CONFIG_T::pool_op == Average) acc = acc / count;
    return (res_T)acc;
}

// One output pixel from its window. Keras semantics: padding never takes part. Max is the largest value inside the
// input; Average sums the values inside the input in accum_t and divides by their count (quotient truncated toward
// zero at accum_t's resolution, as an ap_fixed division), then casts to res_T. accum_t must hold the window sum
// (precision inference widens it).
template <class data_T, class res_T, typename CONFIG_T>
void pool_window(const data_T window[CONFIG_T::pool_height * CONFIG_T::pool_width * CONFIG_T::n_chan],
                 const bool inside[CONFIG_T::pool_height * CONFIG_T::pool_width], res_T res[CONFIG_T::n_chan]) {
    #pragma HLS INLINE
Chan:
    for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t acc = 0;
        unsigned count = 0;
    Tap:
        for (unsigned t = 0; t < CONFIG_T::pool_height * CONFIG_T::pool_width; t++) {
            #pragma HLS UNROLL
            if (!inside[t]) continue;
            pool_accumulate<CONFIG_T>(acc, window[t * CONFIG_T::n_chan + c], count == 0);
            count++;
        }
        res[c] = pool_result<CONFIG_T, res_T>(acc, count);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void pooling2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                  res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
OutHeight:
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
    OutWidth:
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            data_T window[CONFIG_T::pool_height * CONFIG_T::pool_width * CONFIG_T::n_chan];
            bool inside[CONFIG_T::pool_height * CONFIG_T::pool_width];
            gather_window<CONFIG_T::pool_height, CONFIG_T::pool_width, data_T, CONFIG_T>(data, window, inside, oh, ow);
            pool_window<data_T, res_T, CONFIG_T>(window, inside, res + (oh * CONFIG_T::out_width + ow) * CONFIG_T::n_chan);
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void pooling1d_cl(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS INLINE
    pooling2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

struct global_pooling_config {
    typedef float accum_t;
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const Pool_Op pool_op = Max;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
};

// Max or average over every spatial position, per channel. The average sums in accum_t (in_height * in_width
// values; precision inference widens it so the sum cannot wrap) and divides once.
template <class data_T, class res_T, typename CONFIG_T>
void global_pooling2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::n_chan]) {
    #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    const unsigned n_pixels = CONFIG_T::in_height * CONFIG_T::in_width;

Chan:
    for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t acc = 0;
    Pixel:
        for (unsigned p = 0; p < n_pixels; p++) {
            #pragma HLS UNROLL
            pool_accumulate<CONFIG_T>(acc, data[p * CONFIG_T::n_chan + c], p == 0);
        }
        res[c] = pool_result<CONFIG_T, res_T>(acc, n_pixels);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void global_pooling1d_cl(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::n_chan]) {
    #pragma HLS INLINE
    global_pooling2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

} // namespace nnet

#endif
