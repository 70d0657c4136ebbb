/* Why this file exists: reading one journal entry through jnr-ffi takes ~25 native calls (restart_data, one
 * enumerate_available_data per field, get_cursor, free), and the Java side then copies and encodes every field.
 * tributary_entry does all of it in one native call and writes the entry straight in the protobuf wire format
 * of tributary.common.v1.Entry, byte for byte what io.tributary.reader.grpc.EntryEncoder writes, except the
 * node_id field (8), which Java appends. The Java path stays as the fallback (sdjournal.NativeShim) and
 * NativeShimTest checks that both give the same bytes.
 *
 * Declares the few sd-journal prototypes itself, so no libsystemd-dev is needed; built by the module's Maven
 * build:  gcc -O2 -shared -fPIC -o libtributary-sd.so tributary-sd.c -l:libsystemd.so.0 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct sd_journal sd_journal;
void sd_journal_restart_data(sd_journal *j);
int sd_journal_enumerate_available_data(sd_journal *j, const void **data, size_t *length);
int sd_journal_get_cursor(sd_journal *j, char **cursor);

/* The output: bytes go to buf while they fit, and are counted past cap so the caller learns the size it needs. */
typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t at;
} out_t;

static void put(out_t *o, const void *b, size_t n) {
    if (o->at + n <= o->cap) {
        memcpy(o->buf + o->at, b, n);
    }
    o->at += n;
}

static uint8_t *write_varint(uint8_t *p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = (uint8_t) (v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t) v;
    return p;
}

static void varint(out_t *o, uint64_t v) {
    uint8_t b[10];
    put(o, b, (size_t) (write_varint(b, v) - b));
}

static size_t varint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

/* A length-delimited field; left out when empty (proto3 defaults), as EntryEncoder.Writer.bytes does. */
static void bytes_field(out_t *o, uint8_t tag, const void *b, size_t n) {
    if (n > 0) {
        put(o, &tag, 1);
        varint(o, n);
        put(o, b, n);
    }
}

static void varint_field(out_t *o, uint8_t tag, uint64_t v) {
    if (v != 0) {
        put(o, &tag, 1);
        varint(o, v);
    }
}

static int hex(const char *s, size_t n, uint64_t *v) {
    if (n > 16) {
        return -1;
    }
    uint64_t r = 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) {
            return -1;
        }
        r = r << 4 | (uint64_t) d;
    }
    *v = r;
    return 0;
}

/* The parts of s=<id>;i=<hex>;b=<id>;m=<hex>;t=<hex>;x=<hex> the encoding needs; the same rules as
 * EntryBuffer.parseCursor (any order, unknown keys ignored, all five required). */
typedef struct {
    const char *seqnum_id, *boot_id;
    uint64_t seqnum, monotonic, realtime;
} cursor_t;

static int parse_cursor(const char *c, size_t len, cursor_t *p) {
    int seen = 0;
    size_t at = 0;
    while (at < len) {
        const char *seg = c + at;
        const char *semi = memchr(seg, ';', len - at);
        size_t n = semi ? (size_t) (semi - seg) : len - at;
        if (n < 3 || seg[1] != '=') {
            return -1;
        }
        const char *v = seg + 2;
        size_t vn = n - 2;
        switch (seg[0]) {
        case 's': if (vn != 32) return -1; p->seqnum_id = v; seen |= 1; break;
        case 'b': if (vn != 32) return -1; p->boot_id = v; seen |= 2; break;
        case 'i': if (hex(v, vn, &p->seqnum) < 0) return -1; seen |= 4; break;
        case 'm': if (hex(v, vn, &p->monotonic) < 0) return -1; seen |= 8; break;
        case 't': if (hex(v, vn, &p->realtime) < 0) return -1; seen |= 16; break;
        default: break;
        }
        at += n + 1;
    }
    return seen == 31 ? 0 : -1;
}

/* The '=' ending a field's name: names are short (at most 64 characters when valid), so a plain loop over the
 * first bytes beats a call to memchr for every field; memchr for the rest keeps any other input exact. */
static const uint8_t *find_eq(const uint8_t *d, size_t length) {
    size_t n = length < 72 ? length : 72;
    for (size_t k = 0; k < n; k++) {
        if (d[k] == '=') {
            return d + k;
        }
    }
    return n < length ? memchr(d + n, '=', length - n) : NULL;
}

/* Lets the Java side check that it loaded the build it expects. */
int tributary_shim_version(void) {
    return 1;
}

/* Writes the current entry of j into buf as an encoded Entry without node_id. Returns its length: when that is
 * more than cap, nothing usable was written and the caller calls again with a buffer of at least that size.
 * Negative: -errno of the failing sd-journal call (-EBADMSG for a cursor it cannot parse). cursor_out[0..1]:
 * the offset of the cursor's characters in buf and their count. */
int64_t tributary_entry(sd_journal *j, uint8_t *buf, size_t cap, int64_t *cursor_out) {
    out_t o = { buf, cap, 0 };
    const void *data;
    size_t length;
    int r;
    sd_journal_restart_data(j);
    while ((r = sd_journal_enumerate_available_data(j, &data, &length)) > 0) {
        /* Field{name = 1, value = 2} from NAME=value; no '=' means all name, no value. */
        const uint8_t *d = data;
        const uint8_t *eq = find_eq(d, length);
        size_t name = eq ? (size_t) (eq - d) : length;
        size_t value = eq ? length - name - 1 : 0;
        size_t inner = (name == 0 ? 0 : 1 + varint_size(name) + name) + (value == 0 ? 0 : 1 + varint_size(value) + value);
        size_t total = 1 + varint_size(inner) + inner;
        if (o.at + total <= o.cap) { /* one bounds check per field, then plain stores */
            uint8_t *p = o.buf + o.at;
            *p++ = 0x0a; /* Entry.fields = 1 */
            p = write_varint(p, inner);
            if (name > 0) {
                *p++ = 0x0a;
                p = write_varint(p, name);
                memcpy(p, d, name);
                p += name;
            }
            if (value > 0) {
                *p++ = 0x12;
                p = write_varint(p, value);
                memcpy(p, d + name + 1, value);
            }
        }
        o.at += total;
    }
    if (r < 0) {
        return r;
    }
    char *c;
    r = sd_journal_get_cursor(j, &c);
    if (r < 0) {
        return r;
    }
    size_t cl = strlen(c);
    cursor_t p = {0};
    if (parse_cursor(c, cl, &p) < 0) {
        free(c);
        return -EBADMSG;
    }
    cursor_out[0] = (int64_t) (o.at + 1 + varint_size(cl));
    cursor_out[1] = (int64_t) cl;
    bytes_field(&o, 0x12, c, cl);                /* cursor = 2 */
    varint_field(&o, 0x18, p.realtime);          /* realtime_usec = 3 */
    varint_field(&o, 0x20, p.monotonic);         /* monotonic_usec = 4 */
    bytes_field(&o, 0x2a, p.boot_id, 32);        /* boot_id = 5 */
    varint_field(&o, 0x30, p.seqnum);            /* seqnum = 6 */
    bytes_field(&o, 0x3a, p.seqnum_id, 32);      /* seqnum_id = 7 */
    free(c);
    return (int64_t) o.at;
}
