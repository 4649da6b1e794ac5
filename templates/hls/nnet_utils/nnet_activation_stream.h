// Hls4ml.Sdk HLS library: activations and softmax over streams (io_stream). Each word goes through the io_parallel
// kernel narrowed to the word, so tables, index arithmetic and rounding are the io_parallel ones.
#ifndef HLS4ML_SDK_NNET_ACTIVATION_STREAM_H
#define HLS4ML_SDK_NNET_ACTIVATION_STREAM_H

#include "nnet_activation.h"
#include "nnet_stream.h"

namespace nnet {

HLS4ML_SDK_STREAM_ELEMENTWISE(linear)
HLS4ML_SDK_STREAM_ELEMENTWISE(relu)
HLS4ML_SDK_STREAM_ELEMENTWISE(relu6)
HLS4ML_SDK_STREAM_ELEMENTWISE(relu1)
HLS4ML_SDK_STREAM_ELEMENTWISE(binary_tanh)
HLS4ML_SDK_STREAM_ELEMENTWISE(ternary_tanh)
HLS4ML_SDK_STREAM_ELEMENTWISE(binary_sign)
HLS4ML_SDK_STREAM_ELEMENTWISE(binary_step)
HLS4ML_SDK_STREAM_ELEMENTWISE(ternary_threshold)
HLS4ML_SDK_STREAM_ELEMENTWISE(relu_options)
HLS4ML_SDK_STREAM_ELEMENTWISE(hard_sigmoid)
HLS4ML_SDK_STREAM_ELEMENTWISE(sigmoid)
HLS4ML_SDK_STREAM_ELEMENTWISE(tanh)
HLS4ML_SDK_STREAM_ELEMENTWISE(softplus)
HLS4ML_SDK_STREAM_ELEMENTWISE(softsign)
HLS4ML_SDK_STREAM_ELEMENTWISE(exponential)
HLS4ML_SDK_STREAM_ELEMENTWISE(swish)
HLS4ML_SDK_STREAM_ELEMENTWISE(elu)
HLS4ML_SDK_STREAM_ELEMENTWISE(selu)
HLS4ML_SDK_STREAM_ELEMENTWISE_PARAM(leaky_relu)
HLS4ML_SDK_STREAM_ELEMENTWISE_PARAM(thresholded_relu)
HLS4ML_SDK_STREAM_ELEMENTWISE_PARAM(elu)

// PReLU: alpha has one value per element; word w uses alpha[w * size .. (w + 1) * size).
template <class data_T, class param_T, class res_T, typename CONFIG_T>
void prelu(hls::stream<data_T> &data, const param_T alpha[CONFIG_T::n_in], hls::stream<res_T> &res) {
    #pragma HLS ARRAY_PARTITION variable=alpha complete
PReLUWords:
    for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
        #pragma HLS PIPELINE
        data_T in = data.read();
        res_T out;
        prelu<typename data_T::value_type, param_T, typename res_T::value_type, word_config<CONFIG_T, data_T::size> >(
            in.data, alpha + w * data_T::size, out.data);
        res.write(out);
    }
}

// Softmax over the last axis: one slice per word. Over another axis a slice spans several words, so the tensor is
// buffered and handled by the io_parallel kernel.
template <typename CONFIG_T, unsigned N> struct softmax_word_config : CONFIG_T {
    static const unsigned n_in = N;
    static const unsigned n_outer = 1;
    static const unsigned n_inner = 1;
};

template <class data_T, class res_T, typename CONFIG_T> void softmax(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    typedef typename data_T::value_type in_t;
    typedef typename res_T::value_type out_t;
    if (CONFIG_T::n_inner == 1 && CONFIG_T::n_slice == data_T::size) {
    SoftmaxWords:
        for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {
            #pragma HLS PIPELINE
            data_T in = data.read();
            res_T out;
            softmax_slice<in_t, out_t, softmax_word_config<CONFIG_T, data_T::size> >(in.data, out.data);
            res.write(out);
        }
    } else {
        in_t x[CONFIG_T::n_in];
        out_t y[CONFIG_T::n_in];
        read_tensor<data_T, CONFIG_T::n_in>(data, x);
        softmax<in_t, out_t, CONFIG_T>(x, y);
        write_tensor<res_T, CONFIG_T::n_in>(y, res);
    }
}

} // namespace nnet

#endif
