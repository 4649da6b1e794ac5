// Hls4ml.Sdk HLS library: C-simulation helpers (never synthesized).
#ifndef HLS4ML_SDK_NNET_HELPERS_H
#define HLS4ML_SDK_NNET_HELPERS_H

#ifndef __SYNTHESIS__
#include <cstdio>
#include <cstdlib>
#include <string>

namespace nnet {

// Loads comma-separated values written by the generator (weights/<name>.txt) into w; exits with a message on mismatch.
template <class T, unsigned SIZE> void load_weights_from_txt(T *w, const char *dir, const char *fname) {
    std::string path = std::string(dir) + "/" + fname;
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f) {
        std::fprintf(stderr, "HLS-CSIM-ERROR: cannot open weights file %s\n", path.c_str());
        std::exit(4);
    }
    std::string text;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    const char *p = text.c_str();
    unsigned i = 0;
    while (*p && i < SIZE) {
        char *end;
        double v = std::strtod(p, &end);
        if (end == p) break;
        w[i++] = (T)v;
        p = end;
        while (*p == ',' || *p == ' ' || *p == '\n' || *p == '\r') p++;
    }
    if (i != SIZE) {
        std::fprintf(stderr, "HLS-CSIM-ERROR: %s holds %u values, expected %u\n", path.c_str(), i, SIZE);
        std::exit(4);
    }
}

} // namespace nnet
#endif

#endif
