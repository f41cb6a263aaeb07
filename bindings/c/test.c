/*
 * test.c - builds THE reference delivery (bindings/reference/README.md) through the C API and
 * checks that the file is byte-identical to the golden file the Rust API writes
 * (bindings/reference/reference.xml), written three ways: to a buffer, to a path, to a
 * callback. Then checks the report, and that wrong records give the documented codes and
 * messages naming the attribute and the value.
 *
 * usage: test GOLDEN_XML SCRATCH_DIR
 */
#include "reference.h"

static void expect_same(const char *how, const uint8_t *got, size_t got_len,
                        const uint8_t *golden, size_t golden_len) {
    if (got_len != golden_len || memcmp(got, golden, golden_len) != 0) {
        fprintf(stderr, "%s: XML differs from the golden file (%zu vs %zu bytes)\n", how, got_len,
                golden_len);
        failures++;
    }
}

struct sink {
    uint8_t *data;
    size_t len, cap, calls;
};

static int32_t collect(void *user, const uint8_t *data, size_t len) {
    struct sink *s = user;
    if (s->len + len > s->cap) {
        size_t cap = (s->len + len) * 2;
        uint8_t *grown = realloc(s->data, cap);
        if (grown == NULL) return 1;
        s->data = grown;
        s->cap = cap;
    }
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->calls++;
    return 0;
}

/* The text of a report field into a static buffer. */
static const char *field(uint32_t (*get)(const spiegel_report *, size_t, uint8_t *, size_t, size_t *),
                         const spiegel_report *r, size_t i) {
    static uint8_t buf[1024];
    size_t len = 0;
    if (get(r, i, buf, sizeof buf, &len) != SPIEGEL_OK) return "(error)";
    return (const char *)buf;
}

static void check_report(const spiegel_report *r) {
    size_t count = 0, warnings = 0, errors = 0, i, found = 0;
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_count(r, &count));
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_count_severity(r, SPIEGEL_SEVERITY_WARNING, &warnings));
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_count_severity(r, SPIEGEL_SEVERITY_ERROR, &errors));
    /* Against the bundled partial code lists some codes draw warnings; the one that matters
       here is the dropped item 17, counted below. */
    EXPECT(warnings >= 1);
    EXPECT(errors == 0);
    for (i = 0; i < count; i++) {
        uint32_t severity = 0;
        EXPECT_CODE(SPIEGEL_OK, spiegel_report_severity(r, i, &severity));
        if (strcmp(field(spiegel_report_rule, r, i), "item-not-allowed") == 0) {
            found++;
            EXPECT(severity == SPIEGEL_SEVERITY_WARNING);
            EXPECT(strcmp(field(spiegel_report_value, r, i), "17") == 0);
            EXPECT(strcmp(field(spiegel_report_vendor_key, r, i), "REF-CLOSED") == 0);
            EXPECT(strstr(field(spiegel_report_path, r, i), "REF-CLOSED") != NULL);
            EXPECT(strlen(field(spiegel_report_message, r, i)) > 0);
        }
    }
    EXPECT(found == 1);
    {
        uint32_t severity = 0;
        EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_report_severity(r, count, &severity));
    }
}

/* A message must name the attribute and the value. */
static void expect_message(spiegel_delivery *d, const char *attribute, const char *value) {
    uint8_t buf[1024];
    size_t len = 0;
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_last_error(d, buf, sizeof buf, &len));
    if (strstr((char *)buf, attribute) == NULL || strstr((char *)buf, value) == NULL) {
        fprintf(stderr, "message '%s' does not name %s and %s\n", (char *)buf, attribute, value);
        failures++;
    }
}

