// Hls4ml.Sdk HLS library: Embedding (io_parallel). Each input value is a token index (integers carried in the input
// type); the output holds its row of the table. An index outside [0, n_vocab) selects the nearest valid row (Keras
// raises an error there; hardware has to output something defined).
#ifndef HLS4ML_SDK_NNET_EMBED_H
#define HLS4ML_SDK_NNET_EMBED_H

#include "nnet_common.h"

namespace nnet {

struct embed_config {
    static const unsigned n_in = 1;
    static const unsigned n_vocab = 1;
    static const unsigned n_out = 1;
    static const unsigned io_type = io_parallel;
    static const unsigned reuse_factor = 1;
    typedef ap_fixed<16, 6> embeddings_t;
};

template <class data_T> inline int embed_index(data_T x) { return (int)x; }

template <class data_T, class res_T, typename CONFIG_T>
void embedding(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in * CONFIG_T::n_out],
               const typename CONFIG_T::embeddings_t embeddings[CONFIG_T::n_vocab * CONFIG_T::n_out]) {
    #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
    #pragma HLS ARRAY_PARTITION variable=embeddings complete
Tokens:
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        int index = embed_index<data_T>(data[i]);
        if (index < 0) index = 0;
        if (index > (int)CONFIG_T::n_vocab - 1) index = CONFIG_T::n_vocab - 1;
    Row:
        for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
            #pragma HLS UNROLL
            res[i * CONFIG_T::n_out + j] = (res_T)embeddings[index * CONFIG_T::n_out + j];
        }
    }
}

} // namespace nnet

#endif
