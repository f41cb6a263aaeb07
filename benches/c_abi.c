/* Builds a delivery through the C ABI from the flat records `w1 flat` writes (see
 * benches/support/mod.rs for the format), then writes the quarter's file. The file is read and
 * split into fields before timing, as the Rust counterpart (`w1 build`) does.
 *
 *   gcc -O2 -std=c99 -Iinclude benches/c_abi.c -Ltarget/release -lspiegelinformatie \
 *       -Wl,-rpath,$PWD/target/release -o target/release/c_abi
 *   target/release/c_abi w1.flat out.xml
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spiegelinformatie.h"

typedef struct { const uint8_t *p; size_t n; } field;
typedef struct { char tag; field f[4]; } record;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "-" is an absent optional field: NULL/0. */
static field opt(field f) {
    if (f.n == 1 && f.p[0] == '-') { field none = { NULL, 0 }; return none; }
    return f;
}

static void check(uint32_t rc, struct spiegel_delivery *d, size_t line) {
    if (rc != SPIEGEL_OK) {
        char msg[512]; size_t len = 0;
        spiegel_delivery_last_error(d, (uint8_t *)msg, sizeof msg - 1, &len);
        msg[len < sizeof msg ? len : sizeof msg - 1] = 0;
        fprintf(stderr, "record %zu: error %u: %s\n", line, rc, msg);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: c_abi FLAT OUT.xml\n"); return 2; }
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 2; }
    fseek(in, 0, SEEK_END); long size = ftell(in); fseek(in, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, in) != (size_t)size) { perror("read"); return 2; }
    fclose(in);
    text[size] = 0;
    size_t cap = 1024, count = 0;
    record *recs = malloc(cap * sizeof *recs);
    for (char *line = text; *line; ) {
        char *end = strchr(line, '\n');
        if (!end) end = line + strlen(line);
        if (count == cap) { cap *= 2; recs = realloc(recs, cap * sizeof *recs); }
        record *r = &recs[count++];
        memset(r, 0, sizeof *r);
        r->tag = line[0];
        char *at = line + 2;
        for (int i = 0; i < 4 && at <= end; i++) {
            char *tab = memchr(at, '\t', (size_t)(end - at));
            char *stop = tab ? tab : end;
            r->f[i].p = (const uint8_t *)at; r->f[i].n = (size_t)(stop - at);
            at = stop + 1;
            if (!tab) break;
        }
        line = *end ? end + 1 : end;
    }

    double t0 = now();
    struct spiegel_delivery *d = NULL;
    if (spiegel_delivery_new(&d) != SPIEGEL_OK) return 1;
    check(spiegel_delivery_set_quarter(d, (const uint8_t *)"2024-Q4", 7), d, 0);
    check(spiegel_delivery_set_datum_creatie(d, (const uint8_t *)"2025-01-02T08:00:00", 19), d, 0);
    uint32_t za = 0, traject = 0, meting = 0;
    for (size_t i = 0; i < count; i++) {
        record *r = &recs[i];
        field *f = r->f;
        switch (r->tag) {
        case 'Z': check(spiegel_delivery_add_zorgaanbieder(d, f[0].p, f[0].n, &za), d, i); break;
        case 'T': {
            field key = opt(f[0]), end = opt(f[2]), groep = opt(f[3]);
            check(spiegel_delivery_add_zorgtraject(d, za, key.p, key.n, f[1].p, f[1].n, end.p, end.n,
                                                   groep.p, groep.n, &traject), d, i);
            break;
        }
        case 'P': check(spiegel_delivery_add_primair(d, traject, f[0].p, f[0].n, f[1].p, f[1].n), d, i); break;
        case 'N': check(spiegel_delivery_add_neven(d, traject, f[0].p, f[0].n), d, i); break;
        case 'V': {
            field honos = opt(f[0]), code = opt(f[1]);
            check(spiegel_delivery_add_zorgvraagtypering(d, traject, honos.p, honos.n, code.p, code.n,
                                                         f[2].p, f[2].n), d, i);
            break;
        }
        case 'R': check(spiegel_delivery_add_prestatie(d, traject, f[0].p, f[0].n, f[1].p, f[1].n), d, i); break;
        case 'M': check(spiegel_delivery_add_meting(d, traject, f[0].p, f[0].n, f[1].p, f[1].n, &meting), d, i); break;
        case 'L': check(spiegel_delivery_add_loose_meting(d, za, f[0].p, f[0].n, f[1].p, f[1].n, &meting), d, i); break;
        case 'I': check(spiegel_delivery_add_item(d, meting, f[0].p, f[0].n, f[1].p, f[1].n), d, i); break;
        default: fprintf(stderr, "record %zu: unknown tag %c\n", i, r->tag); return 1;
        }
    }
    double t1 = now();
    struct spiegel_report *report = NULL;
    check(spiegel_delivery_write_file(d, (const uint8_t *)argv[2], strlen(argv[2]), &report), d, 0);
    double t2 = now();
    spiegel_report_free(report);
    spiegel_delivery_free(d);
    printf("c-abi-build %zu records: build %.3f s, write %.3f s\n", count, t1 - t0, t2 - t1);
    free(recs);
    free(text);
    return 0;
}
