// Hls4ml.Sdk HLS library: Embedding over streams (io_stream): the token indices arrive as one word (the input's last
// axis); every token's row leaves as one word of n_out values. Bit-identical to io_parallel.
#ifndef HLS4ML_SDK_NNET_EMBED_STREAM_H
#define HLS4ML_SDK_NNET_EMBED_STREAM_H

#include "nnet_embed.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T>
void embedding(hls::stream<data_T> &data, hls::stream<res_T> &res,
               const typename CONFIG_T::embeddings_t embeddings[CONFIG_T::n_vocab * CONFIG_T::n_out]) {
    typename data_T::value_type x[CONFIG_T::n_in];
    typename res_T::value_type y[CONFIG_T::n_in * CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=x complete
    #pragma HLS ARRAY_PARTITION variable=y complete
    read_tensor<data_T, CONFIG_T::n_in>(data, x);
    embedding<typename data_T::value_type, typename res_T::value_type, CONFIG_T>(x, y, embeddings);
    write_tensor<res_T, CONFIG_T::n_in * CONFIG_T::n_out>(y, res);
}

} // namespace nnet

#endif
