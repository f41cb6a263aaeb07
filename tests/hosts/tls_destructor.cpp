// tls_destructor.cpp - a C++ host whose thread_local object calls the library from its
// destructor, after the library's own thread-local storage of that thread is destroyed (the
// object is constructed before the first library call, so its destructor runs after the
// library's). Every call must still return its documented code; none may abort the process.
// Done on a worker thread and on the main thread (at exit). Driven by tests/ffi_hosts.rs.
//
// usage: tls_destructor
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "spiegelinformatie.h"

#define S(text) reinterpret_cast<const uint8_t *>(text), std::strlen(text)
#define NONE nullptr, 0

static int check(const char *what, uint32_t got, uint32_t expected) {
    if (got != expected) {
        std::fprintf(stderr, "%s returned %u, expected %u\n", what, got, expected);
        return 1;
    }
    return 0;
}

// Calls the library the way a host's cleanup might: build, write, read errors, free.
static int use_the_library(const char *where) {
    int failures = 0;
    spiegel_delivery *d = nullptr;
    uint32_t za = 0, t = 0;
    failures += check("spiegel_delivery_new", spiegel_delivery_new(&d), SPIEGEL_OK);
    if (d == nullptr) {
        return failures + 1;
    }
    failures += check("set_quarter", spiegel_delivery_set_quarter(d, S("2024-Q1")), SPIEGEL_OK);
    failures += check("bad quarter", spiegel_delivery_set_quarter(d, S("2024-Q9")), SPIEGEL_INVALID_QUARTER);
    uint8_t buf[512];
    size_t len = 0;
    failures += check("delivery_last_error", spiegel_delivery_last_error(d, buf, sizeof buf, &len), SPIEGEL_OK);
    if (len == 0) {
        std::fprintf(stderr, "%s: the delivery's last error is empty\n", where);
        failures++;
    }
    // The thread's own last error may be gone with its storage: any text, never a crash.
    failures += check("last_error", spiegel_last_error(buf, sizeof buf, &len), SPIEGEL_OK);
    failures += check("set_datum_creatie", spiegel_delivery_set_datum_creatie(d, S("2024-04-03T10:15:00")), SPIEGEL_OK);
    failures += check("add_zorgaanbieder", spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za), SPIEGEL_OK);
    failures += check("add_zorgtraject",
                      spiegel_delivery_add_zorgtraject(d, za, S("K1"), S("2023-11-02"), NONE, S("Locatie A"), &t),
                      SPIEGEL_OK);
    failures += check("add_primair", spiegel_delivery_add_primair(d, t, S("D5_5.03"), S("2023-11-20")), SPIEGEL_OK);
    failures += check("add_prestatie", spiegel_delivery_add_prestatie(d, t, S("CO0001"), S("2023-11-02")), SPIEGEL_OK);
    spiegel_report *report = nullptr;
    failures += check("validate", spiegel_delivery_validate(d, &report), SPIEGEL_OK);
    size_t count = 0;
    failures += check("report_count", spiegel_report_count(report, &count), SPIEGEL_OK);
    failures += check("report_count NULL", spiegel_report_count(nullptr, &count), SPIEGEL_NULL_ARGUMENT);
    spiegel_report_free(report);
    size_t needed = 0;
    failures += check("write_buffer size query", spiegel_delivery_write_buffer(d, nullptr, 0, &needed, nullptr),
                      SPIEGEL_BUFFER_TOO_SMALL);
    failures += check("delivery NULL", spiegel_delivery_set_quarter(nullptr, S("2024-Q1")), SPIEGEL_NULL_ARGUMENT);
    spiegel_delivery_free(d);
    std::fprintf(stderr, "%s: %d failure(s), file of %zu bytes\n", where, failures, needed);
    return failures;
}

static int total_failures = 0;

struct Host {
    const char *where;
    explicit Host(const char *w) : where(w) {}
    ~Host() {
        total_failures += use_the_library(where);
        if (std::strcmp(where, "main thread") == 0) {
            // The last word of the process: std::exit has begun, so report through _Exit.
            std::fflush(stderr);
            std::_Exit(total_failures == 0 ? 0 : 1);
        }
    }
};

// Function-local, so each is constructed only on the thread that asks for it (namespace-scope
// thread_locals of one file are all constructed together on first use).
static Host &worker_host() {
    thread_local Host host("worker thread");
    return host;
}

static Host &main_host() {
    thread_local Host host("main thread");
    return host;
}

int main() {
    std::thread worker([] {
        (void)worker_host(); // constructed now, before the library touches its storage
        total_failures += use_the_library("worker thread, before exit");
    });
    worker.join();
    (void)main_host();
    total_failures += use_the_library("main thread, before exit");
    std::printf("calls made; the destructors run at exit\n");
    std::fflush(stdout);
    return 3; // replaced by main_host's destructor: 0 when every call there and before passed
}
