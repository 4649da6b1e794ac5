// ID layer over streams (io_stream): each word goes through unchanged, element by element converted to the result
// type, with the io_parallel kernel so both io types give the same bits.
#ifndef NNET_ID_STREAM_H_
#define NNET_ID_STREAM_H_

#include "nnet_id.h"
#include "nnet_stream.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> void identity(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
        #pragma HLS PIPELINE
        data_T in = data.read();
        res_T out;
        identity<typename data_T::value_type, typename res_T::value_type, word_config<CONFIG_T, data_T::size> >(in.data, out.data);
        res.write(out);
    }
}

} // namespace nnet

#endif
