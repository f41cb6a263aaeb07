/* The C ABI bulk path of the peer benchmark (benches/peers/run.sh): the flat records (see
 * benches/support/mod.rs) are loaded into memory first, dates as uint32_t YYYYMMDD; the timed
 * phase streams them to the quarter's file: per trajectory spiegel_stream_begin_zorgtraject_dated,
 * and only when it is in the quarter its children in one packed buffer
 * (spiegel_stream_add_children_packed), then spiegel_stream_end_zorgtraject; loose metingen in
 * one packed buffer per provider.
 *
 *   c_bulk FLAT OUT.xml QUARTER
 *
 * Prints "RESULT c-bulk SECONDS RSS_BEFORE_KIB PEAK_KIB CPU_SECONDS" (peak reset before the
 * phase; CPU = user + system time of the phase).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spiegelinformatie.h"

typedef struct { const char *p; uint32_t n; } text;
typedef struct { char tag; text f[4]; uint32_t date; uint32_t date2; } record;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) of this process so far, from /proc/self/stat. */
static double cpu_seconds(void) {
    char buf[1024];
    unsigned long utime = 0, stime = 0;
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) return 0;
    return (double)(utime + stime) / 100.0;
}

static long status_kib(const char *field) {
    char line[256];
    long v = 0;
    size_t n = strlen(field);
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0) v = strtol(line + n, NULL, 10);
    fclose(f);
    return v;
}

/* "2024-01-31" -> 20240131; "-" -> 0. */
static uint32_t date_number(text t) {
    if (t.n != 10) return 0;
    return (uint32_t)((t.p[0] - '0') * 10000000 + (t.p[1] - '0') * 1000000 + (t.p[2] - '0') * 100000 +
                      (t.p[3] - '0') * 10000 + (t.p[5] - '0') * 1000 + (t.p[6] - '0') * 100 +
                      (t.p[8] - '0') * 10 + (t.p[9] - '0'));
}

static text opt(text t) {
    if (t.n == 1 && t.p[0] == '-') { text none = { NULL, 0 }; return none; }
    return t;
}

typedef struct { uint8_t *p; size_t n, cap; } packer;

static void room(packer *pk, size_t more) {
    if (pk->n + more <= pk->cap) return;
    while (pk->n + more > pk->cap) pk->cap = pk->cap ? pk->cap * 2 : 4096;
    pk->p = realloc(pk->p, pk->cap);
    if (!pk->p) { fprintf(stderr, "out of memory\n"); exit(1); }
}

static void u8(packer *pk, uint8_t v) { room(pk, 1); pk->p[pk->n++] = v; }

static void u32(packer *pk, uint32_t v) {
    room(pk, 4);
    pk->p[pk->n] = (uint8_t)v; pk->p[pk->n + 1] = (uint8_t)(v >> 8);
    pk->p[pk->n + 2] = (uint8_t)(v >> 16); pk->p[pk->n + 3] = (uint8_t)(v >> 24);
    pk->n += 4;
}

static void txt(packer *pk, text t) {
    u32(pk, t.n);
    room(pk, t.n);
    if (t.n) memcpy(pk->p + pk->n, t.p, t.n);
    pk->n += t.n;
}

