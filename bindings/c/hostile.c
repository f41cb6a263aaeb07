/*
 * hostile.c - every way a caller can get it wrong must give the documented code, never a
 * crash: NULL for every pointer argument of every function, invalid UTF-8, a length that
 * includes a NUL byte, a length no buffer can have, unusable output paths, wrong call order,
 * unknown ids and indexes, out-of-range numbers, 1 MB strings, buffers too small, a write
 * callback that gives up; the same for code lists, JSON Lines, XML files, the preview, streams
 * and the missing quarters. Run under valgrind by tests/ffi_c.rs.
 *
 * usage: hostile SCRATCH_DIR
 */
#include "packed.h"

#define MB (1024 * 1024)

static uint8_t buf[256];
static size_t len;

static void nulls_without_handles(void) {
    int32_t y;
    uint32_t q, first, last;

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_new(NULL));
    spiegel_delivery_free(NULL);
    spiegel_report_free(NULL);

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_version(NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_version(buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_result_text(SPIEGEL_OK, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_result_text(SPIEGEL_OK, buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_last_error(NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_last_error(buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_schedule_due(2024, 5, 1, NULL, &q));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_schedule_due(2024, 5, 1, &y, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_quarter_period(2024, 1, NULL, &last));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_quarter_period(2024, 1, &first, NULL));
}

static void nulls_with_delivery(spiegel_delivery *d) {
    uint32_t id, za, t, m;
    spiegel_report *r;
    const uint8_t *n = NULL;

    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    OK(d, spiegel_delivery_add_zorgtraject(d, za, NONE, S("2024-01-01"), NONE, NONE, &t));
    OK(d, spiegel_delivery_add_meting(d, t, S("CQi-GGZ-VZ-AKWA"), S("2024-01-02"), &m));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_last_error(NULL, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_last_error(d, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_last_error(d, buf, sizeof buf, NULL));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_quarter(NULL, S("2024-Q1")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_quarter(d, n, 7));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_quarter(d, n, 0));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_quarter_number(NULL, 2024, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_datum_creatie(NULL, S("2024-04-03T10:15:00")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_datum_creatie(d, n, 19));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_drop_children_after_quarter(NULL, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_set_leave_out_unrepresentable(NULL, 1));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgaanbieder(NULL, S("12345678"), &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgaanbieder(d, n, 8, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), NULL));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject(NULL, za, NONE, S("2024-01-01"), NONE, NONE, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject(d, za, n, 3, S("2024-01-01"), NONE, NONE, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject(d, za, NONE, n, 10, NONE, NONE, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject(d, za, NONE, S("2024-01-01"), n, 10, NONE, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject(d, za, NONE, S("2024-01-01"), NONE, n, 5, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject(d, za, NONE, S("2024-01-01"), NONE, NONE, NULL));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_primair(NULL, t, S("D5_5.03"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_primair(d, t, n, 7, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_primair(d, t, S("D5_5.03"), n, 10));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_neven(NULL, t, S("D5_5.03")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_neven(d, t, n, 7));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgvraagtypering(NULL, t, S("3"), NONE, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgvraagtypering(d, t, n, 1, NONE, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgvraagtypering(d, t, NONE, n, 1, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgvraagtypering(d, t, S("3"), NONE, n, 10));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_prestatie(NULL, t, S("CO0001"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_prestatie(d, t, n, 6, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_prestatie(d, t, S("CO0001"), n, 10));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_meting(NULL, t, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01"), &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_meting(d, t, n, 15, S("2024-01-01"), &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_meting(d, t, S("CQi-GGZ-VZ-AKWA"), n, 10, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_meting(d, t, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01"), NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_loose_meting(NULL, za, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01"), &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_loose_meting(d, za, n, 15, S("2024-01-01"), &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_loose_meting(d, za, S("CQi-GGZ-VZ-AKWA"), n, 10, &id));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_loose_meting(d, za, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01"), NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_item(NULL, m, S("1"), S("4")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_item(d, m, n, 1, S("4")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_item(d, m, S("1"), n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_json(NULL, S("{}")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_json(d, n, 2));

    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_validate(NULL, &r));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_validate(d, NULL));
    r = (spiegel_report *)buf; /* must be overwritten with NULL */
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_write_file(NULL, S("x.xml"), &r));
    r = (spiegel_report *)buf;
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_write_file(d, n, 5, &r));
    EXPECT(r == NULL);
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_write_buffer(NULL, buf, sizeof buf, &len, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_write_buffer(d, NULL, 10, &len, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_write_buffer(d, buf, sizeof buf, NULL, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_write_callback(NULL, NULL, NULL, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_write_callback(d, NULL, NULL, NULL));
}

static void nulls_with_report(const spiegel_report *r) {
    size_t count;
    uint32_t severity;
    uint32_t (*fields[])(const spiegel_report *, size_t, uint8_t *, size_t, size_t *) = {
        spiegel_report_rule, spiegel_report_path, spiegel_report_vendor_key,
        spiegel_report_attribute, spiegel_report_value, spiegel_report_message,
    };
    size_t i;
    const uint8_t *n = NULL;

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_count(NULL, &count));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_count(r, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_count_severity(NULL, SPIEGEL_SEVERITY_ERROR, &count));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_count_severity(r, SPIEGEL_SEVERITY_ERROR, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_severity(NULL, 0, &severity));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_severity(r, 0, NULL));
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, fields[i](NULL, 0, buf, sizeof buf, &len));
        EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, fields[i](r, 0, NULL, 10, &len));
        EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, fields[i](r, 0, buf, sizeof buf, NULL));
        EXPECT_CODE(SPIEGEL_NOT_FOUND, fields[i](r, 1000000, buf, sizeof buf, &len));
        EXPECT(len == 0);
        EXPECT_CODE(SPIEGEL_NOT_FOUND, fields[i](r, (size_t)-1, buf, sizeof buf, &len));
    }
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_write_csv(NULL, S("r.csv")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_write_csv(r, n, 5));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_write_json(NULL, S("r.json")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_write_json(r, n, 6));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_csv(NULL, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_csv(r, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_csv(r, buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_json(NULL, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_json(r, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_json(r, buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_summary(NULL, 0, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_summary(r, 0, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_report_summary(r, 0, buf, sizeof buf, NULL));
}

static void bad_text(spiegel_delivery *d) {
    uint32_t id = 7, za, t;
    /* Invalid UTF-8: a lone continuation byte, an unfinished sequence, an overlong NUL. */
    EXPECT_CODE(SPIEGEL_INVALID_UTF8, spiegel_delivery_add_zorgaanbieder(d, (const uint8_t *)"1234567\x80", 8, &id));
    EXPECT(id == 0);
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("11112222"), &za));
    EXPECT_CODE(SPIEGEL_INVALID_UTF8, spiegel_delivery_add_zorgtraject(d, za, NONE, S("2024-01-01"), NONE, (const uint8_t *)"Gr\xC3", 3, &t));
    EXPECT_CODE(SPIEGEL_INVALID_UTF8, spiegel_delivery_add_zorgtraject(d, za, (const uint8_t *)"\xC0\x80", 2, S("2024-01-01"), NONE, NONE, &t));
    /* A length that counts the terminating NUL, and one with a NUL in the middle. */
    EXPECT_CODE(SPIEGEL_INTERIOR_NUL, spiegel_delivery_add_zorgaanbieder(d, (const uint8_t *)"12345678", 9, &id));
    EXPECT_CODE(SPIEGEL_INTERIOR_NUL, spiegel_delivery_set_quarter(d, (const uint8_t *)"2024\0-Q1", 8));
    EXPECT_CODE(SPIEGEL_INTERIOR_NUL, spiegel_delivery_load_json(d, (const uint8_t *)"{}", 3));
    /* A length no buffer can have. */
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgaanbieder(d, (const uint8_t *)"12345678", (size_t)-1, &id));
    /* Empty required text. */
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgaanbieder(d, (const uint8_t *)"", 0, &id));
    /* A control character XML cannot carry. */
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject(d, za, NONE, S("2024-01-01"), NONE, S("Loc\x01"), &t));
}

static void wrong_order_and_ids(spiegel_delivery *d, const char *dir) {
    uint32_t id = 5, za, t;
    spiegel_report *r = NULL;
    char path[4096];

    /* No quarter yet. */
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_delivery_validate(d, &r));
    EXPECT(r == NULL);
    spiegel_delivery_last_error(d, buf, sizeof buf, &len);
    EXPECT(strstr((char *)buf, "spiegel_delivery_set_quarter") != NULL);
    snprintf(path, sizeof path, "%s/no-quarter.xml", dir);
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_delivery_write_file(d, S(path), NULL));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_delivery_write_buffer(d, NULL, 0, &len, NULL));

    /* Unknown ids, and id 0 (what a refused record's out_id is set to). */
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_zorgtraject(d, 0, NONE, S("2024-01-01"), NONE, NONE, &id));
    EXPECT(id == 0);
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_zorgtraject(d, 4000000000u, NONE, S("2024-01-01"), NONE, NONE, &id));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_primair(d, 0, S("D5_5.03"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_neven(d, 77, S("D5_5.03")));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_zorgvraagtypering(d, 77, S("3"), NONE, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_prestatie(d, 77, S("CO0001"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_meting(d, 77, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01"), &id));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_loose_meting(d, 77, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01"), &id));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_item(d, 77, S("1"), S("4")));

    /* Out-of-range numbers and bad quarters. */
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_delivery_set_quarter(d, S("2024-Q5")));
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_delivery_set_quarter(d, S("")));
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_delivery_set_quarter_number(d, 2024, 0));
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_delivery_set_quarter_number(d, 2024, 4000000000u));
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_delivery_set_quarter_number(d, -5, 1));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_set_drop_children_after_quarter(d, 2));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_set_leave_out_unrepresentable(d, 2));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_set_datum_creatie(d, S("2024-04-03 10:15:00")));

    /* Adding after a write is allowed; a write callback that gives up is an I/O error. */
    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("55556666"), &za));
    OK(d, spiegel_delivery_write_buffer(d, NULL, 0, &len, NULL) == SPIEGEL_BUFFER_TOO_SMALL ? SPIEGEL_OK : 1);
    OK(d, spiegel_delivery_add_zorgtraject(d, za, S("AFTER-WRITE"), S("2024-01-01"), NONE, NONE, &t));
}

