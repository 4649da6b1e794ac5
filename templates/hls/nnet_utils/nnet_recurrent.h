// Hls4ml.Sdk HLS library: recurrent layers (SimpleRNN, LSTM, GRU with reset_after true or false), one or two
// directions, over a fixed-length sequence (io_parallel).
//
// Weights are stored gate-blocked, one block per direction d and gate g (gates in Keras order: LSTM i, f, c, o;
// GRU z, r, h; SimpleRNN one gate):
//   weight           [d][g][n_in][n_state]     input kernel of the gate
//   recurrent_weight [d][g][n_state][n_state]  recurrent kernel of the gate
//   bias             [d][g][n_state]           input-side bias (for LSTM/SimpleRNN and GRU reset_after=False: the whole bias)
//   recurrent_bias   [d][g][n_state]           GRU reset_after=True only: the bias added to the recurrent product
// Each gate's products use the Dense matrix-vector product (nnet_dense.h), so ReuseFactor / RecurrentReuseFactor and
// the strategy act on them exactly as on a Dense layer and every strategy gives bit-identical results.
//
// Arithmetic: gate pre-activations in accum_t; gate activations, the cell state and the hidden state in state_t;
// products are formed at full width and quantized once where they are stored.
#ifndef HLS4ML_SDK_NNET_RECURRENT_H
#define HLS4ML_SDK_NNET_RECURRENT_H

#include "nnet_activation.h"
#include "nnet_common.h"
#include "nnet_dense.h"

namespace nnet {

enum recurrent_cell { simple_rnn_cell = 0, lstm_cell, gru_cell };
enum recurrent_direction { forward_direction = 0, backward_direction, bidirectional };
enum recurrent_merge { merge_concat = 0, merge_sum, merge_mul, merge_ave };

struct recurrent_config {
    static const unsigned cell = lstm_cell;
    static const unsigned n_timesteps = 1;
    static const unsigned n_in = 1;
    static const unsigned n_state = 1;
    static const unsigned n_gates = 4;
    static const unsigned n_directions = 1;
    static const unsigned direction = forward_direction;
    static const unsigned merge_mode = merge_concat;
    static const bool return_sequences = false;
    // Backward outputs of a return_sequences layer: true = at the time step they belong to (Bidirectional, ONNX),
    // false = in processing order (Keras go_backwards=True).
    static const bool align_backward = false;
    static const bool reset_after = true;
    static const bool use_static = true;
    // Initial states read from inputs ([n_directions][n_state] each; ONNX initial_h / initial_c, Keras initial_state)
    // instead of zeros, and whether the layer outputs the last cell state (LSTM; ONNX Y_c) instead of the hidden one.
    static const bool initial_h = false;
    static const bool initial_c = false;
    static const bool output_cell = false;
    static const unsigned n_out = 1;
};

// One direction's weights, offset to its blocks.
template <typename CONFIG_T> struct recurrent_weights {
    const typename CONFIG_T::weight_t *w;
    const typename CONFIG_T::recurrent_weight_t *rw;
    const typename CONFIG_T::bias_t *b;
    const typename CONFIG_T::recurrent_bias_t *rb;
};

// acc = bias(gate) + x . W(gate)
template <unsigned N_IN, class data_T, typename CONFIG_T, typename PRODUCT_T>
void gate_product(const data_T x[N_IN], const typename PRODUCT_T::weight_t *w, const typename PRODUCT_T::bias_t *b,
                  typename CONFIG_T::accum_t acc[CONFIG_T::n_state]) {
    #pragma HLS INLINE
InitGate:
    for (unsigned j = 0; j < CONFIG_T::n_state; j++) {
        #pragma HLS UNROLL
        acc[j] = (typename CONFIG_T::accum_t)b[j];
    }
    multiply_accumulate<N_IN, CONFIG_T::n_state, data_T, PRODUCT_T>(x, w, acc);
}

template <class data_T, typename CONFIG_T>
void simple_rnn_step(const data_T x[CONFIG_T::n_in], typename CONFIG_T::state_t h[CONFIG_T::n_state],
                     typename CONFIG_T::state_t c[CONFIG_T::n_state], const recurrent_weights<CONFIG_T> &p) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::state_t state_t;
    const unsigned U = CONFIG_T::n_state;
    accum_t acc[U];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    gate_product<CONFIG_T::n_in, data_T, CONFIG_T, typename CONFIG_T::input_product>(x, p.w, p.b, acc);
    multiply_accumulate<U, U, state_t, typename CONFIG_T::recurrent_product>(h, p.rw, acc);
    CONFIG_T::template activation<accum_t, state_t>(acc, h);
}

