/*
 * bulk.c - the reference delivery through the bulk functions (integer dates, one packed
 * buffer per trajectory, the early in-quarter answer), on a stream and on a delivery: both
 * files must equal the golden file byte for byte. Then what the bulk functions do with
 * refused records (collected, counted, recorded) and with malformed buffers (nothing added).
 * Run under valgrind by tests/ffi_c.rs.
 *
 * usage: bulk GOLDEN_XML SCRATCH_DIR
 */
#include "packed.h"

#define CQI "CQi-GGZ-VZ-AKWA"
#define GROEP_ZUID "Locatie Zuid & \"Noord\" \xE2\x80\x94 Gr\xC3\xBC\xC3\x9F" "e \xE6\x97\xA5\xE6\x9C\xAC"

static packer pk;

/* REF-CLOSED's children (also used for the delivery). */
static void ref_closed_children(void) {
    pk_primair(&pk, "D5_5.03", 20230620);
    pk_primair(&pk, "D5_4.02.02.02", 20240110);
    pk_neven(&pk, "D5_6.01");
    pk_zvt(&pk, "3", "3", 20230620);
    pk_zvt(&pk, "11", NULL, 20240110);
    pk_prestatie(&pk, "CO0001", 20230601);
    pk_prestatie(&pk, "CO0002", 20240201);
    pk_meting(&pk, CQI, 20240210);
    pk_item(&pk, "1", "4");
    pk_item(&pk, "2", "3");
    pk_item(&pk, "17", "2");
}

static void loose_metingen_a(void) {
    pk_meting(&pk, CQI, 20240301);
    pk_item(&pk, "1", "3");
    pk_item(&pk, "16", "5");
    pk_meting(&pk, CQI, 20240402);
    pk_item(&pk, "1", "2");
}

static int same_file(const char *path, const uint8_t *golden, size_t golden_len) {
    size_t len = 0;
    uint8_t *data = read_file(path, &len);
    int same = data != NULL && len == golden_len && memcmp(data, golden, len) == 0;
    free(data);
    return same;
}

/* The stream: packed trajectories; REF-EXCLUDED through begin_dated, its children skipped. */
static void reference_stream(const char *path) {
    spiegel_stream *s = NULL;
    uint32_t in = 99;
    OK(NULL, spiegel_stream_new_file(S(path), S("2024-Q1"), S("2024-04-03T10:15:00"), &s));
    OK(NULL, spiegel_stream_start_zorgaanbieder(s, S("12345678")));

    pk.n = 0;
    pk_traject(&pk, 20230601, 20240215, "REF-CLOSED", GROEP_ZUID);
    ref_closed_children();
    OK(NULL, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n, &in));
    EXPECT(in == 1);

    pk.n = 0;
    pk_traject(&pk, 20231102, 0, "REF-OPEN", "Locatie A");
    pk_primair(&pk, "D5_7.01", 20231120);
    pk_zvt(&pk, NULL, "5", 20231120);
    pk_prestatie(&pk, "CO0001", 20240305);
    OK(NULL, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n, &in));
    EXPECT(in == 1);

    /* Begin with integer dates, children in one buffer, end. */
    OK(NULL, spiegel_stream_begin_zorgtraject_dated(s, S("REF-ENDS-AFTER"), 20240331, 20240510, NONE, &in));
    EXPECT(in == 1);
    pk.n = 0;
    pk_prestatie(&pk, "CO0001", 20240415);
    OK(NULL, spiegel_stream_add_children_packed(s, pk.p, pk.n));
    OK(NULL, spiegel_stream_end_zorgtraject(s));

    /* Not in the quarter: the answer comes at once, the children are not pushed. */
    in = 99;
    OK(NULL, spiegel_stream_begin_zorgtraject_dated(s, S("REF-EXCLUDED"), 20230101, 20231231, S("Locatie A"), &in));
    EXPECT(in == 0);
    OK(NULL, spiegel_stream_end_zorgtraject(s));

    pk.n = 0;
    loose_metingen_a();
    OK(NULL, spiegel_stream_add_loose_metingen_packed(s, pk.p, pk.n));

    OK(NULL, spiegel_stream_start_zorgaanbieder(s, S("87654321")));
    pk.n = 0;
    pk_traject(&pk, 20240101, 20240101, "REF-B-1", NULL);
    pk_primair(&pk, "D5_2.01", 20240101);
    /* NULL for the optional flag. */
    OK(NULL, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n, NULL));
    pk.n = 0;
    pk_meting(&pk, CQI, 20240115);
    pk_item(&pk, "5", "1");
    OK(NULL, spiegel_stream_add_loose_metingen_packed(s, pk.p, pk.n));

    spiegel_report *r = NULL;
    OK(NULL, spiegel_stream_finish(s, &r));
    size_t count = 0, len = 0, item17 = 0;
    OK(NULL, spiegel_report_count(r, &count));
    for (size_t i = 0; i < count; i++) {
        uint8_t rule[128], value[128];
        OK(NULL, spiegel_report_rule(r, i, rule, sizeof rule, &len));
        OK(NULL, spiegel_report_value(r, i, value, sizeof value, &len));
        if (strcmp((const char *)rule, "item-not-allowed") == 0 && strcmp((const char *)value, "17") == 0) item17++;
    }
    EXPECT(item17 == 1);
    {
        /* Closed: REF-CLOSED, REF-B-1; open: REF-OPEN, REF-ENDS-AFTER (its einddatum left
         * out); ended before: REF-EXCLUDED; loose: 2 in, 1 out; item 17. */
        const uint32_t which[] = {SPIEGEL_SELECTION_ZORGTRAJECTEN_CLOSED, SPIEGEL_SELECTION_ZORGTRAJECTEN_OPEN,
                                  SPIEGEL_SELECTION_EINDDATUM_LEFT_OUT, SPIEGEL_SELECTION_ZORGTRAJECTEN_ENDED_BEFORE,
                                  SPIEGEL_SELECTION_ZORGTRAJECTEN_START_AFTER, SPIEGEL_SELECTION_LOOSE_METINGEN_DELIVERED,
                                  SPIEGEL_SELECTION_LOOSE_METINGEN_LEFT_OUT, SPIEGEL_SELECTION_ITEMS_LEFT_OUT};
        const uint64_t expected[] = {2, 2, 1, 1, 0, 2, 1, 1};
        for (size_t i = 0; i < sizeof which / sizeof which[0]; i++) {
            uint64_t got = 99;
            OK(NULL, spiegel_report_selection_count(r, which[i], &got));
            if (got != expected[i]) {
                fprintf(stderr, "selection count %u: %llu, expected %llu\n", (unsigned)which[i],
                        (unsigned long long)got, (unsigned long long)expected[i]);
                failures++;
            }
        }
        uint64_t got = 99;
        EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_report_selection_count(r, 10, &got));
        EXPECT(got == 0);
        EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_report_selection_count(r, 0, &got));
        EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_selection_count(r, 1, NULL));
        EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_selection_count(NULL, 1, &got));
    }
    spiegel_report_free(r);
    spiegel_stream_free(s);
}

