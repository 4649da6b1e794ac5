// Hls4ml.Sdk HLS library: io_stream plumbing. A tensor travels as a stream of words; a word (nnet::array) holds the
// tensor's last axis (one pixel's channels for images, the whole vector for 1-D tensors). Kernels read their input
// word by word and write their output word by word; layers that need the whole tensor buffer it (as hls4ml does for
// dense layers). Every stream kernel computes each element with the io_parallel kernel's arithmetic, so io_stream and
// io_parallel results are bit-identical.
#ifndef HLS4ML_SDK_NNET_STREAM_H
#define HLS4ML_SDK_NNET_STREAM_H

#include "hls_stream.h"
#include "nnet_common.h"

namespace nnet {

// One stream word: N values of T.
template <class T, unsigned N> struct array {
    typedef T value_type;
    static const unsigned size = N;
    T data[N];
    T &operator[](unsigned i) { return data[i]; }
    const T &operator[](unsigned i) const { return data[i]; }
};

// The io_parallel config of an element-wise kernel narrowed to one word of N elements.
template <typename CONFIG_T, unsigned N> struct word_config : CONFIG_T {
    static const unsigned n_in = N;
};

// Reads a whole tensor of N elements (N / word size words) into an array.
template <class data_T, unsigned N> void read_tensor(hls::stream<data_T> &data, typename data_T::value_type x[N]) {
ReadWords:
    for (unsigned w = 0; w < N / data_T::size; w++) {
        #pragma HLS PIPELINE
        const data_T word = data.read();
        for (unsigned p = 0; p < data_T::size; p++) {
            #pragma HLS UNROLL
            x[w * data_T::size + p] = word[p];
        }
    }
}

// Writes a whole tensor of N elements as N / word size words.
template <class res_T, unsigned N> void write_tensor(const typename res_T::value_type y[N], hls::stream<res_T> &res) {
WriteWords:
    for (unsigned w = 0; w < N / res_T::size; w++) {
        #pragma HLS PIPELINE
        res_T word;
        for (unsigned p = 0; p < res_T::size; p++) {
            #pragma HLS UNROLL
            word[p] = y[w * res_T::size + p];
        }
        res.write(word);
    }
}

// A stream read by two layers: every word is copied to both (hls4ml's Clone layer).
template <class data_T, unsigned N> void clone_stream(hls::stream<data_T> &data, hls::stream<data_T> &first, hls::stream<data_T> &second) {
CloneWords:
    for (unsigned w = 0; w < N / data_T::size; w++) {
        #pragma HLS PIPELINE
        const data_T word = data.read();
        first.write(word);
        second.write(word);
    }
}

// Re-slices a tensor of N elements into words of another size (Reshape/Flatten), converting each element to the
// output type. Elements keep their row-major order.
template <class data_T, class res_T, unsigned N> void repack_stream(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    res_T out;
    unsigned filled = 0;
RepackWords:
    for (unsigned w = 0; w < N / data_T::size; w++) {
        #pragma HLS PIPELINE
        const data_T word = data.read();
        for (unsigned p = 0; p < data_T::size; p++) {
            out[filled++] = (typename res_T::value_type)word[p];
            if (filled == res_T::size) {
                res.write(out);
                filled = 0;
            }
        }
    }
}

} // namespace nnet

// Declares the io_stream overload of an element-wise io_parallel kernel NAME<data_T, res_T, CONFIG_T>(data, res):
// one word per pipelined iteration, each word computed by the io_parallel kernel narrowed to the word.
#define HLS4ML_SDK_STREAM_ELEMENTWISE(NAME)                                                                            \
    template <class data_T, class res_T, typename CONFIG_T> void NAME(hls::stream<data_T> &data, hls::stream<res_T> &res) { \
        for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {                                                 \
            _Pragma("HLS PIPELINE") data_T in = data.read();                                                           \
            res_T out;                                                                                                 \
            NAME<typename data_T::value_type, typename res_T::value_type, word_config<CONFIG_T, data_T::size> >(in.data, out.data); \
            res.write(out);                                                                                            \
        }                                                                                                              \
    }

// The same for kernels with one scalar parameter: NAME<data_T, param_T, res_T, CONFIG_T>(data, param, res).
#define HLS4ML_SDK_STREAM_ELEMENTWISE_PARAM(NAME)                                                                      \
    template <class data_T, class param_T, class res_T, typename CONFIG_T>                                             \
    void NAME(hls::stream<data_T> &data, const param_T param, hls::stream<res_T> &res) {                               \
        for (unsigned w = 0; w < CONFIG_T::n_in / data_T::size; w++) {                                                 \
            _Pragma("HLS PIPELINE") data_T in = data.read();                                                           \
            res_T out;                                                                                                 \
            NAME<typename data_T::value_type, param_T, typename res_T::value_type, word_config<CONFIG_T, data_T::size> >(in.data, param, out.data); \
            res.write(out);                                                                                            \
        }                                                                                                              \
    }

#endif