template <class data_T, typename CONFIG_T>
void lstm_step(const data_T x[CONFIG_T::n_in], typename CONFIG_T::state_t h[CONFIG_T::n_state],
               typename CONFIG_T::state_t c[CONFIG_T::n_state], const recurrent_weights<CONFIG_T> &p) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::state_t state_t;
    const unsigned U = CONFIG_T::n_state, N = CONFIG_T::n_in;
    accum_t acc[4][U];
    state_t gate[4][U], c_act[U];
    #pragma HLS ARRAY_PARTITION variable=acc complete dim=0
    #pragma HLS ARRAY_PARTITION variable=gate complete dim=0
    #pragma HLS ARRAY_PARTITION variable=c_act complete
LstmGates:
    for (unsigned g = 0; g < 4; g++) {
        #pragma HLS UNROLL
        gate_product<N, data_T, CONFIG_T, typename CONFIG_T::input_product>(x, p.w + g * N * U, p.b + g * U, acc[g]);
        multiply_accumulate<U, U, state_t, typename CONFIG_T::recurrent_product>(h, p.rw + g * U * U, acc[g]);
    }
    // Keras gate order: input, forget, candidate (cell), output.
    CONFIG_T::template recurrent_activation<accum_t, state_t>(acc[0], gate[0]);
    CONFIG_T::template recurrent_activation<accum_t, state_t>(acc[1], gate[1]);
    CONFIG_T::template activation<accum_t, state_t>(acc[2], gate[2]);
    CONFIG_T::template recurrent_activation<accum_t, state_t>(acc[3], gate[3]);
LstmCell:
    for (unsigned j = 0; j < U; j++) {
        #pragma HLS UNROLL
        c[j] = (state_t)(gate[1][j] * c[j] + gate[0][j] * gate[2][j]);
    }
    CONFIG_T::template activation<state_t, state_t>(c, c_act);
LstmHidden:
    for (unsigned j = 0; j < U; j++) {
        #pragma HLS UNROLL
        h[j] = (state_t)(gate[3][j] * c_act[j]);
    }
}

template <class data_T, typename CONFIG_T>
void gru_step(const data_T x[CONFIG_T::n_in], typename CONFIG_T::state_t h[CONFIG_T::n_state],
              typename CONFIG_T::state_t c[CONFIG_T::n_state], const recurrent_weights<CONFIG_T> &p) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::state_t state_t;
    const unsigned U = CONFIG_T::n_state, N = CONFIG_T::n_in;
    accum_t xacc[3][U], hacc[3][U], zr_in[2][U], cand_in[U];
    state_t zr[2][U], cand[U], rh[U];
    #pragma HLS ARRAY_PARTITION variable=xacc complete dim=0
    #pragma HLS ARRAY_PARTITION variable=hacc complete dim=0
    #pragma HLS ARRAY_PARTITION variable=zr_in complete dim=0
    #pragma HLS ARRAY_PARTITION variable=zr complete dim=0
    #pragma HLS ARRAY_PARTITION variable=cand_in complete
    #pragma HLS ARRAY_PARTITION variable=cand complete
    #pragma HLS ARRAY_PARTITION variable=rh complete
