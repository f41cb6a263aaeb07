/*
 * paths.c - Windows path handling of the DLL, run under Wine by scripts/windows.sh.
 *
 * Writes the reference delivery to paths with spaces and non-ASCII characters (UTF-8 in, as
 * the ABI takes every text), separated by `\`, by `/` and by both, reads each back through the
 * wide-character Windows API, compares it with the golden file and validates it through
 * spiegel_validate_file; the last write replaces an existing file.
 *
 * usage: paths.exe GOLDEN_XML SCRATCH_DIR   (Windows paths, e.g. Z:\tmp\x)
 */
#include <windows.h>

#include "reference.h"

/* A UTF-8 path as UTF-16, for the wide Windows API (the only one that takes every name). */
static wchar_t *wide(const char *utf8) {
    static wchar_t buf[4096];
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, buf, 4096) == 0) {
        fprintf(stderr, "cannot convert %s to UTF-16\n", utf8);
        exit(1);
    }
    return buf;
}

static uint8_t *read_wide(const char *utf8_path, size_t *len) {
    HANDLE h = CreateFileW(wide(utf8_path), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    LARGE_INTEGER size;
    DWORD got = 0;
    uint8_t *data;
    if (h == INVALID_HANDLE_VALUE) return NULL;
    if (!GetFileSizeEx(h, &size) || (data = malloc((size_t)size.QuadPart + 1)) == NULL) {
        CloseHandle(h);
        return NULL;
    }
    if (!ReadFile(h, data, (DWORD)size.QuadPart, &got, NULL) || got != (DWORD)size.QuadPart) {
        free(data);
        CloseHandle(h);
        return NULL;
    }
    CloseHandle(h);
    *len = (size_t)got;
    return data;
}

static void write_and_check(spiegel_delivery *d, const char *path, const uint8_t *golden,
                            size_t golden_len) {
    spiegel_report *report = NULL;
    spiegel_report *validated = NULL;
    size_t len = 0;
    uint8_t *written;
    uint32_t code = spiegel_delivery_write_file(d, S(path), &report);
    if (code != SPIEGEL_OK) {
        fprintf(stderr, "writing %s returned %u\n", path, (unsigned)code);
        print_last_error(d);
        failures++;
        return;
    }
    spiegel_report_free(report);
    written = read_wide(path, &len);
    if (written == NULL) {
        fprintf(stderr, "%s: not found through CreateFileW\n", path);
        failures++;
        return;
    }
    if (len != golden_len || memcmp(written, golden, len) != 0) {
        fprintf(stderr, "%s differs from the golden file\n", path);
        failures++;
    }
    free(written);
    code = spiegel_validate_file(S(path), NONE, NONE, NONE, &validated);
    if (code != SPIEGEL_OK) {
        fprintf(stderr, "validating %s returned %u\n", path, (unsigned)code);
        print_last_error(NULL);
        failures++;
    }
    spiegel_report_free(validated);
    printf("wrote %s\n", path);
}

int main(int argc, char **argv) {
    /* "Grüße uit Zoë's map 日本" with spaces, in UTF-8. */
    const char *folder = "Gr\xc3\xbc\xc3\x9f" "e uit Zo\xc3\xab's map \xe6\x97\xa5\xe6\x9c\xac";
    char dir[1024], path[1200];
    size_t golden_len = 0;
    uint8_t *golden;
    spiegel_delivery *d;
    if (argc != 3) {
        fprintf(stderr, "usage: paths GOLDEN_XML SCRATCH_DIR\n");
        return 2;
    }
    golden = read_file(argv[1], &golden_len);
    if (golden == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    snprintf(dir, sizeof dir, "%s\\%s", argv[2], folder);
    if (!CreateDirectoryW(wide(dir), NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
        fprintf(stderr, "cannot create %s\n", dir);
        return 2;
    }
    d = build_reference();

    snprintf(path, sizeof path, "%s\\kwartaal een.xml", dir);
    write_and_check(d, path, golden, golden_len);
    snprintf(path, sizeof path, "%s/%s/kwartaal twee \xc3\xa9\xc3\xa9n.xml", argv[2], folder);
    for (char *p = path; *p; p++) {
        if (*p == '\\') *p = '/';
    }
    write_and_check(d, path, golden, golden_len);
    snprintf(path, sizeof path, "%s\\%s/kwartaal drie.xml", argv[2], folder);
    write_and_check(d, path, golden, golden_len);
    /* Replacing an existing file (the atomic rename over it). */
    snprintf(path, sizeof path, "%s\\kwartaal een.xml", dir);
    write_and_check(d, path, golden, golden_len);

    spiegel_delivery_free(d);
    free(golden);
    if (failures != 0) {
        fprintf(stderr, "paths: %d failure(s)\n", failures);
        return 1;
    }
    printf("paths: all checks passed\n");
    return 0;
}
