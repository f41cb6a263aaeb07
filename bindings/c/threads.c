/*
 * threads.c - several threads at once, each with its own delivery: build the reference
 * delivery, write it to a buffer and to a file of its own, compare both with the golden
 * file; meanwhile use the thread-local last error. Distinct handles on distinct threads are
 * allowed at the same time; one handle is never shared here.
 *
 * usage: threads GOLDEN_XML SCRATCH_DIR
 */
#include <pthread.h>

#include "reference.h"

#define THREADS 8
#define ROUNDS 5

static const uint8_t *golden;
static size_t golden_len;
static const char *scratch;

struct job {
    int index;
    int failures;
};

static void *work(void *arg) {
    struct job *job = arg;
    int round;
    for (round = 0; round < ROUNDS; round++) {
        spiegel_delivery *d = build_reference();
        uint8_t *buf, *file, message[256];
        size_t len = 0, file_len = 0, message_len = 0;
        int32_t y = 0;
        uint32_t q = 0, bad = 0;
        char path[4096];

        if (spiegel_delivery_write_buffer(d, NULL, 0, &len, NULL) != SPIEGEL_BUFFER_TOO_SMALL) job->failures++;
        buf = malloc(len + 1);
        if (spiegel_delivery_write_buffer(d, buf, len + 1, &len, NULL) != SPIEGEL_OK ||
            len != golden_len || memcmp(buf, golden, len) != 0)
            job->failures++;
        free(buf);

        snprintf(path, sizeof path, "%s/thread-%d.xml", scratch, job->index);
        if (spiegel_delivery_write_file(d, S(path), NULL) != SPIEGEL_OK) job->failures++;
        file = read_file(path, &file_len);
        if (file == NULL || file_len != golden_len || memcmp(file, golden, file_len) != 0)
            job->failures++;
        free(file);

        /* A per-thread error must stay on this thread. */
        if (spiegel_delivery_add_zorgaanbieder(d, S("bad"), &bad) != SPIEGEL_INVALID_VALUE) job->failures++;
        if (spiegel_schedule_due(2025, 1, 15, &y, &q) != SPIEGEL_OK || y != 2024 || q != 4)
            job->failures++;
        if (spiegel_schedule_due(2025, 2, 30, &y, &q) != SPIEGEL_INVALID_VALUE) job->failures++;
        spiegel_last_error(message, sizeof message, &message_len);
        if (strstr((char *)message, "2025-02-30") == NULL) job->failures++;

        spiegel_delivery_free(d);
    }
    return NULL;
}

int main(int argc, char **argv) {
    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    int i, total = 0;
    uint8_t *data;

    if (argc != 3) {
        fprintf(stderr, "usage: %s GOLDEN_XML SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    data = read_file(argv[1], &golden_len);
    if (data == NULL) return 2;
    golden = data;
    scratch = argv[2];
    for (i = 0; i < THREADS; i++) {
        jobs[i].index = i;
        jobs[i].failures = 0;
        if (pthread_create(&threads[i], NULL, work, &jobs[i]) != 0) return 2;
    }
    for (i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        if (jobs[i].failures != 0) fprintf(stderr, "thread %d: %d failure(s)\n", i, jobs[i].failures);
        total += jobs[i].failures;
    }
    free(data);
    (void)failures;
    if (total != 0) return 1;
    printf("threads: %d threads x %d rounds, all outputs identical to the golden file\n", THREADS, ROUNDS);
    return 0;
}
