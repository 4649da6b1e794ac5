// Hls4ml.Sdk HLS library: shared definitions (io types, strategies, compile-time math, tree reductions).
#ifndef HLS4ML_SDK_NNET_COMMON_H
#define HLS4ML_SDK_NNET_COMMON_H

#include "ap_fixed.h"

namespace nnet {

enum io_type { io_parallel = 0, io_stream };
enum strategy { latency, resource, resource_unrolled };

constexpr int ceillog2(int x) { return x <= 2 ? 1 : 1 + ceillog2((x + 1) / 2); }
constexpr int floorlog2(int x) { return x < 2 ? 0 : 1 + floorlog2(x / 2); }
constexpr int pow2(int x) { return x == 0 ? 1 : 2 * pow2(x - 1); }

#define HLS4ML_DIV_ROUNDUP(n, d) (((n) + (d) - 1) / (d))

template <class T> struct Op_add {
    T operator()(T a, T b) { return a + b; }
};
template <class T> struct Op_max {
    T operator()(T a, T b) { return a >= b ? a : b; }
};
template <class T> struct Op_min {
    T operator()(T a, T b) { return a <= b ? a : b; }
};

// Balanced binary-tree reduction. The split point (largest power of two below N) fixes the order of the
// additions, which matters for bit-exactness when the operator saturates or rounds.
template <class T, int N, class Op> struct tree_reduce {
    static constexpr int left = pow2(floorlog2(N - 1));
    static T run(const T *x, Op op) {
        #pragma HLS INLINE
        return op(tree_reduce<T, left, Op>::run(x, op), tree_reduce<T, N - left, Op>::run(x + left, op));
    }
};
template <class T, class Op> struct tree_reduce<T, 2, Op> {
    static T run(const T *x, Op op) { return op(x[0], x[1]); }
};
template <class T, class Op> struct tree_reduce<T, 1, Op> {
    static T run(const T *x, Op) { return x[0]; }
};

template <class T, int N, class Op> T reduce(const T *x, Op op) {
    #pragma HLS INLINE
    return tree_reduce<T, N, Op>::run(x, op);
}

} // namespace nnet

#endif
