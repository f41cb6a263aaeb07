/*
 * processprng.c - TEST ONLY, never shipped. Wine 8 has no bcryptprimitives.dll, whose
 * ProcessPrng every program built by Rust >= 1.78 imports (real Windows 10 and later have it).
 * scripts/windows.sh builds this stand-in into the Wine prefix's system32 so that the Rust
 * DLL and test programs can start under Wine.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
