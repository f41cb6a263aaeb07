/* Small helpers shared by the C programs of bindings/c (not part of the library's API). */
#ifndef SPIEGEL_SUPPORT_H
#define SPIEGEL_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spiegelinformatie.h"

/* A C string as the (pointer, length) pair the API takes. */
#define S(text) (const uint8_t *)(text), strlen(text)
/* An absent optional text. */
#define NONE NULL, 0

static int failures = 0;

/* Prints the delivery's last error (or the thread's when d is NULL). */
static inline void print_last_error(const spiegel_delivery *d) {
    uint8_t buf[2048];
    size_t len = 0;
    if (d != NULL) {
        spiegel_delivery_last_error(d, buf, sizeof buf, &len);
    } else {
        spiegel_last_error(buf, sizeof buf, &len);
    }
    fprintf(stderr, "    last error: %s\n", (const char *)buf);
}

/* Fails the program (after printing why) when `code` is not SPIEGEL_OK. */
#define OK(d, call)                                                                     \
    do {                                                                                \
        uint32_t ok_code_ = (call);                                                     \
        if (ok_code_ != SPIEGEL_OK) {                                                   \
            fprintf(stderr, "%s:%d: %s returned %u\n", __FILE__, __LINE__, #call,       \
                    (unsigned)ok_code_);                                                \
            print_last_error(d);                                                        \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

/* Counts a failure when `call` does not return `expected`. */
#define EXPECT_CODE(expected, call)                                                     \
    do {                                                                                \
        uint32_t got_ = (call);                                                         \
        if (got_ != (uint32_t)(expected)) {                                             \
            fprintf(stderr, "%s:%d: %s returned %u, expected %s (%u)\n", __FILE__,       \
                    __LINE__, #call, (unsigned)got_, #expected, (unsigned)(expected));  \
            failures++;                                                                 \
        }                                                                               \
    } while (0)

/* Counts a failure when `condition` is false. */
#define EXPECT(condition)                                                               \
    do {                                                                                \
        if (!(condition)) {                                                             \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #condition);    \
            failures++;                                                                 \
        }                                                                               \
    } while (0)

/* Reads a whole file; *len gets its size. Returns NULL when it cannot be read. */
static inline uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long size;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    data = malloc((size_t)size + 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return data;
}

#endif
