// Hls4ml.Sdk HLS library: kernels of quantization-aware models (QONNX BipolarQuant) that are not a plain type
// conversion. Quantizers that are (QONNX Quant, HGQ FixedPointQuantizer) need no kernel: the conversion into the
// result type is the quantization.
#ifndef HLS4ML_SDK_NNET_QUANTIZATION_H
#define HLS4ML_SDK_NNET_QUANTIZATION_H

#include "nnet_common.h"

namespace nnet {

// y = x >= 0 ? 1 : -1 (QONNX BipolarQuant with scale 1; zero counts as positive).
template <class data_T, class res_T, typename CONFIG_T> void bipolar_sign(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS PIPELINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = data[i] >= 0 ? (res_T)1 : (res_T)-1;
    }
}

} // namespace nnet

#endif
