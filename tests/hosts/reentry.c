/*
 * reentry.c - a write callback that calls back into the handle it writes for: every such
 * call is refused with SPIEGEL_WRONG_STATE, the handle is not changed (the XML stays
 * well-formed and equal to a run without re-entry), and freeing the handle from its own
 * callback does nothing. Driven by tests/ffi_hosts.rs.
 *
 * usage: reentry
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h" /* bindings/c: S, NONE, failures, EXPECT, EXPECT_CODE */

/* What the callback collects, and the handle it tries to re-enter. */
struct sink {
    char *data;
    size_t len;
    spiegel_delivery *delivery;
    spiegel_stream *stream;
    int calls;
    int refused;
};

static void append(struct sink *s, const uint8_t *data, size_t len) {
    char *grown = realloc(s->data, s->len + len + 1);
    if (grown == NULL) {
        exit(2);
    }
    s->data = grown;
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
}

static int32_t reenter_delivery(void *user, const uint8_t *data, size_t len) {
    struct sink *s = user;
    uint32_t za = 0;
    uint8_t buf[64];
    size_t out_len = 0;
    s->calls++;
    s->refused += spiegel_delivery_add_zorgaanbieder(s->delivery, S("87654321"), &za) == SPIEGEL_WRONG_STATE;
    s->refused += spiegel_delivery_set_quarter(s->delivery, S("2023-Q1")) == SPIEGEL_WRONG_STATE;
    s->refused += spiegel_delivery_write_callback(s->delivery, reenter_delivery, s, NULL) == SPIEGEL_WRONG_STATE;
    s->refused += spiegel_delivery_last_error(s->delivery, buf, sizeof buf, &out_len) == SPIEGEL_WRONG_STATE;
    spiegel_delivery_free(s->delivery); /* must do nothing while the call runs */
    append(s, data, len);
    return 0;
}

static int32_t collect(void *user, const uint8_t *data, size_t len) {
    append(user, data, len);
    return 0;
}

static spiegel_delivery *small_delivery(void) {
    spiegel_delivery *d = NULL;
    uint32_t za, t;
    if (spiegel_delivery_new(&d) != SPIEGEL_OK) {
        exit(2);
    }
    spiegel_delivery_set_quarter(d, S("2024-Q1"));
    spiegel_delivery_set_datum_creatie(d, S("2024-04-03T10:15:00"));
    spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za);
    spiegel_delivery_add_zorgtraject(d, za, S("K1"), S("2023-11-02"), NONE, S("Locatie A"), &t);
    spiegel_delivery_add_primair(d, t, S("D5_5.03"), S("2023-11-20"));
    spiegel_delivery_add_prestatie(d, t, S("CO0001"), S("2023-11-02"));
    return d;
}

static void delivery_reentry(void) {
    struct sink plain = {0};
    struct sink hostile = {0};
    spiegel_delivery *d = small_delivery();
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_write_callback(d, collect, &plain, NULL));
    hostile.delivery = d;
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_write_callback(d, reenter_delivery, &hostile, NULL));
    if (hostile.calls == 0 || hostile.refused != 4 * hostile.calls) {
        fprintf(stderr, "delivery: %d callback calls, %d refused re-entries (expected %d)\n",
                hostile.calls, hostile.refused, 4 * hostile.calls);
        failures++;
    }
    if (plain.data == NULL || hostile.data == NULL || strcmp(plain.data, hostile.data) != 0) {
        fprintf(stderr, "delivery: the XML written with re-entry differs from the plain one\n");
        failures++;
    }
    /* The handle is still usable and unchanged after the refused calls. */
    uint32_t count = 0;
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_add_zorgaanbieder(d, S("11112222"), &count));
    spiegel_delivery_free(d);
    free(plain.data);
    free(hostile.data);
}

static int32_t reenter_stream(void *user, const uint8_t *data, size_t len) {
    struct sink *s = user;
    s->calls++;
    s->refused += spiegel_stream_begin_zorgtraject(s->stream, NONE, S("2024-01-05"), NONE, NONE) == SPIEGEL_WRONG_STATE;
    s->refused += spiegel_stream_end_zorgtraject(s->stream) == SPIEGEL_WRONG_STATE;
    s->refused += spiegel_stream_finish(s->stream, NULL) == SPIEGEL_WRONG_STATE;
    spiegel_stream_free(s->stream); /* must do nothing while the call runs */
    append(s, data, len);
    return 0;
}

static void stream_reentry(void) {
    struct sink s = {0};
    spiegel_stream *st = NULL;
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_new_callback(reenter_stream, &s, S("2024-Q1"), S("2024-04-03T10:15:00"), &st));
    s.stream = st;
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_start_zorgaanbieder(st, S("12345678")));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_begin_zorgtraject(st, S("K1"), S("2023-11-02"), NONE, S("Locatie A")));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_add_primair(st, S("D5_5.03"), S("2023-11-20")));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_add_prestatie(st, S("CO0001"), S("2023-11-02")));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_end_zorgtraject(st));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_finish(st, NULL));
    if (s.calls == 0 || s.refused != 3 * s.calls) {
        fprintf(stderr, "stream: %d callback calls, %d refused re-entries (expected %d)\n",
                s.calls, s.refused, 3 * s.calls);
        failures++;
    }
    if (s.data == NULL || strstr(s.data, "</Bestand>") == NULL ||
        strstr(s.data, "2024-01-05") != NULL) {
        fprintf(stderr, "stream: the XML is incomplete or holds the re-entered record:\n%s\n",
                s.data ? s.data : "(nothing)");
        failures++;
    }
    spiegel_stream_free(st);
    free(s.data);
}

int main(void) {
    delivery_reentry();
    stream_reentry();
    if (failures > 0) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("re-entry refused everywhere\n");
    return 0;
}
