// Hls4ml.Sdk HLS library: window formation for io_stream convolution and pooling, in hls4ml's two implementations
// (ConvImplementation LineBuffer and Encoded). Pixels arrive row-major, one word of n_chan channels each, over the
// (virtually padded) image; each time the pixel completing a window at a stride position arrives, the window is
// assembled in the layout of nnet_window.h and handed to the same per-window kernel io_parallel uses.
#ifndef HLS4ML_SDK_NNET_WINDOW_STREAM_H
#define HLS4ML_SDK_NNET_WINDOW_STREAM_H

#include "nnet_stream.h"
#include "nnet_window.h"

namespace nnet {

// Assembles the window from pixel storage (tap t = kh * WIN_W + kw is storage row slot[t], real[slot[t]] tells
// whether it holds a pixel or padding) and hands it to op.
template <unsigned WIN_H, unsigned WIN_W, typename CONFIG_T, class value_t, class WINDOW_OP>
void emit_window(const value_t storage[][CONFIG_T::n_chan], const bool real[], const unsigned slot[WIN_H * WIN_W], WINDOW_OP &op) {
    #pragma HLS INLINE
    value_t window[WIN_H * WIN_W * CONFIG_T::n_chan];
    bool inside[WIN_H * WIN_W];
    #pragma HLS ARRAY_PARTITION variable=window complete
    #pragma HLS ARRAY_PARTITION variable=inside complete
    for (unsigned t = 0; t < WIN_H * WIN_W; t++) {
        #pragma HLS UNROLL
        inside[t] = real[slot[t]];
        for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
            #pragma HLS UNROLL
            window[t * CONFIG_T::n_chan + c] = storage[slot[t]][c];
        }
    }
    op(window, inside);
}

// LineBuffer: WIN_H rows of the padded image, addressed by row (modulo WIN_H) and column.
template <unsigned WIN_H, unsigned WIN_W, class data_T, typename CONFIG_T, class WINDOW_OP>
void slide_window_line_buffer(hls::stream<data_T> &data, WINDOW_OP &op) {
    typedef typename data_T::value_type value_t;
    const unsigned padded_height = CONFIG_T::pad_top + CONFIG_T::in_height + CONFIG_T::pad_bottom;
    const unsigned padded_width = CONFIG_T::pad_left + CONFIG_T::in_width + CONFIG_T::pad_right;
    // Row r of the buffer holds padded image rows r, r + WIN_H, ...: slot = (row % WIN_H) * padded_width + column.
    value_t lines[WIN_H * padded_width][CONFIG_T::n_chan];
    bool real[WIN_H * padded_width];
    #pragma HLS ARRAY_PARTITION variable=lines block factor=WIN_H dim=1
    #pragma HLS ARRAY_PARTITION variable=lines complete dim=2
PixelRows:
    for (unsigned vh = 0; vh < padded_height; vh++) {
    PixelColumns:
        for (unsigned vw = 0; vw < padded_width; vw++) {
            #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
            const bool is_real = vh >= CONFIG_T::pad_top && vh < CONFIG_T::pad_top + CONFIG_T::in_height &&
                                 vw >= CONFIG_T::pad_left && vw < CONFIG_T::pad_left + CONFIG_T::in_width;
            data_T pixel;
            if (is_real) pixel = data.read();
            const unsigned newest = (vh % WIN_H) * padded_width + vw;
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                lines[newest][c] = is_real ? pixel[c] : (value_t)0;
            }
            real[newest] = is_real;
            if (vh + 1 < WIN_H || vw + 1 < WIN_W) continue;
            const unsigned top = vh + 1 - WIN_H, left = vw + 1 - WIN_W;
            if (top % CONFIG_T::stride_height != 0 || left % CONFIG_T::stride_width != 0) continue;
            if (top / CONFIG_T::stride_height >= CONFIG_T::out_height || left / CONFIG_T::stride_width >= CONFIG_T::out_width) continue;
            unsigned slot[WIN_H * WIN_W];
            for (unsigned t = 0; t < WIN_H * WIN_W; t++) {
                #pragma HLS UNROLL
                slot[t] = ((top + t / WIN_W) % WIN_H) * padded_width + left + t % WIN_W;
            }
            emit_window<WIN_H, WIN_W, CONFIG_T>(lines, real, slot, op);
        }
    }
}

// Encoded: every pixel enters one delay line of (WIN_H - 1) rows plus WIN_W pixels; tap (kh, kw) of the window ending
// at the newest pixel sits (WIN_H - 1 - kh) rows and (WIN_W - 1 - kw) pixels back. The per-pixel instruction ROM
// (CONFIG_T::window_instruction, computed by the converter) says whether the pixel is real and whether a window ends
// there, so the loop needs no coordinate arithmetic.
template <unsigned WIN_H, unsigned WIN_W, class data_T, typename CONFIG_T, class WINDOW_OP>
void slide_window_encoded(hls::stream<data_T> &data, WINDOW_OP &op) {
    typedef typename data_T::value_type value_t;
    const unsigned padded_width = CONFIG_T::pad_left + CONFIG_T::in_width + CONFIG_T::pad_right;
    const unsigned n_pixels = (CONFIG_T::pad_top + CONFIG_T::in_height + CONFIG_T::pad_bottom) * padded_width;
    const unsigned depth = (WIN_H - 1) * padded_width + WIN_W;
    value_t delay[depth][CONFIG_T::n_chan];
    bool real[depth];
    #pragma HLS ARRAY_PARTITION variable=delay complete dim=2
Pixels:
    for (unsigned p = 0; p < n_pixels; p++) {
        #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
        const unsigned char instruction = CONFIG_T::window_instruction(p);
    Shift:
        for (unsigned d = depth - 1; d > 0; d--) {
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) delay[d][c] = delay[d - 1][c];
            real[d] = real[d - 1];
        }
        data_T pixel;
        if (instruction & 1) pixel = data.read();
        for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
            #pragma HLS UNROLL
            delay[0][c] = (instruction & 1) ? pixel[c] : (value_t)0;
        }
        real[0] = (instruction & 1) != 0;
        if (!(instruction & 2)) continue;
        unsigned slot[WIN_H * WIN_W];
        for (unsigned t = 0; t < WIN_H * WIN_W; t++) {
            #pragma HLS UNROLL
            slot[t] = (WIN_H - 1 - t / WIN_W) * padded_width + (WIN_W - 1 - t % WIN_W);
        }
        emit_window<WIN_H, WIN_W, CONFIG_T>(delay, real, slot, op);
    }
}

// WINDOW_OP: a functor called as op(window, inside) once per output pixel, in row-major output order.
template <unsigned WIN_H, unsigned WIN_W, class data_T, typename CONFIG_T, class WINDOW_OP>
void slide_window(hls::stream<data_T> &data, WINDOW_OP &op) {
    #pragma HLS INLINE
    if (CONFIG_T::encoded)
        slide_window_encoded<WIN_H, WIN_W, data_T, CONFIG_T>(data, op);
    else
        slide_window_line_buffer<WIN_H, WIN_W, data_T, CONFIG_T>(data, op);
}

} // namespace nnet

#endif
