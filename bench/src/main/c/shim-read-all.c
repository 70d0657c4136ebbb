/* The reader's native read path without Java: sd_journal_next + the shim's tributary_entry (every field and the
 * cursor, encoded as an Entry) per entry, timed in process CPU time. For A/B of the shim (docs/benchmarks.md):
 *   gcc -O2 -shared -fPIC -o libtributary-sd.so services/journal-reader/src/main/c/tributary-sd.c -l:libsystemd.so.0
 *   gcc -O2 -o shim-read-all bench/src/main/c/shim-read-all.c -L. -ltributary-sd -l:libsystemd.so.0 -Wl,-rpath,$PWD
 *   ./shim-read-all DIR [MAX_ENTRIES]      (under valgrind --tool=cachegrind for instruction counts) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct sd_journal sd_journal;
int sd_journal_open_directory(sd_journal **ret, const char *path, int flags);
int sd_journal_set_data_threshold(sd_journal *j, size_t sz);
int sd_journal_next(sd_journal *j);
void sd_journal_close(sd_journal *j);
int64_t tributary_entry(sd_journal *j, uint8_t *buf, size_t cap, int64_t *cursor_out);

int main(int argc, char **argv) {
    sd_journal *j;
    if (argc < 2 || sd_journal_open_directory(&j, argv[1], 0) < 0) {
        fprintf(stderr, "usage: shim-read-all DIR [MAX_ENTRIES]\n");
        return 2;
    }
    sd_journal_set_data_threshold(j, 0);
    uint64_t max = argc > 2 ? strtoull(argv[2], NULL, 10) : UINT64_MAX, entries = 0, bytes = 0;
    static uint8_t buf[1 << 20];
    int64_t cursor[2];
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    while (entries < max && sd_journal_next(j) > 0) {
        int64_t r = tributary_entry(j, buf, sizeof buf, cursor);
        if (r < 0 || (size_t) r > sizeof buf) {
            fprintf(stderr, "tributary_entry: %lld\n", (long long) r);
            return 1;
        }
        bytes += (uint64_t) r;
        entries++;
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    sd_journal_close(j);
    printf("%llu entries, %llu bytes, %.3f CPU-s\n", (unsigned long long) entries, (unsigned long long) bytes,
            (double) (b.tv_sec - a.tv_sec) + (double) (b.tv_nsec - a.tv_nsec) / 1e9);
    return 0;
}
