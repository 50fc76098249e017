/* The WARC compressors side by side (issue 8): libdeflate and ISA-L's igzip, each compressing
 * INPUT in one-shot gzip members of CHUNK bytes (a WARC record is one member), as
 * Sources/TrawlWARC/GzipDeflater.swift calls them. Prints MB/s of input per CPU-second and the
 * output/input ratio. Built and run by scripts/bench-compressors. */
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void report(const char *name, int level, size_t in, size_t out, double seconds) {
    printf("%-10s level %d: %7.1f MB/s, ratio %.3f\n", name, level, in / seconds / 1e6, (double)out / in);
}

static void run_libdeflate(const unsigned char *data, size_t n, size_t chunk, int level, unsigned char *out) {
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
    size_t produced = 0, consumed = 0;
    double start = cpu_seconds();
    for (size_t i = 0; i + chunk <= n; i += chunk, consumed += chunk)
        produced += libdeflate_gzip_compress(c, data + i, chunk, out, 2 * chunk + 1024);
    report("libdeflate", level, consumed, produced, cpu_seconds() - start);
    libdeflate_free_compressor(c);
}

static void run_igzip(const unsigned char *data, size_t n, size_t chunk, int level, unsigned char *out) {
    static const unsigned sizes[] = {0, 0, ISAL_DEF_LVL2_DEFAULT, ISAL_DEF_LVL3_DEFAULT};
    unsigned char *buffer = sizes[level] ? malloc(sizes[level]) : NULL;
    struct isal_zstream s;
    size_t produced = 0, consumed = 0;
    double start = cpu_seconds();
    for (size_t i = 0; i + chunk <= n; i += chunk, consumed += chunk) {
        isal_deflate_stateless_init(&s);
        s.level = level;
        s.level_buf = buffer;
        s.level_buf_size = sizes[level];
        s.gzip_flag = IGZIP_GZIP;
        s.end_of_stream = 1;
        s.next_in = (unsigned char *)data + i;
        s.avail_in = chunk;
        s.next_out = out;
        s.avail_out = 2 * chunk + 1024;
        if (isal_deflate_stateless(&s) != COMP_OK) { fprintf(stderr, "igzip failed\n"); exit(1); }
        produced += s.total_out;
    }
    report("igzip", level, consumed, produced, cpu_seconds() - start);
    free(buffer);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: compressors INPUT CHUNK\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    size_t n = ftell(f);
    rewind(f);
    unsigned char *data = malloc(n);
    if (fread(data, 1, n, f) != n) { perror(argv[1]); return 1; }
    size_t chunk = strtoul(argv[2], NULL, 10);
    unsigned char *out = malloc(2 * chunk + 1024);
    int libdeflate_levels[] = {1, 6};
    for (int i = 0; i < 2; i++) run_libdeflate(data, n, chunk, libdeflate_levels[i], out);
    for (int level = 1; level <= 3; level++) run_igzip(data, n, chunk, level, out);
    return 0;
}
