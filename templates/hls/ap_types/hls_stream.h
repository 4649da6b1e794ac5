// Hls4ml.Sdk -- hls_stream.h
//
// C-simulation model of hls::stream<T>: an unbounded FIFO (written from the documented behaviour of the Xilinx/AMD
// HLS stream class; full() is always false in C simulation). The FIFO is a small ring buffer rather than std::deque:
// every io_stream project includes this header in both translation units, and <deque> alone costs a third of a
// second of compile time per unit.
//
// Without HLS4ML_SDK_CSIM the class offers only the vendor's documented API (constructors with an optional name,
// read/write, read_nb/write_nb, >>, <<, empty, full, size), so code that compiles here also compiles with the vendor's
// hls_stream.h; like the vendor's C simulation it only warns on a read from an empty stream (returning T()) and on a
// stream destroyed while holding data.
//
// The SDK's C simulation (CSimRunner) defines HLS4ML_SDK_CSIM, which turns those dataflow bugs into coded errors the
// SDK reports with the stream's writer and reader (generated code must use the extras below only inside
// #ifdef HLS4ML_SDK_CSIM):
//  * Reading an empty stream calls the empty-read handler. The default handler prints
//      HLS-CSIM-ERROR: HLS0407: read from empty stream '<name>'
//    to stderr and terminates the process with exit code 3 (in hardware the reader would stall forever). Install
//    another handler with hls::set_empty_read_handler(); if it returns, read() returns a value-initialized T.
//  * A stream destroyed while still holding data (and hls::report_leftover) prints
//      HLS-CSIM-ERROR: HLS0408: stream '<name>' holds N unread element(s)
//    and terminates with exit code 3: a producer wrote more than its consumer read, which in hardware fills the FIFO
//    and stalls the next inference. hls::set_leftover_handler() replaces that behaviour.
//  * name() / get_name() return the stream's name.
#ifndef HLS4ML_SDK_HLS_STREAM_H
#define HLS4ML_SDK_HLS_STREAM_H

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hls {

/// Called when read() finds the stream empty; receives the stream's name.
typedef void (*stream_empty_read_handler)(const char* name);
/// Called when a stream is found holding data it should not (destroyed non-empty, or checked by a testbench).
typedef void (*stream_leftover_handler)(const char* name, std::size_t count, const char* detail);

namespace detail {
#ifdef HLS4ML_SDK_CSIM
inline void empty_read(const char* name) {
    std::fprintf(stderr, "HLS-CSIM-ERROR: HLS0407: read from empty stream '%s'\n", name);
    std::fflush(stderr);
    std::exit(3);
}
inline void leftover(const char* name, std::size_t count, const char* detail) {
    std::fprintf(stderr, "HLS-CSIM-ERROR: HLS0408: stream '%s' holds %lu unread element(s)%s%s\n", name, (unsigned long)count,
                 detail && *detail ? ": " : "", detail ? detail : "");
    std::fflush(stderr);
    std::exit(3);
}
#else
inline void empty_read(const char* name) {
    std::fprintf(stderr, "WARNING: hls::stream '%s' is read while empty (the hardware would stall)\n", name);
}
inline void leftover(const char* name, std::size_t count, const char*) {
    std::fprintf(stderr, "WARNING: hls::stream '%s' still holds %lu element(s)\n", name, (unsigned long)count);
}
#endif
inline stream_empty_read_handler& empty_read_handler_slot() {
    static stream_empty_read_handler handler = &empty_read;
    return handler;
}
inline stream_leftover_handler& leftover_handler_slot() {
    static stream_leftover_handler handler = &leftover;
    return handler;
}
} // namespace detail

#ifdef HLS4ML_SDK_CSIM
inline void default_stream_empty_read_handler(const char* name) { detail::empty_read(name); }
inline void default_stream_leftover_handler(const char* name, std::size_t count, const char* detail) {
    detail::leftover(name, count, detail);
}

/// Installs a handler for streams left holding data (null restores the default); returns the previous one.
inline stream_leftover_handler set_leftover_handler(stream_leftover_handler handler) {
    stream_leftover_handler previous = detail::leftover_handler_slot();
    detail::leftover_handler_slot() = handler ? handler : &detail::leftover;
    return previous;
}

/// Reports a stream holding count unread elements (detail says why that is wrong).
inline void report_leftover(const char* name, std::size_t count, const char* detail) { detail::leftover_handler_slot()(name, count, detail); }

/// Installs a handler for reads from empty streams (null restores the default); returns the previous one.
inline stream_empty_read_handler set_empty_read_handler(stream_empty_read_handler handler) {
    stream_empty_read_handler previous = detail::empty_read_handler_slot();
    detail::empty_read_handler_slot() = handler ? handler : &detail::empty_read;
    return previous;
}
#endif

template <typename T, int DEPTH = 0> class stream {
  public:
    stream() { set_name("hls::stream"); }
    explicit stream(const char* name) { set_name(name ? name : "hls::stream"); }
#ifdef HLS4ML_SDK_CSIM
    typedef T value_type;
    /// Accepts std::string (or any type with c_str()) without including <string> here.
    template <class Str> explicit stream(const Str& name, decltype(name.c_str())* = 0) { set_name(name.c_str()); }
#endif

    ~stream() {
        if (count_ != 0) detail::leftover_handler_slot()(name_, count_, "its consumer stopped reading before the end of the inference");
        delete[] ring_;
    }

    /// Blocking read. An empty stream is a simulation error (see the empty-read handler).
    T read() {
        if (count_ == 0) {
            detail::empty_read_handler_slot()(name_);
            if (count_ == 0) return T();
        }
        return pop();
    }
    void read(T& value) { value = read(); }
    void write(const T& value) {
        if (count_ == capacity_) grow();
        ring_[(head_ + count_) % capacity_] = value;
        count_++;
    }

    void operator>>(T& value) { read(value); }
    void operator<<(const T& value) { write(value); }

    /// Non-blocking variants: read_nb returns false (and leaves value alone) when empty; write_nb always succeeds.
    bool read_nb(T& value) {
        if (count_ == 0) return false;
        value = pop();
        return true;
    }
    bool write_nb(const T& value) {
        write(value);
        return true;
    }

    bool empty() const { return count_ == 0; }
    bool full() const { return false; }
    std::size_t size() const { return count_; }
#ifdef HLS4ML_SDK_CSIM
    const char* name() const { return name_; }
    const char* get_name() const { return name_; }
#endif

  private:
    stream(const stream&);            // streams are not copyable (as in the vendor library)
    stream& operator=(const stream&);

    void set_name(const char* name) {
        std::strncpy(name_, name, sizeof name_ - 1);
        name_[sizeof name_ - 1] = 0;
    }

    T pop() {
        T value = ring_[head_];
        head_ = (head_ + 1) % capacity_;
        count_--;
        return value;
    }

    void grow() {
        std::size_t capacity = capacity_ ? 2 * capacity_ : 16;
        T* ring = new T[capacity];
        for (std::size_t i = 0; i < count_; i++) ring[i] = ring_[(head_ + i) % capacity_];
        delete[] ring_;
        ring_ = ring;
        capacity_ = capacity;
        head_ = 0;
    }

    T* ring_ = 0;
    std::size_t capacity_ = 0, head_ = 0, count_ = 0;
    char name_[256];
};

} // namespace hls

#endif // HLS4ML_SDK_HLS_STREAM_H