GruInput:
    for (unsigned g = 0; g < 3; g++) {
        #pragma HLS UNROLL
        gate_product<N, data_T, CONFIG_T, typename CONFIG_T::input_product>(x, p.w + g * N * U, p.b + g * U, xacc[g]);
    }
    if (CONFIG_T::reset_after) {
        // Keras reset_after=True / ONNX linear_before_reset=1: r scales the recurrent product (bias included).
    GruRecurrentAfter:
        for (unsigned g = 0; g < 3; g++) {
            #pragma HLS UNROLL
            gate_product<U, state_t, CONFIG_T, typename CONFIG_T::recurrent_product>(h, p.rw + g * U * U, p.rb + g * U, hacc[g]);
        }
    GruSumAfter:
        for (unsigned g = 0; g < 2; g++)
            for (unsigned j = 0; j < U; j++) {
                #pragma HLS UNROLL
                zr_in[g][j] = xacc[g][j] + hacc[g][j];
            }
    } else {
        // reset_after=False: z and r from h, the candidate from r * h.
    GruRecurrentBefore:
        for (unsigned g = 0; g < 2; g++) {
            #pragma HLS UNROLL
            for (unsigned j = 0; j < U; j++) {
                #pragma HLS UNROLL
                zr_in[g][j] = xacc[g][j];
            }
            multiply_accumulate<U, U, state_t, typename CONFIG_T::recurrent_product>(h, p.rw + g * U * U, zr_in[g]);
        }
    }
    CONFIG_T::template recurrent_activation<accum_t, state_t>(zr_in[0], zr[0]);
    CONFIG_T::template recurrent_activation<accum_t, state_t>(zr_in[1], zr[1]);
    if (CONFIG_T::reset_after) {
    GruCandidateAfter:
        for (unsigned j = 0; j < U; j++) {
            #pragma HLS UNROLL
            cand_in[j] = (accum_t)(xacc[2][j] + zr[1][j] * hacc[2][j]);
        }
    } else {
    GruResetState:
        for (unsigned j = 0; j < U; j++) {
            #pragma HLS UNROLL
            rh[j] = (state_t)(zr[1][j] * h[j]);
            cand_in[j] = xacc[2][j];
        }
        multiply_accumulate<U, U, state_t, typename CONFIG_T::recurrent_product>(rh, p.rw + 2 * U * U, cand_in);
    }
    CONFIG_T::template activation<accum_t, state_t>(cand_in, cand);
GruHidden:
    for (unsigned j = 0; j < U; j++) {
        #pragma HLS UNROLL
        // h = z * h + (1 - z) * candidate, written as candidate + z * (h - candidate) (one product).
        h[j] = (state_t)(cand[j] + zr[0][j] * (h[j] - cand[j]));
    }
}

template <class data_T, typename CONFIG_T>
void recurrent_step(const data_T x[CONFIG_T::n_in], typename CONFIG_T::state_t h[CONFIG_T::n_state],
                    typename CONFIG_T::state_t c[CONFIG_T::n_state], const recurrent_weights<CONFIG_T> &p) {
    #pragma HLS INLINE
    if (CONFIG_T::cell == lstm_cell)
        lstm_step<data_T, CONFIG_T>(x, h, c, p);
    else if (CONFIG_T::cell == gru_cell)
        gru_step<data_T, CONFIG_T>(x, h, c, p);
    else
        simple_rnn_step<data_T, CONFIG_T>(x, h, c, p);
}

// Stores one step's hidden state at its output position (return_sequences).
template <typename CONFIG_T>
void store_step(const typename CONFIG_T::state_t h[CONFIG_T::n_state], bool backward, unsigned step, unsigned t,
                typename CONFIG_T::state_t seq[CONFIG_T::n_timesteps][CONFIG_T::n_state]) {
    #pragma HLS INLINE
    if (!CONFIG_T::return_sequences) return;
    const unsigned position = backward && !CONFIG_T::align_backward ? step : t;
StoreStep:
    for (unsigned j = 0; j < CONFIG_T::n_state; j++) {
        #pragma HLS UNROLL
        seq[position][j] = h[j];
    }
}

