/* The tree's x86 call filter, undone (docs/FORMAT.md, entry type 4; the writer is core's X86Calls.java): near
 * CALL/JMP targets (E8/E9 and a 32-bit displacement) were made absolute so that calls of one function repeat for
 * the compressor. Scanning from the file's first byte: at an E8 or E9 whose four following bytes are all there,
 * a displacement whose top byte is 00 or FF gets the position after it subtracted from its low 25 bits (modulo
 * 2^25, sign-extended); those four bytes are skipped either way. Opcodes are never changed, so this scan meets the
 * same opcodes as the writer's and makes the same choices; any bytes at all are restored exactly. */
#include "hermit.h"

size_t x86calls_undo(u8 *b, size_t n, u64 pos, int last) {
    size_t i = 0;
    while (i + 5 <= n) {
        /* Most bytes are neither: skip eight at a time while none of them is E8 or E9 (a byte of w ^ E8.. masked
         * with FE.. is zero exactly there; the test finds every zero byte, and at worst one more after it, which
         * the byte step below then looks at). libjvm.so: 8 ms instead of 15 on a first run's critical path. */
        while (i + 8 <= n) {
            u64 w;
            __builtin_memcpy(&w, b + i, 8);
            u64 t = (w ^ 0xe8e8e8e8e8e8e8e8ull) & 0xfefefefefefefefeull;
            if ((t - 0x0101010101010101ull) & ~t & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i + 5 > n) break;
        if ((b[i] & 0xfe) != 0xe8) {
            i++;
            continue;
        }
        u8 top = b[i + 4];
        if (top == 0 || top == 0xff) {
            u32 v = (u32)b[i + 1] | (u32)b[i + 2] << 8 | (u32)b[i + 3] << 16 | (u32)top << 24;
            v = (v - (u32)(pos + i + 5)) & 0x1ffffffu;
            if (v & 0x1000000u) v |= 0xfe000000u;
            b[i + 1] = (u8)v, b[i + 2] = (u8)(v >> 8), b[i + 3] = (u8)(v >> 16), b[i + 4] = (u8)(v >> 24);
        }
        i += 5;
    }
    return last ? n : i;
}