static int32_t refuse(void *user, const uint8_t *data, size_t n) {
    (void)data;
    (void)n;
    ++*(int *)user;
    return -3;
}

static void io_failures(const char *dir) {
    spiegel_delivery *d = NULL;
    spiegel_report *r = NULL;
    uint32_t za;
    int calls = 0;
    char path[4096];

    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_file(d, S("/nonexistent-spiegel-dir/x/out.xml"), &r));
    EXPECT(r != NULL);
    spiegel_report_free(r);
    /* A parent that is a file, not a directory. */
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_file(d, S("/etc/passwd/out.xml"), NULL));
    /* The target is a directory. */
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_file(d, S(dir), NULL));
    /* An empty path. */
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_file(d, (const uint8_t *)"", 0, NULL));
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_callback(d, refuse, &calls, NULL));
    EXPECT(calls == 1);
    spiegel_delivery_last_error(d, buf, sizeof buf, &len);
    EXPECT(strstr((char *)buf, "-3") != NULL);

    OK(d, spiegel_delivery_validate(d, &r));
    EXPECT_CODE(SPIEGEL_IO, spiegel_report_write_csv(r, S("/nonexistent-spiegel-dir/r.csv")));
    EXPECT_CODE(SPIEGEL_IO, spiegel_report_write_json(r, S(dir)));
    snprintf(path, sizeof path, "%s/report.json", dir);
    EXPECT_CODE(SPIEGEL_OK, spiegel_report_write_json(r, S(path)));
    spiegel_report_free(r);
    spiegel_delivery_free(d);
}

