// Hls4ml.Sdk HLS library: axis permutation of a row-major array of up to four axes (Keras Permute), io_parallel.
#ifndef HLS4ML_SDK_NNET_TRANSPOSE_H
#define HLS4ML_SDK_NNET_TRANSPOSE_H

#include "nnet_common.h"

namespace nnet {

// Output dims dim0..dim3 (leading axes padded with 1) and, per output axis, the stride of the input axis it reads.
struct transpose_config {
    static const unsigned n_in = 1;
    static const unsigned dim0 = 1, dim1 = 1, dim2 = 1, dim3 = 1;
    static const unsigned stride0 = 0, stride1 = 0, stride2 = 0, stride3 = 1;
};

template <class data_T, class res_T, typename CONFIG_T>
void transpose(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::dim0 * CONFIG_T::dim1 * CONFIG_T::dim2 * CONFIG_T::dim3]) {
    #pragma HLS PIPELINE
Axis0:
    for (unsigned a = 0; a < CONFIG_T::dim0; a++) {
        #pragma HLS UNROLL
    Axis1:
        for (unsigned b = 0; b < CONFIG_T::dim1; b++) {
            #pragma HLS UNROLL
        Axis2:
            for (unsigned c = 0; c < CONFIG_T::dim2; c++) {
                #pragma HLS UNROLL
            Axis3:
                for (unsigned d = 0; d < CONFIG_T::dim3; d++) {
                    #pragma HLS UNROLL
                    res[((a * CONFIG_T::dim1 + b) * CONFIG_T::dim2 + c) * CONFIG_T::dim3 + d] =
                        (res_T)data[a * CONFIG_T::stride0 + b * CONFIG_T::stride1 + c * CONFIG_T::stride2 + d * CONFIG_T::stride3];
                }
            }
        }
    }
}

} // namespace nnet

#endif
