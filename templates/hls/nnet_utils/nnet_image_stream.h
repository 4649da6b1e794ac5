// Hls4ml.Sdk HLS library: nearest-neighbour up-sampling over streams (io_stream): one input row is buffered and
// written height_factor times, each pixel width_factor times.
#ifndef HLS4ML_SDK_NNET_IMAGE_STREAM_H
#define HLS4ML_SDK_NNET_IMAGE_STREAM_H

#include "nnet_image.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> void resize_nearest(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    data_T row[CONFIG_T::in_width];
InRows:
    for (unsigned ih = 0; ih < CONFIG_T::in_height; ih++) {
    ReadRow:
        for (unsigned iw = 0; iw < CONFIG_T::in_width; iw++) {
            #pragma HLS PIPELINE
            row[iw] = data.read();
        }
    RepeatRow:
        for (unsigned r = 0; r < CONFIG_T::height_factor; r++) {
        WriteRow:
            for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
                #pragma HLS PIPELINE
                res_T out;
                for (unsigned c = 0; c < CONFIG_T::n_chan; c++) {
                    #pragma HLS UNROLL
                    out[c] = (typename res_T::value_type)row[ow / CONFIG_T::width_factor][c];
                }
                res.write(out);
            }
        }
    }
}

} // namespace nnet

#endif