/* The functions beyond the delivery's records: code lists, JSON Lines, XML files, the
   preview, streams and the missing quarters. NULL for every pointer argument. */
static void nulls_new_functions(const char *dir) {
    spiegel_delivery *d = NULL;
    spiegel_stream *s = NULL, *s2 = NULL;
    spiegel_report *r = NULL;
    const uint8_t *n = NULL;
    char path[4096];
    size_t count;

    OK(NULL, spiegel_delivery_new(&d));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_codelists(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_codelists(d, n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_codelist_buffer(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_codelist_buffer(d, n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_organisatie(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_organisatie(d, n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_organisatie_buffer(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_organisatie_buffer(d, n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_jsonl(NULL, S("{}")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_load_jsonl(d, n, 2));
    EXPECT_CODE(SPIEGEL_INVALID_UTF8, spiegel_delivery_load_codelists(d, (const uint8_t *)"\xff", 1));
    EXPECT_CODE(SPIEGEL_INTERIOR_NUL, spiegel_delivery_load_jsonl(d, (const uint8_t *)"{}", 3));
    EXPECT_CODE(SPIEGEL_INVALID_INPUT, spiegel_delivery_load_jsonl(d, S("[")));
    EXPECT_CODE(SPIEGEL_INVALID_CODELIST, spiegel_delivery_load_organisatie_buffer(d, S("# nothing\n")));

    /* The preview: no quarter yet, then NULLs. */
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_delivery_preview(d, SPIEGEL_PREVIEW_TEXT, 0, NULL, 0, &len));
    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_preview(NULL, SPIEGEL_PREVIEW_TEXT, 0, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_preview(d, SPIEGEL_PREVIEW_TEXT, 0, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_preview(d, SPIEGEL_PREVIEW_TEXT, 0, buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_preview(d, 0, 0, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_preview(d, SPIEGEL_PREVIEW_JSON, 7, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_delivery_preview(d, SPIEGEL_PREVIEW_HTML, 0, buf, 8, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_preview_file(NULL, SPIEGEL_PREVIEW_TEXT, 0, S("p.txt")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_TEXT, 0, n, 5));
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_TEXT, 0, S(dir)));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_preview_xml_file(n, 5, NONE, SPIEGEL_PREVIEW_TEXT, 0, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_preview_xml_file(S("x.xml"), n, 3, SPIEGEL_PREVIEW_TEXT, 0, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_preview_xml_file(S("x.xml"), NONE, SPIEGEL_PREVIEW_TEXT, 0, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_preview_xml_file(S("x.xml"), NONE, SPIEGEL_PREVIEW_TEXT, 0, buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_IO, spiegel_preview_xml_file(S("/nonexistent-spiegel/x.xml"), NONE, SPIEGEL_PREVIEW_TEXT, 0, buf, sizeof buf, &len));
    spiegel_delivery_free(d);

    /* Validating a file. */
    r = (spiegel_report *)buf;
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_validate_file(n, 5, NONE, NONE, NONE, &r));
    EXPECT(r == NULL);
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_validate_file(S("x.xml"), n, 1, NONE, NONE, &r));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_validate_file(S("x.xml"), NONE, n, 1, NONE, &r));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_validate_file(S("x.xml"), NONE, NONE, n, 1, &r));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_validate_file(S("x.xml"), NONE, NONE, NONE, NULL));
    EXPECT_CODE(SPIEGEL_IO, spiegel_validate_file(S(dir), NONE, NONE, NONE, &r));
    EXPECT(r == NULL);

    /* The missing quarters. */
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_schedule_missing(2024, 1, n, 3, 2024, 5, 1, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_schedule_missing(2024, 1, S(dir), 2024, 5, 1, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_schedule_missing(2024, 1, S(dir), 2024, 5, 1, buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_schedule_missing(2024, 0, S(dir), 2024, 5, 1, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_schedule_missing(2024, 1, S(dir), 2024, 2, 31, buf, sizeof buf, &len));

    /* Streams: creating one. */
    snprintf(path, sizeof path, "%s/hostile-stream.xml", dir);
    s = (spiegel_stream *)buf;
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_file(n, 5, S("2024-Q1"), NONE, &s));
    EXPECT(s == NULL);
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_file(S(path), n, 7, NONE, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_file(S(path), S("2024-Q1"), n, 19, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_file(S(path), S("2024-Q1"), NONE, NULL));
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_stream_new_file(S(path), S("2024-Q0"), NONE, &s));
    EXPECT_CODE(SPIEGEL_IO, spiegel_stream_new_file(S("/nonexistent-spiegel/s.xml"), S("2024-Q1"), NONE, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_callback(NULL, NULL, S("2024-Q1"), NONE, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_callback(refuse, NULL, n, 7, NONE, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_callback(refuse, NULL, S("2024-Q1"), n, 19, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_new_callback(refuse, NULL, S("2024-Q1"), NONE, NULL));
    EXPECT(s == NULL);
    spiegel_stream_free(NULL);

    /* Streams: NULL handles. */
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_last_error(NULL, buf, sizeof buf, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_codelists(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_codelist_buffer(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_organisatie(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_organisatie_buffer(NULL, S("x")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_set_drop_children_after_quarter(NULL, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_set_leave_out_unrepresentable(NULL, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_start_zorgaanbieder(NULL, S("12345678")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_begin_zorgtraject(NULL, NONE, S("2024-01-01"), NONE, NONE));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_primair(NULL, S("D5_5.03"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_neven(NULL, S("D5_5.03")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_zorgvraagtypering(NULL, S("3"), NONE, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_prestatie(NULL, S("CO0001"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_meting(NULL, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_loose_meting(NULL, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_item(NULL, S("1"), S("3")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_end_zorgtraject(NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_count_errors(NULL, &count));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_finish(NULL, &r));

    /* Streams: NULL text arguments on a live stream. */
    OK(NULL, spiegel_stream_new_file(S(path), S("2024-Q1"), NONE, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_last_error(s, NULL, 10, &len));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_last_error(s, buf, sizeof buf, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_codelists(s, n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_codelist_buffer(s, n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_organisatie(s, n, 1));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_load_organisatie_buffer(s, n, 1));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_stream_set_drop_children_after_quarter(s, 3));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_stream_set_leave_out_unrepresentable(s, 3));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_count_errors(s, NULL));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_start_zorgaanbieder(s, n, 8));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_add_loose_meting(s, S("CQi-GGZ-VZ-AKWA"), S("2024-01-01")));
    OK(NULL, spiegel_stream_start_zorgaanbieder(s, S("12345678")));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_load_codelists(s, S(dir)));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_begin_zorgtraject(s, n, 3, S("2024-01-01"), NONE, NONE));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_begin_zorgtraject(s, NONE, n, 10, NONE, NONE));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_begin_zorgtraject(s, NONE, S("2024-01-01"), n, 10, NONE));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_begin_zorgtraject(s, NONE, S("2024-01-01"), NONE, n, 5));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_add_item(s, S("1"), S("3")));
    OK(NULL, spiegel_stream_begin_zorgtraject(s, S("H-1"), S("2024-01-01"), NONE, NONE));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_primair(s, n, 7, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_primair(s, S("D5_5.03"), n, 10));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_neven(s, n, 7));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_zorgvraagtypering(s, n, 1, NONE, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_zorgvraagtypering(s, NONE, n, 1, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_zorgvraagtypering(s, S("3"), NONE, n, 10));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_prestatie(s, n, 6, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_prestatie(s, S("CO0001"), n, 10));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_meting(s, n, 15, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_meting(s, S("CQi-GGZ-VZ-AKWA"), n, 10));
    OK(NULL, spiegel_stream_add_meting(s, S("CQi-GGZ-VZ-AKWA"), S("2024-01-02")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_item(s, n, 1, S("3")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_item(s, S("1"), n, 1));
    EXPECT_CODE(SPIEGEL_INVALID_UTF8, spiegel_stream_add_item(s, (const uint8_t *)"\xC3", 1, S("3")));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_finish(s, &r));
    EXPECT(r == NULL);
    OK(NULL, spiegel_stream_end_zorgtraject(s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_loose_meting(s, n, 15, S("2024-01-01")));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_loose_meting(s, S("CQi-GGZ-VZ-AKWA"), n, 10));
    OK(NULL, spiegel_stream_finish(s, NULL));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_start_zorgaanbieder(s, S("12345678")));
    spiegel_stream_free(s);

    /* A callback that gives up; the stream then refuses to go on. */
    {
        int calls = 0;
        OK(NULL, spiegel_stream_new_callback(refuse, &calls, S("2024-Q1"), S("2024-04-03T10:15:00"), &s2));
        OK(NULL, spiegel_stream_start_zorgaanbieder(s2, S("12345678")));
        EXPECT_CODE(SPIEGEL_IO, spiegel_stream_finish(s2, &r));
        EXPECT(calls == 1);
        spiegel_report_free(r);
        spiegel_stream_free(s2);
    }
}

static void long_strings(void) {
    spiegel_delivery *d = NULL;
    spiegel_report *r = NULL;
    uint32_t za, t, id;
    size_t i, xml_len = 0, need = 0;
    char *big = malloc(MB + 1);
    char *at_limit = malloc(65536 + 1);
    uint8_t *xml, small[8];

    for (i = 0; i < MB; i++) big[i] = (char)('a' + i % 26);
    big[MB] = 0;
    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    /* A 1 MB groep_code is refused: no file may carry a value over 65,536 bytes (the limit
       validate enforces). A 1 MB vendor key (never written) and a groep_code of exactly
       65,536 bytes are carried; the file holds the groep_code. */
    {
        spiegel_delivery *refusing = NULL;
        uint32_t provider = 0;
        OK(NULL, spiegel_delivery_new(&refusing));
        OK(refusing, spiegel_delivery_add_zorgaanbieder(refusing, S("12345678"), &provider));
        EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject(refusing, provider, S("K"),
                                                                            S("2024-01-01"), NONE,
                                                                            S(big), &t));
        spiegel_delivery_free(refusing);
    }
    memcpy(at_limit, big, 65536);
    at_limit[65536] = 0;
    OK(d, spiegel_delivery_add_zorgtraject(d, za, S(big), S("2024-01-01"), NONE, S(at_limit), &t));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_delivery_write_buffer(d, NULL, 0, &xml_len, NULL));
    EXPECT(xml_len > 65536);
    xml = malloc(xml_len + 1);
    OK(d, spiegel_delivery_write_buffer(d, xml, xml_len + 1, &xml_len, NULL));
    EXPECT(strstr((char *)xml, at_limit) != NULL);
    free(xml);
    free(at_limit);
    /* A 1 MB AGB code is refused, with a 1 MB message; a small buffer gets the size. */
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgaanbieder(d, S(big), &id));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_delivery_last_error(d, small, sizeof small, &need));
    EXPECT(need > MB);
    EXPECT(small[0] == 0);
    /* The refused code blocks the file; the report carries the value. */
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_delivery_validate(d, &r));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_report_value(r, 0, small, sizeof small, &need));
    EXPECT(need == MB);
    spiegel_report_free(r);
    /* 1 MB of JSON garbage. */
    EXPECT_CODE(SPIEGEL_INVALID_INPUT, spiegel_delivery_load_json(d, S(big)));
    free(big);
    spiegel_delivery_free(d);
}

static void small_buffers_and_numbers(void) {
    uint8_t one[1] = {0xAA}, exact[7];
    size_t need = 0;
    int32_t y;
    uint32_t q, first, last;
    spiegel_delivery *d = NULL;
    spiegel_report *r = NULL;
    uint32_t za, bad;

    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_version(one, sizeof one, &need));
    EXPECT(need > 1 && one[0] == 0);
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_result_text(SPIEGEL_IO, NULL, 0, &need));
    EXPECT(need > 0);
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_result_text(999, buf, sizeof buf, &len));
    EXPECT(strstr((char *)buf, "999") != NULL);
    /* Exactly the length: copied without NUL. */
    EXPECT_CODE(SPIEGEL_OK, spiegel_result_text(SPIEGEL_OK, exact, 7, &need));
    EXPECT(need == 7 && memcmp(exact, "success", 7) == 0);
    EXPECT_CODE(SPIEGEL_OK, spiegel_quarter_period(2024, 4, &first, &last));
    EXPECT(first == 20241001u && last == 20241231u);
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_quarter_period(2024, 5, &first, &last));
    EXPECT_CODE(SPIEGEL_INVALID_QUARTER, spiegel_quarter_period(10000, 1, &first, &last));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_schedule_due(2024, 13, 1, &y, &q));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_schedule_due(2023, 2, 29, &y, &q));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_schedule_due(2024, 4000000000u, 1, &y, &q));

    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_set_quarter(d, S("2024-Q1")));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_delivery_write_buffer(d, exact, sizeof exact, &need, NULL));
    EXPECT(need > sizeof exact);
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgaanbieder(d, S("1234"), &bad));
    /* The refused record blocks even the size query; the report comes with it. */
    EXPECT_CODE(SPIEGEL_DELIVERY_HAS_ERRORS, spiegel_delivery_write_buffer(d, exact, sizeof exact, &need, &r));
    EXPECT(r != NULL);
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_report_message(r, 0, exact, sizeof exact, &need));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_report_csv(r, exact, sizeof exact, &need));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_report_json(r, exact, sizeof exact, &need));
    EXPECT_CODE(SPIEGEL_BUFFER_TOO_SMALL, spiegel_report_summary(r, 1, exact, sizeof exact, &need));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_report_summary(r, 2, buf, sizeof buf, &need));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_report_count_severity(r, 0, &need));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_report_count_severity(r, 4, &need));
    nulls_with_report(r);
    spiegel_report_free(r);
    spiegel_delivery_free(d);
}

