// Hls4ml.Sdk HLS library: GarNet over streams (io_stream). The vertex features arrive one word per vertex, the vertex
// count as one word; the layer needs every vertex before its first output (the aggregators average over all of
// them), so it buffers its inputs, runs the io_parallel kernel and writes the collapsed output (or one word per
// vertex). Bit-identical to io_parallel.
#ifndef HLS4ML_SDK_NNET_GARNET_STREAM_H
#define HLS4ML_SDK_NNET_GARNET_STREAM_H

#include "nnet_garnet.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class nvert_T, class res_T, typename CONFIG_T>
void garnet(hls::stream<data_T> &data, hls::stream<nvert_T> &nvert, hls::stream<res_T> &res,
            const typename CONFIG_T::weight_t weights[CONFIG_T::n_weights], const typename CONFIG_T::bias_t biases[CONFIG_T::n_biases]) {
    typename data_T::value_type x[CONFIG_T::n_vertices * CONFIG_T::n_in];
    typename nvert_T::value_type n[1];
    typename res_T::value_type y[CONFIG_T::n_out];
    read_tensor<data_T, CONFIG_T::n_vertices * CONFIG_T::n_in>(data, x);
    read_tensor<nvert_T, 1>(nvert, n);
    garnet<typename data_T::value_type, typename nvert_T::value_type, typename res_T::value_type, CONFIG_T>(x, n, y, weights, biases);
    write_tensor<res_T, CONFIG_T::n_out>(y, res);
}

} // namespace nnet

#endif
