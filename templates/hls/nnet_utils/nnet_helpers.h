// Hls4ml.Sdk HLS library: C-simulation helpers (never synthesized). Plain C I/O keeps compile times low.
#ifndef HLS4ML_SDK_NNET_HELPERS_H
#define HLS4ML_SDK_NNET_HELPERS_H

#ifndef __SYNTHESIS__
#include <cstdio>
#include <cstdlib>

namespace nnet {

// Loads comma-separated values written by the generator (weights/<name>.txt) into w; exits with a message on mismatch.
template <class T, unsigned SIZE> void load_weights_from_txt(T *w, const char *dir, const char *fname) {
    char path[4096];
    std::snprintf(path, sizeof path, "%s/%s", dir, fname);
    FILE *f = std::fopen(path, "rb");
    if (!f) {
        std::fprintf(stderr, "HLS-CSIM-ERROR: cannot open weights file %s\n", path);
        std::exit(4);
    }
    std::fseek(f, 0, SEEK_END);
    long length = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    char *text = (char *)std::malloc(length + 1);
    size_t got = std::fread(text, 1, length, f);
    text[got] = 0;
    std::fclose(f);
    const char *p = text;
    unsigned i = 0;
    while (*p && i < SIZE) {
        char *end;
        double v = std::strtod(p, &end);
        if (end == p) break;
        w[i++] = (T)v;
        p = end;
        while (*p == ',' || *p == ' ' || *p == '\n' || *p == '\r') p++;
    }
    std::free(text);
    if (i != SIZE) {
        std::fprintf(stderr, "HLS-CSIM-ERROR: %s holds %u values, expected %u\n", path, i, SIZE);
        std::exit(4);
    }
}

} // namespace nnet
#endif

#endif
