// Hls4ml.Sdk HLS library: GarNet / GarNetStack graph layers (simplified GarNet, Qasim et al. arXiv 1902.07987, as
// hls4ml uses it, arXiv 2008.03601), io_parallel. The input is V vertices x F features and the number of valid
// vertices; vertices at or beyond it are masked out. Per sublayer:
//   f_v   = x_v . W_FLR + b_FLR                      (P propagated features)
//   d_v   = x_v . W_S + b_S                          (S aggregator distances)
//   e_vs  = exp(-d_vs^2), 0 for masked vertices      (edge weights, from a lookup table over d^2 in [0, 16))
//   a_sp  = mean over the V vertices of e_vs f_vp    (or the sum / number of valid vertices with mean_by_nvert)
//   y_v   = mask_v act(concat_s(e_vs a_s) . W_Fout + b_Fout)   (N output features)
// then the output is collapsed over the vertices (mean, sum or max) or kept per vertex.
// Weights of every sublayer sit in one array (FLR, S, Fout kernels per sublayer in order), biases likewise.
#ifndef HLS4ML_SDK_NNET_GARNET_H
#define HLS4ML_SDK_NNET_GARNET_H

#include "nnet_activation.h"
#include "nnet_common.h"
#include <cmath>

namespace nnet {

enum garnet_collapse { garnet_collapse_none = 0, garnet_collapse_mean, garnet_collapse_sum, garnet_collapse_max };

struct garnet_config {
    static const unsigned n_vertices = 1;
    static const unsigned n_in = 1;
    static const unsigned n_out = 1;
    static const unsigned max_features = 1;
    static const unsigned collapse = garnet_collapse_mean;
    static const bool mean_by_nvert = false;
    static const unsigned table_size = 4096;
    static const unsigned reuse_factor = 1;
};

// exp(-x) over x in [0, 16): entry i holds the value at the middle of its interval.
template <typename CONFIG_T> void init_garnet_edge_table(typename CONFIG_T::edge_t table[CONFIG_T::table_size]) {
    for (unsigned i = 0; i < CONFIG_T::table_size; i++)
        table[i] = (typename CONFIG_T::edge_t)std::exp(-16.0 * (i + 0.5) / CONFIG_T::table_size);
}

// 1 / n for n = 0..n_vertices (0 for n = 0), for mean_by_nvert.
template <typename CONFIG_T> void init_garnet_inverse_table(typename CONFIG_T::norm_t table[CONFIG_T::n_vertices + 1]) {
    table[0] = 0;
    for (unsigned n = 1; n <= CONFIG_T::n_vertices; n++) table[n] = (typename CONFIG_T::norm_t)(1.0 / n);
}

template <class dist_T, typename CONFIG_T> typename CONFIG_T::edge_t garnet_edge_weight(dist_T d2) {
    #pragma HLS INLINE
#ifdef __SYNTHESIS__
    bool initialized = false;
    typename CONFIG_T::edge_t table[CONFIG_T::table_size];
#else
    static bool initialized = false;
    static typename CONFIG_T::edge_t table[CONFIG_T::table_size];
#endif
    if (!initialized) {
        init_garnet_edge_table<CONFIG_T>(table);
        initialized = true;
    }
    if (d2 >= 16) return table[CONFIG_T::table_size - 1];
    int index = (int)(d2 * (int)CONFIG_T::table_size / 16);
    if (index < 0) index = 0;
    if (index > (int)CONFIG_T::table_size - 1) index = CONFIG_T::table_size - 1;
    return table[index];
}

template <typename CONFIG_T> typename CONFIG_T::norm_t garnet_normalization(unsigned n_valid) {
    #pragma HLS INLINE
    if (!CONFIG_T::mean_by_nvert) return (typename CONFIG_T::norm_t)(1.0 / CONFIG_T::n_vertices);
#ifdef __SYNTHESIS__
    bool initialized = false;
    typename CONFIG_T::norm_t table[CONFIG_T::n_vertices + 1];
#else
    static bool initialized = false;
    static typename CONFIG_T::norm_t table[CONFIG_T::n_vertices + 1];
#endif
    if (!initialized) {
        init_garnet_inverse_table<CONFIG_T>(table);
        initialized = true;
    }
    return table[n_valid > CONFIG_T::n_vertices ? CONFIG_T::n_vertices : n_valid];
}

// One sublayer: in [V][SUB_T::n_in] → out [V][SUB_T::n_filters] (vertex-major, row stride CONFIG_T::max_features).
template <class in_T, typename CONFIG_T, typename SUB_T>
void garnet_sublayer(const in_T *in, unsigned n_valid, typename CONFIG_T::feature_t *out,
                     const typename CONFIG_T::weight_t weights[], const typename CONFIG_T::bias_t biases[]) {
    typedef typename CONFIG_T::accum_t accum_t;
    typedef typename CONFIG_T::feature_t feature_t;
    typedef typename CONFIG_T::edge_t edge_t;
    const unsigned V = CONFIG_T::n_vertices, F = SUB_T::n_in, P = SUB_T::n_propagate, S = SUB_T::n_aggregators, N = SUB_T::n_filters;
    const unsigned stride_in = SUB_T::in_stride, stride_out = CONFIG_T::max_features;
    const typename CONFIG_T::weight_t *w_flr = weights + SUB_T::weight_offset;
    const typename CONFIG_T::weight_t *w_s = w_flr + F * P;
    const typename CONFIG_T::weight_t *w_out = w_s + F * S;
    const typename CONFIG_T::bias_t *b_flr = biases + SUB_T::bias_offset;
    const typename CONFIG_T::bias_t *b_s = b_flr + P;
    const typename CONFIG_T::bias_t *b_out = b_s + S;

    feature_t features[V][P];
    edge_t edges[V][S];
    accum_t aggregated[S][P];
    #pragma HLS ARRAY_PARTITION variable=aggregated complete dim=0
    for (unsigned s = 0; s < S; s++)
        for (unsigned p = 0; p < P; p++) aggregated[s][p] = 0;

VerticesToAggregators:
    for (unsigned v = 0; v < V; v++) {
        #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
        const bool valid = v < n_valid;
        for (unsigned p = 0; p < P; p++) {
            accum_t acc = (accum_t)b_flr[p];
            for (unsigned i = 0; i < F; i++) acc += (accum_t)(in[v * stride_in + i] * w_flr[i * P + p]);
            features[v][p] = (feature_t)acc;
        }
        for (unsigned s = 0; s < S; s++) {
            accum_t d = (accum_t)b_s[s];
            for (unsigned i = 0; i < F; i++) d += (accum_t)(in[v * stride_in + i] * w_s[i * S + s]);
            // |d| >= 4: exp(-d^2) < 1.2e-7, the table's last entry; squaring such a distance could overflow accum_t.
            const bool far = d >= 4 || d <= -4;
            const accum_t d2 = far ? (accum_t)16 : (accum_t)(d * d);
            edges[v][s] = valid ? garnet_edge_weight<accum_t, CONFIG_T>(d2) : (edge_t)0;
        }
        for (unsigned s = 0; s < S; s++)
            for (unsigned p = 0; p < P; p++) aggregated[s][p] += (accum_t)(edges[v][s] * features[v][p]);
    }
    const typename CONFIG_T::norm_t norm = garnet_normalization<CONFIG_T>(n_valid);
    for (unsigned s = 0; s < S; s++)
        for (unsigned p = 0; p < P; p++) aggregated[s][p] = (accum_t)(aggregated[s][p] * norm);

AggregatorsToVertices:
    for (unsigned v = 0; v < V; v++) {
        #pragma HLS PIPELINE II=CONFIG_T::reuse_factor
        accum_t acc[N];
        feature_t activated[N];
        for (unsigned n = 0; n < N; n++) acc[n] = (accum_t)b_out[n];
        for (unsigned s = 0; s < S; s++)
            for (unsigned p = 0; p < P; p++) {
                const accum_t u = (accum_t)(edges[v][s] * aggregated[s][p]);
                for (unsigned n = 0; n < N; n++) acc[n] += (accum_t)(u * w_out[(s * P + p) * N + n]);
            }
        SUB_T::template activation<accum_t, feature_t>(acc, activated);
        for (unsigned n = 0; n < N; n++) out[v * stride_out + n] = v < n_valid ? activated[n] : (feature_t)0;
    }
}

// Collapse of the last sublayer's vertex features [V][N] (row stride max_features) into the layer output.
template <class res_T, typename CONFIG_T>
void garnet_collapse_output(const typename CONFIG_T::feature_t *features, unsigned n_valid, res_T res[CONFIG_T::n_out]) {
    typedef typename CONFIG_T::accum_t accum_t;
    const unsigned V = CONFIG_T::n_vertices, N = CONFIG_T::n_filters, stride = CONFIG_T::max_features;
    if (CONFIG_T::collapse == garnet_collapse_none) {
        for (unsigned v = 0; v < V; v++)
            for (unsigned n = 0; n < N; n++) res[v * N + n] = (res_T)features[v * stride + n];
        return;
    }
    for (unsigned n = 0; n < N; n++) {
        accum_t acc = CONFIG_T::collapse == garnet_collapse_max ? (accum_t)features[n] : (accum_t)0;
        for (unsigned v = 0; v < V; v++) {
            if (CONFIG_T::collapse == garnet_collapse_max) {
                if (features[v * stride + n] > acc) acc = features[v * stride + n];
            } else
                acc += features[v * stride + n];
        }
        if (CONFIG_T::collapse == garnet_collapse_mean) acc = (accum_t)(acc * garnet_normalization<CONFIG_T>(n_valid));
        res[n] = (res_T)acc;
    }
}

template <class data_T, class nvert_T, class res_T, typename CONFIG_T>
void garnet(data_T data[CONFIG_T::n_vertices * CONFIG_T::n_in], nvert_T nvert[1], res_T res[CONFIG_T::n_out],
            const typename CONFIG_T::weight_t weights[CONFIG_T::n_weights], const typename CONFIG_T::bias_t biases[CONFIG_T::n_biases]) {
    const int count = (int)nvert[0];
    const unsigned n_valid = count < 0 ? 0 : count > (int)CONFIG_T::n_vertices ? CONFIG_T::n_vertices : (unsigned)count;
    typename CONFIG_T::feature_t ping[CONFIG_T::n_vertices * CONFIG_T::max_features];
    typename CONFIG_T::feature_t pong[CONFIG_T::n_vertices * CONFIG_T::max_features];
    const typename CONFIG_T::feature_t *last = CONFIG_T::template run<data_T>(data, n_valid, ping, pong, weights, biases);
    garnet_collapse_output<res_T, CONFIG_T>(last, n_valid, res);
}

} // namespace nnet

#endif
