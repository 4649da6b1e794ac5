// Hls4ml.Sdk HLS library: nearest-neighbour up-sampling of channels-last arrays (Keras UpSampling1D/2D), io_parallel.
#ifndef HLS4ML_SDK_NNET_IMAGE_H
#define HLS4ML_SDK_NNET_IMAGE_H

#include "nnet_common.h"

namespace nnet {

struct resize_config {
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned height_factor = 1;
    static const unsigned width_factor = 2;
    static const unsigned out_height = 1;
    static const unsigned out_width = 20;
};

// Output pixel (oh, ow) copies input pixel (oh / height_factor, ow / width_factor).
template <class data_T, class res_T, typename CONFIG_T>
void resize_nearest(data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                    res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS PIPELINE
OutHeight:
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
    OutWidth:
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            const unsigned src = ((oh / CONFIG_T::height_factor) * CONFIG_T::in_width + ow / CONFIG_T::width_factor) * CONFIG_T::n_chan;
        Chan:
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                res[(oh * CONFIG_T::out_width + ow) * CONFIG_T::n_chan + c] = (res_T)data[src + c];
            }
        }
    }
}

} // namespace nnet

#endif