static void wrong_records(const char *dir) {
    spiegel_delivery *d = NULL;
    spiegel_report *r = NULL;
    uint32_t za = 99, t = 99;
    size_t errors = 0;
    char path[4096];

    OK(NULL, spiegel_delivery_new(&d));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgaanbieder(d, S("1234"), &za));
    EXPECT(za == 0);
    expect_message(d, "zorgaanbieder_code", "'1234'");

    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE,
                spiegel_delivery_add_zorgtraject(d, za, S("EPD-BAD"), S("2024-02-01"), S("2024-01-31"),
                                                 NONE, &t));
    EXPECT(t == 0);
    expect_message(d, "einddatum", "2024-01-31");
    expect_message(d, "EPD-BAD", "begindatum");
    EXPECT_CODE(SPIEGEL_INVALID_VALUE,
                spiegel_delivery_add_zorgtraject(d, za, NONE, S("2023-02-29"), NONE, NONE, &t));
    expect_message(d, "begindatum", "2023-02-29");

    /* The refused records block the file, and the report lists them. */
    OK(d, spiegel_delivery_set_quarter_number(d, 2024, 1));
    snprintf(path, sizeof path, "%s/blocked.xml", dir);
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_delivery_write_file(d, S(path), &r));
    EXPECT(r != NULL);
    if (r != NULL) {
        EXPECT_CODE(SPIEGEL_OK, spiegel_report_count_severity(r, SPIEGEL_SEVERITY_ERROR, &errors));
        EXPECT(errors == 3);
        EXPECT(strcmp(field(spiegel_report_attribute, r, 0), "zorgaanbieder_code") == 0);
        EXPECT(strcmp(field(spiegel_report_value, r, 0), "1234") == 0);
        EXPECT(strcmp(field(spiegel_report_rule, r, 1), "einddatum-before-begindatum") == 0);
        EXPECT(strcmp(field(spiegel_report_vendor_key, r, 1), "EPD-BAD") == 0);
        spiegel_report_free(r);
    }
    {
        FILE *f = fopen(path, "rb");
        EXPECT(f == NULL); /* nothing written */
        if (f != NULL) fclose(f);
    }
    spiegel_delivery_free(d);
}

/* Identical diagnostics fold into one entry with a count and the first few places. */
static void repeated_diagnostics(void) {
    spiegel_delivery *d = NULL;
    spiegel_report *r = NULL;
    uint32_t za = 0, t = 0;
    size_t count = 0, warnings = 0, i, places = 0, len = 0, entry = (size_t)-1;
    uint64_t occurrences = 0, not_listed = 99;
    char key[32];
    uint8_t place[1024];
    const int trajectories = 40;
    int n;

    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    for (n = 0; n < trajectories; n++) {
        snprintf(key, sizeof key, "REP-%02d", n);
        OK(d, spiegel_delivery_add_zorgtraject(d, za, S(key), S("2024-01-10"), NONE, NONE, &t));
        OK(d, spiegel_delivery_add_primair(d, t, S("D5_5.03"), S("2024-01-10")));
        /* A well-formed consult code that is not on the bundled (partial) list: a warning. */
        OK(d, spiegel_delivery_add_prestatie(d, t, S("CO0001"), S("2024-01-10")));
    }
    OK(d, spiegel_delivery_set_quarter_number(d, 2024, 1));
    OK(d, spiegel_delivery_validate(d, &r));
    EXPECT(r != NULL);
    if (r == NULL) return;
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_count(r, &count));
    for (i = 0; i < count; i++) {
        if (strcmp(field(spiegel_report_value, r, i), "CO0001") == 0) {
            EXPECT(entry == (size_t)-1);
            entry = i;
        }
    }
    EXPECT(entry != (size_t)-1);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_occurrences(r, entry, &occurrences));
    EXPECT(occurrences == (uint64_t)trajectories);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_location_count(r, entry, &places));
    EXPECT(places == 5);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_location(r, entry, 0, place, sizeof place, &len));
    EXPECT(strstr((char *)place, "REP-00") != NULL);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_location(r, entry, 4, place, sizeof place, &len));
    EXPECT(strstr((char *)place, "REP-04") != NULL);
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_report_location(r, entry, places, place, sizeof place, &len));
    EXPECT(len == 0);
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_report_occurrences(r, count, &occurrences));
    /* Every occurrence is counted by severity. */
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_count_severity(r, SPIEGEL_SEVERITY_WARNING, &warnings));
    EXPECT(warnings >= (size_t)trajectories);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_not_listed(r, &not_listed));
    EXPECT(not_listed == 0);
    spiegel_report_free(r);
    spiegel_delivery_free(d);
}