/* The delivery: packed and dated forms mixed. */
static void reference_delivery(const char *path) {
    spiegel_delivery *d = NULL;
    uint32_t a, b, t, in = 99;
    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    OK(d, spiegel_delivery_set_datum_creatie(d, S("2024-04-03T10:15:00")));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &a));

    pk.n = 0;
    pk_traject(&pk, 20230601, 20240215, "REF-CLOSED", GROEP_ZUID);
    ref_closed_children();
    OK(d, spiegel_delivery_add_zorgtraject_packed(d, a, pk.p, pk.n, &t, &in));
    EXPECT(t == 1 && in == 1);

    OK(d, spiegel_delivery_add_zorgtraject_dated(d, a, S("REF-OPEN"), 20231102, 0, S("Locatie A"), &t, &in));
    EXPECT(t == 2 && in == 1);
    pk.n = 0;
    pk_primair(&pk, "D5_7.01", 20231120);
    pk_zvt(&pk, NULL, "5", 20231120);
    pk_prestatie(&pk, "CO0001", 20240305);
    OK(d, spiegel_delivery_add_children_packed(d, t, pk.p, pk.n));

    pk.n = 0;
    pk_traject(&pk, 20240331, 20240510, "REF-ENDS-AFTER", NULL);
    pk_prestatie(&pk, "CO0001", 20240415);
    OK(d, spiegel_delivery_add_zorgtraject_packed(d, a, pk.p, pk.n, &t, NULL));

    OK(d, spiegel_delivery_add_zorgtraject_dated(d, a, S("REF-EXCLUDED"), 20230101, 20231231, S("Locatie A"), &t, &in));
    EXPECT(in == 0);

    pk.n = 0;
    loose_metingen_a();
    OK(d, spiegel_delivery_add_loose_metingen_packed(d, a, pk.p, pk.n));

    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("87654321"), &b));
    pk.n = 0;
    pk_traject(&pk, 20240101, 20240101, "REF-B-1", NULL);
    pk_primair(&pk, "D5_2.01", 20240101);
    OK(d, spiegel_delivery_add_zorgtraject_packed(d, b, pk.p, pk.n, &t, &in));
    pk.n = 0;
    pk_meting(&pk, CQI, 20240115);
    pk_item(&pk, "5", "1");
    OK(d, spiegel_delivery_add_loose_metingen_packed(d, b, pk.p, pk.n));

    OK(d, spiegel_delivery_write_file(d, S(path), NULL));
    spiegel_delivery_free(d);
}

static int32_t discard(void *user, const uint8_t *data, size_t len) {
    (void)user;
    (void)data;
    (void)len;
    return 0;
}