// One direction over the whole sequence; seq receives every step's hidden state (return_sequences) at its output
// position, last the final hidden state (or cell state, output_cell). The state starts from h0/c0 (initial_h /
// initial_c) or zero at the start of every sequence (every inference) in both implementations. Static (hls4ml's
// default): one cell instance reused for every time step, its state held in static registers of that instance (DIR
// keeps the two directions' states apart). Not static: the time loop is unrolled into one cell per step (more
// multipliers, no loop over a shared cell). Both compute the same values.
template <class data_T, class h0_T, class c0_T, typename CONFIG_T, unsigned DIR>
void recurrent_direction(const data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in], const h0_T h0[CONFIG_T::n_state],
                         const c0_T c0[CONFIG_T::n_state], bool backward, const recurrent_weights<CONFIG_T> &p,
                         typename CONFIG_T::state_t seq[CONFIG_T::n_timesteps][CONFIG_T::n_state],
                         typename CONFIG_T::state_t last[CONFIG_T::n_state]) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::state_t state_t;
    const unsigned T = CONFIG_T::n_timesteps, U = CONFIG_T::n_state;
    static state_t h_static[U], c_static[U];
    #pragma HLS ARRAY_PARTITION variable=h_static complete
    #pragma HLS ARRAY_PARTITION variable=c_static complete
    state_t h_local[U], c_local[U];
    #pragma HLS ARRAY_PARTITION variable=h_local complete
    #pragma HLS ARRAY_PARTITION variable=c_local complete
    state_t *h = CONFIG_T::use_static ? h_static : h_local;
    state_t *c = CONFIG_T::use_static ? c_static : c_local;
InitialState:
    for (unsigned j = 0; j < U; j++) {
        #pragma HLS UNROLL
        h[j] = CONFIG_T::initial_h ? (state_t)h0[j] : (state_t)0;
        c[j] = CONFIG_T::initial_c ? (state_t)c0[j] : (state_t)0;
    }
    if (CONFIG_T::use_static) {
    StaticTimeSteps:
        for (unsigned step = 0; step < T; step++) {
            const unsigned t = backward ? T - 1 - step : step;
            recurrent_step<data_T, CONFIG_T>(data + t * CONFIG_T::n_in, h, c, p);
            store_step<CONFIG_T>(h, backward, step, t, seq);
        }
    } else {
    UnrolledTimeSteps:
        for (unsigned step = 0; step < T; step++) {
            #pragma HLS UNROLL
            const unsigned t = backward ? T - 1 - step : step;
            recurrent_step<data_T, CONFIG_T>(data + t * CONFIG_T::n_in, h, c, p);
            store_step<CONFIG_T>(h, backward, step, t, seq);
        }
    }
LastState:
    for (unsigned j = 0; j < U; j++) {
        #pragma HLS UNROLL
        last[j] = CONFIG_T::output_cell ? c[j] : h[j];
    }
}

// Merges the two directions of a Bidirectional layer into one output vector (concat: forward then backward).
template <class res_T, typename CONFIG_T>
void recurrent_merge(const typename CONFIG_T::state_t f[CONFIG_T::n_state], const typename CONFIG_T::state_t b[CONFIG_T::n_state],
                     res_T *out) {
    #pragma HLS INLINE
    const unsigned U = CONFIG_T::n_state;
    for (unsigned j = 0; j < U; j++) {
        #pragma HLS UNROLL
        if (CONFIG_T::merge_mode == merge_concat) {
            out[j] = (res_T)f[j];
            out[U + j] = (res_T)b[j];
        } else if (CONFIG_T::merge_mode == merge_sum) {
            out[j] = (res_T)(f[j] + b[j]);
        } else if (CONFIG_T::merge_mode == merge_mul) {
            out[j] = (res_T)(f[j] * b[j]);
        } else {
            const typename CONFIG_T::half_t half = 0.5;
            out[j] = (res_T)((f[j] + b[j]) * half);
        }
    }
}

// The whole layer: initial states h0 / c0 are [n_directions][n_state] (direction-major), read only when the config
// says so (initial_h / initial_c); a call without one passes the other (or any array) in its place.
template <class data_T, class h0_T, class c0_T, class res_T, typename CONFIG_T>
void recurrent_from_state(data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in], h0_T h0[CONFIG_T::n_directions * CONFIG_T::n_state],
                          c0_T c0[CONFIG_T::n_directions * CONFIG_T::n_state], res_T res[CONFIG_T::n_out],
                          const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
                          const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state],
                          const typename CONFIG_T::recurrent_bias_t recurrent_biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    #pragma HLS INLINE recursive
    typedef typename CONFIG_T::state_t state_t;
    const unsigned T = CONFIG_T::n_timesteps, U = CONFIG_T::n_state, G = CONFIG_T::n_gates, N = CONFIG_T::n_in;
    const unsigned D = CONFIG_T::n_directions;
    const unsigned seq_steps = CONFIG_T::return_sequences ? T : 1;
    state_t seq[2][T][U];
    state_t last[2][U];
    #pragma HLS ARRAY_PARTITION variable=seq complete dim=0
    #pragma HLS ARRAY_PARTITION variable=last complete dim=0