/* Dutch from a delivery and its report; the rule id stays the same. */
static void languages(void) {
    spiegel_delivery *d = NULL;
    spiegel_report *r = NULL;
    uint32_t za = 0, t = 0;

    OK(NULL, spiegel_delivery_new(&d));
    EXPECT_CODE(SPIEGEL_UNKNOWN_LANGUAGE, spiegel_delivery_set_language(d, 7));
    OK(d, spiegel_delivery_set_language(d, SPIEGEL_LANG_NL));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE,
                spiegel_delivery_add_zorgtraject(d, za, S("NL-1"), S("2024-02-30"), NONE, NONE, &t));
    expect_message(d, "is geen bestaande datum", "2024-02-30");
    OK(d, spiegel_delivery_set_quarter_number(d, 2024, 1));
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_delivery_validate(d, &r));
    expect_message(d, "de aanlevering bevat 1 fout(en)", "NL-1");
    if (r != NULL) {
        EXPECT(strcmp(field(spiegel_report_rule, r, 0), "date") == 0);
        EXPECT(strstr(field(spiegel_report_message, r, 0), "is geen bestaande datum") != NULL);
        OK(NULL, spiegel_report_set_language(r, SPIEGEL_LANG_EN));
        EXPECT(strstr(field(spiegel_report_message, r, 0), "is not a real date") != NULL);
        spiegel_report_free(r);
    }
    spiegel_delivery_free(d);
}

int main(int argc, char **argv) {
    size_t golden_len = 0, len = 0, file_len = 0;
    uint8_t *golden, *buf, *file;
    spiegel_delivery *d;
    spiegel_report *r = NULL;
    struct sink sink = {NULL, 0, 0, 0};
    char path[4096];

    if (argc != 3) {
        fprintf(stderr, "usage: %s GOLDEN_XML SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    golden = read_file(argv[1], &golden_len);
    if (golden == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    languages();
    d = build_reference();

    /* 1. To a buffer: ask the size, then write. */
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_delivery_write_buffer(d, NULL, 0, &len, NULL));
    EXPECT(len == golden_len);
    buf = malloc(len + 1);
    OK(d, spiegel_delivery_write_buffer(d, buf, len + 1, &len, &r));
    EXPECT(buf[len] == 0);
    expect_same("buffer", buf, len, golden, golden_len);
    check_report(r);
    spiegel_report_free(r);
    free(buf);

    /* 2. To a path. */
    snprintf(path, sizeof path, "%s/reference-from-c.xml", argv[2]);
    OK(d, spiegel_delivery_write_file(d, S(path), NULL));
    file = read_file(path, &file_len);
    EXPECT(file != NULL);
    if (file != NULL) expect_same("file", file, file_len, golden, golden_len);
    free(file);

    /* 3. To a callback. */
    OK(d, spiegel_delivery_write_callback(d, collect, &sink, NULL));
    EXPECT(sink.calls >= 1);
    expect_same("callback", sink.data, sink.len, golden, golden_len);
    free(sink.data);

    /* Validation alone gives the same report. */
    OK(d, spiegel_delivery_validate(d, &r));
    check_report(r);
    spiegel_report_free(r);

    spiegel_delivery_free(d);
    free(golden);

    wrong_records(argv[2]);
    repeated_diagnostics();

    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("test: all checks passed\n");
    return 0;
}
