// Test-only stand-in for the HLS tools' hls_stream.h (whose license keeps it out of ../shared/vendor): hls::stream
// with exactly the API that both Vivado HLS (UG902) and Vitis HLS (UG1399) document, and nothing more, so that
// generated firmware and testbenches compiled against it (with the vendor's ap_int/ap_fixed) prove they need no
// extension of the SDK's own hls_stream.h. Deliberately omitted: a depth template parameter and size()/capacity()
// (Vitis only), name(), any diagnostics hook. empty() is non-const, as in the Vivado HLS header.
//
// C simulation behaviour: an unbounded FIFO. A read from an empty stream prints VENDOR-API-ERROR and exits with code 4
// (the hardware would stall); a stream destroyed while holding data prints VENDOR-API-WARNING (the vendor's model
// warns too). The test treats both as failures.
#ifndef HLS4ML_TEST_VENDOR_API_HLS_STREAM_H
#define HLS4ML_TEST_VENDOR_API_HLS_STREAM_H

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

namespace hls {

template <typename T> class stream {
  public:
    stream() : name_("hls::stream") {}
    stream(const char* name) : name_(name) {}
    ~stream() {
        if (!fifo_.empty())
            std::fprintf(stderr, "VENDOR-API-WARNING: stream '%s' destroyed holding %lu element(s)\n", name_.c_str(),
                         (unsigned long)fifo_.size());
    }

    // Blocking access.
    T read() {
        if (fifo_.empty()) {
            std::fprintf(stderr, "VENDOR-API-ERROR: read from empty stream '%s'\n", name_.c_str());
            std::exit(4);
        }
        T value = fifo_.front();
        fifo_.pop_front();
        return value;
    }
    void read(T& value) { value = read(); }
    void write(const T& value) { fifo_.push_back(value); }
    void operator>>(T& value) { read(value); }
    void operator<<(const T& value) { write(value); }

    // Non-blocking access.
    bool read_nb(T& value) {
        if (fifo_.empty()) return false;
        read(value);
        return true;
    }
    bool write_nb(const T& value) {
        write(value);
        return true;
    }

    bool empty() { return fifo_.empty(); }
    bool full() const { return false; }

  private:
    stream(const stream&);
    stream& operator=(const stream&);

    std::deque<T> fifo_;
    std::string name_;
};

} // namespace hls

#endif
