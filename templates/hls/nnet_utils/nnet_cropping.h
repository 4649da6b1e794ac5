// Hls4ml.Sdk HLS library: cropping of channels-last arrays (Keras Cropping1D/2D; 1-D is height 1), io_parallel.
#ifndef HLS4ML_SDK_NNET_CROPPING_H
#define HLS4ML_SDK_NNET_CROPPING_H

#include "nnet_common.h"

namespace nnet {

struct cropping_config {
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned crop_top = 0;
    static const unsigned crop_bottom = 0;
    static const unsigned crop_left = 1;
    static const unsigned crop_right = 1;
    static const unsigned out_height = 1;
    static const unsigned out_width = 8;
};

template <class data_T, class res_T, typename CONFIG_T>
void cropping2d_cl(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                   res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS PIPELINE
OutHeight:
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
    OutWidth:
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
        Chan:
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                res[(oh * CONFIG_T::out_width + ow) * CONFIG_T::n_chan + c] = (res_T)
                    data[((oh + CONFIG_T::crop_top) * CONFIG_T::in_width + (ow + CONFIG_T::crop_left)) * CONFIG_T::n_chan + c];
            }
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void cropping1d_cl(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan], res_T res[CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS INLINE
    cropping2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

} // namespace nnet

#endif
