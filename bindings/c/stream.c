/*
 * stream.c - the functions beyond the delivery handle, from C: the reference delivery
 * (bindings/reference/README.md) pushed record by record through a spiegel_stream gives bytes
 * identical to the golden file, to a path and to a callback; the file written is valid by
 * spiegel_validate_file; a broken file is not; the preview of the delivery and of the file
 * agree; code lists and organisation structures load; the missing quarters are listed.
 *
 * usage: stream GOLDEN_XML SCRATCH_DIR
 */
#include "reference.h"

static void stream_ok(spiegel_stream *s, uint32_t code, int line) {
    if (code != SPIEGEL_OK) {
        uint8_t buf[1024];
        size_t len = 0;
        spiegel_stream_last_error(s, buf, sizeof buf, &len);
        fprintf(stderr, "stream.c:%d: code %u: %s\n", line, (unsigned)code, (const char *)buf);
        exit(1);
    }
}
#define SOK(s, call) stream_ok((s), (call), __LINE__)

static void items(spiegel_stream *s, const char *const *pairs, size_t n) {
    size_t i;
    for (i = 0; i < n; i += 2) SOK(s, spiegel_stream_add_item(s, S(pairs[i]), S(pairs[i + 1])));
}

/* The reference delivery, in the order of the file. */
static void push_reference(spiegel_stream *s) {
    static const char *const closed[] = {"1", "4", "2", "3", "17", "2"};
    static const char *const loose1[] = {"1", "3", "16", "5"};
    static const char *const loose2[] = {"1", "2"};
    static const char *const loose_b[] = {"5", "1"};

    SOK(s, spiegel_stream_start_zorgaanbieder(s, S("12345678")));
    SOK(s, spiegel_stream_begin_zorgtraject(s, S("REF-CLOSED"), S("2023-06-01"), S("2024-02-15"),
                                            S(GROEP_ZUID)));
    SOK(s, spiegel_stream_add_primair(s, S("D5_5.03"), S("2023-06-20")));
    SOK(s, spiegel_stream_add_primair(s, S("D5_4.02.02.02"), S("2024-01-10")));
    SOK(s, spiegel_stream_add_neven(s, S("D5_6.01")));
    SOK(s, spiegel_stream_add_zorgvraagtypering(s, S("3"), S("3"), S("2023-06-20")));
    SOK(s, spiegel_stream_add_zorgvraagtypering(s, S("11"), NONE, S("2024-01-10")));
    SOK(s, spiegel_stream_add_prestatie(s, S("CO0001"), S("2023-06-01")));
    SOK(s, spiegel_stream_add_prestatie(s, S("CO0002"), S("2024-02-01")));
    SOK(s, spiegel_stream_add_meting(s, S(CQI), S("2024-02-10")));
    items(s, closed, 6);
    SOK(s, spiegel_stream_end_zorgtraject(s));

    SOK(s, spiegel_stream_begin_zorgtraject(s, S("REF-OPEN"), S("2023-11-02"), NONE, S("Locatie A")));
    SOK(s, spiegel_stream_add_primair(s, S("D5_7.01"), S("2023-11-20")));
    SOK(s, spiegel_stream_add_zorgvraagtypering(s, NONE, S("5"), S("2023-11-20")));
    SOK(s, spiegel_stream_add_prestatie(s, S("CO0001"), S("2024-03-05")));
    SOK(s, spiegel_stream_end_zorgtraject(s));

    SOK(s, spiegel_stream_begin_zorgtraject(s, S("REF-ENDS-AFTER"), S("2024-03-31"), S("2024-05-10"), NONE));
    SOK(s, spiegel_stream_add_prestatie(s, S("CO0001"), S("2024-04-15")));
    SOK(s, spiegel_stream_end_zorgtraject(s));

    SOK(s, spiegel_stream_begin_zorgtraject(s, S("REF-EXCLUDED"), S("2023-01-01"), S("2023-12-31"),
                                            S("Locatie A")));
    SOK(s, spiegel_stream_add_prestatie(s, S("CO0001"), S("2023-02-01")));
    SOK(s, spiegel_stream_end_zorgtraject(s));

    SOK(s, spiegel_stream_add_loose_meting(s, S(CQI), S("2024-03-01")));
    items(s, loose1, 4);
    SOK(s, spiegel_stream_add_loose_meting(s, S(CQI), S("2024-04-02")));
    items(s, loose2, 2);

    SOK(s, spiegel_stream_start_zorgaanbieder(s, S("87654321")));
    SOK(s, spiegel_stream_begin_zorgtraject(s, S("REF-B-1"), S("2024-01-01"), S("2024-01-01"), NONE));
    SOK(s, spiegel_stream_add_primair(s, S("D5_2.01"), S("2024-01-01")));
    SOK(s, spiegel_stream_end_zorgtraject(s));
    SOK(s, spiegel_stream_add_loose_meting(s, S(CQI), S("2024-01-15")));
    items(s, loose_b, 2);
}