/* Refused records are collected: one call, every refusal recorded, the rest still added. */
static void refusals_are_collected(void) {
    spiegel_stream *s = NULL;
    uint8_t msg[1024];
    size_t len = 0, errors = 0;
    uint32_t in = 99;
    OK(NULL, spiegel_stream_new_callback(discard, NULL, S("2024-Q1"), S("2024-04-03T10:15:00"), &s));
    OK(NULL, spiegel_stream_start_zorgaanbieder(s, S("12345678")));
    pk.n = 0;
    pk_traject(&pk, 20240101, 0, "BAD-CHILDREN", NULL);
    pk_prestatie(&pk, "CO0001", 20240230); /* no such day */
    pk_prestatie(&pk, "", 20240201);       /* empty required code */
    pk_prestatie(&pk, "CO0001", 20240201); /* fine */
    pk_meting(&pk, CQI, 0);                /* 0 is no date: refused */
    pk_item(&pk, "1", "4");                /* skipped with its meting */
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n, &in));
    EXPECT(in == 1);
    OK(NULL, spiegel_stream_last_error(s, msg, sizeof msg, &len));
    EXPECT(strstr((const char *)msg, "4 of the 5 records") != NULL);
    EXPECT(strstr((const char *)msg, "2024-02-30") != NULL);
    OK(NULL, spiegel_stream_count_errors(s, &errors));
    EXPECT(errors == 3);

    /* A refused trajectory: its children are not added; the stream goes on. */
    pk.n = 0;
    pk_traject(&pk, 20231301, 0, "BAD-DATE", NULL);
    pk_prestatie(&pk, "CO0001", 20240201);
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n, &in));
    EXPECT(in == 0);
    OK(NULL, spiegel_stream_count_errors(s, &errors));
    EXPECT(errors == 4);

    /* Malformed buffers: nothing is added, no trajectory is left open. */
    pk.n = 0;
    pk_traject(&pk, 20240101, 0, "TRUNCATED", NULL);
    pk_prestatie(&pk, "CO0001", 20240201);
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n - 1, &in));
    pk.n = 0;
    pk_traject(&pk, 20240101, 0, "UNKNOWN-TAG", NULL);
    pk_u8(&pk, 42);
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n, &in));
    pk.n = 0;
    pk_item(&pk, "1", "4");
    OK(NULL, spiegel_stream_begin_zorgtraject_dated(s, NONE, 20240101, 0, NONE, &in));
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_stream_add_children_packed(s, pk.p, pk.n));
    OK(NULL, spiegel_stream_end_zorgtraject(s));
    pk.n = 0;
    pk_prestatie(&pk, "CO0001", 20240201);
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_stream_add_loose_metingen_packed(s, pk.p, pk.n));
    OK(NULL, spiegel_stream_count_errors(s, &errors));
    EXPECT(errors == 4);

    spiegel_report *r = NULL;
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_stream_finish(s, &r));
    spiegel_report_free(r);
    spiegel_stream_free(s);
}

/* A delivery answers 1 while it has no quarter (it cannot tell), and checks dates as numbers. */
static void delivery_without_quarter(void) {
    spiegel_delivery *d = NULL;
    uint32_t a, t = 99, in = 99;
    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &a));
    OK(d, spiegel_delivery_add_zorgtraject_dated(d, a, NONE, 20100101, 20100201, NONE, &t, &in));
    EXPECT(in == 1);
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject_dated(d, a, NONE, 20100101, 20091231, NONE, &t, &in));
    EXPECT(t == 0 && in == 0);
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject_dated(d, a, NONE, 9990101, 0, NONE, &t, &in));
    pk.n = 0;
    pk_meting(&pk, CQI, 20240230);
    pk_item(&pk, "1", "4");
    pk_meting(&pk, CQI, 20240201);
    pk_item(&pk, "2", "4");
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_loose_metingen_packed(d, a, pk.p, pk.n));
    spiegel_delivery_free(d);
}

int main(int argc, char **argv) {
    char streamed[4096], delivered[4096];
    size_t golden_len = 0;
    uint8_t *golden;
    if (argc != 3) {
        fprintf(stderr, "usage: %s GOLDEN_XML SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    golden = read_file(argv[1], &golden_len);
    if (golden == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    EXPECT(spiegel_abi_version_minor() >= 1);
    snprintf(streamed, sizeof streamed, "%s/bulk-streamed.xml", argv[2]);
    snprintf(delivered, sizeof delivered, "%s/bulk-delivery.xml", argv[2]);
    reference_stream(streamed);
    EXPECT(same_file(streamed, golden, golden_len));
    reference_delivery(delivered);
    EXPECT(same_file(delivered, golden, golden_len));
    refusals_are_collected();
    delivery_without_quarter();
    free(golden);
    free(pk.p);
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("bulk: all checks passed\n");
    return 0;
}
