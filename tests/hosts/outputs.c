/*
 * outputs.c - the C ABI's file outputs never replace what they must not: a device
 * (/dev/null), a directory, or a file the handle read its organisation structure from; a
 * symbolic link is written through to its target; files get the process's umask.
 * Driven by tests/ffi_hosts.rs.
 *
 * usage: outputs SCRATCH_DIR
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h" /* bindings/c: S, NONE, failures, EXPECT, EXPECT_CODE */

static char scratch[4096];

static const char *in_scratch(const char *name) {
    static char paths[8][4200];
    static int next = 0;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", scratch, name);
    return p;
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

static int has_text(const char *path, const char *text) {
    char buf[256] = {0};
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return 0;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strcmp(buf, text) == 0;
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

static int is_char_device(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

static void devices_and_directories(void) {
    spiegel_delivery *d = small_delivery();
    spiegel_report *r = NULL;
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_file(d, S("/dev/null"), &r));
    spiegel_report_free(r);
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_TEXT, 0, S("/dev/null")));
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_file(d, S(scratch), NULL));
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_validate(d, &r));
    EXPECT_CODE(SPIEGEL_IO, spiegel_report_write_csv(r, S("/dev/null")));
    EXPECT_CODE(SPIEGEL_IO, spiegel_report_write_json(r, S("/dev/null")));
    spiegel_report_free(r);
    spiegel_stream *st = NULL;
    EXPECT_CODE(SPIEGEL_IO, spiegel_stream_new_file(S("/dev/null"), S("2024-Q1"), NONE, &st));
    EXPECT(st == NULL);
    EXPECT(is_char_device("/dev/null"));
    spiegel_delivery_free(d);
}

static void symlinks_are_written_through(void) {
    const char *real = in_scratch("real.xml");
    const char *link = in_scratch("link.xml");
    write_text(real, "old");
    if (symlink("real.xml", link) != 0) {
        perror("symlink");
        exit(2);
    }
    spiegel_delivery *d = small_delivery();
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_write_file(d, S(link), NULL));
    struct stat st;
    EXPECT(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    EXPECT(!has_text(real, "old"));
    spiegel_delivery_free(d);
}

static void list_sources_are_not_outputs(void) {
    const char *org = in_scratch("organisatie.txt");
    write_text(org, "Locatie A\n");
    spiegel_delivery *d = small_delivery();
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_load_organisatie(d, S(org)));
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_write_file(d, S(org), NULL));
    EXPECT_CODE(SPIEGEL_IO, spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_CSV, 0, S(org)));
    EXPECT(has_text(org, "Locatie A\n"));
    spiegel_delivery_free(d);

    spiegel_stream *st = NULL;
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_new_file(S(org), S("2024-Q1"), S("2024-04-03T10:15:00"), &st));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_load_organisatie(st, S(org)));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_start_zorgaanbieder(st, S("12345678")));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_begin_zorgtraject(st, S("K1"), S("2023-11-02"), NONE, S("Locatie A")));
    EXPECT_CODE(SPIEGEL_OK, spiegel_stream_end_zorgtraject(st));
    EXPECT_CODE(SPIEGEL_IO, spiegel_stream_finish(st, NULL));
    spiegel_stream_free(st);
    EXPECT(has_text(org, "Locatie A\n"));
}

static void files_get_the_umask(void) {
    mode_t old = umask(077);
    const char *xml = in_scratch("private.xml");
    spiegel_delivery *d = small_delivery();
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_write_file(d, S(xml), NULL));
    struct stat st;
    EXPECT(stat(xml, &st) == 0 && (st.st_mode & 0777) == 0600);
    umask(022);
    const char *shared = in_scratch("shared.xml");
    EXPECT_CODE(SPIEGEL_OK, spiegel_delivery_write_file(d, S(shared), NULL));
    EXPECT(stat(shared, &st) == 0 && (st.st_mode & 0777) == 0644);
    umask(old);
    spiegel_delivery_free(d);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: outputs SCRATCH_DIR\n");
        return 2;
    }
    snprintf(scratch, sizeof scratch, "%s", argv[1]);
    devices_and_directories();
    symlinks_are_written_through();
    list_sources_are_not_outputs();
    files_get_the_umask();
    if (failures > 0) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("outputs refused or written as documented\n");
    return 0;
}
