// Hls4ml.Sdk HLS library: pooling over streams (io_stream). Windows come from the line buffer, padding included (a
// pooling window never counts padding), and go through the io_parallel per-window kernel (bit-identical).
#ifndef HLS4ML_SDK_NNET_POOLING_STREAM_H
#define HLS4ML_SDK_NNET_POOLING_STREAM_H

#include "nnet_pooling.h"
#include "nnet_window_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> struct pool_window_writer {
    hls::stream<res_T> &res;
    void operator()(const typename data_T::value_type window[], const bool inside[]) {
        #pragma HLS INLINE
        res_T out;
        pool_window<typename data_T::value_type, typename res_T::value_type, CONFIG_T>(window, inside, out.data);
        res.write(out);
    }
};

template <class data_T, class res_T, typename CONFIG_T> void pooling2d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    pool_window_writer<data_T, res_T, CONFIG_T> writer = {res};
    slide_window<CONFIG_T::pool_height, CONFIG_T::pool_width, data_T, CONFIG_T>(data, writer);
}

template <class data_T, class res_T, typename CONFIG_T> void pooling1d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    pooling2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

// Global pooling: one running value per channel, updated pixel by pixel in arrival order (the io_parallel order).
template <class data_T, class res_T, typename CONFIG_T>
void global_pooling2d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    const unsigned n_pixels = CONFIG_T::in_height * CONFIG_T::in_width;
    typename CONFIG_T::accum_t acc[CONFIG_T::n_chan];
    #pragma HLS ARRAY_PARTITION variable=acc complete
Pixels:
    for (unsigned p = 0; p < n_pixels; p++) {
        #pragma HLS PIPELINE
        const data_T pixel = data.read();
        for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
            #pragma HLS UNROLL
            pool_accumulate<CONFIG_T>(acc[c], pixel[c], p == 0);
        }
    }
    res_T out;
    for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        out[c] = pool_result<CONFIG_T, typename res_T::value_type>(acc[c], n_pixels);
    }
    res.write(out);
}

template <class data_T, class res_T, typename CONFIG_T>
void global_pooling1d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    global_pooling2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

} // namespace nnet

#endif