static void check(uint32_t rc, spiegel_stream *s, size_t i) {
    if (rc != SPIEGEL_OK) {
        uint8_t msg[1024]; size_t len = 0;
        spiegel_stream_last_error(s, msg, sizeof msg - 1, &len);
        msg[len < sizeof msg ? len : sizeof msg - 1] = 0;
        fprintf(stderr, "record %zu: error %u: %s\n", i, rc, (const char *)msg);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: c_bulk FLAT OUT.xml QUARTER\n"); return 2; }
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 2; }
    fseek(in, 0, SEEK_END); long size = ftell(in); fseek(in, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    if (fread(data, 1, (size_t)size, in) != (size_t)size) { perror("read"); return 2; }
    fclose(in);
    data[size] = 0;
    size_t cap = 1 << 20, count = 0;
    record *recs = malloc(cap * sizeof *recs);
    for (char *line = data; *line; ) {
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
            r->f[i].p = at; r->f[i].n = (uint32_t)(stop - at);
            at = stop + 1;
            if (!tab) break;
        }
        switch (r->tag) {
        case 'T': r->date = date_number(r->f[1]); r->date2 = date_number(opt(r->f[2])); break;
        case 'P': case 'R': case 'M': case 'L': r->date = date_number(r->f[1]); break;
        case 'V': r->date = date_number(r->f[2]); break;
        default: break;
        }
        line = *end ? end + 1 : end;
    }

    FILE *clear = fopen("/proc/self/clear_refs", "w");
    if (clear) { fputs("5", clear); fclose(clear); }
    long before = status_kib("VmRSS:");
    double t0 = now(), c0 = cpu_seconds();
    spiegel_stream *s = NULL;
    if (spiegel_stream_new_file((const uint8_t *)argv[2], strlen(argv[2]), (const uint8_t *)argv[3],
                                strlen(argv[3]), (const uint8_t *)"2025-01-02T08:00:00", 19, &s) != SPIEGEL_OK) {
        fprintf(stderr, "cannot start the stream\n");
        return 1;
    }
    packer kids = { NULL, 0, 0 }, loose = { NULL, 0, 0 };
    int open = 0, skip = 0;
    for (size_t i = 0; i < count; i++) {
        record *r = &recs[i];
        text *f = r->f;
        if (r->tag != 'T' && r->tag != 'Z' && r->tag != 'L' && r->tag != 'I' && skip) continue;
        if ((r->tag == 'T' || r->tag == 'Z' || r->tag == 'L') && open) {
            if (kids.n) check(spiegel_stream_add_children_packed(s, kids.p, kids.n), s, i);
            check(spiegel_stream_end_zorgtraject(s), s, i);
            open = 0;
            kids.n = 0;
        }
        switch (r->tag) {
        case 'Z':
            if (loose.n) { check(spiegel_stream_add_loose_metingen_packed(s, loose.p, loose.n), s, i); loose.n = 0; }
            check(spiegel_stream_start_zorgaanbieder(s, (const uint8_t *)f[0].p, f[0].n), s, i);
            break;
        case 'T': {
            text key = opt(f[0]), groep = opt(f[3]);
            uint32_t in_quarter = 0;
            check(spiegel_stream_begin_zorgtraject_dated(s, (const uint8_t *)key.p, key.n, r->date, r->date2,
                                                         (const uint8_t *)groep.p, groep.n, &in_quarter), s, i);
            open = 1;
            skip = !in_quarter;
            break;
        }
        case 'P': u8(&kids, SPIEGEL_PACKED_PRIMAIR); txt(&kids, f[0]); u32(&kids, r->date); break;
        case 'N': u8(&kids, SPIEGEL_PACKED_NEVEN); txt(&kids, f[0]); break;
        case 'V': u8(&kids, SPIEGEL_PACKED_ZORGVRAAGTYPERING); txt(&kids, opt(f[0])); txt(&kids, opt(f[1])); u32(&kids, r->date); break;
        case 'R': u8(&kids, SPIEGEL_PACKED_PRESTATIE); txt(&kids, f[0]); u32(&kids, r->date); break;
        case 'M': u8(&kids, SPIEGEL_PACKED_METING); txt(&kids, f[0]); u32(&kids, r->date); break;
        case 'L': skip = 0; u8(&loose, SPIEGEL_PACKED_METING); txt(&loose, f[0]); u32(&loose, r->date); break;
        case 'I':
            if (open) { if (!skip) { u8(&kids, SPIEGEL_PACKED_ITEM); txt(&kids, f[0]); txt(&kids, f[1]); } }
            else { u8(&loose, SPIEGEL_PACKED_ITEM); txt(&loose, f[0]); txt(&loose, f[1]); }
            break;
        default: fprintf(stderr, "record %zu: unknown tag %c\n", i, r->tag); return 1;
        }
    }
    if (open) {
        if (kids.n) check(spiegel_stream_add_children_packed(s, kids.p, kids.n), s, count);
        check(spiegel_stream_end_zorgtraject(s), s, count);
    }
    if (loose.n) check(spiegel_stream_add_loose_metingen_packed(s, loose.p, loose.n), s, count);
    spiegel_report *report = NULL;
    check(spiegel_stream_finish(s, &report), s, count);
    double seconds = now() - t0, cpu = cpu_seconds() - c0;
    printf("RESULT c-bulk %.3f %ld %ld %.2f\n", seconds, before, status_kib("VmHWM:"), cpu);
    spiegel_report_free(report);
    spiegel_stream_free(s);
    free(kids.p);
    free(loose.p);
    free(recs);
    free(data);
    return 0;
}
