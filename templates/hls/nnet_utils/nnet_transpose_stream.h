// Hls4ml.Sdk HLS library: axis permutation over streams (io_stream). The last output element may depend on the first
// input element, so the tensor is buffered and permuted by the io_parallel kernel.
#ifndef HLS4ML_SDK_NNET_TRANSPOSE_STREAM_H
#define HLS4ML_SDK_NNET_TRANSPOSE_STREAM_H

#include "nnet_stream.h"
#include "nnet_transpose.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> void transpose(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    typename data_T::value_type x[CONFIG_T::n_in];
    typename res_T::value_type y[CONFIG_T::n_in];
    read_tensor<data_T, CONFIG_T::n_in>(data, x);
    transpose<typename data_T::value_type, typename res_T::value_type, CONFIG_T>(x, y);
    write_tensor<res_T, CONFIG_T::n_in>(y, res);
}

} // namespace nnet

#endif