static void bad_json(void) {
    spiegel_delivery *d = NULL;
    OK(NULL, spiegel_delivery_new(&d));
    EXPECT_CODE(SPIEGEL_INVALID_INPUT, spiegel_delivery_load_json(d, S("{")));
    spiegel_delivery_last_error(d, buf, sizeof buf, &len);
    EXPECT(strstr((char *)buf, "line 1") != NULL);
    EXPECT_CODE(SPIEGEL_INVALID_INPUT, spiegel_delivery_load_json(d, S("[1, 2]")));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE,
                spiegel_delivery_load_json(d, S("{\"zorgaanbieder\": [{\"zorgaanbieder_code\": \"12\"}]}")));
    spiegel_delivery_last_error(d, buf, sizeof buf, &len);
    EXPECT(strstr((char *)buf, "zorgaanbieder_code") != NULL && strstr((char *)buf, "'12'") != NULL);
    spiegel_delivery_free(d);
}

static int32_t bulk_discard(void *user, const uint8_t *data, size_t len) {
    (void)user;
    (void)data;
    (void)len;
    return 0;
}

/* The bulk functions: NULL everywhere, lengths no buffer can have, text in a buffer that is
 * not UTF-8 or holds a NUL, lengths inside the buffer that run past its end, wrong order. */
