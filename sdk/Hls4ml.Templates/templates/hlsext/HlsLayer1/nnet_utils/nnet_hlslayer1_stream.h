// HlsLayer1 over streams (io_stream): each word goes through the io_parallel kernel, so both io types give the same bits.
#ifndef NNET_HLSLAYER1_STREAM_H_
#define NNET_HLSLAYER1_STREAM_H_

#include "nnet_hlslayer1.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> void hlslayer1(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
        #pragma HLS PIPELINE
        data_T in = data.read();
        res_T out;
        hlslayer1<typename data_T::value_type, typename res_T::value_type, word_config<CONFIG_T, data_T::size> >(in.data, out.data);
        res.write(out);
    }
}

} // namespace nnet

#endif
