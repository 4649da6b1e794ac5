// HlsLayer1 (io_parallel): res[i] = data[i], converted to the result type. Replace the loop body with the layer's computation.
#ifndef NNET_HLSLAYER1_H_
#define NNET_HLSLAYER1_H_

namespace nnet {

struct hlslayer1_config {
    static const unsigned n_in = 10;
    static const bool unroll = true;
};

template <class data_T, class res_T, typename CONFIG_T> void hlslayer1(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    if (CONFIG_T::unroll) {
        for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
            #pragma HLS UNROLL
            res[i] = (res_T)data[i];
        }
    } else {
        for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
            #pragma HLS PIPELINE II=1
            res[i] = (res_T)data[i];
        }
    }
}

} // namespace nnet

#endif
