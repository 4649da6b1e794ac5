// Hls4ml.Sdk HLS library: fully connected layer over streams (io_stream). A dense layer needs every input before its
// first output, so it buffers the input tensor, runs the io_parallel kernel and writes the result (as hls4ml does).
#ifndef HLS4ML_SDK_NNET_DENSE_STREAM_H
#define HLS4ML_SDK_NNET_DENSE_STREAM_H

#include "nnet_dense.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void dense(hls::stream<data_T> &data, hls::stream<res_T> &res,
           const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
           const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    typename data_T::value_type x[CONFIG_T::n_in];
    typename res_T::value_type y[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=x complete
    #pragma HLS ARRAY_PARTITION variable=y complete
    read_tensor<data_T, CONFIG_T::n_in>(data, x);
    dense<typename data_T::value_type, typename res_T::value_type, CONFIG_T>(x, y, weights, biases);
    write_tensor<res_T, CONFIG_T::n_out>(y, res);
}

} // namespace nnet

#endif
