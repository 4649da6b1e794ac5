// ID layer (Hls4ml.Sdk extension sample): res = data, converted to the result type.
#ifndef NNET_ID_H_
#define NNET_ID_H_

namespace nnet {

struct id_config {
    static const unsigned n_in = 10;
    static const bool unroll = true;
};

template <class data_T, class res_T, typename CONFIG_T> void identity(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
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
