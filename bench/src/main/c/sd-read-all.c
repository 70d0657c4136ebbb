/* The ceiling for reading a journal: a plain C loop over libsystemd that does what the reader does per entry
 * (every field, the cursor) and nothing else. Declares the few prototypes itself, so no -dev package is needed:
 *   gcc -O2 -o sd-read-all sd-read-all.c /lib/x86_64-linux-gnu/libsystemd.so.0 && ./sd-read-all DIR */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct sd_journal sd_journal;
int sd_journal_open_directory(sd_journal **ret, const char *path, int flags);
int sd_journal_set_data_threshold(sd_journal *j, size_t sz);
int sd_journal_next(sd_journal *j);
void sd_journal_restart_data(sd_journal *j);
int sd_journal_enumerate_available_data(sd_journal *j, const void **data, size_t *length);
int sd_journal_get_cursor(sd_journal *j, char **cursor);
void sd_journal_close(sd_journal *j);

int main(int argc, char **argv) {
    sd_journal *j;
    if (argc != 2 || sd_journal_open_directory(&j, argv[1], 0) < 0) {
        fprintf(stderr, "usage: sd-read-all DIR\n");
        return 2;
    }
    sd_journal_set_data_threshold(j, 0);
    uint64_t entries = 0, bytes = 0;
    while (sd_journal_next(j) > 0) {
        const void *data;
        size_t length;
        sd_journal_restart_data(j);
        while (sd_journal_enumerate_available_data(j, &data, &length) > 0) {
            bytes += length;
        }
        char *cursor;
        if (sd_journal_get_cursor(j, &cursor) >= 0) {
            free(cursor);
        }
        entries++;
    }
    sd_journal_close(j);
    printf("%llu %llu\n", (unsigned long long) entries, (unsigned long long) bytes);
    return 0;
}
