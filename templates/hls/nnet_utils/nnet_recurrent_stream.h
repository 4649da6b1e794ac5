// Hls4ml.Sdk HLS library: recurrent layers over streams (io_stream). The input sequence arrives as one word per time
// step (n_in features); a recurrent layer needs the whole sequence (a backward direction starts at its end), so it
// buffers it, runs the io_parallel kernel and writes one word per output step (or one word for the last state).
// Results are bit-identical to io_parallel.
#ifndef HLS4ML_SDK_NNET_RECURRENT_STREAM_H
#define HLS4ML_SDK_NNET_RECURRENT_STREAM_H

#include "nnet_recurrent.h"
#include "nnet_stream.h"

namespace nnet {

// With initial states from inputs: each state stream carries [n_directions][n_state] values, read once per inference
// before the sequence (only the ones the config says it has; a call without one passes the other in its place).
template <class data_T, class h0_T, class c0_T, class res_T, typename CONFIG_T>
void recurrent_from_state(hls::stream<data_T> &data, hls::stream<h0_T> &h0, hls::stream<c0_T> &c0, hls::stream<res_T> &res,
                          const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
                          const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state],
                          const typename CONFIG_T::recurrent_bias_t recurrent_biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    const unsigned S = CONFIG_T::n_directions * CONFIG_T::n_state;
    typename data_T::value_type x[CONFIG_T::n_timesteps * CONFIG_T::n_in];
    typename h0_T::value_type h[S];
    typename c0_T::value_type c[S];
    typename res_T::value_type y[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=x complete
    #pragma HLS ARRAY_PARTITION variable=h complete
    #pragma HLS ARRAY_PARTITION variable=c complete
    #pragma HLS ARRAY_PARTITION variable=y complete
    if (CONFIG_T::initial_h) read_tensor<h0_T, S>(h0, h);
    if (CONFIG_T::initial_c) read_tensor<c0_T, S>(c0, c);
    read_tensor<data_T, CONFIG_T::n_timesteps * CONFIG_T::n_in>(data, x);
    recurrent_from_state<typename data_T::value_type, typename h0_T::value_type, typename c0_T::value_type, typename res_T::value_type, CONFIG_T>(
        x, h, c, y, weights, recurrent_weights_, biases, recurrent_biases);
    write_tensor<res_T, CONFIG_T::n_out>(y, res);
}

template <class data_T, class h0_T, class c0_T, class res_T, typename CONFIG_T>
void recurrent_from_state(hls::stream<data_T> &data, hls::stream<h0_T> &h0, hls::stream<c0_T> &c0, hls::stream<res_T> &res,
                          const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
                          const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    // Never read: only GRU reset_after=True adds a recurrent bias, and that layer always has one.
    static const typename CONFIG_T::recurrent_bias_t no_bias[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state] = {};
    recurrent_from_state<data_T, h0_T, c0_T, res_T, CONFIG_T>(data, h0, c0, res, weights, recurrent_weights_, biases, no_bias);
}

// Zero initial states: the sequence stream stands in for the two state streams, which the config never reads.
template <class data_T, class res_T, typename CONFIG_T>
void recurrent(hls::stream<data_T> &data, hls::stream<res_T> &res,
               const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
               const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
               const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    recurrent_from_state<data_T, data_T, data_T, res_T, CONFIG_T>(data, data, data, res, weights, recurrent_weights_, biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void recurrent(hls::stream<data_T> &data, hls::stream<res_T> &res,
               const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
               const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
               const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state],
               const typename CONFIG_T::recurrent_bias_t recurrent_biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    recurrent_from_state<data_T, data_T, data_T, res_T, CONFIG_T>(data, data, data, res, weights, recurrent_weights_, biases, recurrent_biases);
}

} // namespace nnet

#endif