struct sink {
    uint8_t *data;
    size_t len, cap;
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
    return 0;
}

static void expect_same(const char *how, const uint8_t *got, size_t got_len, const uint8_t *golden,
                        size_t golden_len) {
    if (got == NULL || got_len != golden_len || memcmp(got, golden, golden_len) != 0) {
        fprintf(stderr, "%s: differs from the golden file (%zu vs %zu bytes)\n", how, got_len, golden_len);
        failures++;
    }
}

static void streaming(const uint8_t *golden, size_t golden_len, const char *dir, char *path) {
    spiegel_stream *s = NULL;
    spiegel_report *r = NULL;
    struct sink sink = {NULL, 0, 0};
    size_t count = 0, len = 0;
    uint8_t *file;
    FILE *f;

    /* To a path: nothing there until finish. */
    snprintf(path, 4096, "%s/streamed.xml", dir);
    OK(NULL, spiegel_stream_new_file(S(path), S("2024-Q1"), S("2024-04-03T10:15:00"), &s));
    push_reference(s);
    f = fopen(path, "rb");
    EXPECT(f == NULL);
    if (f != NULL) fclose(f);
    SOK(s, spiegel_stream_count_errors(s, &count));
    EXPECT(count == 0);
    SOK(s, spiegel_stream_finish(s, &r));
    EXPECT(r != NULL);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_count_severity(r, SPIEGEL_SEVERITY_ERROR, &count));
    EXPECT(count == 0);
    spiegel_report_free(r);
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_end_zorgtraject(s));
    spiegel_stream_free(s);
    file = read_file(path, &len);
    expect_same("stream to a file", file, len, golden, golden_len);
    free(file);

    /* To a callback. */
    OK(NULL, spiegel_stream_new_callback(collect, &sink, S("2024-Q1"), S("2024-04-03T10:15:00"), &s));
    push_reference(s);
    SOK(s, spiegel_stream_finish(s, NULL));
    spiegel_stream_free(s);
    expect_same("stream to a callback", sink.data, sink.len, golden, golden_len);
    free(sink.data);

    /* A refused record blocks the file; free without finish discards it too. */
    {
        char blocked[4096];
        snprintf(blocked, sizeof blocked, "%s/blocked-stream.xml", dir);
        OK(NULL, spiegel_stream_new_file(S(blocked), S("2024-Q1"), NONE, &s));
        SOK(s, spiegel_stream_start_zorgaanbieder(s, S("12345678")));
        EXPECT_CODE(SPIEGEL_INVALID_VALUE,
                    spiegel_stream_begin_zorgtraject(s, S("BAD"), S("2024-02-30"), NONE, NONE));
        EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_stream_add_prestatie(s, S("CO0001"), S("2024-02-01")));
        SOK(s, spiegel_stream_end_zorgtraject(s));
        EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_stream_finish(s, &r));
        EXPECT(r != NULL);
        spiegel_report_free(r);
        spiegel_stream_free(s);
        f = fopen(blocked, "rb");
        EXPECT(f == NULL);
        if (f != NULL) fclose(f);

        OK(NULL, spiegel_stream_new_file(S(blocked), S("2024-Q1"), NONE, &s));
        SOK(s, spiegel_stream_start_zorgaanbieder(s, S("12345678")));
        spiegel_stream_free(s);
        f = fopen(blocked, "rb");
        EXPECT(f == NULL);
        if (f != NULL) fclose(f);
    }
}

