// Hls4ml.Sdk HLS library: batch normalization over streams (io_stream), word by word with the io_parallel arithmetic.
#ifndef HLS4ML_SDK_NNET_BATCHNORM_STREAM_H
#define HLS4ML_SDK_NNET_BATCHNORM_STREAM_H

#include "nnet_batchnorm.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void normalize(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::scale_t scale[CONFIG_T::n_scale_bias],
               const typename CONFIG_T::bias_t bias[CONFIG_T::n_scale_bias]) {
    #pragma HLS ARRAY_PARTITION variable=scale complete
    #pragma HLS ARRAY_PARTITION variable=bias complete
NormalizeWords:
    for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
        #pragma HLS PIPELINE
        const data_T in = data.read();
        res_T out;
        for (unsigned p = 0; p < data_T::size; p++) {
            #pragma HLS UNROLL
            const unsigned c = ((w * data_T::size + p) / CONFIG_T::n_inner) % CONFIG_T::n_filt;
            out[p] = normalize_element<typename res_T::value_type>(in[p], scale[c], bias[c]);
        }
        res.write(out);
    }
}

} // namespace nnet

#endif
