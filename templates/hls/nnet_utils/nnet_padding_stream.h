// Hls4ml.Sdk HLS library: zero padding over streams (io_stream): every output pixel is either the next input pixel
// or zeros.
#ifndef HLS4ML_SDK_NNET_PADDING_STREAM_H
#define HLS4ML_SDK_NNET_PADDING_STREAM_H

#include "nnet_padding.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> void zeropad2d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
OutHeight:
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
    OutWidth:
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS PIPELINE
            const bool inside = oh >= CONFIG_T::pad_top && oh < CONFIG_T::pad_top + CONFIG_T::in_height &&
                                ow >= CONFIG_T::pad_left && ow < CONFIG_T::pad_left + CONFIG_T::in_width;
            res_T out;
            if (inside) {
                const data_T in = data.read();
                for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                    #pragma HLS UNROLL
                    out[c] = (typename res_T::value_type)in[c];
                }
            } else {
                for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                    #pragma HLS UNROLL
                    out[c] = 0;
                }
            }
            res.write(out);
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T> void zeropad1d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    zeropad2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

} // namespace nnet

#endif