static void validating(const char *golden_path, const char *dir, const char *streamed) {
    spiegel_report *r = NULL;
    size_t errors = 0;
    char path[4096];
    FILE *f;

    OK(NULL, spiegel_validate_file(S(streamed), NONE, NONE, NONE, &r));
    EXPECT(r != NULL);
    spiegel_report_free(r);
    OK(NULL, spiegel_validate_file(S(golden_path), NONE, NONE, NONE, &r));
    spiegel_report_free(r);

    /* A truncated file. */
    snprintf(path, sizeof path, "%s/truncated.xml", dir);
    f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bestand datum_creatie=\"2024-04-03T10:15:00\"", f);
    fclose(f);
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_validate_file(S(path), NONE, NONE, NONE, &r));
    EXPECT(r != NULL);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_count_severity(r, SPIEGEL_SEVERITY_ERROR, &errors));
    EXPECT(errors >= 1);
    spiegel_report_free(r);

    /* An organisation structure that lacks the reference's groep_codes. */
    snprintf(path, sizeof path, "%s/org.txt", dir);
    f = fopen(path, "wb");
    if (f == NULL) exit(1);
    fputs("groep_code\nLocatie A\n", f);
    fclose(f);
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_validate_file(S(streamed), NONE, NONE, S(path), &r));
    spiegel_report_free(r);

    EXPECT_CODE(SPIEGEL_IO, spiegel_validate_file(S("/nonexistent-spiegel/x.xml"), NONE, NONE, NONE, &r));
    EXPECT(r == NULL);
}

static void previewing(const char *streamed, const char *dir) {
    spiegel_delivery *d = build_reference();
    size_t len = 0, file_len = 0;
    uint8_t *from_delivery, *from_file;
    char path[4096];

    /* Of the delivery and of the file it makes: the same groups. */
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_delivery_preview(d, SPIEGEL_PREVIEW_CSV, 0, NULL, 0, &len));
    from_delivery = malloc(len + 1);
    OK(d, spiegel_delivery_preview(d, SPIEGEL_PREVIEW_CSV, 0, from_delivery, len + 1, &len));
    EXPECT(strstr((const char *)from_delivery, "Locatie A") != NULL);
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL,
                spiegel_preview_xml_file(S(streamed), NONE, SPIEGEL_PREVIEW_CSV, 0, NULL, 0, &file_len));
    from_file = malloc(file_len + 1);
    OK(NULL, spiegel_preview_xml_file(S(streamed), NONE, SPIEGEL_PREVIEW_CSV, 0, from_file, file_len + 1,
                                      &file_len));
    expect_same("preview of the file", from_file, file_len, from_delivery, len);
    free(from_delivery);
    free(from_file);

    snprintf(path, sizeof path, "%s/preview.html", dir);
    OK(d, spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_HTML, 0, S(path)));
    from_file = read_file(path, &file_len);
    EXPECT(from_file != NULL && file_len > 0 && memcmp(from_file, "<!DOCTYPE html>", 15) == 0);
    free(from_file);
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_preview(d, 42, 0, NULL, 0, &len));
    spiegel_delivery_free(d);
}

static void lists_and_schedule(const char *dir) {
    spiegel_delivery *d = build_reference();
    spiegel_report *r = NULL;
    uint8_t buf[256];
    size_t len = 0;

    /* Only CO0001 as a complete list: CO0002 becomes an error. */
    OK(d, spiegel_delivery_load_codelist_buffer(
              d, S("# list: prestatie\n# source: test\n# version: 1\n# completeness: complete\ncode\nCO0001\n")));
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_delivery_validate(d, &r));
    spiegel_report_free(r);
    EXPECT_CODE(SPIEGEL_INVALID_CODELIST, spiegel_delivery_load_codelist_buffer(d, S("code\nCO0001\n")));
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_load_codelists(d, S("/nonexistent-spiegel/lists")));
    OK(d, spiegel_delivery_load_organisatie_buffer(d, S("Locatie A\n")));
    spiegel_delivery_free(d);

    /* The scratch directory holds the streamed file of 2024-Q1 (the truncated file is
       skipped): on 2024-10-01 2024-Q2 and 2024-Q3 are missing. */
    OK(NULL, spiegel_schedule_missing(2024, 1, S(dir), 2024, 10, 1, buf, sizeof buf, &len));
    EXPECT(strcmp((const char *)buf, "2024-Q2,2024-Q3") == 0);
    OK(NULL, spiegel_schedule_missing(2024, 1, S(dir), 2024, 4, 1, buf, sizeof buf, &len));
    EXPECT(len == 0 && buf[0] == 0);
}

int main(int argc, char **argv) {
    size_t golden_len = 0;
    uint8_t *golden;
    char streamed[4096];

    if (argc != 3) {
        fprintf(stderr, "usage: %s GOLDEN_XML SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    golden = read_file(argv[1], &golden_len);
    if (golden == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    streaming(golden, golden_len, argv[2], streamed);
    validating(argv[1], argv[2], streamed);
    previewing(streamed, argv[2]);
    lists_and_schedule(argv[2]);
    free(golden);

    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("stream: all checks passed\n");
    return 0;
}
