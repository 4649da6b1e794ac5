// Hls4ml.Sdk HLS library: cropping over streams (io_stream): every input pixel is read, those inside the crop are
// written.
#ifndef HLS4ML_SDK_NNET_CROPPING_STREAM_H
#define HLS4ML_SDK_NNET_CROPPING_STREAM_H

#include "nnet_cropping.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> void cropping2d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
InHeight:
    for (unsigned ih = 0; ih < CONFIG_T::in_height; ih++) {
    InWidth:
        for (unsigned iw = 0; iw < CONFIG_T::in_width; iw++) {
            #pragma HLS PIPELINE
            const data_T in = data.read();
            if (ih < CONFIG_T::crop_top || ih >= CONFIG_T::crop_top + CONFIG_T::out_height || iw < CONFIG_T::crop_left ||
                iw >= CONFIG_T::crop_left + CONFIG_T::out_width)
                continue;
            res_T out;
            for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                out[c] = (typename res_T::value_type)in[c];
            }
            res.write(out);
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T> void cropping1d_cl(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    cropping2d_cl<data_T, res_T, CONFIG_T>(data, res);
}

} // namespace nnet

#endif