static void bulk_calls(void) {
    spiegel_delivery *d = NULL;
    spiegel_stream *s = NULL;
    uint32_t za, t, tj, in;
    const uint8_t *n = NULL;
    packer pk = {0};
    uint8_t bad_utf8[] = {SPIEGEL_PACKED_NEVEN, 1, 0, 0, 0, 0xff};
    uint8_t nul[] = {SPIEGEL_PACKED_NEVEN, 2, 0, 0, 0, 'a', 0};
    uint8_t bad_meting[] = {SPIEGEL_PACKED_METING, 1, 0, 0, 0, 0xff, 0x41, 0xd5, 0x34, 0x01};
    uint8_t past_end[] = {SPIEGEL_PACKED_NEVEN, 0xff, 0xff, 0xff, 0x7f, 'a'};

    pk_traject(&pk, 20240101, 0, "K", NULL);
    pk_prestatie(&pk, "CO0001", 20240201);

    OK(NULL, spiegel_delivery_new(&d));
    OK(d, spiegel_delivery_add_zorgaanbieder(d, S("12345678"), &za));
    OK(d, spiegel_delivery_add_zorgtraject_dated(d, za, NONE, 20240101, 0, NONE, &tj, NULL));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject_dated(NULL, za, NONE, 20240101, 0, NONE, &t, &in));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject_dated(d, za, n, 3, 20240101, 0, NONE, &t, &in));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject_dated(d, za, NONE, 20240101, 0, n, 3, &t, &in));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject_dated(d, za, NONE, 20240101, 0, NONE, NULL, &in));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject_dated(d, za, (const uint8_t *)"K", SIZE_MAX, 20240101, 0, NONE, &t, &in));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_zorgtraject_dated(d, 99, NONE, 20240101, 0, NONE, &t, &in));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject_dated(d, za, NONE, 0, 0, NONE, &t, &in));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject_dated(d, za, NONE, UINT32_MAX, 0, NONE, &t, &in));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject_packed(NULL, za, pk.p, pk.n, &t, &in));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject_packed(d, za, n, pk.n, &t, &in));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_zorgtraject_packed(d, za, pk.p, pk.n, NULL, &in));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_delivery_add_zorgtraject_packed(d, za, pk.p, SIZE_MAX, &t, &in));
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_delivery_add_zorgtraject_packed(d, za, n, 0, &t, &in));
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_delivery_add_zorgtraject_packed(d, za, pk.p, 7, &t, &in));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_zorgtraject_packed(d, 0, pk.p, pk.n, &t, &in));

    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_children_packed(NULL, tj, bad_utf8, sizeof bad_utf8));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_children_packed(d, tj, n, 6));
    OK(d, spiegel_delivery_add_children_packed(d, tj, n, 0));
    EXPECT_CODE(SPIEGEL_INVALID_UTF8, spiegel_delivery_add_children_packed(d, tj, bad_utf8, sizeof bad_utf8));
    EXPECT_CODE(SPIEGEL_INTERIOR_NUL, spiegel_delivery_add_children_packed(d, tj, nul, sizeof nul));
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_delivery_add_children_packed(d, tj, past_end, sizeof past_end));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_children_packed(d, 0, n, 0));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_children_packed(d, 12345, pk.p + 17, pk.n - 17));
    EXPECT_CODE(SPIEGEL_NOT_FOUND, spiegel_delivery_add_loose_metingen_packed(d, 7, n, 0));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_loose_metingen_packed(NULL, za, n, 0));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_delivery_add_loose_metingen_packed(d, za, n, 1));
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_delivery_add_loose_metingen_packed(d, za, nul, sizeof nul));
    spiegel_delivery_free(d);

    OK(NULL, spiegel_stream_new_callback(bulk_discard, NULL, S("2024-Q1"), NONE, &s));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_zorgtraject_packed(NULL, pk.p, pk.n, &in));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_begin_zorgtraject_dated(NULL, NONE, 20240101, 0, NONE, &in));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_children_packed(NULL, n, 0));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_loose_metingen_packed(NULL, n, 0));
    /* Wrong order: no zorgaanbieder yet, no zorgtraject open. */
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_add_zorgtraject_packed(s, pk.p, pk.n, &in));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_begin_zorgtraject_dated(s, NONE, 20240101, 0, NONE, &in));
    EXPECT_CODE(SPIEGEL_WRONG_STATE, spiegel_stream_add_children_packed(s, n, 0));
    EXPECT_CODE(SPIEGEL_NULL_ARGUMENT, spiegel_stream_add_zorgtraject_packed(s, n, 5, &in));
    EXPECT_CODE(SPIEGEL_INVALID_VALUE, spiegel_stream_add_zorgtraject_packed(s, pk.p, SIZE_MAX, &in));
    EXPECT_CODE(SPIEGEL_INVALID_LAYOUT, spiegel_stream_add_zorgtraject_packed(s, pk.p, 3, &in));
    EXPECT_CODE(SPIEGEL_INVALID_UTF8, spiegel_stream_add_loose_metingen_packed(s, bad_meting, sizeof bad_meting));
    spiegel_stream_free(s);
    free(pk.p);
}

int main(int argc, char **argv) {
    spiegel_delivery *d = NULL;
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    nulls_without_handles();
    OK(NULL, spiegel_delivery_new(&d));
    wrong_order_and_ids(d, argv[1]);
    spiegel_delivery_free(d);

    OK(NULL, spiegel_delivery_new(&d));
    nulls_with_delivery(d);
    bad_text(d);
    spiegel_delivery_free(d);

    io_failures(argv[1]);
    nulls_new_functions(argv[1]);
    long_strings();
    small_buffers_and_numbers();
    bad_json();
    bulk_calls();

    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("hostile: all checks passed\n");
    return 0;
}
