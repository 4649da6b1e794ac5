#ifndef NNET_TRACE_H_
#define NNET_TRACE_H_

// Per-layer trace of the C simulation: every layer's output, one line per layer and sample ("<layer index> v v ..."),
// exact values (%.17g). Compiled only with HLS4ML_SDK_TRACE (never by the HLS tools) and written only when the
// testbench opened a trace file. Streams are read and written back unchanged, using only the documented stream API.

#include <cstdio>
#include <vector>

#include "hls_stream.h"

namespace nnet {

inline std::FILE *&trace_file() {
    static std::FILE *file = 0;
    return file;
}

template <class T> inline double trace_value(const T &v) { return v.to_double(); }
inline double trace_value(float v) { return v; }
inline double trace_value(double v) { return v; }

template <class T> void trace_array(unsigned layer, const T *data, unsigned n) {
    std::FILE *f = trace_file();
    if (!f) return;
    std::fprintf(f, "%u", layer);
    for (unsigned i = 0; i < n; i++) std::fprintf(f, " %.17g", trace_value(data[i]));
    std::fputc('\n', f);
}

template <class W> void trace_stream(unsigned layer, hls::stream<W> &s, unsigned words) {
    std::FILE *f = trace_file();
    if (!f) return;
    std::vector<W> held;
    held.reserve(words);
    std::fprintf(f, "%u", layer);
    for (unsigned w = 0; w < words; w++) {
        W word = s.read();
        for (unsigned j = 0; j < W::size; j++) std::fprintf(f, " %.17g", trace_value(word[j]));
        held.push_back(word);
    }
    std::fputc('\n', f);
    for (unsigned w = 0; w < words; w++) s.write(held[w]);
}

} // namespace nnet

#endif
