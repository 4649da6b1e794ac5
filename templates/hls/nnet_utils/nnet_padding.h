// Hls4ml.Sdk HLS library: zero padding of channels-last arrays (Keras ZeroPadding1D/2D; 1-D is height 1), io_parallel.
#ifndef HLS4ML_SDK_NNET_PADDING_H
#define HLS4ML_SDK_NNET_PADDING_H

#include "nnet_common.h"

namespace nnet {

struct padding_config {
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
    static const unsigned pad_left = 1;
    static const unsigned pad_right = 1;
    static const unsigned out_height = 1;
    static const unsigned out_width = 12;
};

template <class data_T, class res_T, typename CONFIG_T>
void zeropad2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                  res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS PIPELINE
OutHeight:
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
    OutWidth:
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            const bool inside = oh >= CONFIG_T::pad_top && oh < CONFIG_T::pad_top + CONFIG_T::in_height &&
                                ow >= CONFIG_T::pad_left && ow < CONFIG_T::pad_left + CONFIG_T::in_width;
        Chan:
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                const unsigned o = (oh * CONFIG_T::out_width + ow) * CONFIG_T::n_chan + c;
                if (inside)
                    res[o] = (res_T)data[((oh - CONFIG_T::pad_top) * CONFIG_T::in_width + (ow - CONFIG_T::pad_left)) * CONFIG_T::n_chan + c];
                else
                    res[o] = 0;
            }
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void zeropad1d_cl(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS INLINE
    zeropad2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

} // namespace nnet

#endif