Directions:
    for (unsigned d = 0; d < D; d++) {
        #pragma HLS UNROLL
        recurrent_weights<CONFIG_T> p;
        p.w = weights + d * G * N * U;
        p.rw = recurrent_weights_ + d * G * U * U;
        p.b = biases + d * G * U;
        p.rb = recurrent_biases + d * G * U;
        const bool backward = CONFIG_T::direction == backward_direction || (CONFIG_T::direction == bidirectional && d == 1);
        if (d == 0)
            recurrent_direction<data_T, h0_T, c0_T, CONFIG_T, 0>(data, h0, c0, backward, p, seq[0], last[0]);
        else
            recurrent_direction<data_T, h0_T, c0_T, CONFIG_T, 1>(data, h0 + U, c0 + U, backward, p, seq[1], last[1]);
    }
    const unsigned width = CONFIG_T::n_out / seq_steps;
Outputs:
    for (unsigned s = 0; s < seq_steps; s++) {
        const state_t *f = CONFIG_T::return_sequences ? seq[0][s] : last[0];
        const state_t *b = CONFIG_T::return_sequences ? seq[1][s] : last[1];
        if (D == 2) {
            recurrent_merge<res_T, CONFIG_T>(f, b, res + s * width);
        } else {
            for (unsigned j = 0; j < U; j++) {
                #pragma HLS UNROLL
                res[s * width + j] = (res_T)f[j];
            }
        }
    }
}

// GRU reset_after=False, LSTM and SimpleRNN have no recurrent bias: the same kernel with a zero-sized view of none.
template <class data_T, class h0_T, class c0_T, class res_T, typename CONFIG_T>
void recurrent_from_state(data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in], h0_T h0[CONFIG_T::n_directions * CONFIG_T::n_state],
                          c0_T c0[CONFIG_T::n_directions * CONFIG_T::n_state], res_T res[CONFIG_T::n_out],
                          const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
                          const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
                          const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    #pragma HLS INLINE
    // Never read: only GRU reset_after=True adds a recurrent bias, and that layer always has one.
    static const typename CONFIG_T::recurrent_bias_t no_bias[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state] = {};
    recurrent_from_state<data_T, h0_T, c0_T, res_T, CONFIG_T>(data, h0, c0, res, weights, recurrent_weights_, biases, no_bias);
}

// Zero initial states (the common case).
template <class data_T, class res_T, typename CONFIG_T>
void recurrent(data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
               const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
               const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
               const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state],
               const typename CONFIG_T::recurrent_bias_t recurrent_biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    #pragma HLS INLINE
    // Never read (initial_h and initial_c are false without state inputs).
    typename CONFIG_T::state_t no_state[CONFIG_T::n_directions * CONFIG_T::n_state] = {};
    recurrent_from_state<data_T, typename CONFIG_T::state_t, typename CONFIG_T::state_t, res_T, CONFIG_T>(
        data, no_state, no_state, res, weights, recurrent_weights_, biases, recurrent_biases);
}

template <class data_T, class res_T, typename CONFIG_T>
void recurrent(data_T data[CONFIG_T::n_timesteps * CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
               const typename CONFIG_T::weight_t weights[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_in * CONFIG_T::n_state],
               const typename CONFIG_T::recurrent_weight_t recurrent_weights_[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state * CONFIG_T::n_state],
               const typename CONFIG_T::bias_t biases[CONFIG_T::n_directions * CONFIG_T::n_gates * CONFIG_T::n_state]) {
    #pragma HLS INLINE
    // Never read (initial_h and initial_c are false without state inputs).
    typename CONFIG_T::state_t no_state[CONFIG_T::n_directions * CONFIG_T::n_state] = {};
    recurrent_from_state<data_T, typename CONFIG_T::state_t, typename CONFIG_T::state_t, res_T, CONFIG_T>(
        data, no_state, no_state, res, weights, recurrent_weights_, biases);
}

} // namespace nnet

#endif
