// Hls4ml.Sdk HLS library: the sliding window shared by convolution and pooling. A window of WIN_H x WIN_W pixels is
// held channels-last: window[(kh * WIN_W + kw) * n_chan + c]; inside[kh * WIN_W + kw] tells whether the tap covers a
// real pixel or padding (padding taps hold zero). io_parallel gathers windows from the image array, io_stream from a
// line buffer (nnet_window_stream.h); both hand the same window to the same per-window kernel.
#ifndef HLS4ML_SDK_NNET_WINDOW_H
#define HLS4ML_SDK_NNET_WINDOW_H

#include "nnet_common.h"

namespace nnet {

template <unsigned WIN_H, unsigned WIN_W, class data_T, typename CONFIG_T>
void gather_window(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                   data_T window[WIN_H * WIN_W * CONFIG_T::n_chan], bool inside[WIN_H * WIN_W], unsigned oh, unsigned ow) {
    #pragma HLS INLINE
WindowHeight:
    for (unsigned kh = 0; kh < WIN_H; kh++) {
        #pragma HLS UNROLL
        const int ih = (int)(oh * CONFIG_T::stride_height + kh) - (int)CONFIG_T::pad_top;
    WindowWidth:
        for (unsigned kw = 0; kw < WIN_W; kw++) {
            #pragma HLS UNROLL
            const int iw = (int)(ow * CONFIG_T::stride_width + kw) - (int)CONFIG_T::pad_left;
            const bool in = ih >= 0 && ih < (int)CONFIG_T::in_height && iw >= 0 && iw < (int)CONFIG_T::in_width;
            inside[kh * WIN_W + kw] = in;
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                window[(kh * WIN_W + kw) * CONFIG_T::n_chan + c] =
                    in ? data[((unsigned)ih * CONFIG_T::in_width + (unsigned)iw) * CONFIG_T::n_chan + c] : (data_T)0;
            }
        }
    }
}

} // namespace nnet

#endif
