// Hls4ml.Sdk HLS library: io_stream overloads of nnet_quantization.h (the array kernel on each word).
#ifndef HLS4ML_SDK_NNET_QUANTIZATION_STREAM_H
#define HLS4ML_SDK_NNET_QUANTIZATION_STREAM_H

#include "nnet_quantization.h"
#include "nnet_stream.h"

namespace nnet {
HLS4ML_SDK_STREAM_ELEMENTWISE(bipolar_sign)
} // namespace nnet

#endif
