// Hls4ml.Sdk HLS library: line buffer for io_stream convolution and pooling (hls4ml's LineBuffer implementation).
// Pixels arrive row-major, one word of n_chan channels each. The last WIN_H rows of the (virtually padded) image are
// kept; each time the pixel completing a window at a stride position arrives, the window is assembled in the layout
// of nnet_window.h and handed to the same per-window kernel io_parallel uses.
#ifndef HLS4ML_SDK_NNET_WINDOW_STREAM_H
#define HLS4ML_SDK_NNET_WINDOW_STREAM_H

#include "nnet_stream.h"
#include "nnet_window.h"

namespace nnet {

// WINDOW_OP: a functor called as op(window, inside) once per output pixel, in row-major output order.
template <unsigned WIN_H, unsigned WIN_W, class data_T, typename CONFIG_T, class WINDOW_OP>
void slide_window(hls::stream<data_T> &data, WINDOW_OP &op) {
    typedef typename data_T::value_type value_t;
    const unsigned padded_height = CONFIG_T::pad_top + CONFIG_T::in_height + CONFIG_T::pad_bottom;
    const unsigned padded_width = CONFIG_T::pad_left + CONFIG_T::in_width + CONFIG_T::pad_right;
    value_t lines[WIN_H][padded_width][CONFIG_T::n_chan];
    bool real[WIN_H][padded_width];
    #pragma HLS ARRAY_PARTITION variable=lines complete dim=1
    #pragma HLS ARRAY_PARTITION variable=lines complete dim=3
    #pragma HLS ARRAY_PARTITION variable=real complete dim=1
PixelRows:
    for (unsigned vh = 0; vh < padded_height; vh++) {
    PixelColumns:
        for (unsigned vw = 0; vw < padded_width; vw++) {
            #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
            const bool is_real = vh >= CONFIG_T::pad_top && vh < CONFIG_T::pad_top + CONFIG_T::in_height &&
                                 vw >= CONFIG_T::pad_left && vw < CONFIG_T::pad_left + CONFIG_T::in_width;
            data_T pixel;
            if (is_real) pixel = data.read();
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                lines[vh % WIN_H][vw][c] = is_real ? pixel[c] : (value_t)0;
            }
            real[vh % WIN_H][vw] = is_real;
            if (vh + 1 < WIN_H || vw + 1 < WIN_W) continue;
            const unsigned top = vh + 1 - WIN_H, left = vw + 1 - WIN_W;
            if (top % CONFIG_T::stride_height != 0 || left % CONFIG_T::stride_width != 0) continue;
            if (top / CONFIG_T::stride_height >= CONFIG_T::out_height || left / CONFIG_T::stride_width >= CONFIG_T::out_width) continue;
            value_t window[WIN_H * WIN_W * CONFIG_T::n_chan];
            bool inside[WIN_H * WIN_W];
            #pragma HLS ARRAY_PARTITION variable=window complete
            #pragma HLS ARRAY_PARTITION variable=inside complete
            for (unsigned kh = 0; kh < WIN_H; kh++) {
                #pragma HLS UNROLL
                const unsigned row = (top + kh) % WIN_H;
                for (unsigned kw = 0; kw < WIN_W; kw++) {
                    #pragma HLS UNROLL
                    inside[kh * WIN_W + kw] = real[row][left + kw];
                    for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                        #pragma HLS UNROLL
                        window[(kh * WIN_W + kw) * CONFIG_T::n_chan + c] = lines[row][left + kw][c];
                    }
                }
            }
            op(window, inside);
        }
    }
}

} // namespace nnet

#endif
